"""Binding, tokens, escaping of hostile list data, upload limits and path traversal."""

from __future__ import annotations

import pytest

from maxpressure.web.api import MAX_UPLOAD_BYTES
from maxpressure.web.security import CONTENT_SECURITY_POLICY, TokenRequired, check_bind



HOSTILE_PAGES = ["/entity/hostile-1", "/entity/hostile-2", "/changes", "/",
                 "/screen?q=%3Cscript%3Ealert(1)%3C/script%3E", "/screen?q=markup",
                 "/gaps", "/network", "/maritime", "/changes?list=hostile&kind=added"]


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_token(host):
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "workbench.example.org"])
def test_any_other_address_refuses_to_start_without_a_token(host):
    with pytest.raises(TokenRequired, match="--token"):
        check_bind(host, None)
    check_bind(host, "s3cret")


def test_token_is_checked_on_every_request(un_home, client_for):
    with client_for(un_home, token="s3cret") as client:
        for url in ["/", "/api/overview", "/search?q=komid", "/static/app.css", "/openapi.json"]:
            assert client.get(url).status_code == 401, url
        assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert client.post("/api/screen/batch", files={"file": ("q.csv", b"id,name\n1,x\n")}).status_code == 401


def test_token_in_the_address_becomes_a_cookie_and_leaves_the_address(un_home, client_for):
    with client_for(un_home, token="s3cret") as client:
        response = client.get("/changes?list=un_sc&token=s3cret", follow_redirects=False)
        assert response.status_code == 307
        assert response.headers["location"] == "/changes?list=un_sc"
        assert "s3cret" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]
        assert client.get("/changes?list=un_sc").status_code == 200  # the cookie now carries it


def test_a_tokenless_server_answers_only_requests_naming_a_loopback_host(client):
    assert client.get("/api/snapshots").status_code == 200
    assert client.get("/api/snapshots", headers={"Host": "localhost:8000"}).status_code == 200
    # A page on another site reaching the workbench through DNS rebinding names its own host.
    assert client.get("/api/snapshots", headers={"Host": "attacker.example:8000"}).status_code == 400


