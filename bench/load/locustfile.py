"""The main learner journey as a Locust user, against a local dev server only (bench/load/run.py starts
one on 127.0.0.1 and points Locust at it).

Each simulated learner registers (codes read from the dev server's outbox), logs in, and then loops:
catalogue → a course → its batches → enrols once (202; the workflow decides) → records progress when
enrolled → reads discussions (communities, topics, a topic) → lists events → reads notifications.
Requests are named by route (`/courses/[courseId]`) so the statistics are per route. Any unexpected
status is a failure."""

from __future__ import annotations

import itertools
import os
import random
import re
import time
from typing import Any
from urllib.parse import quote, urlsplit

from locust import HttpUser, between, task

PASSWORD = "Load@Karma2026"  # noqa: S105 - the password of throwaway local load-test accounts
ORG = "state-arunachal-pradesh"
DESIGNATION = "aso"
_numbers = itertools.count(1)
_run = f"{os.getpid() % 1000:03d}{int(time.time()) % 100000:05d}"


def _loopback_only(host: str | None) -> None:
    hostname = urlsplit(host or "").hostname or ""
    if not (hostname == "localhost" or hostname.startswith("127.") or hostname == "::1"):
        raise SystemExit(f"refusing to load-test {host!r}: loopback targets only")


class Learner(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        _loopback_only(self.host)
        self.token = ""
        self.enrolments: dict[str, str] = {}  # courseId → enrolmentId
        clock = self.call("GET", "/_local/clock", "/_local/clock") or {}
        self.today = str(clock.get("now", time.strftime("%Y-%m-%d", time.gmtime())))[:10]  # the server's date
        self.register_and_login()

    # ---- helpers ------------------------------------------------------------------------------------------
    def call(self, method: str, path: str, name: str, expected: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        with self.client.request(method, path, name=name, headers=headers, catch_response=True, **kwargs) as response:
            if response.status_code not in expected:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            response.success()
            try:
                return response.json() if response.content else {}
            except ValueError:
                return {}

    def code_for(self, address: str) -> str:
        for _ in range(40):
            outbox = self.call("GET", f"/_local/outbox?to={quote(address)}", "/_local/outbox") or {}
            messages = outbox.get("messages") or []
            if messages:
                found = re.search(r"(?<!\d)(\d{6})(?!\d)", messages[-1]["body"])
                if found:
                    return found.group(1)
            time.sleep(0.1)
        raise RuntimeError(f"no code for {address}")

    def register_and_login(self) -> None:
        n = next(_numbers)
        email = f"load.{_run}.{n}@arunachalpradesh.gov.in"
        mobile = f"+9193{_run[-5:]}{n:03d}"
        started = self.call("POST", "/auth/register", "/auth/register", (202,), json={
            "employeeId": f"LOAD-{_run}-{n}", "name": f"Load Learner {n}", "email": email, "mobile": mobile,
            "orgId": ORG, "designation": DESIGNATION})
        if not started:
            return
        registration = started["registrationId"]
        for channel, address in (("email", email), ("mobile", mobile)):
            self.call("POST", f"/auth/register/{registration}/verify", "/auth/register/[registrationId]/verify",
                      json={"channel": channel, "code": self.code_for(address)})
        self.call("POST", f"/auth/register/{registration}/password", "/auth/register/[registrationId]/password",
                  (201,), json={"password": PASSWORD})
        tokens = self.call("POST", "/auth/login", "/auth/login", json={"username": email, "password": PASSWORD})
        if tokens:
            self.token = tokens["accessToken"]

    # ---- the journey --------------------------------------------------------------------------------------
    @task
    def journey(self) -> None:
        if not self.token:
            return
        self.call("GET", "/me", "/me")
        catalogue = self.call("GET", "/courses?limit=20", "/courses") or {"items": []}
        if catalogue["items"]:
            course = random.choice(catalogue["items"])
            self.course(course["id"])
        self.discussions()
        self.call("GET", "/events", "/events")
        self.call("GET", "/me/events", "/me/events")
        self.call("GET", "/me/notifications", "/me/notifications")
        self.call("GET", "/me/notifications/unread-count", "/me/notifications/unread-count")

    def course(self, course_id: str) -> None:
        detail = self.call("GET", f"/courses/{course_id}", "/courses/[courseId]")
        if not detail:
            return
        if course_id not in self.enrolments:
            batches = self.call("GET", f"/courses/{course_id}/batches", "/courses/[courseId]/batches") or {}
            open_batches = [b for b in batches.get("items", []) if not b.get("requiresApproval")
                            and b["enrollmentStartDate"] <= self.today <= b["enrollmentEndDate"]
                            and b.get("seatsTaken", 0) < b.get("seats", 0)]
            if open_batches:
                accepted = self.call("POST", f"/courses/{course_id}/enrolments", "/courses/[courseId]/enrolments",
                                     (202,), json={"batchId": open_batches[0]["id"]})
                if accepted:
                    self.enrolments[course_id] = accepted["enrolmentId"]
        if course_id not in self.enrolments:
            return
        for _ in range(5):  # the workflow decides within moments
            enrolment = self.call("GET", f"/enrolments/{self.enrolments[course_id]}", "/enrolments/[enrolmentId]")
            if not enrolment or enrolment["status"] != "REQUESTED":
                break
            time.sleep(0.3)
        if not enrolment or enrolment["status"] != "ENROLLED":
            return
        # declared progress is for links only (video, audio, pdf, scorm are counted from players' heartbeats)
        contents = [c for m in detail.get("modules", []) for c in m.get("contents", []) if c["type"] == "link"]
        if contents:
            content = random.choice(contents)
            self.call("PUT", f"/enrolments/{self.enrolments[course_id]}/progress", "/enrolments/[enrolmentId]/progress",
                      json={"contentId": content["id"], "status": "completed", "progressPercent": 100})

    def discussions(self) -> None:
        communities = self.call("GET", "/communities", "/communities") or {"items": []}
        readable = [c for c in communities["items"] if c.get("visibility") == "open"]  # private: members only
        if not readable:
            return
        community = random.choice(readable)
        topics = self.call("GET", f"/communities/{community['id']}/topics", "/communities/[communityId]/topics")
        if topics and topics["items"]:
            topic = random.choice(topics["items"])
            self.call("GET", f"/topics/{topic['id']}", "/topics/[topicId]")
