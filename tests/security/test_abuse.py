"""Injection and abuse across the hubs' write routes: oversized bodies (413), deep JSON (400), Unicode edge
cases (lone surrogates refused; RTL override, zero-width, emoji, NUL, BOM and the last code point stored
exactly as given), HTML stored inert and returned as JSON text, forged cursors (400) and forged tokens
(401, over HTTP against the dev server's token check), odd queries and path ids. Each answer is a clean
4xx with the error body, or the text is stored and returned byte for byte; a refusal writes nothing."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from karmayogi.platform import clock
from tests.security import world as W

pytestmark = pytest.mark.xdist_group("security-abuse")


@pytest.fixture(scope="module")
def world() -> Iterator[W.World]:
    for _ in W.module_platform():
        yield W.build_world()


@dataclass
class TextRoute:
    """A write route that stores a text field, and how to read that field back."""

    name: str
    create: Callable[[W.World, str], Any]  # → the response
    read: Callable[[W.World, Any], str]  # (world, create response) → the stored text


def _topic(w: W.World, text: str) -> Any:
    return W.client(w.users["learner"]).request(
        "POST", f"/communities/{w.ids['communityId']}/topics",
        raw_body=json.dumps({"title": "Topic " + text, "body": text, "tags": []}))


def _reply(w: W.World, text: str) -> Any:
    return W.client(w.users["colleague"]).request(
        "POST", f"/topics/{w.ids['topicId']}/replies", raw_body=json.dumps({"body": text}))


def _reply_text(w: W.World, response: Any) -> str:
    reply_id = response.json()["id"]
    detail = W.client(w.users["learner"]).get(f"/topics/{w.ids['topicId']}", query={"limit": 100}).json()
    return str(next(r["body"] for r in detail["replies"]["items"] if r["id"] == reply_id))


def _event(w: W.World, text: str) -> Any:
    body = {**W.event_body("Event " + text), "description": text}
    return W.client(w.users["admin"]).request("POST", "/events", raw_body=json.dumps(body))


def _opening(w: W.World, text: str) -> Any:
    body = {"title": "Opening " + text, "description": text, "location": "New Delhi",
            "closingDate": (clock.now() + timedelta(days=20)).date().isoformat(), "requiredCompetencies": []}
    return W.client(w.users["admin"]).request("POST", "/career/openings", raw_body=json.dumps(body))


def _community(w: W.World, text: str) -> Any:
    body = {"name": "Community " + text, "description": text, "visibility": "open"}
    return W.client(w.users["moderator"]).request("POST", "/communities", raw_body=json.dumps(body))


def _course(w: W.World, text: str) -> Any:
    body = {**W.course_body("Course " + text), "description": text}
    return W.client(w.users["creator"]).request("POST", "/courses", raw_body=json.dumps(body))


TEXT_ROUTES = [
    TextRoute("discussion topic", _topic,
              lambda w, r: W.client(w.users["learner"]).get(f"/topics/{r.json()['id']}").json()["body"]),
    TextRoute("discussion reply", _reply, _reply_text),
    TextRoute("event description", _event,
              lambda w, r: W.client(w.users["learner"]).get(f"/events/{r.json()['id']}").json()["description"]),
    TextRoute("opening description", _opening,
              lambda w, r: W.client(w.users["learner"]).get(
                  f"/career/openings/{r.json()['id']}").json()["description"]),
    TextRoute("community description", _community,
              lambda w, r: W.client(w.users["learner"]).get(
                  f"/communities/{r.json()['id']}").json()["description"]),
    TextRoute("course description", _course,
              lambda w, r: W.client(w.users["creator"]).get(f"/courses/{r.json()['id']}").json()["description"]),
]

# Text the platform must store exactly as given (and return as JSON text, never rendered).
ODD_TEXT = {
    "rtl override": "abc \u202edcba\u202c end",
    "zero-width": "a\u200bb\u200cc\u200dd\u2060e",
    "emoji": "Namaste 🙏🏽 🇮🇳 👩‍💻",
    "nul": "before\u0000after",
    "bom": "\ufeffstarts with a BOM",
    "last code point": "edge \U0010ffff",
    "devanagari": "कर्मयोगी प्रशिक्षण",
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
    "markdown link": "[click](javascript:alert(1)) **bold**",
    "sql-ish": "'; DROP TABLE users; --",
    "expression-ish": "#version = :v OR attribute_exists(PK) ${jndi:ldap://x}",
}


def _error(response: Any) -> dict[str, Any]:
    error = response.json()["error"]
    assert isinstance(error["code"], str) and error["code"] and isinstance(error["message"], str)
    return dict(error)


# A hub may refuse control characters (a clean 400 naming the field) instead of storing them.
MAY_REFUSE = {"nul"}


@pytest.mark.parametrize("route", TEXT_ROUTES, ids=lambda r: r.name)
def test_odd_and_html_text_is_stored_exactly_and_returned_as_json_text(world, route):
    for label, text in ODD_TEXT.items():
        response = route.create(world, text)
        if label in MAY_REFUSE and response.status == 400:
            assert _error(response)["code"] == "VALIDATION_ERROR"
            continue
        assert response.status == 201, (label, response.status, response.body[:300])
        assert response.headers["Content-Type"].startswith("application/json")
        assert route.read(world, response) == text, label
        if label == "html":  # the HTML is JSON string content as given, not markup the API made or escaped
            assert b"<script>" in response.body
            assert json.loads(response.body)


@pytest.mark.parametrize("route", TEXT_ROUTES, ids=lambda r: r.name)
def test_lone_surrogates_are_a_400_and_write_nothing(world, route):
    before = W.Snapshot()
    for text in ("\ud800", "x\udfffy", "\udc00\ud800"):
        response = route.create(world, text)
        assert response.status == 400, (text.encode("utf-8", "surrogatepass"), response.status, response.body[:200])
        assert _error(response)["code"] == "VALIDATION_ERROR"
    assert before.diff() == {"added": [], "removed": [], "changed": []}


WRITE_ROUTES: list[tuple[str, str, str]] = [  # persona, method, path template
    ("learner", "POST", "/communities/{communityId}/topics"),
    ("colleague", "POST", "/topics/{topicId}/replies"),
    ("admin", "POST", "/events"),
    ("admin", "POST", "/career/openings"),
    ("creator", "POST", "/courses"),
    ("learner", "PATCH", "/me"),
    ("learner", "PUT", "/me/competency-profile"),
    ("admin", "POST", "/orgs/{orgId}/plans"),
    ("colleague", "POST", "/connections"),
    ("anonymous", "POST", "/auth/register"),
]


def _call(w: W.World, persona: str, method: str, template: str, raw: str | bytes,
          headers: dict[str, str] | None = None) -> Any:
    path = template
    for name, value in w.ids.items():
        path = path.replace("{" + name + "}", value)
    client = W.client(None if persona == "anonymous" else w.users[persona])
    if isinstance(raw, bytes):
        from local.gateway import dispatch

        return dispatch(method, path, headers={"Content-Type": "application/json", **(headers or {})}, body=raw,
                        claims=client.claims)
    return client.request(method, path, raw_body=raw, headers=headers)


@pytest.mark.parametrize(("persona", "method", "template"), WRITE_ROUTES, ids=str)
def test_oversized_and_deep_bodies_are_refused_and_write_nothing(world, persona, method, template):
    before = W.Snapshot()
    oversized = json.dumps({"title": "x" * 70_000, "body": "y", "name": "z"})
    response = _call(world, persona, method, template, oversized)
    assert response.status == 413 and _error(response)["code"] == "PAYLOAD_TOO_LARGE"
    deep_objects = '{"title": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    response = _call(world, persona, method, template, deep_objects)
    assert response.status == 400 and _error(response)["code"] == "INVALID_JSON", response.body[:200]
    deep_arrays = "[" * 20_000 + "]" * 20_000
    response = _call(world, persona, method, template, deep_arrays)
    assert response.status == 400, response.body[:200]
    for broken in ("{", '{"title": }', "nul\u0000l", "", "null", "[]", '"text"', "1e999999"):
        response = _call(world, persona, method, template, broken)
        assert response.status == 400, (broken, response.status, response.body[:200])
        _error(response)
    response = _call(world, persona, method, template, "title=x", headers={"Content-Type": "text/plain"})
    assert response.status == 400, response.body[:200]
    _error(response)
    assert before.diff() == {"added": [], "removed": [], "changed": []}


@pytest.mark.parametrize(("persona", "method", "template"), WRITE_ROUTES[:3], ids=str)
def test_a_body_that_is_not_utf8_is_a_400(world, persona, method, template):
    response = _call(world, persona, method, template, b'{"title": "\xa5\xff"}')
    assert response.status == 400, response.body[:200]


def test_limits_are_bytes_not_characters(world):
    """64 KiB is a byte limit: 20,000 four-byte characters (80 KB) are refused as too large or as invalid,
    never stored."""
    body = json.dumps({"title": "Emoji", "body": "🙏" * 20_000, "tags": []}, ensure_ascii=False)
    assert len(body.encode()) > 65_536
    response = W.client(world.users["learner"]).request(
        "POST", f"/communities/{world.ids['communityId']}/topics", raw_body=body)
    assert response.status in (400, 413), response.status


# ---- cursors, queries and path ids -------------------------------------------------------------------------

LISTS: list[tuple[str, str, dict[str, str]]] = [  # persona, path, query
    ("learner", "/communities", {}),
    ("learner", "/communities/{communityId}/topics", {}),
    ("learner", "/events", {}),
    ("learner", "/career/openings", {}),
    ("learner", "/courses", {}),
    ("learner", "/me/notifications", {}),
    ("learner", "/me/enrolments", {}),
    ("learner", "/connections", {"status": "received"}),
    ("learner", "/competencies", {}),
    ("admin", "/orgs/{orgId}/users", {}),
    ("anonymous", "/orgs", {}),
    ("anonymous", "/designations", {}),
]


def _forged_cursors(real: str | None) -> list[str]:
    forged = ["abc", "", "====", "a" * 2048, base64.urlsafe_b64encode(b'{"PK": "USER#x", "SK": "PROFILE"}').decode(),
              base64.urlsafe_b64encode(json.dumps({"k": {"PK": "ORG#dopt"}, "s": "orgs"}).encode()).decode(),
              "../../etc/passwd", "%00", "\u202e"]
    if real:
        forged += [real[:-2] + ("AA" if not real.endswith("AA") else "BB"), real + "x", real[1:]]
    return forged


@pytest.mark.parametrize(("persona", "template", "query"), LISTS, ids=str)
def test_forged_and_foreign_cursors_are_a_400(world, persona, template, query):
    path = template.replace("{communityId}", world.ids["communityId"]).replace("{orgId}", world.ids["orgId"])
    client = W.client(None if persona == "anonymous" else world.users[persona])
    first = client.get(path, query={**query, "limit": 1})
    assert first.status == 200, first.body[:200]
    real = first.json()["nextCursor"]
    # a real cursor of another list (orgs) is refused here, and this list's cursor is refused there
    foreign = W.client(None).get("/orgs", query={"limit": 1}).json()["nextCursor"]
    cursors = _forged_cursors(real) + ([foreign] if path != "/orgs" else [])
    for cursor in cursors:
        if not cursor:
            continue
        response = client.get(path, query={**query, "cursor": cursor})
        assert response.status == 400, (cursor[:40], response.status, response.body[:200])
        assert _error(response)["code"] in ("INVALID_CURSOR", "VALIDATION_ERROR"), response.body[:200]
    if real and path != "/orgs":
        assert W.client(None).get("/orgs", query={"cursor": real}).status == 400
    for limit in ("0", "-1", "101", "1e3", "abc", "99999999999999999999"):
        response = client.get(path, query={**query, "limit": limit})
        assert response.status == 400, (limit, response.status)
        _error(response)


@pytest.mark.parametrize("path", [
    "/topics/{bad}", "/events/{bad}", "/courses/{bad}", "/career/openings/{bad}", "/enrolments/{bad}",
    "/people/{bad}", "/communities/{bad}", "/competencies/{bad}", "/certificates/{bad}", "/orgs/{bad}",
])
def test_odd_path_ids_are_a_clean_4xx(world, path):
    client = W.client(world.users["learner"])
    for bad in ("a" * 65, "..%2F..%2Fetc", "%00", "x%0d%0aSet-Cookie:%20a=b", "USER%23sec-user-001",
                "PROFILE", "%E2%80%AE", "' OR '1'='1", "1;DROP"):
        response = client.get(path.replace("{bad}", bad))
        assert response.status in (400, 403, 404), (bad, response.status, response.body[:200])
        assert "Set-Cookie" not in response.headers and not response.cookies  # (the gateway keeps cookies apart)
        _error(response)


def test_no_content_answers_have_no_body(world):
    """A 204 carries no body (the network and discussion hubs used to send "null", which broke keep-alive
    connections on the dev server)."""
    w = world
    learner, colleague = w.users["learner"], w.users["colleague"]
    snapshot = W.Snapshot()
    calls = [
        (learner, "DELETE", f"/people/{colleague['userId']}/block", None),
        (learner, "POST", f"/communities/{w.ids['communityId']}/leave", None),
        (learner, "DELETE", f"/posts/{w.ids['topicId']}", {"version": str(w.values["topicVersion"])}),
        (colleague, "DELETE", f"/connections/{w.ids['connectionId']}", None),
        (learner, "DELETE", f"/enrolments/{w.ids['enrolmentId']}", None),
        (learner, "POST", "/auth/logout", None),
    ]
    for user, method, path, query in calls:
        response = W.client(user).request(method, path, None, query=query)
        assert response.status == 204, (path, response.status, response.body[:200])
        assert response.body == b"", (path, response.body)
    W.workflows_idle()
    snapshot.restore()


# ---- forged tokens (the dev server verifies tokens as the Cognito authorizer does) ----------------------------

def _b64(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.e2e
def test_forged_tokens_are_a_401(dev_server):
    from cryptography.hazmat.primitives.asymmetric import rsa

    from local.seed.data.accounts import DEMO_ACCOUNTS

    learner = DEMO_ACCOUNTS[0]
    real = dev_server.login(learner.username, learner.password)
    assert dev_server.request("GET", "/me", token=real).status == 200
    header_b64, payload_b64, signature = real.split(".")
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=="))
    payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=="))
    admin = next(a for a in DEMO_ACCOUNTS if "SPV_ADMIN" in a.roles)

    import jwt

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = {
        "garbage": "not-a-token",
        "empty": "",
        "two parts": f"{header_b64}.{payload_b64}",
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}.",
        "payload swapped (roles)": f"{header_b64}.{_b64({**payload, 'cognito:groups': ['SPV_ADMIN']})}.{signature}",
        "payload swapped (user)": f"{header_b64}.{_b64({**payload, 'username': admin.email})}.{signature}",
        "expired, re-signed by another key": jwt.encode({**payload, "exp": 1}, other_key, algorithm="RS256",
                                                        headers={"kid": header.get("kid")}),
        "another key, same kid": jwt.encode(payload, other_key, algorithm="RS256", headers={"kid": header.get("kid")}),
        "HS256 with the public kid": jwt.encode(payload, "secret-guess-0123456789abcdef0123", algorithm="HS256",
                                               headers={"kid": header.get("kid")}),
        "id token use": jwt.encode({**payload, "token_use": "id"}, other_key, algorithm="RS256"),
        "truncated signature": real[:-10],
    }
    for label, token in forged.items():
        for path in ("/me", "/me/notifications", "/communities"):
            response = dev_server.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            assert response.status == 401, (label, path, response.status, response.body[:200])
            assert response.json()["error"]["code"], label
    for header_value in (real, f"Basic {real}", f"Bearer  {real}x", "Bearer", f"Token {real}"):
        response = dev_server.request("GET", "/me", headers={"Authorization": header_value})
        assert response.status == 401, (header_value[:20], response.status)


def test_registering_with_an_existing_accounts_details_tells_a_stranger_nothing(world):
    """The learner's email, mobile or employee id in a new registration: the same 202 and body shape as
    fresh details, never 409 ALREADY_REGISTERED; the learner's addresses get a notice, not a code."""
    from tests.conftest import ApiClient

    learner = world.users["learner"]
    fresh = {"employeeId": "SEC-ABUSE-1", "name": "Some One", "email": "some.one@dopt.gov.in",
             "mobile": "9876511111", "orgId": "dopt", "designation": "section-officer"}
    answers = [ApiClient().post("/auth/register", fresh)]
    for field, value in (("email", learner["email"]), ("mobile", learner["mobile"]),
                         ("employeeId", learner["employeeId"])):
        answers.append(ApiClient().post("/auth/register", {**fresh, "employeeId": "SEC-ABUSE-2",
                                                           "email": "other.one@dopt.gov.in",
                                                           "mobile": "9876522222", field: value}))
    assert [a.status for a in answers] == [202] * 4
    assert len({tuple(sorted(a.json())) for a in answers}) == 1
    assert len({tuple(sorted(a.json()["otpSentTo"])) for a in answers}) == 1
