"""HTTP routes of the auth hub: health, directory, registration, login, profile, org administration.

Each route imports its rules module when it is first called, not at module load: a request needs one
area of the hub (the directory, registration, sessions, the profile, org administration), and Cognito,
the one-time codes and the passbook are loaded only by the routes that use them (cold start). The import
comes before the caller is known, on purpose: SnapStart's warm-up (karmayogi.platform.snapstart) resolves
every route without a caller, and so still loads every route's module into the snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.auth import directory_routes, membership_routes
from functions.auth.models import (
    Accepted,
    ChannelRequest,
    CompetencyProfileRequest,
    ContactVerifyRequest,
    Designation,
    DesignationRequest,
    DesignationRequestStatus,
    ForgotRequest,
    Health,
    LoginRequest,
    LoginResponse,
    LogoutRequest,
    MfaChallenge,
    MfaLoginRequest,
    MfaSetup,
    MfaStatus,
    MfaVerifyRequest,
    Org,
    OrgType,
    OrgUser,
    PasswordChangeRequest,
    PasswordRequest,
    PasswordReset,
    PatchMeRequest,
    Profile,
    ProfileUpdate,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    RejectRequest,
    ResetRequest,
    Role,
    RoleRequest,
    TokensResponse,
    UserCreated,
    UserRoles,
    VerificationStatus,
    VerifyRequest,
)
from karmayogi.platform import api
from karmayogi.platform.api import Cursor, Limit, caller, documented, lambda_entry, language, make_resolver, no_content
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

if TYPE_CHECKING:
    from functions.auth.cognito import RequestContext

app = make_resolver()



@app.get("/health", tags=["Meta"], summary="Liveness")
def health() -> Health:
    return Health()


@app.get("/openapi.json", tags=["Meta"], summary="The OpenAPI document of every route")
def openapi_document() -> dict[str, Any]:
    from functions.auth import meta

    return meta.openapi_document(app)


# ---- directory (public) ---------------------------------------------------------------------------------


@app.get("/orgs", tags=["Directory"], summary="Ministries, departments, states and organisations")
def list_orgs(
    type: Annotated[OrgType | None, Query()] = None,
    parent_id: Annotated[str | None, Query(alias="parentId", max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Org]:
    from functions.auth import directory

    return directory.list_orgs(type, parent_id, q, limit, cursor)


@app.get("/orgs/<orgId>", tags=["Directory"], summary="One organisation", responses=documented(404))
def get_org(org_id: Annotated[str, Path(alias="orgId", max_length=64)]) -> Org:
    from functions.auth import directory

    return directory.get_org(org_id)


@app.get("/designations", tags=["Directory"], summary="Designations")
def list_designations(
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Designation]:
    from functions.auth import directory

    return directory.list_designations(q, limit, cursor)


# ---- registration and login (public) --------------------------------------------------------------------
# No Idempotency-Key step here: the step is scoped to the caller, and these routes have none. A repeated
# registration step is refused by the registration's own state (ALREADY_VERIFIED, ALREADY_COMPLETED).

RegistrationId = Annotated[str, Path(alias="registrationId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@app.post("/auth/register", tags=["Registration"], summary="Start a registration (codes to email and mobile)",
          status_code=202, responses=documented(409, 429, success=202))
def register(body: RegisterRequest) -> RegisterResponse:
    from functions.auth import registration

    return registration.register(body, language(app))


@app.post("/auth/register/<registrationId>/verify", tags=["Registration"], summary="Verify a code",
          responses=documented(404, 409, 429))
def verify_registration(registration_id: RegistrationId, body: VerifyRequest) -> VerificationStatus:
    from functions.auth import registration

    return registration.verify_registration(registration_id, body.channel, body.code)


@app.post("/auth/register/<registrationId>/resend", tags=["Registration"], summary="Send a new code",
          status_code=202, responses=documented(404, 409, 429, success=202))
def resend_registration_code(registration_id: RegistrationId, body: ChannelRequest) -> Accepted:
    from functions.auth import registration

    return registration.resend_registration_code(registration_id, body.channel, language(app))


@app.post("/auth/register/<registrationId>/password", tags=["Registration"],
          summary="Choose the password: creates the account", status_code=201, responses=documented(404, 409, success=201))
def complete_registration(registration_id: RegistrationId, body: PasswordRequest) -> UserCreated:
    from functions.auth import registration

    return registration.complete_registration(registration_id, body.password)


def request_context() -> RequestContext:
    """The client's address for Cognito's threat protection: CloudFront's viewer address (the API is
    served behind CloudFront at /api; CloudFront sets the header, a client cannot), else the address that
    reached API Gateway. X-Forwarded-For is not used: its first hop is whatever the client wrote."""
    from functions.auth.cognito import RequestContext

    event = app.current_event.raw_event
    viewer = api.header(app, "CloudFront-Viewer-Address") or ""
    ip = viewer.rsplit(":", 1)[0].strip("[]") if viewer else ""
    if not ip:
        ip = str(((event.get("requestContext") or {}).get("identity") or {}).get("sourceIp") or "")
    return RequestContext(ip_address=ip, server_name=api.header(app, "Host") or "karmayogi",
                          server_path=app.current_event.path, user_agent=api.header(app, "User-Agent") or "")


def access_token() -> str | None:
    """The caller's raw access token (Cognito's own TOTP set-up calls take it)."""
    value = api.header(app, "Authorization") or ""
    return value.split(" ", 1)[1].strip() if value.lower().startswith("bearer ") else (value.strip() or None)


@app.post("/auth/login", tags=["Login"], summary="Log in with email or employee ID and password",
          responses=documented(401, 429))
def login(body: LoginRequest) -> LoginResponse | MfaChallenge:
    from functions.auth import sessions

    return sessions.login(body.username, body.password, request_context())


@app.post("/auth/login/mfa", tags=["Login"], summary="Finish a login with the authenticator app's code",
          responses=documented(401, 429))
def login_mfa(body: MfaLoginRequest) -> LoginResponse:
    from functions.auth import sessions

    return sessions.login_mfa(body.session, body.code, request_context())


@app.post("/auth/refresh", tags=["Login"], summary="New tokens for a refresh token", responses=documented(401))
def refresh(body: RefreshRequest) -> TokensResponse:
    from functions.auth import sessions

    return sessions.refresh(body.refresh_token)


@app.post(
    "/auth/logout", tags=["Login"], summary="Log out everywhere; the refresh token stops working", status_code=204
)
def logout(body: Annotated[LogoutRequest | None, Body()] = None):
    # No return annotation and an explicit empty response: returning None would send the body "null".
    from functions.auth import sessions
    from karmayogi.platform.identity import caller_from_event

    # A token revoked already may still log out (the claims are authentic; ending sessions is harmless).
    sessions.logout(caller_from_event(app.current_event.raw_event, revoked_ok=True),
                    body.refresh_token if body else None)
    return no_content()


@app.post("/auth/password/forgot", tags=["Login"], summary="Send a password reset code", status_code=202,
          responses=documented(429, success=202))
def forgot_password(body: ForgotRequest) -> Accepted:
    from functions.auth import sessions

    return sessions.forgot_password(body.username, language(app))


@app.post("/auth/password/reset", tags=["Login"], summary="Set a new password with the reset code",
          responses=documented(429))
def reset_password(body: ResetRequest) -> PasswordReset:
    from functions.auth import sessions

    return sessions.reset_password(body.username, body.code, body.new_password)


# ---- profile --------------------------------------------------------------------------------------------


PROFILE_COMPLETE = ("`profileComplete` is false until the learner has saved their competency profile once "
                    "(`PUT /me/competency-profile`, the first-login step). A client that sees it false must send "
                    "the learner to the competency profile; the API does not refuse other routes meanwhile (a "
                    "mobile client may defer the step).")


@app.get("/me", tags=["Profile"], summary="My profile", description=PROFILE_COMPLETE, responses=documented(403))
def get_me() -> Profile:
    from functions.auth import profile

    return profile.get_me(caller(app))


@app.patch("/me", tags=["Profile"], summary="Change my profile (a new email or mobile needs a code)",
           responses=documented(403, 409, 429))
def patch_me(body: PatchMeRequest) -> ProfileUpdate:
    from functions.auth import profile

    return profile.patch_me(caller(app), body, language(app))


@app.post("/me/contact/verify", tags=["Profile"], summary="Confirm a new email or mobile with its code",
          responses=documented(403, 409, 429))
def verify_contact(body: ContactVerifyRequest) -> Profile:
    from functions.auth import profile

    return profile.verify_contact(caller(app), body.channel, body.code)


@app.put("/me/competency-profile", tags=["Profile"], summary="Save my competency profile",
         responses=documented(403, 409),
         description="The competencies the learner holds (self-declared passbook entries), those they want "
                     "(`desiredCompetencies`, which `GET /me/competency-gaps` counts as gaps), roles and interests. "
                     "Saving it sets `profileComplete` to true. " + PROFILE_COMPLETE)
def put_competency_profile(body: CompetencyProfileRequest) -> Profile:
    from functions.auth import profile

    return profile.put_competency_profile(caller(app), body)


@app.post("/me/password", tags=["Profile"], summary="Change my password (the current one, then the new one)",
          description="Takes the caller's access token itself (Cognito's ChangePassword). 400 "
                      "CURRENT_PASSWORD_WRONG, WEAK_PASSWORD or SAME_PASSWORD; 429 TOO_MANY_ATTEMPTS after "
                      "repeated wrong tries.",
          status_code=204, responses=documented(403, 429, success=204))
def change_password(body: PasswordChangeRequest):
    # No return annotation and an explicit empty response, as for logout.
    from functions.auth import account

    account.change_password(caller(app), access_token(), body.current_password, body.new_password)
    return no_content()


@app.post("/me/mfa/setup", tags=["Profile"], summary="Start setting up the authenticator app (TOTP)",
          responses=documented(403))
def mfa_setup() -> MfaSetup:
    from functions.auth import mfa

    return mfa.setup(caller(app), access_token())


@app.post("/me/mfa/verify", tags=["Profile"], summary="Confirm the authenticator app with its first code",
          responses=documented(403))
def mfa_verify(body: MfaVerifyRequest) -> MfaStatus:
    from functions.auth import mfa

    return mfa.verify(caller(app), access_token(), body.code)


# ---- org administration ---------------------------------------------------------------------------------

UserId = Annotated[str, Path(alias="userId", max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


@app.get("/orgs/<orgId>/users", tags=["Org administration"], summary="The users of an organisation",
         description="By name; `q` keeps those whose name starts with it (case ignored).",
         responses=documented(403))
def list_org_users(
    org_id: Annotated[str, Path(alias="orgId", max_length=64)],
    q: Annotated[str | None, Query(max_length=100, description="A name prefix")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[OrgUser]:
    from functions.auth import org_admin

    return org_admin.list_org_users(caller(app), org_id, limit, cursor, q)


@app.post("/users/<userId>/roles", tags=["Org administration"], summary="Grant a role",
          responses=documented(403, 404, 409))
def grant_role(user_id: UserId, body: RoleRequest) -> UserRoles:
    from functions.auth import org_admin

    return org_admin.grant_role(caller(app), user_id, body.role)


@app.delete("/users/<userId>/roles/<role>", tags=["Org administration"], summary="Remove a role",
            status_code=204, responses=documented(403, 404, 409, success=204))
def remove_role(user_id: UserId, role: Annotated[Role, Path()]):
    # No return annotation and an explicit empty response, as for logout.
    from functions.auth import org_admin

    org_admin.remove_role(caller(app), user_id, role)
    return no_content()


# ---- designation requests (a learner's new designation waits for an MDO admin of the org) ----------------

RequestId = Annotated[str, Path(alias="requestId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
OrgId = Annotated[str, Path(alias="orgId", max_length=64)]


@app.get("/orgs/<orgId>/designation-requests", tags=["Org administration"],
         summary="Designation changes asked for by the org's learners", responses=documented(403))
def list_designation_requests(
    org_id: OrgId,
    status: Annotated[DesignationRequestStatus, Query()] = "pending",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[DesignationRequest]:
    from functions.auth import designations

    return designations.list_requests(caller(app), org_id, status, limit, cursor)


@app.post("/orgs/<orgId>/designation-requests/<requestId>/approve", tags=["Org administration"],
          summary="Approve a designation change (the passbook and the people index follow)",
          responses=documented(403, 404, 409))
def approve_designation_request(org_id: OrgId, request_id: RequestId) -> DesignationRequest:
    from functions.auth import designations

    return designations.approve(caller(app), org_id, request_id)


@app.post("/orgs/<orgId>/designation-requests/<requestId>/reject", tags=["Org administration"],
          summary="Reject a designation change", responses=documented(403, 404, 409))
def reject_designation_request(
    org_id: OrgId, request_id: RequestId, body: Annotated[RejectRequest | None, Body()] = None
) -> DesignationRequest:
    from functions.auth import designations

    return designations.reject(caller(app), org_id, request_id, body.reason if body else None)


@app.post("/users/<userId>/suspend", tags=["Org administration"],
          summary="Suspend an account: its sessions end everywhere within 60 s", status_code=204,
          responses=documented(403, 404, 409, success=204))
def suspend_user(user_id: UserId):
    # No return annotation and an explicit empty response, as for logout.
    from functions.auth import org_admin

    org_admin.suspend(caller(app), user_id)
    return no_content()


@app.post("/users/<userId>/restore", tags=["Org administration"], summary="Restore a suspended account",
          status_code=204, responses=documented(403, 404, 409, success=204))
def restore_user(user_id: UserId):
    from functions.auth import org_admin

    org_admin.restore(caller(app), user_id)
    return no_content()


# Org membership (registration links, members waiting for approval): its own module of routes.
app.include_router(membership_routes.router)
# The managed directory (SPV_ADMIN adds and edits orgs and designations): its own module of routes.
app.include_router(directory_routes.router)

handler = lambda_entry(app)
