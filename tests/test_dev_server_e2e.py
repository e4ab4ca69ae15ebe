"""`make dev` end to end: the seeded dev server, started on a free port, answered over HTTP."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def test_health_and_seeded_directory(dev_server):
    assert dev_server.request("GET", "/health").json() == {"status": "ok"}
    ministries = dev_server.request("GET", "/orgs?type=ministry&limit=100").json()
    names = {o["name"] for o in ministries["items"]}
    assert {"Ministry of Home Affairs", "Ministry of Finance"} <= names
    assert all(o["type"] == "ministry" for o in ministries["items"])
    states = dev_server.request("GET", "/orgs?type=state&limit=100").json()["items"]
    assert len(states) == 36  # 28 states and 8 union territories
    page = dev_server.request("GET", "/designations?q=section").json()["items"]
    assert {"Section Officer", "Assistant Section Officer"} <= {d["name"] for d in page}


def test_paging_walks_every_org_once(dev_server):
    seen: list[str] = []
    cursor = None
    while True:
        path = "/orgs?limit=40" + (f"&cursor={cursor}" if cursor else "")
        body = dev_server.request("GET", path).json()
        seen.extend(o["id"] for o in body["items"])
        cursor = body["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) > 100


def test_protected_routes_need_a_valid_token(dev_server):
    for path in ("/me", "/courses", "/communities", "/people", "/events", "/me/notifications"):
        response = dev_server.request("GET", path)
        assert response.status == 401, path
        assert response.json()["error"]["code"] == "UNAUTHORIZED"
    forged = dev_server.request("GET", "/me", token="eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
    assert forged.status == 401


def test_demo_accounts_log_in(dev_server):
    accounts = dev_server.request("GET", "/_local/demo-accounts").json()["accounts"]
    roles = {role for account in accounts for role in account["roles"]}
    assert {"PUBLIC", "MDO_ADMIN", "SPV_ADMIN", "CONTENT_CREATOR", "COMMUNITY_MODERATOR"} <= roles
    token = dev_server.login(accounts[0]["username"], accounts[0]["password"])
    me = dev_server.request("GET", "/me", token=token)
    assert me.status == 200
    assert me.json()["orgId"] == accounts[0]["orgId"]


def test_openapi_document_and_docs_page(dev_server):
    document = dev_server.request("GET", "/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/courses" in document["paths"] and "/auth/register" in document["paths"]
    docs = dev_server.request("GET", "/docs")
    assert docs.status == 200 and b"swagger-ui" in docs.body


def test_local_clock_reads_and_rejects_garbage(dev_server):
    assert "now" in dev_server.request("GET", "/_local/clock").json()
    bad = dev_server.request("POST", "/_local/clock", {"now": "yesterday-ish"})
    assert bad.status == 400 and bad.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("TRACE", "/health", 405), ("PROPFIND", "/courses", 405), ("CONNECT", "/me", 405),
    ("BREW", "/no/such/route", 404), ("TRACE", "/docs", 404),
])
def test_unknown_methods_get_the_error_body_not_an_html_501(dev_server, method, path, status):
    """As API Gateway: 405 for a method a route does not have, 404 where there is no route, with the error
    body (http.server alone answers an HTML 501 to a method it has no handler for)."""
    response = dev_server.request(method, path)
    assert response.status == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == ("METHOD_NOT_ALLOWED" if status == 405 else "ROUTE_NOT_FOUND")


def test_a_request_http_server_refuses_gets_the_error_body(dev_server):
    """http.server's own refusals (here: more than 100 headers) answer the error body, not an HTML page."""
    import socket

    headers = b"".join(b"X-Filler-%d: 1\r\n" % n for n in range(120))
    with socket.create_connection(("127.0.0.1", dev_server.port), timeout=10) as connection:
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n" + headers + b"\r\n")
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431"), head
    assert b"Content-Type: application/json" in head
    assert json.loads(body)["error"]["code"] == "HEADERS_TOO_LARGE"
