"""The authorization matrix: EVERY route of infra/route_table.ROUTES, called by each persona, against real
resources of the "own org" (dopt; tests/security/world.py builds them through the API), answers with the
status class written in MATRIX below.

Personas: anonymous (no token), learner (dopt), other_learner (mof), admin (MDO_ADMIN of dopt),
other_admin (MDO_ADMIN of mof), moderator (COMMUNITY_MODERATOR of dopt, who made the community), spv
(SPV_ADMIN). The learner owns the topic, the enrolment, the event registration and receives the pending
connection; a colleague (dopt) wrote the reply, applied to the opening and asked to connect; a content
creator (dopt) wrote the courses; the admin made the batch, plan, opening and events.

Expected classes: "2" (2xx), "401", "403", "404", and, only with a reason in NOTES, "400"/"409".
A route without a row fails `test_every_route_has_a_row` (and its cases fail): a new route must be
placed in the matrix by whoever adds it. Each case runs against the same world: after any request that
is not a GET, the table is put back as it was (Snapshot)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from infra.route_table import ROUTES, Route
from karmayogi.platform import clock
from local import aws
from tests.security import world as W

pytestmark = pytest.mark.xdist_group("security-matrix")  # one world, one worker

P = W.PERSONAS  # anonymous, learner, other_learner, admin, other_admin, moderator, spv

# ---- the matrix ------------------------------------------------------------------------------------------
# One row per route: the expected status class for each persona, in the order of P:
#                                                        anon learner o_learn admin o_admin  moder   spv
MATRIX: dict[tuple[str, str], str] = {
    # meta and directory: public
    ("GET", "/health"):                                  "2     2       2       2     2        2       2",
    ("GET", "/openapi.json"):                            "2     2       2       2     2        2       2",
    ("GET", "/orgs"):                                    "2     2       2       2     2        2       2",
    ("GET", "/orgs/{orgId}"):                            "2     2       2       2     2        2       2",
    ("GET", "/designations"):                            "2     2       2       2     2        2       2",
    # the managed directory: SPV_ADMIN only
    ("POST", "/orgs"):                                   "401   403     403     403   403      403     2",
    ("PATCH", "/orgs/{orgId}"):                          "401   403     403     403   403      403     2",
    ("POST", "/designations"):                           "401   403     403     403   403      403     2",
    ("PATCH", "/designations/{designationId}"):          "401   403     403     403   403      403     2",
    # registration and login: public
    ("POST", "/auth/register"):                          "2     2       2       2     2        2       2",
    ("POST", "/auth/register/{registrationId}/verify"):  "2     2       2       2     2        2       2",
    ("POST", "/auth/register/{registrationId}/resend"):  "2     2       2       2     2        2       2",
    ("POST", "/auth/register/{registrationId}/password"): "409  409     409     409   409      409     409",
    ("POST", "/auth/login"):                             "2     2       2       2     2        2       2",
    ("POST", "/auth/login/mfa"):                         "401   401     401     401   401      401     401",
    ("POST", "/auth/refresh"):                           "2     2       2       2     2        2       2",
    ("POST", "/auth/logout"):                            "401   2       2       2     2        2       2",
    ("POST", "/auth/password/forgot"):                   "2     2       2       2     2        2       2",
    ("POST", "/auth/password/reset"):                    "2     2       2       2     2        2       2",
    # profile: one's own
    ("GET", "/me"):                                      "401   2       2       2     2        2       2",
    ("PATCH", "/me"):                                    "401   2       2       2     2        2       2",
    ("POST", "/me/contact/verify"):                      "401   400     400     400   400      400     400",
    # Cognito's ChangePassword needs the caller's access token itself (as the TOTP set-up below);
    # tests/auth/test_account.py changes a password with a real token
    ("POST", "/me/password"):                            "401   401     401     401   401      401     401",
    ("PUT", "/me/competency-profile"):                   "401   2       2       2     2        2       2",
    # TOTP set-up: Cognito's own calls need the caller's access token itself, which the personas' claims
    # (as an authorizer passes them) do not carry: 401 for all here; tests/auth/test_sessions.py sets it up
    ("POST", "/me/mfa/setup"):                           "401   401     401     401   401      401     401",
    ("POST", "/me/mfa/verify"):                          "401   401     401     401   401      401     401",
    # org administration: the org's MDO_ADMIN, or SPV
    ("GET", "/orgs/{orgId}/users"):                      "401   403     403     2     403      403     2",
    ("POST", "/users/{userId}/roles"):                   "401   403     403     2     403      403     2",
    ("DELETE", "/users/{userId}/roles/{role}"):          "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/designation-requests"):       "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/designation-requests/{requestId}/approve"): "401 403 403  2     403      403     2",
    ("POST", "/orgs/{orgId}/designation-requests/{requestId}/reject"): "401 403  403  2     403      403     2",
    ("POST", "/users/{userId}/suspend"):                 "401   403     403     2     403      403     2",
    ("POST", "/users/{userId}/restore"):                 "401   403     403     2     403      403     2",
    # org membership: links and pending members are the org's MDO_ADMIN's (SPV); a link's info is public
    ("GET", "/registration-links/{linkId}"):             "2     2       2       2     2        2       2",
    ("POST", "/orgs/{orgId}/registration-links"):        "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/registration-links"):         "401   403     403     2     403      403     2",
    ("DELETE", "/orgs/{orgId}/registration-links/{linkId}"): "401 403   403     2     403      403     2",
    ("GET", "/orgs/{orgId}/members"):                    "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/members/{userId}/approve"):  "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/members/{userId}/reject"):   "401   403     403     2     403      403     2",
    # transfers: asked by the officer's org's MDO_ADMIN, decided by the receiving org's (SPV: both)
    ("POST", "/users/{userId}/transfers"):               "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/transfers"):                  "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/transfers/{transferId}/accept"): "401 403   403     2     403      403     2",
    ("POST", "/orgs/{orgId}/transfers/{transferId}/reject"): "401 403   403     2     403      403     2",
    ("POST", "/orgs/{orgId}/transfers/{transferId}/cancel"): "401 403   403     2     403      403     2",
    # bulk imports: the org's MDO_ADMIN (SPV); redeeming an invitation code is public
    ("POST", "/orgs/{orgId}/imports"):                   "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/imports"):                    "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/imports/{importId}"):         "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/imports/{importId}/start"):  "401   403     403     409   403      403     409",
    ("GET", "/orgs/{orgId}/imports/{importId}/rejected"): "401  403     403     2     403      403     2",
    ("POST", "/auth/invitations/redeem"):                "404   404     404     404   404      404     404",
    # competency hub
    ("GET", "/competencies"):                            "401   2       2       2     2        2       2",
    ("POST", "/competencies"):                           "401   403     403     2     2        403     2",
    ("GET", "/competencies/{competencyId}"):             "401   2       2       2     2        2       2",
    ("PUT", "/competencies/{competencyId}"):             "401   403     403     2     403      403     2",
    ("GET", "/me/competencies"):                         "401   2       2       2     2        2       2",
    ("GET", "/me/competency-gaps"):                      "401   2       2       2     2        2       2",
    ("GET", "/orgs/{orgId}/designation-competencies"):   "401   2       403     2     403      2       2",
    ("PUT", "/orgs/{orgId}/designation-competencies/{designationId}"): "401 403 403  2     403      403     2",
    ("POST", "/orgs/{orgId}/designation-competencies/upload"): "401 403  403     2     403      403     2",
    ("GET", "/orgs/{orgId}/competency-gaps"):            "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/plans"):                     "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/plans"):                      "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/plans/{planId}"):             "401   403     403     2     403      403     2",
    ("PUT", "/orgs/{orgId}/plans/{planId}"):             "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/plans/{planId}/publish"):    "401   403     403     2     403      403     2",
    ("POST", "/orgs/{orgId}/plans/{planId}/retire"):     "401   403     403     2     403      403     2",
    ("GET", "/orgs/{orgId}/plans/{planId}/progress"):    "401   403     403     2     403      403     2",
    ("GET", "/me/plans"):                                "401   2       2       2     2        2       2",
    # insights (MDO_LEADER of the org too: tests/competency/test_insights.py)
    ("GET", "/orgs/{orgId}/insights"):                   "401   403     403     2     403      403     2",
    ("GET", "/insights"):                                "401   403     403     403   403      403     2",
    ("GET", "/orgs/{orgId}/reports/{report}"):           "401   403     403     2     403      403     2",
    # learning hub
    ("GET", "/courses"):                                 "401   2       2       2     2        2       2",
    ("POST", "/courses"):                                "401   403     403     403   403      403     2",
    ("GET", "/courses/{courseId}"):                      "401   2       2       2     2        2       2",
    ("PUT", "/courses/{courseId}"):                      "401   404     404     403   404      404     2",
    ("POST", "/courses/{courseId}/review"):              "401   404     404     403   404      404     2",
    ("POST", "/courses/{courseId}/publish"):             "401   403     403     409   403      403     409",
    ("POST", "/courses/{courseId}/retire"):              "401   403     403     2     403      403     2",
    ("POST", "/courses/{courseId}/send-back"):           "401   403     403     409   403      403     409",
    ("GET", "/courses/{courseId}/reviews"):              "401   403     403     2     403      403     2",
    ("POST", "/courses/{courseId}/versions"):            "401   403     403     403   403      403     2",
    ("POST", "/courses/{courseId}/batches"):             "401   403     403     2     2        403     2",
    ("GET", "/courses/{courseId}/batches"):              "401   2       2       2     2        2       2",
    ("PATCH", "/courses/{courseId}/batches/{batchId}"):  "401   403     403     2     403      403     2",
    ("GET", "/courses/{courseId}/batches/{batchId}/waitlist"): "401 403 403   2     403      403     2",
    ("GET", "/courses/{courseId}/stats"):                "401   403     403     2     2        403     2",
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads"): "401 404 404   403   404      404     2",
    ("GET", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}"): "401 404 404 403 404   404     2",
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}/complete"): "401 404 404 403 404 404 409",
    ("GET", "/courses/{courseId}/contents/{contentId}/play"): "401 403 403   2     403      403     2",
    ("POST", "/courses/{courseId}/enrolments"):          "401   409     2       2     2        2       2",
    ("GET", "/courses/{courseId}/assessments/{contentId}"): "401 2       403     403   403      403     403",
    ("POST", "/courses/{courseId}/assessments/{contentId}/attempts"): "401 2 403   403   403      403     403",
    ("GET", "/enrolments/{enrolmentId}"):                "401   2       404     2     404      404     2",
    ("DELETE", "/enrolments/{enrolmentId}"):             "401   2       404     404   404      404     404",
    ("POST", "/enrolments/{enrolmentId}/approve"):       "401   403     403     409   403      403     409",
    ("POST", "/enrolments/{enrolmentId}/reject"):        "401   403     403     409   403      403     409",
    ("PUT", "/enrolments/{enrolmentId}/progress"):       "401   2       404     404   404      404     404",
    ("GET", "/enrolments/{enrolmentId}/contents/{contentId}/play"): "401 2 404 404     404      404     404",
    ("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats"): "401 2 404 404 404     404     404",
    ("GET", "/me/enrolments"):                           "401   2       2       2     2        2       2",
    ("GET", "/orgs/{orgId}/enrolments"):                 "401   403     403     2     403      403     2",
    ("GET", "/me/certificates"):                         "401   2       2       2     2        2       2",
    ("GET", "/certificates/{certificateId}"):            "2     2       2       2     2        2       2",
    # revoking: SPV_ADMIN, or the MDO_ADMIN of the issuing org (dopt provides the world's course)
    ("POST", "/certificates/{certificateId}/revoke"):    "401   403     403     2     403      403     2",
    ("GET", "/me/certificates/{certificateId}"):         "401   404     404     404   404      404     404",
    ("GET", "/.well-known/karmayogi-issuer.json"):       "2     2       2       2     2        2       2",
    ("GET", "/me/karma"):                                "401   2       2       2     2        2       2",
    ("GET", "/orgs/{orgId}/leaderboard"):                "401   2       403     2     403      2       2",
    ("PUT", "/courses/{courseId}/rating"):               "401   403     403     403   403      403     403",
    ("GET", "/courses/{courseId}/ratings"):              "401   2       2       2     2        2       2",
    # discussion hub
    ("GET", "/communities"):                             "401   2       2       2     2        2       2",
    ("POST", "/communities"):                            "401   403     403     2     2        2       2",
    ("GET", "/communities/{communityId}"):               "401   2       2       2     2        2       2",
    ("POST", "/communities/{communityId}/join"):         "401   409     2       2     2        409     2",
    ("POST", "/communities/{communityId}/leave"):        "401   2       409     409   409      2       409",
    ("POST", "/communities/{communityId}/invitations"):  "401   403     403     403   403      2       2",
    ("GET", "/communities/{communityId}/topics"):        "401   2       2       2     2        2       2",
    ("POST", "/communities/{communityId}/topics"):       "401   2       403     403   403      2       403",
    ("GET", "/topics/{topicId}"):                        "401   2       2       2     2        2       2",
    ("POST", "/topics/{topicId}/replies"):               "401   2       403     403   403      2       403",
    ("PATCH", "/posts/{postId}"):                        "401   2       403     403   403      403     403",
    ("DELETE", "/posts/{postId}"):                       "401   2       403     403   403      403     403",
    ("POST", "/posts/{postId}/vote"):                    "401   2       403     403   403      2       403",
    ("POST", "/posts/{postId}/bookmark"):                "401   2       2       2     2        2       2",
    ("POST", "/posts/{postId}/report"):                  "401   2       2       2     2        2       2",
    ("POST", "/posts/{postId}/hide"):                    "401   403     403     403   403      2       2",
    ("POST", "/posts/{postId}/restore"):                 "401   403     403     403   403      409     409",
    ("GET", "/me/bookmarks"):                            "401   2       2       2     2        2       2",
    ("GET", "/communities/{communityId}/moderation-log"): "401  403     403     403   403      2       2",
    # network hub
    ("GET", "/people"):                                  "401   2       2       2     2        2       2",
    ("GET", "/people/recommended"):                      "401   2       2       2     2        2       2",
    ("GET", "/people/{userId}"):                         "401   2       2       2     2        2       2",
    ("POST", "/people/{userId}/block"):                  "401   400     2       2     2        2       2",
    ("DELETE", "/people/{userId}/block"):                "401   2       2       2     2        2       2",
    ("GET", "/search"):                                  "401   2       2       2     2        2       2",
    ("POST", "/connections"):                            "401   400     2       2     2        2       2",
    ("GET", "/connections"):                             "401   2       2       2     2        2       2",
    ("POST", "/connections/{connectionId}/accept"):      "401   2       404     404   404      404     404",
    ("POST", "/connections/{connectionId}/reject"):      "401   2       404     404   404      404     404",
    ("DELETE", "/connections/{connectionId}"):           "401   403     404     404   404      404     404",
    # career hub
    ("GET", "/career/paths"):                            "401   2       2       2     2        2       2",
    ("POST", "/career/paths"):                           "401   403     403     403   403      403     2",
    ("GET", "/career/paths/{pathId}"):                   "401   2       2       2     2        2       2",
    ("PATCH", "/career/paths/{pathId}"):                 "401   403     403     403   403      403     2",
    ("GET", "/me/career/readiness"):                     "401   2       2       2     2        2       2",
    ("GET", "/career/openings"):                         "401   2       2       2     2        2       2",
    ("POST", "/career/openings"):                        "401   403     403     2     2        403     403",
    ("GET", "/career/openings/{openingId}"):             "401   2       2       2     2        2       2",
    ("POST", "/career/openings/{openingId}/applications"): "401 2       2       2     2        2       2",
    ("GET", "/career/openings/{openingId}/applications"): "401  403     403     2     403      403     2",
    ("POST", "/career/applications/{applicationId}/status"): "401 403   403     2     403      403     2",
    ("GET", "/me/applications"):                         "401   2       2       2     2        2       2",
    # events hub and notifications
    ("GET", "/events"):                                  "401   2       2       2     2        2       2",
    ("POST", "/events"):                                 "401   403     403     2     2        403     2",
    ("GET", "/events/{eventId}"):                        "401   2       2       2     2        2       2",
    ("PATCH", "/events/{eventId}"):                      "401   403     403     2     403      403     2",
    ("DELETE", "/events/{eventId}"):                     "401   403     403     2     403      403     2",
    ("POST", "/events/{eventId}/publish"):               "401   404     404     2     404      404     2",
    ("POST", "/events/{eventId}/registrations"):         "401   2       2       2     2        2       2",
    ("DELETE", "/events/{eventId}/registrations"):       "401   2       404     404   404      404     404",
    ("POST", "/events/{eventId}/attendance"):            "401   403     403     409   403      403     409",
    ("GET", "/events/{eventId}/calendar.ics"):           "401   2       2       2     2        2       2",
    ("GET", "/me/events"):                               "401   2       2       2     2        2       2",
    ("GET", "/me/notifications"):                        "401   2       2       2     2        2       2",
    ("GET", "/me/notifications/unread-count"):           "401   2       2       2     2        2       2",
    ("POST", "/me/notifications/{notificationId}/read"): "401   2       404     404   404      404     404",
    ("POST", "/me/notifications/read-all"):              "401   2       2       2     2        2       2",
    ("GET", "/me/push/key"):                             "401   2       2       2     2        2       2",
    ("PUT", "/me/push/subscriptions"):                   "401   2       2       2     2        2       2",
    ("GET", "/me/push/subscriptions"):                   "401   2       2       2     2        2       2",
    ("DELETE", "/me/push/subscriptions/{subscriptionId}"): "401 2       404     404   404      404     404",
}

# Why a 400/409 (or a 404 for someone else's resource) is the right answer where it appears above.
NOTES: dict[tuple[str, str], str] = {
    ("GET", "/me/certificates/{certificateId}"):
        "404 for every persona: the PDF is only its holder's (the colleague's certificate; nobody else learns it "
        "exists); tests/learning/test_certificates.py downloads it as the holder",
    ("POST", "/auth/register/{registrationId}/password"):
        "409 NOT_VERIFIED for everyone: public, and the world's registration has no verified channel",
    ("POST", "/courses/{courseId}/publish"):
        "409 for the admin and SPV: allowed, but the course is Live already (only Review can be published)",
    ("POST", "/courses/{courseId}/send-back"):
        "409 for the admin and SPV: allowed, but the course is Live (only Review can be sent back)",
    ("POST", "/courses/{courseId}/enrolments"):
        "409 for the learner: already enrolled in this course (one active enrolment per course)",
    ("POST", "/enrolments/{enrolmentId}/approve"):
        "409 for the own org's admin and SPV: allowed, but the enrolment is ENROLLED, not waiting for approval",
    ("POST", "/enrolments/{enrolmentId}/reject"):
        "409 for the own org's admin and SPV: allowed, but the enrolment is not waiting for approval",
    ("POST", "/me/contact/verify"):
        "400 OTP_EXPIRED for every signed-in caller: allowed, but nobody has a contact change waiting",
    ("GET", "/orgs/{orgId}/designation-competencies"): "403 for the other org: an org's mappings are its own",
    ("PUT", "/courses/{courseId}"):
        "404 for those who may not see a Draft (only its author, its org's publishers/admins and SPV may); "
        "403 for the own org's admin (sees it, is not its author); SPV acts platform-wide",
    ("POST", "/courses/{courseId}/review"): "as PUT /courses/{courseId}",
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads"): "as PUT /courses/{courseId}: the draft's author (SPV)",
    ("GET", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}"): "as PUT /courses/{courseId}",
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}/complete"):
        "as PUT /courses/{courseId}; 409 UPLOAD_INCOMPLETE for SPV: allowed, but the world's upload sent no file",
    ("GET", "/courses/{courseId}/contents/{contentId}/play"):
        "preview is for the course's author and reviewers: the own org's admin (a publisher of the course's "
        "org) and SPV play the world's READY video; 403 NOT_A_REVIEWER for the rest (the course is Live: "
        "learners play through their enrolment)",
    ("GET", "/enrolments/{enrolmentId}/contents/{contentId}/play"):
        "only the enrolment's learner plays (the world's video is READY); 404 for everyone else, admins too "
        "(another's enrolment does not exist for you)",
    ("GET", "/enrolments/{enrolmentId}"): "404 for those who may not see it: another's enrolment does not exist for you",
    ("DELETE", "/enrolments/{enrolmentId}"): "404 for all but its learner (as GET)",
    ("PUT", "/enrolments/{enrolmentId}/progress"): "404 for all but its learner (as GET)",
    ("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats"): "404 for all but its learner (as GET)",
    ("POST", "/communities/{communityId}/join"): "409 ALREADY_MEMBER for the learner and the moderator (members)",
    ("DELETE", "/connections/{connectionId}"):
        "403 NOT_REQUESTER for the learner (the recipient rejects instead); 404 for non-parties",
    ("POST", "/events/{eventId}/attendance"):
        "409 EVENT_NOT_STARTED for the organiser's org admin and SPV: allowed, but the event is next week",
    ("POST", "/communities/{communityId}/leave"): "409 NOT_A_MEMBER for all but the members (learner, moderator)",
    ("POST", "/posts/{postId}/restore"): "409 NOT_HIDDEN for the moderator and SPV: allowed, but the post is not hidden",
    ("POST", "/people/{userId}/block"): "400 for the learner: the path's user is the learner (no self-block)",
    ("POST", "/connections"): "400 for the learner: the body's user is the learner (no self-connection)",
    ("POST", "/connections/{connectionId}/accept"):
        "404 for non-parties: a connection request is visible only to its two people",
    ("POST", "/connections/{connectionId}/reject"): "404 for non-parties (as accept)",
    ("POST", "/orgs/{orgId}/imports/{importId}/start"):
        "409 IMPORT_STARTED for the org's admin and SPV: allowed, but the world's import has run already",
    ("POST", "/auth/invitations/redeem"): "404 INVITATION_NOT_FOUND for all: public, and the world's code is no code",
    ("POST", "/events/{eventId}/publish"):
        "404 for non-organisers: a draft event is invisible to everyone but its organiser and SPV",
    ("DELETE", "/events/{eventId}/registrations"): "404 NOT_REGISTERED for everyone but the learner (registered)",
    ("POST", "/me/notifications/{notificationId}/read"):
        "404 for everyone but the learner: notifications are per user; another's id does not exist for you",
    ("DELETE", "/me/push/subscriptions/{subscriptionId}"):
        "404 for everyone but the learner: push subscriptions are per user; another's id does not exist for you",
}

# Path parameters: the world's id of that name, unless a row names another world id.
PARAMS: dict[tuple[str, str], dict[str, str]] = {
    # the colleague (dopt), not the learner: a suspension disables the Cognito user, which the table's
    # snapshot does not put back (the restore row, run next, enables it again)
    ("POST", "/users/{userId}/suspend"): {"userId": "colleagueUserId"},
    ("GET", "/me/certificates/{certificateId}"): {"certificateId": "certificatePdf"},
    ("POST", "/users/{userId}/restore"): {"userId": "colleagueUserId"},
    ("POST", "/orgs/{orgId}/members/{userId}/approve"): {"userId": "pendingUserId"},
    ("POST", "/orgs/{orgId}/members/{userId}/reject"): {"userId": "pendingUserId"},
    ("POST", "/users/{userId}/transfers"): {"userId": "moverUserId"},
    ("POST", "/orgs/{orgId}/transfers/{transferId}/accept"): {"transferId": "incomingTransferId"},
    ("POST", "/orgs/{orgId}/transfers/{transferId}/reject"): {"transferId": "incomingTransferId"},
    ("POST", "/orgs/{orgId}/transfers/{transferId}/cancel"): {"transferId": "outgoingTransferId"},
    ("PUT", "/courses/{courseId}"): {"courseId": "draftCourseId"},
    ("POST", "/courses/{courseId}/review"): {"courseId": "draftCourseId"},
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads"): {"courseId": "draftCourseId",
                                                                   "contentId": "videoContentId"},
    ("GET", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}"): {"courseId": "draftCourseId",
                                                                             "contentId": "videoContentId"},
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads/{uploadId}/complete"): {
        "courseId": "draftCourseId", "contentId": "videoContentId"},
    ("GET", "/courses/{courseId}/contents/{contentId}/play"): {"contentId": "videoContentId"},
    ("GET", "/enrolments/{enrolmentId}/contents/{contentId}/play"): {"contentId": "videoContentId"},
    ("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats"): {"contentId": "videoContentId"},
    ("POST", "/posts/{postId}/vote"): {"postId": "replyId"},
    ("POST", "/posts/{postId}/bookmark"): {"postId": "replyId"},
    ("POST", "/posts/{postId}/report"): {"postId": "replyId"},
    ("POST", "/posts/{postId}/hide"): {"postId": "replyId"},
    ("POST", "/posts/{postId}/restore"): {"postId": "replyId"},
    ("POST", "/events/{eventId}/publish"): {"eventId": "draftEventId"},
    ("POST", "/communities/{communityId}/invitations"): {"communityId": "privateCommunityId"},
    ("POST", "/events/{eventId}/registrations"): {"eventId": "openEventId"},
}

Body = Callable[[W.World], Any]
BODIES: dict[tuple[str, str], Body] = {
    ("POST", "/orgs"): lambda w: {"name": "Matrix Board", "type": "organisation", "parentId": "mopp",
                                  "emailDomains": ["matrixboard.gov.in"]},
    ("PATCH", "/orgs/{orgId}"): lambda w: {"nameHi": "कार्मिक और प्रशिक्षण विभाग", "emailDomains": ["dopt.gov.in"]},
    ("POST", "/designations"): lambda w: {"name": "Matrix Officer", "nameHi": "मैट्रिक्स अधिकारी"},
    ("PATCH", "/designations/{designationId}"): lambda w: {"nameHi": "अनुभाग अधिकारी"},
    ("POST", "/career/paths"): lambda w: {"title": "Under Secretary to Assistant", "rungs": [
        {"designationId": "under-secretary"},
        {"designationId": "assistant-section-officer", "requiredCompetencies": [{"competencyId": "c-e-office",
                                                                                 "level": 1}]}]},
    ("PATCH", "/career/paths/{pathId}"): lambda w: {"title": "Assistant to Section Officer (revised)"},
    ("POST", "/auth/register"): lambda w: {
        "employeeId": "SEC-REG-2", "name": "Another Officer", "email": "another.officer@dopt.gov.in",
        "mobile": "9876500002", "orgId": "dopt", "designation": "section-officer"},
    ("POST", "/auth/register/{registrationId}/verify"): lambda w: {"channel": "email", "code": w.values["emailCode"]},
    ("POST", "/auth/register/{registrationId}/resend"): lambda w: {"channel": "mobile"},
    ("POST", "/auth/register/{registrationId}/password"): lambda w: {"password": W.PASSWORD},
    ("POST", "/auth/login"): lambda w: {"username": w.users["learner"]["email"], "password": W.PASSWORD},
    ("POST", "/auth/refresh"): lambda w: {"refreshToken": _fresh_refresh_token(w)},
    # a session no login answered: MFA_SESSION_EXPIRED for everyone (public; the session names the user)
    ("POST", "/auth/login/mfa"): lambda w: {"session": "s" * 36, "code": "000000"},
    ("POST", "/me/mfa/verify"): lambda w: {"code": "000000"},
    ("POST", "/auth/password/forgot"): lambda w: {"username": w.users["colleague"]["email"]},
    ("POST", "/auth/password/reset"): lambda w: {"username": w.users["colleague"]["email"],
                                                 "code": w.values["resetCode"], "newPassword": "N3w@Passw0rd!x"},
    ("PATCH", "/me"): lambda w: {"version": 1, "name": "A New Name"},
    ("POST", "/me/contact/verify"): lambda w: {"channel": "email", "code": "000000"},
    ("PUT", "/me/competency-profile"): lambda w: {
        "roles": ["Drafting"], "competencies": [{"competencyId": "c-e-office", "level": 2}],
        "desiredCompetencies": [], "interests": ["e-governance"]},
    ("POST", "/users/{userId}/roles"): lambda w: {"role": "CONTENT_CREATOR"},
    ("POST", "/orgs/{orgId}/designation-requests/{requestId}/reject"): lambda w: {"reason": "No order on file"},
    ("POST", "/orgs/{orgId}/registration-links"): lambda w: {
        "expiresAt": clock.to_iso(clock.now() + timedelta(days=3)), "maxUses": 3},
    ("POST", "/orgs/{orgId}/members/{userId}/reject"): lambda w: {"reason": "Not on our rolls"},
    ("POST", "/users/{userId}/transfers"): lambda w: {"toOrgId": "mof"},
    ("POST", "/orgs/{orgId}/imports"): lambda w: {"fileName": "employees.csv", "sizeBytes": 120},
    ("POST", "/auth/invitations/redeem"): lambda w: {"code": "AAAA-BBBB-CCCC"},
    ("POST", "/competencies"): lambda w: {"name": "Records Management", "area": "domain",
                                          "description": "Keeping records", "levels": W.LEVELS},
    ("PUT", "/competencies/{competencyId}"): lambda w: {"version": 1, "description": "The rules of service (2026)"},
    ("PUT", "/orgs/{orgId}/designation-competencies/{designationId}"): lambda w: {
        "requirements": [{"competencyId": "c-e-office", "level": 3}], "version": w.values["requirementsVersion"]},
    ("POST", "/orgs/{orgId}/designation-competencies/upload"): lambda w: {"csv": "section-officer,c-integrity,2\n"},
    ("POST", "/orgs/{orgId}/plans"): lambda w: {
        "name": "Integrity for all", "courseIds": [w.ids["courseId"]],
        "assignTo": {"designations": ["section-officer"], "userIds": []},
        "dueDate": (clock.now() + timedelta(days=40)).date().isoformat()},
    ("PUT", "/orgs/{orgId}/plans/{planId}"): lambda w: {"version": w.values["planVersion"], "name": "Renamed plan"},
    ("POST", "/orgs/{orgId}/plans/{planId}/publish"): lambda w: {"version": w.values["planVersion"]},
    ("POST", "/orgs/{orgId}/plans/{planId}/retire"): lambda w: {"version": w.values["planVersion"]},
    ("POST", "/courses"): lambda w: W.course_body("Another course"),
    ("PUT", "/courses/{courseId}"): lambda w: {**W.course_body("Draft course, edited"),
                                               "version": w.values["draftVersion"]},
    ("POST", "/courses/{courseId}/batches"): lambda w: W.batch_body(5),
    ("PATCH", "/courses/{courseId}/batches/{batchId}"): lambda w: {"version": 1, "name": "Renamed batch"},
    ("POST", "/courses/{courseId}/send-back"): lambda w: {"comments": [{"text": "Add a summary"}]},
    ("POST", "/courses/{courseId}/contents/{contentId}/uploads"): lambda w: {
        "fileName": "talk.mp4", "mediaType": "video/mp4", "sizeBytes": 2048},
    ("POST", "/courses/{courseId}/enrolments"): lambda w: {"batchId": w.ids["batchId"]},
    ("POST", "/courses/{courseId}/assessments/{contentId}/attempts"): lambda w: {"answers": {"x1": ["b"]}},
    ("POST", "/enrolments/{enrolmentId}/reject"): lambda w: {"reason": "No seats for your cadre"},
    ("PUT", "/enrolments/{enrolmentId}/progress"): lambda w: {"contentId": "l1", "status": "in_progress",
                                                              "progressPercent": 50},
    ("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats"): lambda w: {
        "sessionId": "matrix", "seq": 1, "position": 5, "ranges": [[0, 5]]},
    ("POST", "/communities"): lambda w: {"name": "RTI Officers", "description": "RTI practice", "visibility": "open"},
    ("POST", "/communities/{communityId}/invitations"): lambda w: {"userId": w.users["other_learner"]["userId"]},
    ("POST", "/communities/{communityId}/topics"): lambda w: {"title": "A new topic", "body": "Text", "tags": []},
    ("POST", "/topics/{topicId}/replies"): lambda w: {"body": "Agreed"},
    ("PATCH", "/posts/{postId}"): lambda w: {"version": w.values["topicVersion"], "body": "Edited"},
    ("POST", "/posts/{postId}/vote"): lambda w: {"value": 1},
    ("POST", "/posts/{postId}/bookmark"): lambda w: {"bookmarked": True},
    ("POST", "/posts/{postId}/report"): lambda w: {"reason": "Off topic"},
    ("POST", "/posts/{postId}/hide"): lambda w: {"reason": "Off topic"},
    ("POST", "/certificates/{certificateId}/revoke"): lambda w: {"reason": "Issued for a completion made in error"},
    ("POST", "/posts/{postId}/restore"): lambda w: {"reason": "Fine after all"},
    ("POST", "/connections"): lambda w: {"userId": w.users["learner"]["userId"]},
    ("POST", "/career/openings"): lambda w: {
        "title": "Under Secretary (Budget)", "description": "Budget work", "location": "New Delhi",
        "closingDate": (clock.now() + timedelta(days=20)).date().isoformat(), "requiredCompetencies": []},
    ("POST", "/career/applications/{applicationId}/status"): lambda w: {"status": "SHORTLISTED"},
    ("POST", "/events"): lambda w: W.event_body("A new webinar"),
    ("PATCH", "/events/{eventId}"): lambda w: {"version": w.values["eventVersion"], "title": "Renamed webinar"},
    ("POST", "/events/{eventId}/attendance"): lambda w: {"userIds": [w.users["learner"]["userId"]]},
    ("PUT", "/me/push/subscriptions"): lambda w: W.push_subscription_body("matrix"),
    ("POST", "/me/password"): lambda w: {"currentPassword": W.PASSWORD, "newPassword": "N3w@Passw0rd!x"},
    ("PUT", "/courses/{courseId}/rating"): lambda w: {"stars": 4, "review": "Useful"},
}

QUERIES: dict[tuple[str, str], dict[str, str]] = {
    ("DELETE", "/posts/{postId}"): {"version": "1"},
    ("GET", "/me/career/readiness"): {"targetRole": "under-secretary"},
    ("GET", "/people"): {"q": "Priya"},
    ("GET", "/search"): {"q": "Priya"},
}


def _fresh_refresh_token(w: W.World) -> str:
    from tests.conftest import ApiClient

    response = ApiClient().post("/auth/login", {"username": w.users["colleague"]["email"], "password": W.PASSWORD})
    assert response.status == 200, response.body
    return str(response.json()["refreshToken"])


def expected_of(route: Route) -> dict[str, str]:
    row = MATRIX[(route.method, route.path)].split()
    assert len(row) == len(P), f"{route.method} {route.path}: {len(row)} entries for {len(P)} personas"
    return dict(zip(P, row, strict=True))


def status_class(status: int) -> str:
    return "2" if 200 <= status < 300 else str(status)


def path_of(route: Route, w: W.World) -> str:
    overrides = PARAMS.get((route.method, route.path), {})
    path = route.path
    for name in route.pattern.groupindex:
        path = path.replace("{" + name + "}", w.ids[overrides.get(name, name)])
    return path


# ---- the world ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world() -> Iterator[tuple[W.World, W.Snapshot]]:
    for _ in W.module_platform():
        w = W.build_world()
        # codes the public routes need: the registration's email code, a reset code of the colleague
        w.values["emailCode"] = _last_code(w.users["learner"], "new.officer@dopt.gov.in")
        from tests.conftest import ApiClient

        assert ApiClient().post("/auth/password/forgot", {"username": w.users["colleague"]["email"]}).status == 202
        w.values["resetCode"] = _last_code(w.users["learner"], w.users["colleague"]["email"])
        W.workflows_idle()
        yield w, W.Snapshot()


def _last_code(_: Any, address: str) -> str:
    import re

    messages = aws.sent_messages(address)
    assert messages, f"nothing sent to {address}"
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", messages[-1]["body"])
    assert found
    return found.group(1)


# ---- the tests ------------------------------------------------------------------------------------------

def test_every_route_has_a_row_and_every_row_a_route():
    routes = {(r.method, r.path) for r in ROUTES}
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without a row in the authorization matrix: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"
    for key, row in MATRIX.items():
        entries = row.split()
        assert len(entries) == len(P), key
        assert set(entries) <= {"2", "400", "401", "403", "404", "409"}, key
        if {"400", "409"} & set(entries) or ("404" in entries and "{" in key[1]):
            assert key in NOTES, f"{key}: a 400/409/404 needs its reason in NOTES"


def _cases() -> list[Any]:
    return [pytest.param(route, id=f"{route.method} {route.path}") for route in ROUTES]


@pytest.mark.parametrize("route", _cases())
def test_route_answers_each_persona_as_the_matrix_says(world, route: Route):
    w, snapshot = world
    assert (route.method, route.path) in MATRIX, f"{route.method} {route.path} has no row in MATRIX"
    expected = expected_of(route)
    body_of = BODIES.get((route.method, route.path))
    query = QUERIES.get((route.method, route.path))
    path = path_of(route, w)
    wrong: list[str] = []
    for persona in P:
        body = body_of(w) if body_of else None
        response = w.client(persona).request(route.method, path, body, query=query)
        got = status_class(response.status)
        if route.hub == "learning" and route.method != "GET":
            W.workflows_idle()  # an enrolment's workflow may still be writing
        if got != expected[persona]:
            payload = response.json() if response.body and response.headers.get("Content-Type", "").startswith(
                "application/json") else response.body[:80]
            wrong.append(f"{persona}: expected {expected[persona]}, got {response.status} {payload}")
        if response.status >= 400:
            error = response.json()["error"]
            assert error["code"] and error["message"], (persona, response.body)
        snapshot.restore()
    assert not wrong, f"{route.method} {route.path}\n  " + "\n  ".join(wrong)


def test_refused_requests_write_nothing(world):
    """A refusal (401/403/404) changes nothing: every route called by the personas it refuses."""
    w, snapshot = world
    snapshot.restore()
    for route in ROUTES:
        expected = expected_of(route)
        body_of = BODIES.get((route.method, route.path))
        for persona in P:
            if expected[persona] not in ("401", "403", "404"):
                continue
            before = W.writes()
            body = body_of(w) if body_of else None
            response = w.client(persona).request(route.method, path_of(route, w), body,
                                                 query=QUERIES.get((route.method, route.path)))
            assert response.status in (401, 403, 404), (route, persona, response.status)
            if W.writes() != before:
                assert snapshot.diff() == {"added": [], "removed": [], "changed": []}, (route.method, route.path,
                                                                                        persona)
