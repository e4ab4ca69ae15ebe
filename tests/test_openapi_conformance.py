"""The OpenAPI document tells the truth (API.md "Conventions").

Fast, in-process: the committed docs/openapi.json is what the generator (local/openapi.py) makes today;
no operation documents Powertools' 422 (the API answers 400); every operation documents the statuses
every route shares, with the shared error body; every success has a schema.

End to end (e2e): Schemathesis against the dev server, signed in once as a learner and once as an MDO
admin, over every operation, with the checks that compare answers to the document: the status is
documented, the body matches the documented schema, the content type is the documented one, and no 5xx.
The accounts are registered for the run (as tests/security/test_fuzz.py does, and for its reason: the
dev server is shared by the session's end-to-end tests, so generated writes must not change the demo
accounts other tests sign in as). Budget: a few examples per operation, ~1-2 minutes on 2 cores."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from infra.route_table import ROUTES
from karmayogi.platform.models import CamelModel, RequestModel
from local import openapi

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "openapi.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi.document()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation) for path, operations in document["paths"].items()
            for method, operation in operations.items()]


def test_committed_document_is_current(document):
    assert COMMITTED.exists(), "run `make openapi`"
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(document))
    stale = sorted(f"{method} {path}" for method, path, operation in _operations(fresh)
                   if committed.get("paths", {}).get(path, {}).get(method.lower()) != operation)
    gone = sorted(f"{method} {path}" for method, path, _ in _operations(committed)
                  if method.lower() not in fresh["paths"].get(path, {}))
    assert (stale, gone) == ([], []), f"docs/openapi.json is stale (run `make openapi`): {stale} {gone}"
    assert committed == fresh, "docs/openapi.json is stale (run `make openapi`)"


def test_every_route_is_documented(document):
    documented = {(method, path) for method, path, _ in _operations(document)}
    assert documented == {(r.method, r.path) for r in ROUTES}


def test_no_operation_documents_422_or_powertools_validation_errors(document):
    assert [f"{m} {p}" for m, p, op in _operations(document) if "422" in op["responses"]] == []
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert "HTTPValidationError" not in json.dumps(document)


def test_every_reference_resolves(document):
    """A client generator refuses a document with a dangling $ref (openapi-typescript, for web/)."""
    text = json.dumps(document)
    references = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert references - set(document["components"]["schemas"]) == set()


def test_every_operation_documents_the_shared_statuses(document):
    public = {(r.method, r.path) for r in ROUTES if r.public}
    problems = []
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        takes_input = bool(operation.get("parameters")) or "requestBody" in operation
        expected = {"429", "503"}
        expected |= {"400"} if takes_input else set()
        expected |= {"413"} if "requestBody" in operation else set()
        expected |= set() if (method, path) in public else {"401"}
        if missing := expected - set(responses):
            problems.append(f"{method} {path}: no {sorted(missing)}")
        for status in ("429", "503"):
            if "Retry-After" not in responses.get(status, {}).get("headers", {}):
                problems.append(f"{method} {path}: {status} without Retry-After")
        if ((method, path) in public) == ("security" in operation):
            problems.append(f"{method} {path}: security does not match the route table")
    assert problems == []


def test_every_error_has_the_shared_error_body(document):
    assert set(document["components"]["schemas"]["ErrorBody"]["required"]) == {"error"}
    wrong = [f"{method} {path} {status}" for method, path, operation in _operations(document)
             for status, response in operation["responses"].items()
             if status >= "400" and response.get("content", {}).get("application/json", {}).get("schema")
             != {"$ref": "#/components/schemas/ErrorBody"}]
    assert wrong == []


def test_every_success_is_documented_with_a_schema(document):
    assert openapi.undocumented_success(document) == []
    no_content_with_a_body = [f"{m} {p}" for m, p, op in _operations(document)
                              if "content" in op["responses"].get("204", {})]
    assert no_content_with_a_body == []


class Thing(CamelModel):
    thing_id: str


class ThingIn(RequestModel):
    name: str


def test_route_declarations_reach_the_document():
    """What a handler declares (its own error statuses, a success status, the idempotency step) is kept,
    and a route that names only its errors still documents its success."""
    from karmayogi.platform.api import errors, idempotent, make_resolver

    app = make_resolver()

    @app.post("/things", status_code=201, middlewares=[idempotent], responses=errors(403, 409))
    def create(body: ThingIn) -> Thing:
        return Thing(thing_id=body.name)

    @app.get("/things/<thingId>", responses=errors(404))
    def read(thingId: str) -> Thing:
        return Thing(thing_id=thingId)

    document = openapi.complete(openapi.hub_schema(app), [app])
    created = document["paths"]["/things"]["post"]
    assert set(created["responses"]) == {"201", "400", "401", "403", "409", "413", "429", "503"}
    assert created["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Thing"}
    assert [p["name"] for p in created["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
    assert created["parameters"][0]["required"] is False
    assert created["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"}
    read_one = document["paths"]["/things/{thingId}"]["get"]
    assert set(read_one["responses"]) == {"200", "400", "401", "404", "429", "503"}
    assert "Idempotency-Key" not in json.dumps(read_one)
    assert openapi.undocumented_success(document) == []


# ---- end to end: the dev server answers what the document says ------------------------------------------

CHECK_NAMES = ("status_code_conformance", "response_schema_conformance", "content_type_conformance",
               "not_a_server_error")
# Examples per (operation, identity, generation mode): small, so the whole run stays within ~2 minutes.
EXAMPLES = {"positive": 2, "negative": 2}
# Logging out ends the session it is sent with: it goes last for each identity (each signs in afresh).
LAST = "POST /auth/logout"


@dataclass
class Findings:
    requests: int = 0
    undocumented: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    other: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def report(self) -> str:
        lines = [f"{self.requests} requests; statuses {dict(sorted(self.statuses.items()))}"]
        lines += [f"undocumented {sorted(statuses)}: {label}" for label, statuses in sorted(self.undocumented.items())]
        lines += [f"{kind}: {label}" for label, kinds in sorted(self.other.items()) for kind in sorted(kinds)]
        return "\n".join(lines)


def _checks() -> list[Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [status_code_conformance, response_schema_conformance, content_type_conformance, not_a_server_error]
    assert tuple(check.__name__ for check in checks) == CHECK_NAMES
    return checks


def _run(operation: Any, mode: Any, examples: int, call: Any) -> None:
    """`examples` generated cases through `call`: generation only (no shrinking, no example database),
    derandomized so that a run is repeatable."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        call(case)

    with contextlib.suppress(Unsatisfiable):  # nothing to make invalid (no parameters and no body)
        run()


