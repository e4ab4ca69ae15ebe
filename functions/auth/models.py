"""Request, response and item models of the auth hub (directory, registration, login, profile)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from functions.auth import contacts
from karmayogi.platform.models import CamelModel, RequestModel

OrgType = Literal["ministry", "department", "state", "organisation"]
Channel = Literal["email", "mobile"]
Language = Literal["en", "hi"]
DEFAULT_LANGUAGE: Language = "en"
Role = Literal[
    "PUBLIC",
    "MDO_ADMIN",
    "MDO_LEADER",
    "CONTENT_CREATOR",
    "CONTENT_PUBLISHER",
    "PROGRAM_COORDINATOR",
    "COMMUNITY_MODERATOR",
    "SPV_ADMIN",
]

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Code = Annotated[str, Field(pattern=r"^\d{6}$", description="The 6-digit code that was sent")]
Password = Annotated[str, Field(min_length=1, max_length=contacts.PASSWORD_MAX_LENGTH)]
Token = Annotated[str, Field(min_length=1, max_length=8192)]
ShortText = Annotated[str, Field(min_length=1, max_length=100)]


def _person_name(value: str) -> str:
    if not value.isprintable() or not any(c.isalpha() for c in value):
        raise ValueError("must be a name: printable text with at least one letter")
    return " ".join(value.split())


class Health(CamelModel):
    status: Literal["ok"] = "ok"


class Org(CamelModel):
    id: str
    name: str
    type: OrgType
    parent_id: str | None = None
    email_domains: list[str]
    name_hi: str | None = None
    version: int | None = Field(default=None, description="For an edit (PATCH): the version it was read at")


class Designation(CamelModel):
    id: str
    name: str
    name_hi: str | None = Field(default=None, description="The name in Hindi, when there is one (a client shows it in the Hindi UI)")
    version: int | None = Field(default=None, description="For an edit (PATCH): the version it was read at")


# ---- registration ---------------------------------------------------------------------------------------


class RegisterRequest(RequestModel):
    employee_id: Annotated[str, Field(max_length=64)]
    name: ShortText
    email: Annotated[str, Field(max_length=254)]
    mobile: Annotated[str, Field(max_length=32)]
    org_id: Id
    designation: Id | None = Field(default=None, description="A designation id from GET /designations")
    designation_id: Id | None = Field(default=None, description="Same as `designation` (either may be sent)")
    link_id: Annotated[str | None, Field(default=None, pattern=r"^[0-9a-f]{32}$", description=(
        "A registration link of the org (POST /orgs/{orgId}/registration-links): the account joins the org "
        "without waiting for an MDO admin's approval"))] = None

    _employee_id = field_validator("employee_id")(contacts.normalize_employee_id)
    _email = field_validator("email")(contacts.normalize_email)
    _mobile = field_validator("mobile")(contacts.normalize_mobile)
    _name = field_validator("name")(_person_name)

    @model_validator(mode="after")
    def _one_designation(self) -> RegisterRequest:
        if not (self.designation or self.designation_id):
            raise ValueError("designation is required")
        if self.designation and self.designation_id and self.designation != self.designation_id:
            raise ValueError("designation and designationId differ")
        return self

    @property
    def chosen_designation(self) -> str:
        return str(self.designation or self.designation_id)


class OtpSentTo(CamelModel):
    email: str | None = None
    mobile: str | None = None


class RegisterResponse(CamelModel):
    registration_id: str
    otp_sent_to: OtpSentTo
    sms_delayed: bool = Field(
        default=False,
        description="True when the platform's SMS budget for the day is spent: nothing went to the mobile. "
                    "Verify the email now; ask for the mobile code again (resend) after midnight IST.")


class VerifyRequest(RequestModel):
    channel: Channel
    code: Code


class VerificationStatus(CamelModel):
    email_verified: bool
    mobile_verified: bool


class ChannelRequest(RequestModel):
    channel: Channel


class Accepted(CamelModel):
    message: str


class _SecretRequest(RequestModel):
    """Bodies that carry a password: nothing is trimmed (a password's spaces are part of it)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=False
    )


class PasswordRequest(_SecretRequest):
    password: Password


class UserCreated(CamelModel):
    user_id: str


# ---- login ----------------------------------------------------------------------------------------------


class LoginRequest(_SecretRequest):
    username: Annotated[str, Field(min_length=1, max_length=254, description="Email or employee ID")]
    password: Password


class TokensResponse(CamelModel):
    access_token: str
    id_token: str
    refresh_token: str | None = None
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the token type's name, not a secret


class LoginResponse(TokensResponse):
    profile_complete: bool
    mfa_required: bool = Field(
        default=False,
        description="An admin role without a second factor yet: set it up (POST /me/mfa/setup) before acting",
    )


class MfaChallenge(CamelModel):
    """The account signs in with TOTP: send the code with this session to POST /auth/login/mfa."""

    challenge: Literal["MFA"] = "MFA"
    session: str


class MfaLoginRequest(RequestModel):
    session: Annotated[str, Field(min_length=20, max_length=4096)]
    code: Annotated[str, Field(pattern=r"^\d{6}$", description="The 6-digit code of the authenticator app")]


class MfaSetup(CamelModel):
    secret: str
    otpauth_uri: str


class MfaVerifyRequest(RequestModel):
    code: Annotated[str, Field(pattern=r"^\d{6}$", description="The 6-digit code of the authenticator app")]


class MfaStatus(CamelModel):
    mfa_enabled: bool


class RefreshRequest(_SecretRequest):
    refresh_token: Token


class LogoutRequest(_SecretRequest):
    refresh_token: Token | None = None


class ForgotRequest(RequestModel):
    username: Annotated[str, Field(min_length=1, max_length=254)]


