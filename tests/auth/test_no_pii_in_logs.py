"""House rule 6 (docs/architecture.md): no email, mobile, OTP, password or token reaches a log line. A whole journey runs with
the log level at DEBUG and the platform's redacting filter switched OFF, so what is proven is that the
code never logs these values (the filter is only a second line of defence)."""

from __future__ import annotations

import io
import logging
import re

import jwt
import pytest

from karmayogi.platform import observability
from karmayogi.platform.observability import logger
from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD, e164, messages, wrong
from tests.conftest import ApiClient

NEW_PASSWORD = "N3w-Passw0rd!"
WRONG_PASSWORD = "Wr0ng-Passw0rd!"


@pytest.fixture
def log_lines(monkeypatch):
    monkeypatch.setattr(observability.PiiRedactingFilter, "filter", lambda self, record: True)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    underlying = logging.getLogger(logger.name)
    underlying.addHandler(handler)
    level = logger.log_level
    logger.setLevel("DEBUG")
    yield stream
    logger.setLevel(level)
    underlying.removeHandler(handler)


def test_a_whole_journey_logs_no_personal_data_or_secrets(resources, api, log_lines, capfd):
    factories.seed_directory()
    support.seed_competencies()
    secrets: set[str] = {PASSWORD, NEW_PASSWORD, WRONG_PASSWORD}

    registration_id, body = support.start(api, mobile="+91 98111 22334", email="Priya.Nair@dopt.gov.in")
    email, mobile = "priya.nair@dopt.gov.in", e164(body["mobile"])
    secrets |= {email, "Priya.Nair@dopt.gov.in", mobile, "9811122334", "98111 22334", body["employeeId"]}
    verify = f"/auth/register/{registration_id}/verify"
    api.post(verify, {"channel": "email", "code": wrong(support.last_code(email))})
    api.post(f"/auth/register/{registration_id}/resend", {"channel": "email"})
    support.verify_both(api, registration_id, body)
    api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})

    api.post("/auth/login", {"username": email, "password": WRONG_PASSWORD})
    tokens = support.login(api, body["employeeId"])
    refreshed = api.post("/auth/refresh", {"refreshToken": tokens["refreshToken"]}).json()
    secrets |= {tokens["accessToken"], tokens["idToken"], tokens["refreshToken"], refreshed["accessToken"]}
    me = ApiClient(jwt.decode(tokens["accessToken"], options={"verify_signature": False}))
    me.get("/me")
    me.patch("/me", {"version": 1, "email": "priya.n@nic.in", "mobile": "9822233344", "name": "Priya N"})
    secrets |= {"priya.n@nic.in", "+919822233344", "9822233344"}
    me.post("/me/contact/verify", {"channel": "email", "code": support.last_code("priya.n@nic.in")})
    me.post("/me/contact/verify", {"channel": "mobile", "code": wrong(support.last_code("+919822233344"))})
    me.put("/me/competency-profile", {"competencies": [{"competencyId": "c-integrity", "level": 2}]})
    api.post("/auth/password/forgot", {"username": "priya.n@nic.in"})
    api.post("/auth/password/forgot", {"username": "ghost@dopt.gov.in"})
    secrets.add("ghost@dopt.gov.in")
    reset = {"username": "priya.n@nic.in", "newPassword": NEW_PASSWORD}
    api.post("/auth/password/reset", {**reset, "code": wrong(support.last_code("priya.n@nic.in"))})
    api.post("/auth/password/reset", {**reset, "code": support.last_code("priya.n@nic.in")})
    me.post("/auth/logout", {"refreshToken": tokens["refreshToken"]})

    codes = {
        match
        for address in (email, mobile, "priya.n@nic.in", "+919822233344")
        for message in messages(address)
        for match in re.findall(r"(?<!\d)\d{6}(?!\d)", message["body"])
    }
    assert len(codes) >= 6
    secrets |= codes | {wrong(code) for code in codes}

    captured = capfd.readouterr()
    output = "\n".join([log_lines.getvalue(), captured.out, captured.err])
    assert output.count('"level"') > 20, "the journey should have logged"
    leaked = sorted(secret for secret in secrets if secret and secret in output)
    assert leaked == [], f"{len(leaked)} secret values reached the logs"
    assert body["employeeId"] not in output