def _validate(findings: Findings, label: str, identity: str, case: Any, headers: dict[str, str],
              session: Any, base_url: str, checks: list[Any]) -> None:
    from schemathesis.core.failures import FailureGroup, ServerError
    from schemathesis.openapi.checks import UndefinedStatusCode

    response = case.call(base_url=base_url, headers=headers, session=session, timeout=60)
    findings.requests += 1
    findings.statuses[response.status_code] += 1
    try:
        case.validate_response(response, checks=checks, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            if isinstance(failure, UndefinedStatusCode):
                findings.undocumented[label].add(failure.status_code)
            elif isinstance(failure, ServerError):
                findings.other[label].add(f"{response.status_code} as {identity}: {response.text[:160]}")
            else:
                findings.other[label].add(f"{failure.title} ({response.status_code} as {identity})")


@pytest.mark.e2e
def test_the_dev_server_answers_what_the_document_says(dev_server):
    import requests
    import schemathesis
    from schemathesis import GenerationMode

    from tests.security.test_fuzz import PASSWORD, register

    learner_email, _ = register(dev_server, 3, "conformance")
    admin_email, admin_id = register(dev_server, 4, "conformance")
    spv = next(a for a in dev_server.request("GET", "/_local/demo-accounts").json()["accounts"]
               if "SPV_ADMIN" in a["roles"])
    granted = dev_server.request("POST", f"/users/{admin_id}/roles", {"role": "MDO_ADMIN"},
                                 token=dev_server.login(spv["username"], spv["password"]))
    assert granted.status == 200, granted.body
    identities = {"learner": learner_email, "admin": admin_email}

    served = dev_server.request("GET", "/openapi.json")
    assert served.status == 200
    # from_dict, not from_url: loaded from a URL, Schemathesis leaves out the operation serving the document.
    schema = schemathesis.openapi.from_dict(served.json())
    operations = [cast(Any, result).ok() for result in schema.get_all_operations()]
    labels = {f"{operation.method.upper()} {operation.path}" for operation in operations}
    assert labels == {f"{r.method} {r.path}" for r in ROUTES}, "every route, and only those"
    operations.sort(key=lambda operation: f"{operation.method.upper()} {operation.path}" == LAST)

    checks = _checks()
    findings = Findings()
    session = requests.Session()
    started = time.monotonic()
    for identity, email in identities.items():
        headers = {"Authorization": f"Bearer {dev_server.login(email, PASSWORD)}"}
        for operation in operations:
            label = f"{operation.method.upper()} {operation.path}"
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _run(operation, mode, EXAMPLES[mode.value],
                     lambda case, label=label, identity=identity, headers=headers: _validate(
                         findings, label, identity, case, headers, session, dev_server.url, checks))
    elapsed = time.monotonic() - started
    report = f"{findings.report()}\n({elapsed:.0f} s)"
    print(report)
    assert findings.requests >= 2 * len(operations) * 2, report
    assert not findings.undocumented and not findings.other, report
