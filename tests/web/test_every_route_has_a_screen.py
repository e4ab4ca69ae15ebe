"""Every route of the route table is called by a screen of the web client, or listed in the README's
"Machine-only routes" with the reason it has none (issue: every role works in the browser).

The calls are read from web/src: the API client's `api.get/post/put/patch/del/blob(path…)`, `allPages(path…)`,
`downloadWithToken(path…)` and its own `fetch(buildUrl(path), { method: "POST" …`, where `path` is a literal or a
template (its `${…}` parts are path parameters, or each side of a choice of two literals: `${a ? "leave" : "join"}`),
or a name bound to one in the same file (`const path = `/enrolments/${id}/…`;`)."""

from __future__ import annotations

import re
from pathlib import Path

from infra.route_table import ROUTES
from tests.e2e_support import ROOT

SOURCES = ROOT / "web" / "src"
README = ROOT / "README.md"

# A template (which may hold quotes inside its `${…}`) or a quoted string.
LITERAL = r"(?:`(?P<path>(?:/|\$\{)[^`]*)`|[\"'](?P<quoted>/[^\"']*)[\"'])"
CALL = re.compile(
    r"(?:api\s*\.(?P<method>get|post|put|patch|del|blob)|(?P<pages>allPages|downloadWithToken)|request)\s*"
    r"(?:<[^()]*?>)?\(\s*(?:\"(?P<verb>GET|POST|PUT|PATCH|DELETE)\"\s*,\s*)?(?:" + LITERAL + r"|(?P<name>[A-Za-z_]\w*)\b)"
)
OWN_FETCH = re.compile(r"fetch\(buildUrl\(" + LITERAL + r"\),\s*\{\s*method:\s*\"(?P<verb>[A-Z]+)\"")
CHOICE = re.compile(r"^[^?]+\?\s*([\"'`])(?P<a>[^\"'`]*)\1\s*:\s*([\"'`])(?P<b>[^\"'`]*)\3$")
BINDING = re.compile(r"\b(?:const|let)\s+(?P<name>[A-Za-z_]\w*)\s*(?::\s*string\s*)?=\s*" + LITERAL)
MACHINE_ONLY = re.compile(r"^[-*]\s+`(?P<method>GET|POST|PUT|PATCH|DELETE) (?P<path>/\S*)`", re.M)


def _shapes(path: str, bindings: dict[str, str]) -> set[str]:
    """The paths a call can take: each `${…}` a parameter (`{}`), a name bound to a path in its file expanded, and
    a choice of two literals giving both."""
    part = re.search(r"\$\{([^}]*)\}", path)
    if part is None:
        return {path.split("?", maxsplit=1)[0]}
    before, after = path[: part.start()], path[part.end() :]
    expression = part.group(1).strip()
    choice = CHOICE.match(expression)
    if expression in bindings:
        middles = _shapes(bindings[expression], bindings)
    elif choice:
        middles = {choice.group("a"), choice.group("b")}
    else:
        middles = {"{}"}
    return {shape for middle in middles for shape in _shapes(before + middle + after, bindings)}


def calls_in(source: str) -> set[tuple[str, str]]:
    bindings = {m.group("name"): m.group("path") or m.group("quoted") for m in BINDING.finditer(source)}
    found = set()
    for call in CALL.finditer(source):
        if call.group("method"):
            method = {"del": "DELETE", "blob": "GET"}.get(call.group("method"), call.group("method").upper())
        elif call.group("pages"):
            method = "GET"
        elif call.group("verb"):
            method = call.group("verb")
        else:
            continue
        path = call.group("path") or call.group("quoted") or bindings.get(call.group("name") or "")
        if path:
            found |= {(method, shape) for shape in _shapes(path, bindings)}
    for call in OWN_FETCH.finditer(source):
        found |= {(call.group("verb"), shape) for shape in _shapes(call.group("path") or call.group("quoted"), bindings)}
    return found


def screen_calls() -> set[tuple[str, str]]:
    calls: set[tuple[str, str]] = set()
    for file in SOURCES.rglob("*.ts"):
        if file.name != "api-types.ts":
            calls |= calls_in(file.read_text(encoding="utf-8"))
    return calls


def machine_only_routes() -> set[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Machine-only routes", 1)[1].split("\n#", 1)[0]
    return {(m.group("method"), m.group("path")) for m in MACHINE_ONLY.finditer(section)}


def _shape_of_route(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_the_call_reader_sees_literals_templates_and_bound_names() -> None:
    source = """
      const base = `/courses/${seg(courseId)}/contents`;
      await api.get<Page<X>>(`/courses/${seg(id)}`, { q });
      await api.post(`${base}/${seg(c)}/uploads`, body);
      const path = `/enrolments/${seg(e)}/contents/${seg(c)}/heartbeats`;
      await api.post<HeartbeatResult>(path, body, { keepalive: true });
      await api.del("/me/push/subscriptions/x");
      const items = await allPages<Org>("/orgs", { type });
      return request<Tokens>("POST", "/auth/token", { body });
      await api.post(`/communities/${seg(c.id)}/${member ? "leave" : "join"}`);
      await api
        .get<Karma>("/me/karma");
      const response = await fetch(buildUrl("/auth/refresh"), {
        method: "POST",
    """
    assert calls_in(source) == {
        ("GET", "/courses/{}"),
        ("POST", "/courses/{}/contents/{}/uploads"),
        ("POST", "/enrolments/{}/contents/{}/heartbeats"),
        ("DELETE", "/me/push/subscriptions/x"),
        ("GET", "/orgs"),
        ("POST", "/auth/token"),
        ("POST", "/communities/{}/leave"),
        ("POST", "/communities/{}/join"),
        ("GET", "/me/karma"),
        ("POST", "/auth/refresh"),
    }


def test_every_route_has_a_screen_or_is_listed_as_machine_only() -> None:
    called = screen_calls()
    machine_only = machine_only_routes()
    listed_but_unknown = machine_only - {(r.method, r.path) for r in ROUTES}
    assert not listed_but_unknown, f"the README lists machine-only routes the route table lacks: {listed_but_unknown}"
    without_screen = sorted(
        f"{r.method} {r.path}"
        for r in ROUTES
        if (r.method, _shape_of_route(r.path)) not in called and (r.method, r.path) not in machine_only
    )
    assert without_screen == [], (
        "routes no screen calls (give each a screen, or list it in README.md's \"Machine-only routes\" with the "
        f"reason): {without_screen}"
    )
    called_and_listed = sorted(f"{m} {p}" for m, p in machine_only if (m, _shape_of_route(p)) in called)
    assert called_and_listed == [], f"README lists as machine-only routes a screen calls: {called_and_listed}"


def test_machine_only_list_is_read_from_the_readme() -> None:
    assert Path(README).exists()
    assert ("GET", "/health") in machine_only_routes()
