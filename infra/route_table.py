"""The route table: every HTTP route of the platform, the hub (Lambda) that serves it, and whether it is
public. API Gateway (infra/constructs/api.py) and the dev server's gateway (local/gateway.py) are both
built from this list, and a test checks it against each hub's resolver, so they cannot disagree.

Path parameters use the same name at the same position everywhere (API Gateway requires it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

HUBS = ("auth", "learning", "discussion", "network", "competency", "career", "events")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    hub: str
    public: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.path)


def _r(method: str, path: str, hub: str, public: bool = False) -> Route:
    return Route(method, path, hub, public)


ROUTES: tuple[Route, ...] = (
    # ---- meta and directory (served by the auth hub) ----
    _r("GET", "/health", "auth", public=True),
    _r("GET", "/openapi.json", "auth", public=True),
    _r("GET", "/orgs", "auth", public=True),
    _r("GET", "/orgs/{orgId}", "auth", public=True),
    _r("GET", "/designations", "auth", public=True),
    _r("POST", "/orgs", "auth"),
    _r("PATCH", "/orgs/{orgId}", "auth"),
    _r("POST", "/designations", "auth"),
    _r("PATCH", "/designations/{designationId}", "auth"),
    # ---- registration and login ----
    _r("POST", "/auth/register", "auth", public=True),
    _r("POST", "/auth/register/{registrationId}/verify", "auth", public=True),
    _r("POST", "/auth/register/{registrationId}/resend", "auth", public=True),
    _r("POST", "/auth/register/{registrationId}/password", "auth", public=True),
    _r("POST", "/auth/login", "auth", public=True),
    _r("POST", "/auth/login/mfa", "auth", public=True),
    _r("POST", "/auth/refresh", "auth", public=True),
    _r("POST", "/auth/logout", "auth"),
    _r("POST", "/auth/password/forgot", "auth", public=True),
    _r("POST", "/auth/password/reset", "auth", public=True),
    # ---- profile and org administration ----
    _r("GET", "/me", "auth"),
    _r("PATCH", "/me", "auth"),
    _r("POST", "/me/contact/verify", "auth"),
    _r("POST", "/me/password", "auth"),
    _r("PUT", "/me/competency-profile", "auth"),
    _r("POST", "/me/mfa/setup", "auth"),
    _r("POST", "/me/mfa/verify", "auth"),
    _r("GET", "/orgs/{orgId}/users", "auth"),
    _r("POST", "/users/{userId}/roles", "auth"),
    _r("DELETE", "/users/{userId}/roles/{role}", "auth"),
    _r("GET", "/orgs/{orgId}/designation-requests", "auth"),
    _r("POST", "/orgs/{orgId}/designation-requests/{requestId}/approve", "auth"),
    _r("POST", "/orgs/{orgId}/designation-requests/{requestId}/reject", "auth"),
    _r("POST", "/users/{userId}/suspend", "auth"),
    # ---- org membership (API.md v2 "Registration": links, members waiting for approval) ----
    _r("GET", "/registration-links/{linkId}", "auth", public=True),
    _r("POST", "/orgs/{orgId}/registration-links", "auth"),
    _r("GET", "/orgs/{orgId}/registration-links", "auth"),
    _r("DELETE", "/orgs/{orgId}/registration-links/{linkId}", "auth"),
    _r("GET", "/orgs/{orgId}/members", "auth"),
    _r("POST", "/orgs/{orgId}/members/{userId}/approve", "auth"),
    _r("POST", "/orgs/{orgId}/members/{userId}/reject", "auth"),
    _r("POST", "/users/{userId}/transfers", "auth"),
    _r("GET", "/orgs/{orgId}/transfers", "auth"),
    _r("POST", "/orgs/{orgId}/transfers/{transferId}/accept", "auth"),
    _r("POST", "/orgs/{orgId}/transfers/{transferId}/reject", "auth"),
    _r("POST", "/orgs/{orgId}/transfers/{transferId}/cancel", "auth"),
    _r("POST", "/orgs/{orgId}/imports", "auth"),
    _r("GET", "/orgs/{orgId}/imports", "auth"),
    _r("GET", "/orgs/{orgId}/imports/{importId}", "auth"),
    _r("POST", "/orgs/{orgId}/imports/{importId}/start", "auth"),
    _r("GET", "/orgs/{orgId}/imports/{importId}/rejected", "auth"),
    _r("POST", "/auth/invitations/redeem", "auth", public=True),
    _r("POST", "/users/{userId}/restore", "auth"),
    # ---- competency hub ----
    _r("GET", "/competencies", "competency"),
    _r("POST", "/competencies", "competency"),
    _r("GET", "/competencies/{competencyId}", "competency"),
    _r("PUT", "/competencies/{competencyId}", "competency"),
    _r("GET", "/me/competencies", "competency"),
    _r("GET", "/me/competency-gaps", "competency"),
    _r("GET", "/orgs/{orgId}/designation-competencies", "competency"),
    _r("PUT", "/orgs/{orgId}/designation-competencies/{designationId}", "competency"),
    _r("POST", "/orgs/{orgId}/designation-competencies/upload", "competency"),
    _r("GET", "/orgs/{orgId}/competency-gaps", "competency"),
    _r("POST", "/orgs/{orgId}/plans", "competency"),
    _r("GET", "/orgs/{orgId}/plans", "competency"),
    _r("GET", "/orgs/{orgId}/plans/{planId}", "competency"),
    _r("PUT", "/orgs/{orgId}/plans/{planId}", "competency"),
    _r("POST", "/orgs/{orgId}/plans/{planId}/publish", "competency"),
    _r("POST", "/orgs/{orgId}/plans/{planId}/retire", "competency"),
    _r("GET", "/orgs/{orgId}/plans/{planId}/progress", "competency"),
    _r("GET", "/orgs/{orgId}/insights", "competency"),
    _r("GET", "/insights", "competency"),
    _r("GET", "/orgs/{orgId}/reports/{report}", "competency"),
    _r("GET", "/me/plans", "competency"),
    # ---- learning hub ----
    _r("GET", "/courses", "learning"),
    _r("POST", "/courses", "learning"),
    _r("GET", "/courses/{courseId}", "learning"),
    _r("PUT", "/courses/{courseId}", "learning"),
    _r("POST", "/courses/{courseId}/review", "learning"),
    _r("POST", "/courses/{courseId}/publish", "learning"),
    _r("POST", "/courses/{courseId}/retire", "learning"),
    _r("POST", "/courses/{courseId}/send-back", "learning"),
    _r("GET", "/courses/{courseId}/reviews", "learning"),
    _r("POST", "/courses/{courseId}/versions", "learning"),
    _r("POST", "/courses/{courseId}/batches", "learning"),
    _r("GET", "/courses/{courseId}/batches", "learning"),
    _r("PATCH", "/courses/{courseId}/batches/{batchId}", "learning"),
    _r("GET", "/courses/{courseId}/batches/{batchId}/waitlist", "learning"),
    _r("GET", "/courses/{courseId}/stats", "learning"),
    _r("POST", "/courses/{courseId}/contents/{contentId}/uploads", "learning"),
    _r("GET", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}", "learning"),
    _r("POST", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}/complete", "learning"),
    _r("GET", "/courses/{courseId}/contents/{contentId}/play", "learning"),
    _r("POST", "/courses/{courseId}/enrolments", "learning"),
    _r("GET", "/courses/{courseId}/assessments/{contentId}", "learning"),
    _r("POST", "/courses/{courseId}/assessments/{contentId}/attempts", "learning"),
    _r("GET", "/enrolments/{enrolmentId}", "learning"),
    _r("DELETE", "/enrolments/{enrolmentId}", "learning"),
    _r("POST", "/enrolments/{enrolmentId}/approve", "learning"),
    _r("POST", "/enrolments/{enrolmentId}/reject", "learning"),
    _r("PUT", "/enrolments/{enrolmentId}/progress", "learning"),
    _r("GET", "/enrolments/{enrolmentId}/contents/{contentId}/play", "learning"),
    _r("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats", "learning"),
    _r("GET", "/me/enrolments", "learning"),
    _r("GET", "/orgs/{orgId}/enrolments", "learning"),
    _r("GET", "/me/certificates", "learning"),
    _r("GET", "/certificates/{certificateId}", "learning", public=True),
    _r("POST", "/certificates/{certificateId}/revoke", "learning"),
    _r("GET", "/me/certificates/{certificateId}", "learning"),  # {certificateId} is "<id>.pdf" (API.md v2)
    _r("GET", "/.well-known/karmayogi-issuer.json", "learning", public=True),
    _r("GET", "/me/karma", "learning"),
    _r("GET", "/orgs/{orgId}/leaderboard", "learning"),
    _r("PUT", "/courses/{courseId}/rating", "learning"),
    _r("GET", "/courses/{courseId}/ratings", "learning"),
    # ---- discussion hub ----
    _r("GET", "/communities", "discussion"),
    _r("POST", "/communities", "discussion"),
    _r("GET", "/communities/{communityId}", "discussion"),
    _r("POST", "/communities/{communityId}/join", "discussion"),
    _r("POST", "/communities/{communityId}/leave", "discussion"),
    _r("POST", "/communities/{communityId}/invitations", "discussion"),
    _r("GET", "/communities/{communityId}/topics", "discussion"),
    _r("POST", "/communities/{communityId}/topics", "discussion"),
    _r("GET", "/topics/{topicId}", "discussion"),
    _r("POST", "/topics/{topicId}/replies", "discussion"),
    _r("PATCH", "/posts/{postId}", "discussion"),
    _r("DELETE", "/posts/{postId}", "discussion"),
    _r("POST", "/posts/{postId}/vote", "discussion"),
    _r("POST", "/posts/{postId}/bookmark", "discussion"),
    _r("POST", "/posts/{postId}/report", "discussion"),
    _r("POST", "/posts/{postId}/hide", "discussion"),
    _r("POST", "/posts/{postId}/restore", "discussion"),
    _r("GET", "/me/bookmarks", "discussion"),
    _r("GET", "/communities/{communityId}/moderation-log", "discussion"),
    # ---- network hub ----
    _r("GET", "/people", "network"),
    _r("GET", "/search", "network"),
    _r("GET", "/people/recommended", "network"),
    _r("GET", "/people/{userId}", "network"),
    _r("POST", "/people/{userId}/block", "network"),
    _r("DELETE", "/people/{userId}/block", "network"),
    _r("POST", "/connections", "network"),
    _r("GET", "/connections", "network"),
    _r("POST", "/connections/{connectionId}/accept", "network"),
    _r("POST", "/connections/{connectionId}/reject", "network"),
    _r("DELETE", "/connections/{connectionId}", "network"),
    # ---- career hub ----
    _r("GET", "/career/paths", "career"),
    _r("POST", "/career/paths", "career"),
    _r("GET", "/career/paths/{pathId}", "career"),
    _r("PATCH", "/career/paths/{pathId}", "career"),
    _r("GET", "/me/career/readiness", "career"),
    _r("GET", "/career/openings", "career"),
    _r("POST", "/career/openings", "career"),
    _r("GET", "/career/openings/{openingId}", "career"),
    _r("POST", "/career/openings/{openingId}/applications", "career"),
    _r("GET", "/career/openings/{openingId}/applications", "career"),
    _r("POST", "/career/applications/{applicationId}/status", "career"),
    _r("GET", "/me/applications", "career"),
    # ---- events hub and notifications ----
    _r("GET", "/events", "events"),
    _r("POST", "/events", "events"),
    _r("GET", "/events/{eventId}", "events"),
    _r("PATCH", "/events/{eventId}", "events"),
    _r("DELETE", "/events/{eventId}", "events"),
    _r("POST", "/events/{eventId}/publish", "events"),
    _r("POST", "/events/{eventId}/registrations", "events"),
    _r("DELETE", "/events/{eventId}/registrations", "events"),
    _r("POST", "/events/{eventId}/attendance", "events"),
    _r("GET", "/events/{eventId}/calendar.ics", "events"),
    _r("GET", "/me/events", "events"),
    _r("GET", "/me/notifications", "events"),
    _r("GET", "/me/notifications/unread-count", "events"),
    _r("POST", "/me/notifications/{notificationId}/read", "events"),
    _r("POST", "/me/notifications/read-all", "events"),
    _r("GET", "/me/push/key", "events"),
    _r("PUT", "/me/push/subscriptions", "events"),
    _r("GET", "/me/push/subscriptions", "events"),
    _r("DELETE", "/me/push/subscriptions/{subscriptionId}", "events"),
)


@cache
def _compile(path: str) -> re.Pattern[str]:
    parts = []
    for segment in path.strip("/").split("/"):
        match = re.fullmatch(r"\{(\w+)\}", segment)
        parts.append(f"(?P<{match.group(1)}>[^/]+)" if match else re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "$")


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for a request, with its path parameters. Literal segments win over parameters
    (`/people/recommended` before `/people/{userId}`), as in API Gateway."""
    candidates = []
    for route in ROUTES:
        found = route.pattern.match(path)
        if found:
            literal_segments = sum(1 for s in route.path.split("/") if s and not s.startswith("{"))
            candidates.append((literal_segments, route, found.groupdict()))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    best_literal = candidates[0][0]
    for literal_segments, route, params in candidates:
        if literal_segments == best_literal and route.method == method:
            return route, params
    for _, route, params in candidates:
        if route.method == method:
            return route, params
    return None


def path_exists(path: str) -> bool:
    return any(route.pattern.match(path) for route in ROUTES)


def routes_of(hub: str) -> list[Route]:
    return [route for route in ROUTES if route.hub == hub]
