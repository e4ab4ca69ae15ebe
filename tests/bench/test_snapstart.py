"""karmayogi.platform.snapstart: the before-snapshot warm-up resolves every route of a hub without sending anything
to AWS, leaves the clients working normally afterwards, and the after-restore hook gives each restored
environment its own random state."""

from __future__ import annotations

import json
import random

import pytest
from botocore.httpsession import URLLib3Session

from infra.route_table import HUBS, routes_of
from karmayogi.domain import credentials
from karmayogi.platform import db, snapstart
from karmayogi.platform.settings import reset_settings


@pytest.fixture
def offline(monkeypatch):
    """Fake credentials and no moto: any request that reached the network layer is recorded and refused."""
    # every variable a deployed function gets (settings are validated, with no local defaults)
    for name, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "ap-south-1",
                        "TABLE_NAME": "snapstart-test", "STAGE": "snapstart", "EMAIL_SENDER": "no-reply@example.gov.in",
                        "SMS_SENDER_ID": "KARMYG", "SCHEDULE_GROUP_NAME": "snapstart-test",
                        # the learning hub's issuer public key, as the stack gives it beside the secret's ARN
                        "ISSUER_PUBLIC_KEY": json.loads(credentials.new_key_pair())["publicKey"],
                        "ISSUER_KEY_SECRET_ARN": "arn:aws:secretsmanager:ap-south-1:123456789012:secret:issuer"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    reset_settings()
    db.reset_clients()
    sent: list[str] = []

    def refuse(self, request):
        sent.append(request.url)
        raise ConnectionError("the warm-up must not reach the network")

    monkeypatch.setattr(URLLib3Session, "send", refuse)
    yield sent
    db.reset_clients()
    reset_settings()


@pytest.mark.parametrize("hub", HUBS)
def test_warm_up_resolves_every_route_offline(hub, offline):
    result = snapstart.warm(f"functions.{hub}.handler")
    assert result.resolved == len(routes_of(hub))
    assert result.failed == [], "routes that failed to resolve while warming:\n" + "\n".join(result.failed)
    assert offline == []
    assert snapstart._warming is False


def test_clients_send_normally_after_the_warm_up(offline):
    snapstart.warm("functions.learning.handler")
    with pytest.raises(ConnectionError):
        db.table().get_item(Key={"PK": "a", "SK": "b"})
    assert len(offline) == 1, "after the warm-up a call goes to the network again (here: refused)"


def test_warm_up_of_a_function_without_a_resolver_only_creates_the_resource(offline):
    assert snapstart.warm("functions.learning.workflow") == snapstart.WarmUp(resolved=0, failed=[])
    assert db._table is not None


def test_a_route_failing_to_warm_is_reported_and_the_others_still_warm(offline, monkeypatch):
    import functions.learning.handler as module

    real = module.app.resolve

    def resolve(event, context):
        if (event["httpMethod"], event["resource"]) == ("GET", "/courses"):
            raise RuntimeError("broken route")
        return real(event, context)

    monkeypatch.setattr(module.app, "resolve", resolve)
    result = snapstart.warm("functions.learning.handler")
    assert result.resolved == len(routes_of("learning"))
    assert result.failed == ["GET /courses: RuntimeError: broken route"]
    assert snapstart._warming is False


def test_the_runtime_hook_logs_a_failed_warm_up_and_never_raises(monkeypatch):
    monkeypatch.setattr(snapstart, "warm", lambda: snapstart.WarmUp(resolved=3, failed=["GET /x: answered 500"]))
    snapstart.before_snapshot()  # no exception: the snapshot is taken anyway

    def crash():
        raise RuntimeError("no table")

    monkeypatch.setattr(snapstart, "warm", crash)
    snapstart.before_snapshot()


def test_after_restore_reseeds_random():
    random.seed(7)
    first = random.random()
    random.seed(7)
    snapstart.after_restore()
    assert random.random() != first


def test_hooks_are_not_registered_outside_lambda():
    assert snapstart.register() is False


def test_the_module_to_warm_comes_from_the_lambda_handler_setting(monkeypatch):
    monkeypatch.setenv("_HANDLER", "functions.learning.handler.handler")
    assert snapstart.handler_module() == "functions.learning.handler"
    monkeypatch.delenv("_HANDLER")
    assert snapstart.handler_module() is None


def test_the_warm_up_imports_what_the_handler_names_for_the_snapshot(offline, monkeypatch):
    import sys

    import functions.learning.handler as module

    assert "fpdf" in module.SNAPSHOT_IMPORTS
    for name in [n for n in sys.modules if n == "segno" or n.startswith("segno.")]:
        monkeypatch.delitem(sys.modules, name)
    snapstart.warm("functions.learning.handler")
    assert "segno" in sys.modules and "fpdf" in sys.modules
