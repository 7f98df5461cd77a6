"""One handler answers every JSON route whose analysis is still running (503, Retry-After) or failed
(503 naming the error), and the pages show the same part in place."""

from __future__ import annotations

import pytest

SLOW_ROUTES = ["/api/gaps", "/api/gaps.csv", "/api/network", "/api/maritime", "/api/pressure"]


@pytest.mark.parametrize("route", SLOW_ROUTES)
def test_every_slow_route_asks_to_retry_while_its_analysis_runs(client, route):
    response = client.get(route)
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "is being computed" in response.json()["detail"]["message"]


def test_a_failed_analysis_is_503_naming_the_error_and_its_page_says_so(un_home, client_for, monkeypatch):
    def broken(store, cache_dir=None):
        raise RuntimeError("the clustering broke")

    monkeypatch.setattr("maxpressure.views.reconciled.reconcile_store", broken)
    # Not entered as a context manager: no startup, so only the job this test asks for runs.
    client = client_for(un_home, background_jobs=True)
    assert client.get("/api/gaps").status_code == 503  # started, running
    assert client.app.state.workbench.wait_ready(30)
    response = client.get("/api/gaps")
    assert response.status_code == 503 and "retry-after" not in response.headers
    assert response.json()["detail"]["message"] == "reconciliation failed: RuntimeError: the clustering broke"
    html = client.get("/gaps").text
    assert "Not available:" in html and "the clustering broke" in html
    client.app.state.workbench.close()
