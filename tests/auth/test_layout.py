"""How the auth hub is put together: the handler loads only what every route needs (cold start), and the
repositories answer a failed write condition by the operation's name, never with an HTTP error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from functions.auth import otp, repository, repository_accounts, repository_codes
from karmayogi.domain import profiles
from karmayogi.platform import db
from karmayogi.platform.errors import AppError
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_the_handler_loads_no_rules_module_cognito_or_boto3_at_import():
    code = "import json, sys, functions.auth.handler; print(json.dumps(sorted(sys.modules)))"
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'layers/core/python'}", "PATH": "/usr/bin:/bin"}
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           env=env, cwd=ROOT, check=True).stdout))
    for module in ("functions.auth.registration", "functions.auth.sessions", "functions.auth.profile",
                   "functions.auth.org_admin", "functions.auth.directory", "functions.auth.cognito",
                   "functions.auth.otp", "functions.auth.repository", "boto3", "karmayogi.domain.passbook"):
        assert module not in loaded, f"{module} is imported when the handler loads"


def _profile(user_id: str = "u-layout") -> db.Item:
    return profiles.profile_item(user_id=user_id, employee_id="LAY-1", name="Layout Officer",
                                 email="layout@dopt.gov.in", mobile="+919800000099", org_id="dopt",
                                 designation_id="section-officer", designation="Section Officer", roles=["PUBLIC"])


def test_a_failed_condition_comes_back_by_name(resources):
    factories.seed_directory()
    profile = _profile()
    repository.commit(repository_accounts.account_ops(profile))
    with pytest.raises(db.ConditionFailed) as taken:
        repository.commit(repository_accounts.account_ops(profile))
    assert taken.value.reason == repository_accounts.PROFILE
    assert set(taken.value.failed) == {"profile", "guard:email", "guard:mobile", "guard:employeeId"}
    assert not isinstance(taken.value, AppError)

    repository_accounts.update_profile(profile, {"name": "Renamed Officer"})
    with pytest.raises(db.ConditionFailed) as stale:
        repository_accounts.update_profile(profile, {"name": "Stale Officer"})  # still version 1
    assert stale.value.reason == repository_accounts.PROFILE


def test_a_used_code_is_refused_by_name_and_mapped_by_the_rules(resources):
    _, item = otp.prepare("RESET", "u-layout", "both", "")
    repository_codes.store_code(item)
    repository_codes.consume_code(item, otp.MAX_WRONG_TRIES)
    with pytest.raises(db.ConditionFailed) as used:
        repository_codes.consume_code(item, otp.MAX_WRONG_TRIES)
    assert used.value.reason == repository_codes.CODE
    with pytest.raises(AppError) as answered:
        otp.consume(item)
    assert answered.value.code == "OTP_EXPIRED"


def test_a_send_counter_at_its_limit_is_named_and_becomes_429(resources):
    for _ in range(otp.HOURLY_SENDS):
        otp.reserve_sends(["layout@dopt.gov.in"])
    quota = otp.send_quota(["layout@dopt.gov.in"], "send:test")
    with pytest.raises(db.ConditionFailed) as limited:
        repository.commit(quota.operations)
    assert limited.value.reason.startswith("send:test:H")
    refusal = quota.exceeded(limited.value)
    assert refusal is not None and (refusal.status, refusal.code) == (429, "SEND_LIMIT_EXCEEDED")