def test_pages_carry_a_policy_that_forbids_other_origins_and_inline_script(client):
    response = client.get("/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_markup_in_list_data_is_escaped_everywhere(hostile_client, url):
    html = hostile_client.get(url).text
    for raw in ["<script>alert", "<img src=x", "<svg onload", "<b>Room", "<i>Markup</i>", "</td></tr></table><script>"]:
        assert raw not in html, (url, raw)
    assert "<script>" not in html.replace('<script src="/static/', "")


def test_hostile_entity_page_shows_the_text_as_text(hostile_client):
    html = hostile_client.get("/entity/hostile-1").text
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; TRADING CO" in html
    assert "&lt;b&gt;Room 1&lt;/b&gt;" in html
    person = hostile_client.get("/entity/hostile-2").text
    assert "Kim &lt;i&gt;Markup&lt;/i&gt; {{ 7*7 }}" in person  # data, never a template
    assert "&lt;svg onload=alert(&#39;role&#39;)&gt;" in person  # the link's role


def test_search_results_carry_hostile_names_as_json_strings(hostile_client):
    response = hostile_client.get("/search", params={"q": "script"})
    assert response.headers["content-type"] == "application/json"
    assert [r["caption"] for r in response.json()["results"]] == ["<script>alert('name')</script> TRADING CO"]


def test_upload_over_the_limit_is_refused_with_a_clear_error(client):
    big = b"id,name\n" + b"1,KIM JONG UN\n" * (MAX_UPLOAD_BYTES // 13 + 10)
    response = client.post("/api/screen/batch", files={"file": ("big.csv", big, "text/csv")})
    assert response.status_code == 413
    assert "5 MB upload limit" in response.json()["detail"]


def test_upload_that_is_not_utf8_is_refused(client):
    response = client.post("/api/screen/batch", files={"file": ("q.csv", "id,name\n1,Müller\n".encode("utf-16"))})
    assert response.status_code == 422
    assert "UTF-8" in response.json()["detail"]


TRAVERSALS = [
    "/static/../config.py", "/static/%2e%2e/config.py", "/static/..%2fconfig.py",
    "/static/%2e%2e%2f%2e%2e%2fconfig.py", "/static/vendor/../../web/app.py",
    "/static/..%5c..%5cconfig.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/entities/..%2f..%2fetc%2fpasswd", "/entity/..%2fstore.duckdb", "/entities/%2e%2e",
    "/api/gaps.csv/../../config.py", "/search?q=../../etc/passwd",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_endpoint_reads_files_outside_the_store(client, url):
    response = client.get(url)
    body = response.text
    assert "root:x:0:0" not in body
    assert "HOME_ENV" not in body and "def create_app" not in body  # our own source files
    assert not body.startswith("DUCK")
    assert response.status_code in {200, 404, 405, 422} and (response.status_code != 200 or url.startswith("/search"))


def test_upload_with_too_many_rows_points_to_the_command_line(client):
    from maxpressure.web.api import MAX_UPLOAD_ROWS

    rows = "id,name\n" + "".join(f"q{i},KIM\n" for i in range(MAX_UPLOAD_ROWS + 1))
    response = client.post("/api/screen/batch", files={"file": ("q.csv", rows.encode())})
    assert response.status_code == 413 and "maxpressure screen --input" in response.json()["detail"]


MATCH_BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://127.0.0.1.evil.example"},
])
@pytest.mark.parametrize("request_kind", ["match", "batch"])
def test_state_changing_requests_from_another_site_are_refused(client, headers, request_kind):
    """Every request that is not GET/HEAD/OPTIONS: another site's page cannot post in the
    analyst's browser (CSRF), even to the tokenless loopback server."""
    if request_kind == "match":
        response = client.post("/match/default", json=MATCH_BODY, headers=headers)
    else:
        response = client.post("/api/screen/batch", headers=headers,
                               files={"file": ("q.csv", b"id,name\nq1,KIM JONG UN\n", "text/csv")})
    assert response.status_code == 403 and "another site" in response.json()["detail"]


def test_same_origin_and_non_browser_posts_are_served(client):
    for headers in ({}, {"Origin": "http://127.0.0.1"}, {"Sec-Fetch-Site": "same-origin"}):
        response = client.post("/api/screen/batch", headers=headers,
                               files={"file": ("q.csv", b"id,name\nq1,KIM JONG UN\n", "text/csv")})
        assert response.status_code == 200, (headers, response.text[:200])


def test_every_post_route_is_guarded(client):
    """A new state-changing route gets the guard without anyone remembering to add it."""
    paths = client.get("/openapi.json").json()["paths"]
    posts = sorted(path for path, methods in paths.items() if set(methods) - {"get", "head", "options"})
    assert "/match/{dataset}" in posts and "/api/screen/batch" in posts
    for path in posts:
        url = path.replace("{dataset}", "default")
        assert client.post(url, json={}, headers={"Origin": "https://evil.example"}).status_code == 403, path


# The bounds yente itself enforces (the API is a drop-in): a limit over 500 is refused; a
# threshold above 1 or a limit of 0 are accepted as yente accepts them, and match nothing.
@pytest.mark.parametrize("params, status", [({"limit": 501}, 422), ({"threshold": 2}, 200), ({"limit": 0}, 200)])
def test_match_query_limits_are_enforced(client, params, status):
    assert client.post("/match/default", json=MATCH_BODY, params=params).status_code == status


def test_match_body_limit_on_queries_per_request(client):
    body = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": ["KIM"]}} for i in range(101)}}
    response = client.post("/match/default", json=body)
    assert response.status_code == 400 and "(limit: 100)" in response.text