class ResetRequest(_SecretRequest):
    username: Annotated[str, Field(min_length=1, max_length=254)]
    code: Code
    new_password: Password


class PasswordChangeRequest(_SecretRequest):
    current_password: Password
    new_password: Password


class PasswordReset(CamelModel):
    password_reset: Literal[True] = True


# ---- profile --------------------------------------------------------------------------------------------


class DeclaredCompetency(RequestModel):
    competency_id: Id
    level: Annotated[int, Field(ge=1, le=5)]


def _no_duplicates(levels: list[DeclaredCompetency]) -> list[DeclaredCompetency]:
    ids = [entry.competency_id for entry in levels]
    if len(ids) != len(set(ids)):
        raise ValueError("lists a competency more than once")
    return levels


class CompetencyProfileRequest(RequestModel):
    roles: Annotated[list[ShortText], Field(max_length=20)] = []
    competencies: Annotated[list[DeclaredCompetency], Field(max_length=50)] = []
    desired_competencies: Annotated[list[DeclaredCompetency], Field(max_length=50)] = []
    interests: Annotated[list[ShortText], Field(max_length=30)] = []
    version: Annotated[int | None, Field(ge=1, description="The profile's version, for optimistic locking")] = None

    _competencies = field_validator("competencies", "desired_competencies")(_no_duplicates)


class CompetencyEntry(CamelModel):
    competency_id: str
    level: int


class CompetencyProfile(CamelModel):
    roles: list[str]
    competencies: list[CompetencyEntry]
    desired_competencies: list[CompetencyEntry]
    interests: list[str]
    updated_at: str | None = None


class PendingDesignation(CamelModel):
    """A designation the learner asked for, waiting for an MDO admin of their org."""

    request_id: str
    designation_id: str
    designation: str
    requested_at: str


class Profile(CamelModel):
    user_id: str
    employee_id: str
    name: str
    email: str
    mobile: str
    org_id: str = Field(description="The org the account belongs to; `unaffiliated` while a membership waits "
                                    "for approval or after it was rejected (see `membership`)")
    membership: Literal["ACTIVE", "PENDING", "REJECTED"] = Field(
        default="ACTIVE", description="PENDING: waiting for an MDO admin of `pendingOrgId` to approve (an email on a "
                                      "shared government domain); REJECTED: that org refused (`rejectedOrgId`)")
    pending_org_id: str | None = None
    rejected_org_id: str | None = None
    designation: str
    designation_id: str
    roles: list[str]
    profile_complete: bool
    karma_points: int
    version: int
    competency_profile: CompetencyProfile | None = None
    language: Language = Field(default=DEFAULT_LANGUAGE, description="The language of messages to the user")
    pending_designation: PendingDesignation | None = Field(
        default=None, description="A designation asked for with PATCH /me, until an MDO admin of the org decides")
    show_certificates: bool = Field(default=False, description="Whether the public profile (GET /people/{userId}) "
                                                               "lists the user's certificates")


class PendingContactChange(CamelModel):
    email: str | None = None
    mobile: str | None = None


class ProfileUpdate(Profile):
    """The profile after a PATCH; a new email or mobile waits for its OTP (`POST /me/contact/verify`)."""

    pending_contact_change: PendingContactChange | None = None


class PatchMeRequest(RequestModel):
    version: Annotated[int, Field(ge=1)]
    name: ShortText | None = None
    designation_id: Id | None = Field(
        default=None, description="Asks an MDO admin of the org for this designation (the profile shows it as "
                                  "`pendingDesignation` until decided); the current designation withdraws the request")
    email: Annotated[str | None, Field(max_length=254)] = None
    mobile: Annotated[str | None, Field(max_length=32)] = None
    language: Language | None = Field(default=None, description="The language of messages to the user")
    show_certificates: bool | None = Field(default=None, description="Show my certificates on my public profile")

    _email = field_validator("email")(lambda v: None if v is None else contacts.normalize_email(v))
    _mobile = field_validator("mobile")(lambda v: None if v is None else contacts.normalize_mobile(v))
    _name = field_validator("name")(lambda v: None if v is None else _person_name(v))

    @model_validator(mode="after")
    def _something(self) -> PatchMeRequest:
        if all(getattr(self, f) is None for f in ("name", "designation_id", "email", "mobile", "language",
                                                  "show_certificates")):
            raise ValueError("send at least one of name, designationId, email, mobile, language, showCertificates")
        return self


class ContactVerifyRequest(RequestModel):
    channel: Channel
    code: Code


# ---- org administration ---------------------------------------------------------------------------------


class OrgUser(CamelModel):
    """A user as their org's administrators see them (with contact details: they manage these people)."""

    user_id: str
    employee_id: str
    name: str
    email: str
    mobile: str
    designation_id: str
    designation: str
    roles: list[str]
    profile_complete: bool
    suspended: bool = Field(default=False, description="Suspended by an administrator: cannot sign in")


class RoleRequest(RequestModel):
    role: Role


class UserRoles(CamelModel):
    user_id: str
    roles: list[str]


# ---- designation requests -------------------------------------------------------------------------------

DesignationRequestStatus = Literal["pending", "approved", "rejected", "withdrawn", "replaced"]


class DesignationRequest(CamelModel):
    """A learner's request for a new designation, as the org's administrators see it."""

    request_id: str
    user_id: str
    employee_id: str
    name: str
    org_id: str
    current_designation_id: str
    current_designation: str
    designation_id: str
    designation: str
    status: Literal["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "REPLACED"]
    requested_at: str
    decided_at: str | None = None
    decided_by: str | None = None
    reason: str | None = None


class RejectRequest(RequestModel):
    reason: Annotated[str | None, Field(max_length=500)] = None
