"""The map page's upload endpoint: an AIS file in, `maritime detect` in the background, events out.

On the small real store of two UN snapshots, with real AIS from tests/fixtures/ais: GFW's two
tracks of ships alongside each other for some 14 hours in the Mozambique Channel (one encounter).
"""

from __future__ import annotations

import time
from pathlib import Path

from maxpressure.web.maritime_api import MAX_AIS_UPLOAD_BYTES

AIS = Path(__file__).parent.parent / "fixtures" / "ais"
ENCOUNTER_FILE = AIS / "gfw_pipe_encounters_real_series.csv"


def wait_for(client, status_url: str, timeout: float = 120) -> dict:
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(status_url).json()
        seen.append(job["progress"])
        if job["state"] != "running":
            assert seen == sorted(seen), seen  # progress never goes back
            return job
        time.sleep(0.2)
    raise AssertionError(f"the upload job did not finish in {timeout} s: {job}")


def upload(client, name: str, body: bytes):
    return client.post("/api/maritime/uploads", files={"file": (name, body, "text/csv")})


def test_an_uploaded_ais_file_is_detected_in_the_background_and_its_events_returned(client):
    started = upload(client, "mozambique.csv", ENCOUNTER_FILE.read_bytes())
    assert started.status_code == 202, started.text
    begun = started.json()
    assert begun["file"] == "mozambique.csv" and begun["state"] == "running"
    assert started.headers["location"] == begun["status_url"]
    job = wait_for(client, begun["status_url"])
    assert job["state"] == "ready", job
    assert job["progress"] == 1.0 and job["step"] == job["steps"]
    result = job["result"]
    assert result["simulated"] is False and "mozambique.csv" in result["source"]
    assert result["counts"] == {"encounter": 1}
    [encounter] = result["events"]
    assert sorted(v["mmsi"] for v in encounter["vessels"]) == ["441910000", "563418000"]
    assert encounter["start"].startswith("2015-03-19") and -28 < encounter["lat"] < -27
    assert {t["mmsi"] for t in result["tracks"]} == {"441910000", "563418000"}
    assert set(result["vessels"]) == {"441910000", "563418000"}
    assert result["ingest"]["counts"]["positions"] > 100


def test_a_file_the_readers_cannot_use_fails_with_one_line_naming_the_file_and_the_place(client):
    job = wait_for(client, upload(client, "my track.csv", b"id,name\n1,x\n").json()["status_url"])
    assert job["state"] == "failed"
    assert job["error"] == "my track.csv: no column for time, lat, lon in header ['id', 'name']"
    assert "result" not in job


def test_a_broken_gzip_names_the_uploaded_file_not_the_servers_temporary_copy(client):
    job = wait_for(client, upload(client, "positions.csv.gz", b"not gzip at all\n").json()["status_url"])
    assert job["state"] == "failed"
    assert job["error"].startswith("positions.csv.gz: cannot read file: Not a gzipped file")
    assert "\n" not in job["error"] and "mp-ais-upload" not in job["error"] and "/tmp" not in job["error"]


def test_an_empty_file_is_refused_at_once(client):
    response = upload(client, "empty.csv", b"  \n")
    assert response.status_code == 422 and response.json()["detail"] == "empty.csv: file is empty"


def test_an_oversize_file_is_refused_naming_the_limit_and_the_command_line(client):
    response = upload(client, "year.csv", b"x" * (MAX_AIS_UPLOAD_BYTES + 1))
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert detail.startswith("year.csv is larger than the 25 MB upload limit")
    assert "maxpressure maritime detect year.csv" in detail


def test_a_body_that_declares_no_size_is_cut_off_while_it_is_read(client):
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode()

    def chunks():  # a generator body: sent chunked, with no Content-Length
        yield head
        for _ in range(MAX_AIS_UPLOAD_BYTES // (1 << 20) + 2):
            yield b"x" * (1 << 20)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/maritime/uploads", content=chunks(),
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    # Refused while the body was read, before the handler (whose refusal names the file) ran.
    assert "big.csv" not in response.text


def test_an_unknown_job_is_404(client):
    response = client.get("/api/maritime/uploads/nosuchjob")
    assert response.status_code == 404 and "nosuchjob" in response.json()["detail"]


def test_another_site_cannot_make_the_browser_upload(client):
    response = client.post("/api/maritime/uploads", files={"file": ("a.csv", ENCOUNTER_FILE.read_bytes())},
                           headers={"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_with_a_token_the_upload_needs_it(un_home, client_for):
    with client_for(un_home, token="s3cret") as guarded:
        assert upload(guarded, "a.csv", ENCOUNTER_FILE.read_bytes()).status_code == 401
        assert guarded.get("/api/maritime/uploads/x").status_code == 401
