"""`make dev`: the whole platform on one machine, with demo data.

- the table lives in Amazon's DynamoDB Local (local/dynamodb_local.py; `--engine moto` keeps it in
  in-process moto, patched by local/aws.py, to compare the two);
- moto stands in for the other services (Cognito, Step Functions, Scheduler, SES, SNS, S3, SQS...): it runs
  in-process (every hub's boto3 calls are answered by it) and also in server mode on a free
  port, so AWS tools can look at the same resources;
- the resources come from the same definitions as the CDK stack (infra/definitions.py);
- HTTP requests are routed through the shared route table to the hubs' handlers as API Gateway proxy
  events, with bearer tokens verified against the local Cognito JWKS and passed on as claims;
- `/openapi.json`, `/docs` and the local-only routes of API.md (`/_local/...`) are served here;
- due schedules (event reminders) fire on the dev clock.

Ctrl-C stops everything; nothing is left running."""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local import aws

aws.fake_credentials()
os.environ.pop("AWS_ENDPOINT_URL", None)

import boto3  # noqa: E402
import jwt  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from karmayogi.platform import aws as platform_aws  # noqa: E402
from karmayogi.platform import clock  # noqa: E402
from karmayogi.platform.errors import AppError  # noqa: E402
from local import approvals, cdn, gateway, media, moto_speedups, openapi, schedules, workflows  # noqa: E402
from local.dynamodb_local import DynamoDBLocal  # noqa: E402

MAX_BODY_BYTES = 1024 * 1024
# The refusals http.server makes itself, before a request reaches the gateway.
HTTP_SERVER_ERROR_CODES = {400: "BAD_REQUEST", 414: "URI_TOO_LONG", 431: "HEADERS_TOO_LARGE",
                           505: "HTTP_VERSION_NOT_SUPPORTED"}
ENGINES = ("dynamodb-local", "moto")  # the table's engine; the first is the default
MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


def web_csp(media_origin: str = "") -> str:
    """The deployed app's policy (infra/constructs/web.py) for a same-origin API, so that local runs catch
    violations; `media_origin`: where the browser sends course files (the media bucket: moto's S3 here)."""
    media = f" {media_origin}" if media_origin else ""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "media-src 'self' blob:; worker-src 'self' blob:; frame-src 'self'; "
        f"connect-src 'self'{media}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


# Types the platform's mimetypes table may lack: the web app manifest (a browser installs the app only from a
# manifest served as such) and the service worker's module scripts.
WEB_TYPES = {".webmanifest": "application/manifest+json", ".mjs": "text/javascript", ".js": "text/javascript"}


def web_file(path: str, media_origin: str = "") -> tuple[int, dict[str, str], bytes]:
    """The web client (web/dist, built by `make web`) under /app/: files as they are, /app/config.json
    pointing the app at this server, and index.html for every other path (client-side routes)."""
    csp = web_csp(media_origin)
    if path == "/app/config.json":
        return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, b'{"apiBaseUrl": ""}'
    index = WEB_DIST / "index.html"
    if not index.is_file():
        raise AppError(503, "WEB_NOT_BUILT", "The web client is not built: run `make web`")
    target = (WEB_DIST / path.removeprefix("/app").lstrip("/")).resolve()
    if target.is_file() and target.is_relative_to(WEB_DIST.resolve()):
        immutable = target.parent.name == "assets"
        content_type = WEB_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        headers = {
            "Content-Type": content_type or "application/octet-stream",
            "Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if target.suffix == ".html":
            headers["Content-Security-Policy"] = csp
        return 200, headers, target.read_bytes()
    if path.startswith("/app/assets/"):
        raise AppError(404, "NOT_FOUND", "There is no such file")
    html = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Content-Security-Policy": csp}
    return 200, html, index.read_bytes()


class TokenVerifier:
    """Verifies Cognito access tokens as API Gateway's Cognito authorizer does: signature against the
    pool's JWKS, issuer, expiry, token use and app client."""

    def __init__(self, moto_url: str, resources: aws.LocalResources) -> None:
        self.issuer = f"https://cognito-idp.{aws.REGION}.amazonaws.com/{resources.user_pool_id}"
        self.client_id = resources.user_pool_client_id
        self.jwks = jwt.PyJWKClient(f"{moto_url}/{resources.user_pool_id}/.well-known/jwks.json")

    def claims(self, authorization: str | None) -> dict[str, Any] | None:
        if not authorization or not authorization.lower().startswith("bearer "):
            return None
        token = authorization[7:].strip()
        try:
            key = self.jwks.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token, key.key, algorithms=["RS256"], issuer=self.issuer, options={"verify_aud": False}
            )
        except (jwt.PyJWTError, ValueError):
            return None
        if claims.get("token_use") != "access" or claims.get("client_id") != self.client_id:
            return None
        return claims


