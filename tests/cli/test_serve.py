"""`maxpressure serve`: loopback by default, a token required anywhere else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def test_serving_beyond_loopback_without_a_token_refuses_to_start(run_cli, tmp_path):
    result = run_cli("serve", "--host", "0.0.0.0", "--home", tmp_path)
    assert result.exit_code != 0
    assert "--token" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_on_loopback_and_checks_the_token(bundled_home):
    port = free_port()
    env = dict(os.environ, MAXPRESSURE_TOKEN="s3cret")
    process = subprocess.Popen(
        [sys.executable, "-m", "maxpressure", "serve", "--port", str(port), "--home", str(bundled_home)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                response = httpx.get(base + "/api/snapshots", headers={"Authorization": "Bearer s3cret"})
                break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail("the server did not start within 60 s")
        assert response.status_code == 200
        assert {s["list"] for s in response.json()} >= {"un_sc", "us_ofac_sdn"}
        assert httpx.get(base + "/api/snapshots").status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=30)
