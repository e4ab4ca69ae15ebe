"""HTTP routes of the auth hub: health, directory, registration, login, profile, org administration."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.auth import service
from functions.auth.models import (
    Accepted,
    ChannelRequest,
    CompetencyProfileRequest,
    ContactVerifyRequest,
    Designation,
    ForgotRequest,
    Health,
    LoginRequest,
    LoginResponse,
    LogoutRequest,
    Org,
    OrgType,
    OrgUser,
    PasswordRequest,
    PasswordReset,
    PatchMeRequest,
    Profile,
    ProfileUpdate,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    ResetRequest,
    Role,
    RoleRequest,
    TokensResponse,
    UserCreated,
    UserRoles,
    VerificationStatus,
    VerifyRequest,
)
from karmayogi.platform.api import Cursor, Limit, caller, lambda_entry, language, make_resolver, no_content
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()



@app.get("/health", tags=["Meta"], summary="Liveness")
def health() -> Health:
    return Health()


@app.get("/openapi.json", tags=["Meta"], summary="The OpenAPI document of every route")
def openapi_document() -> dict[str, Any]:
    return service.openapi_document(app)


@app.get("/orgs", tags=["Directory"], summary="Ministries, departments, states and organisations")
def list_orgs(
    type: Annotated[OrgType | None, Query()] = None,
    parent_id: Annotated[str | None, Query(alias="parentId", max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Org]:
    return service.list_orgs(type, parent_id, q, limit, cursor)


@app.get("/orgs/<orgId>", tags=["Directory"], summary="One organisation")
def get_org(org_id: Annotated[str, Path(alias="orgId", max_length=64)]) -> Org:
    return service.get_org(org_id)


@app.get("/designations", tags=["Directory"], summary="Designations")
def list_designations(
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Designation]:
    return service.list_designations(q, limit, cursor)


# ---- registration and login (public) --------------------------------------------------------------------

RegistrationId = Annotated[str, Path(alias="registrationId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@app.post(
    "/auth/register", tags=["Registration"], summary="Start a registration (codes to email and mobile)", status_code=202
)
def register(body: RegisterRequest) -> RegisterResponse:
    return service.register(body, language(app))


@app.post("/auth/register/<registrationId>/verify", tags=["Registration"], summary="Verify a code")
def verify_registration(registration_id: RegistrationId, body: VerifyRequest) -> VerificationStatus:
    return service.verify_registration(registration_id, body.channel, body.code)


@app.post("/auth/register/<registrationId>/resend", tags=["Registration"], summary="Send a new code", status_code=202)
def resend_registration_code(registration_id: RegistrationId, body: ChannelRequest) -> Accepted:
    return service.resend_registration_code(registration_id, body.channel, language(app))


@app.post(
    "/auth/register/<registrationId>/password",
    tags=["Registration"],
    summary="Choose the password: creates the account",
    status_code=201,
)
def complete_registration(registration_id: RegistrationId, body: PasswordRequest) -> UserCreated:
    return service.complete_registration(registration_id, body.password)


@app.post("/auth/login", tags=["Login"], summary="Log in with email or employee ID and password")
def login(body: LoginRequest) -> LoginResponse:
    return service.login(body.username, body.password)


@app.post("/auth/refresh", tags=["Login"], summary="New tokens for a refresh token")
def refresh(body: RefreshRequest) -> TokensResponse:
    return service.refresh(body.refresh_token)


@app.post(
    "/auth/logout", tags=["Login"], summary="Log out everywhere; the refresh token stops working", status_code=204
)
def logout(body: Annotated[LogoutRequest | None, Body()] = None):
    # No return annotation: with one, the resolver would serialize the empty 204 body as "null".
    service.logout(caller(app), body.refresh_token if body else None)
    return no_content()


@app.post("/auth/password/forgot", tags=["Login"], summary="Send a password reset code", status_code=202)
def forgot_password(body: ForgotRequest) -> Accepted:
    return service.forgot_password(body.username, language(app))


@app.post("/auth/password/reset", tags=["Login"], summary="Set a new password with the reset code")
def reset_password(body: ResetRequest) -> PasswordReset:
    return service.reset_password(body.username, body.code, body.new_password)


# ---- profile --------------------------------------------------------------------------------------------


PROFILE_COMPLETE = ("`profileComplete` is false until the learner has saved their competency profile once "
                    "(`PUT /me/competency-profile`, the first-login step). A client that sees it false must send "
                    "the learner to the competency profile; the API does not refuse other routes meanwhile (a "
                    "mobile client may defer the step).")


@app.get("/me", tags=["Profile"], summary="My profile", description=PROFILE_COMPLETE)
def get_me() -> Profile:
    return service.get_me(caller(app))


@app.patch("/me", tags=["Profile"], summary="Change my profile (a new email or mobile needs a code)")
def patch_me(body: PatchMeRequest) -> ProfileUpdate:
    return service.patch_me(caller(app), body, language(app))


@app.post("/me/contact/verify", tags=["Profile"], summary="Confirm a new email or mobile with its code")
def verify_contact(body: ContactVerifyRequest) -> Profile:
    return service.verify_contact(caller(app), body.channel, body.code)


@app.put("/me/competency-profile", tags=["Profile"], summary="Save my competency profile",
         description="The competencies the learner holds (self-declared passbook entries), those they want "
                     "(`desiredCompetencies`, which `GET /me/competency-gaps` counts as gaps), roles and interests. "
                     "Saving it sets `profileComplete` to true. " + PROFILE_COMPLETE)
def put_competency_profile(body: CompetencyProfileRequest) -> Profile:
    return service.put_competency_profile(caller(app), body)


# ---- org administration ---------------------------------------------------------------------------------

UserId = Annotated[str, Path(alias="userId", max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


@app.get("/orgs/<orgId>/users", tags=["Org administration"], summary="The users of an organisation")
def list_org_users(
    org_id: Annotated[str, Path(alias="orgId", max_length=64)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[OrgUser]:
    return service.list_org_users(caller(app), org_id, limit, cursor)


@app.post("/users/<userId>/roles", tags=["Org administration"], summary="Grant a role")
def grant_role(user_id: UserId, body: RoleRequest) -> UserRoles:
    return service.grant_role(caller(app), user_id, body.role)


@app.delete("/users/<userId>/roles/<role>", tags=["Org administration"], summary="Remove a role", status_code=204)
def remove_role(user_id: UserId, role: Annotated[Role, Path()]):
    # No return annotation (an empty 204 body), as for logout.
    service.remove_role(caller(app), user_id, role)
    return no_content()


handler = lambda_entry(app)
