"""local/dynamodb_local.py: DynamoDB Local starts from the installed package, answers, and leaves no process
behind — when stopped, and when the process that started it dies without stopping it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from local import dynamodb_local
from tests.e2e_support import ROOT, in_ci


@pytest.fixture
def installed() -> None:
    if not dynamodb_local.available():
        if in_ci():
            pytest.fail("DynamoDB Local is not installed (Java and `npm ci`: the README's set-up)")
        pytest.skip("DynamoDB Local is not installed")


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def test_missing_package_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(dynamodb_local, "PACKAGE", tmp_path)
    assert not dynamodb_local.available()
    with pytest.raises(dynamodb_local.NotInstalled, match="npm ci"):
        dynamodb_local.DynamoDBLocal().start()


def test_starts_answers_and_stops(installed: None) -> None:
    engine = dynamodb_local.DynamoDBLocal().start()
    process = engine.process
    assert process is not None and engine._answers()
    engine.stop()
    assert process.poll() is not None
    assert not engine._answers()
    engine.stop()  # twice is harmless


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the command line from /proc")
def test_the_heap_is_given_to_the_jvm(installed: None) -> None:
    engine = dynamodb_local.DynamoDBLocal(max_heap="300m").start()
    try:
        assert engine.process is not None and engine._answers()
        arguments = Path(f"/proc/{engine.process.pid}/cmdline").read_bytes().split(b"\0")
        assert b"-Xmx300m" in arguments and arguments.index(b"-Xmx300m") < arguments.index(b"-jar")
    finally:
        engine.stop()
    default = dynamodb_local.DynamoDBLocal()
    assert default.max_heap is None  # the JVM's own default unless asked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_killed_parent_leaves_no_java(installed: None) -> None:
    script = ("import sys; from local.dynamodb_local import DynamoDBLocal; e = DynamoDBLocal().start(); "
              "print(e.process.pid, flush=True); sys.stdin.read()")
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    java = int(parent.stdout.readline())
    assert _alive(java)
    parent.kill()
    parent.wait(timeout=10)
    deadline = time.monotonic() + 15
    while _alive(java) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(java)