class DevServer:
    def __init__(self, port: int, seed: bool = True, quiet: bool = False, engine: str = ENGINES[0]) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}")
        self.port = port
        self.engine = engine
        self._dynamodb_local: DynamoDBLocal | None = None
        self._mocking = False
        self.seed = seed
        self.quiet = quiet
        self.stopping = threading.Event()
        self._mock = mock_aws(config=MOTO_CONFIG)  # type: ignore[call-overload]
        self._moto_server: ThreadedMotoServer | None = None
        self._http: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    def say(self, text: str) -> None:
        if not self.quiet:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def start(self) -> None:
        if self.engine == "dynamodb-local":
            self._dynamodb_local = DynamoDBLocal().start()
            # boto3 sends DynamoDB calls there; moto's mock passes requests to non-AWS endpoints through.
            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = self._dynamodb_local.endpoint
        else:
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        # One set of clients serves every thread of the server (Lambda: one container, one invocation):
        # a pool of botocore's default 10 connections would open and drop connections under load.
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION._session.set_default_client_config(Config(max_pool_connections=128))
        self._mock.start()
        self._mocking = True
        self._moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto_server.start()
        host, moto_port = self._moto_server.get_host_and_port()
        self.moto_url = f"http://{host}:{moto_port}"
        self.resources = aws.provision()
        moto_speedups.install()
        workflows.install(self.resources)
        # Browsers send course content straight to the media bucket (presigned POST / parts): on the dev
        # server that is moto's S3 on its own port (local/media.py; the same backends as in-process moto).
        os.environ["AWS_ENDPOINT_URL_S3"] = self.moto_url
        platform_aws.reset()
        if self.seed:
            from karmayogi.platform.observability import logger
            from local.seeding import seed_all

            level = logger.log_level
            logger.setLevel("WARNING")  # the seeders' own INFO lines would bury the start-up summary
            s3_requests = logging.getLogger("werkzeug")  # moto's server logs each request of the seed uploads
            s3_level = s3_requests.level
            s3_requests.setLevel(logging.WARNING)
            try:
                seed_all(report=None if self.quiet else lambda line: self.say(f"  {line}"))
            finally:
                logger.setLevel(level)
                s3_requests.setLevel(s3_level)
        self.verifier = TokenVerifier(self.moto_url, self.resources)
        handler = _make_handler(self)
        self._http = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._http.daemon_threads = True
        self.port = self._http.server_address[1]
        media.allow_web_origin(self.url)  # the app on this port sends course files to the bucket
        serve = threading.Thread(target=self._http.serve_forever, name="http", daemon=True)
        ticker = threading.Thread(target=self._tick, name="schedules", daemon=True)
        self._threads = [serve, ticker]
        if self.seed:  # the seeded figures on the dashboards, without delaying the start (a refresh waits for it)
            threading.Thread(target=self._refresh_insights_quietly, name="insights", daemon=True).start()
        for thread in self._threads:
            thread.start()

    def _refresh_insights(self) -> dict[str, Any]:
        """The nightly insights job, here and now: export the table, DuckDB over it, aggregates and reports."""
        from analytics import local as analytics_local

        run = analytics_local.refresh_here()
        self.say(f"  insights: {run.items} items exported, {run.outcome.items} aggregates, run {run.run_id}")
        return {"runId": run.run_id, "itemsExported": run.items, "aggregates": run.outcome.items,
                "reports": run.outcome.reports}

    def _refresh_insights_quietly(self) -> None:
        try:
            self._refresh_insights()
        except Exception as error:  # the dev server works without insights; say what failed
            self.say(f"insights refresh failed: {error!r}")

    def _tick(self) -> None:
        while not self.stopping.wait(0.5):
            try:
                schedules.fire_due()
            except Exception as error:  # keep the clock ticking; say what failed
                self.say(f"schedule firing failed: {error!r}")

    def stop(self) -> None:
        self.stopping.set()
        if self._http:
            self._http.shutdown()
            self._http.server_close()
        if self._moto_server:
            self._moto_server.stop()
            self._moto_server = None
        for thread in self._threads:
            thread.join(timeout=5)
        os.environ.pop("AWS_ENDPOINT_URL_S3", None)
        platform_aws.reset()
        if self._mocking:
            self._mock.stop()
            self._mocking = False
        if self._dynamodb_local:
            self._dynamodb_local.stop()
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- local-only routes ----
    def local_route(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> tuple[int, Any]:
        if path == "/_local/outbox" and method == "GET":
            recipients = query.get("to") or []
            return 200, {"messages": aws.sent_messages(recipients[0] if recipients else None)}
        if path == "/_local/insights/refresh" and method == "POST":
            return 200, self._refresh_insights()
        if path == "/_local/clock" and method == "GET":
            return 200, {"now": clock.now_iso()}
        if path == "/_local/clock" and method == "POST":
            try:
                payload = json.loads(body or b"{}")
                moment = clock.parse_iso(str(payload["now"]))
            except (ValueError, KeyError, TypeError) as error:
                raise AppError(400, "VALIDATION_ERROR", "Send {\"now\": \"<ISO-8601 time>\"}") from error
            clock.set_now(moment)
            schedules.fire_due()
            expired = approvals.expire_due()
            return 200, {"now": clock.now_iso(), "approvalsExpired": expired}
        if path == "/_local/demo-accounts" and method == "GET":
            from local.seed.accounts import TOTP_SECRETS
            from local.seed.data.accounts import DEMO_ACCOUNTS

            # totpSecret: the admin roles sign in with a TOTP code (local/totp.py computes one from it)
            return 200, {"accounts": [
                {"username": a.username, "password": a.password, "roles": list(a.roles), "orgId": a.org_id,
                 "totpSecret": TOTP_SECRETS.get(a.username)}
                for a in DEMO_ACCOUNTS
            ]}
        raise AppError(404, "ROUTE_NOT_FOUND", "There is no such local route")


def _make_handler(server: DevServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "karmayogi-dev"

        def log_message(self, format: str, *args: Any) -> None:
            if not server.quiet:
                sys.stderr.write(f"{self.command} {format % args}\n")

        def _send(self, status: int, headers: dict[str, str], body: bytes, cookies: list[str] | None = None) -> None:
            if status in (204, 304):
                body = b""  # these statuses have no body; sending one breaks keep-alive connections
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() not in ("content-length", "connection"):
                    self.send_header(key, value)
            for cookie in cookies or ():
                self.send_header("Set-Cookie", cookie)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            self._send(status, {"Content-Type": "application/json", **(headers or {})},
                       json.dumps(payload, ensure_ascii=False).encode())

        def _handle(self) -> None:
            split = urlsplit(self.path)
            path = split.path.rstrip("/") or "/"
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._json(413, {"error": {"code": "PAYLOAD_TOO_LARGE", "message": "The body is too large"}})
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            try:
                if self.command == "OPTIONS":
                    self._send(204, {"Access-Control-Allow-Methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
                                     "Access-Control-Allow-Headers":
                                         "Authorization,Content-Type,Idempotency-Key,Accept-Language"}, b"")
                    return
                if path == "/" and self.command in ("GET", "HEAD"):
                    self._send(302, {"Location": "/app/"}, b"")
                    return
                if (path == "/app" or path.startswith("/app/")) and self.command in ("GET", "HEAD"):
                    self._send(*web_file(path, server.moto_url))
                    return
                if split.path.startswith(cdn.MEDIA_PATH) and self.command in ("GET", "HEAD"):
                    host = self.headers.get("Host") or f"127.0.0.1:{server.port}"
                    self._send(*cdn.serve(f"http://{host}", split.path, split.query, dict(self.headers.items())))
                    return
                if path.startswith("/_local/"):
                    status, payload = server.local_route(self.command, path, parse_qs(split.query), body)
                    self._json(status, payload)
                    return
                if path == "/openapi.json" and self.command == "GET":
                    self._json(200, openapi.document(server_url=server.url))
                    return
                if path == "/docs" and self.command == "GET":
                    self._send(200, {"Content-Type": "text/html; charset=utf-8"}, openapi.swagger_html().encode())
                    return
                if path.startswith("/docs/") and self.command == "GET":
                    asset = openapi.swagger_asset(path.removeprefix("/docs/"))
                    if asset is None:
                        raise AppError(404, "ROUTE_NOT_FOUND", "There is no such file")
                    self._send(200, {"Content-Type": asset[0]}, asset[1])
                    return
                headers = dict(self.headers.items())
                claims = server.verifier.claims(self.headers.get("Authorization"))
                response = gateway.dispatch(self.command, path, query=split.query, headers=headers,
                                            body=body, claims=claims)
                self._send(response.status, response.headers, response.body, response.cookies)
            except AppError as error:
                self._json(error.status, error.body(), error.headers())
            except (BrokenPipeError, ConnectionResetError):  # the client left (a browser navigating on)
                self.close_connection = True
            except Exception as error:  # the gateway's own 500, with the error body
                sys.stderr.write(f"dev server error: {error!r}\n")
                self._json(500, {"error": {"code": "INTERNAL_ERROR", "message": "Something went wrong"}})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle

        def __getattr__(self, name: str) -> Any:
            # Any other method (TRACE, PROPFIND, CONNECT...) goes through the gateway too, which answers
            # 405 or 404 with the error body as API Gateway does (http.server would answer an HTML 501).
            if name.startswith("do_"):
                return self._handle
            raise AttributeError(name)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """http.server's own refusals (a malformed request line, a header too long...) with the error
            body, not its HTML page."""
            del explain
            text = message or self.responses.get(code, ("Error",))[0]
            self.log_error("code %d, message %s", code, text)
            error = {"code": HTTP_SERVER_ERROR_CODES.get(code, "BAD_REQUEST"), "message": text}
            self.close_connection = True
            self.send_response(code, message)
            self.send_header("Connection", "close")
            body = json.dumps({"error": error}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Karmayogi locally (DynamoDB Local and moto) with demo data.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--no-seed", action="store_true", help="start empty")
    parser.add_argument("--engine", choices=ENGINES, default=os.environ.get("KARMAYOGI_TABLE_ENGINE", ENGINES[0]),
                        help="the table's engine: Amazon's DynamoDB Local (default) or in-process moto")
    args = parser.parse_args(argv)

    started = time.monotonic()
    server = DevServer(args.port, seed=not args.no_seed, engine=args.engine)
    server.say(f"Starting Karmayogi locally (table on {args.engine}; moto for the other services)...")
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    server.say(f"\nKarmayogi is running at {server.url}  (started in {time.monotonic() - started:.1f} s)")
    server.say(f"  Web app:    {server.url}/app/")
    server.say(f"  API docs:   {server.url}/docs   (OpenAPI: {server.url}/openapi.json)")
    server.say(f"  Health:     {server.url}/health")
    server.say(f"  Outbox:     {server.url}/_local/outbox   Clock: {server.url}/_local/clock")
    server.say(f"  moto:       {server.moto_url}  (AWS_ENDPOINT_URL for the AWS CLI)")
    if server._dynamodb_local:
        server.say(f"  DynamoDB:   {server._dynamodb_local.endpoint}  (AWS_ENDPOINT_URL_DYNAMODB; DynamoDB Local)")
    if not args.no_seed:
        from local.seed.data.accounts import DEMO_ACCOUNTS

        server.say("\nDemo accounts (username / password / roles):")
        for account in DEMO_ACCOUNTS:
            server.say(f"  {account.username:45} {account.password:18} {','.join(account.roles)}")
    server.say("\nCtrl-C to stop.")

    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    server.say("\nStopping...")
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
