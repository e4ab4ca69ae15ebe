"""The only file that talks to Cognito: identities, passwords, tokens and role groups.

The pool's username is the platform's user id. Cognito never sends a message of its own (users are
created with MessageAction SUPPRESS and the auth hub verifies email and mobile with its own OTPs).
Cognito errors become `AppError`s here, so the service never sees botocore."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from functions.auth.errors import already_registered
from functions.auth.token_claims import MEMBER_ORG_ATTRIBUTE
from karmayogi.platform import aws
from karmayogi.platform.errors import AppError, not_found, unavailable
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

# Cognito's own throttling and quota errors: our dependency is busy, the client may retry shortly.
_BUSY = frozenset({"TooManyRequestsException", "LimitExceededException", "InternalErrorException"})
_BAD_CREDENTIALS = frozenset(
    {"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException", "PasswordResetRequiredException"}
)


def client() -> Any:
    """The Cognito Identity Provider client of this container (karmayogi.platform.aws)."""
    return aws.client("cognito-idp")


def invalid_credentials() -> AppError:
    return AppError(401, "INVALID_CREDENTIALS", "The username or password is not right")


def weak_password(problems: list[str] | None = None) -> AppError:
    return AppError(400, "WEAK_PASSWORD", "The password is too weak", {"needs": problems} if problems else None)


@contextmanager
def _mapped(on_bad_credentials: AppError | None = None, on_missing_user: AppError | None = None) -> Iterator[None]:
    try:
        yield
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in _BUSY:
            logger.warning("cognito busy", extra={"awsCode": code})
            raise unavailable("The identity service is busy; retry shortly", retry_after=2) from error
        if code == "TooManyFailedAttemptsException":
            raise AppError(
                429, "TOO_MANY_ATTEMPTS", "Too many failed attempts; wait a while", retry_after=60
            ) from error
        if code == "InvalidPasswordException":
            raise weak_password() from error
        if code in ("UsernameExistsException", "AliasExistsException"):
            raise already_registered() from error
        if code == "UserNotFoundException" and on_missing_user is not None:
            raise on_missing_user from error
        if code in _BAD_CREDENTIALS and on_bad_credentials is not None:
            raise on_bad_credentials from error
        logger.error("cognito call failed", extra={"awsCode": code})
        raise


@contextmanager
def undone_on_failure(what: str, undo: Callable[[], None], user_id: str) -> Iterator[None]:
    """Run a block after a Cognito change; if the block fails (the DynamoDB part), undo the change. A
    failed undo is logged (ids only) and the block's error is what the client sees."""
    try:
        yield
    except BaseException:
        try:
            undo()
        except Exception:
            logger.exception("compensation failed", extra={"action": what, "userId": user_id})
        raise


def _pool() -> str:
    return get_settings().user_pool_id


# ---- users ----------------------------------------------------------------------------------------------


def create_user(user_id: str, *, email: str, mobile: str, employee_id: str, org_id: str | None) -> None:
    """A confirmed user whose email and mobile the auth hub has verified; no message from Cognito. The org
    (None for a member waiting for approval) is `custom:memberOrgId`, which the token trigger copies into
    every access token."""
    org = [{"Name": MEMBER_ORG_ATTRIBUTE, "Value": org_id}] if org_id else []
    with _mapped():
        client().admin_create_user(
            UserPoolId=_pool(),
            Username=user_id,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "phone_number", "Value": mobile},
                {"Name": "phone_number_verified", "Value": "true"},
                {"Name": "preferred_username", "Value": employee_id},
                *org,
            ],
        )


def set_member_org(user_id: str, org_id: str) -> None:
    """The org the user's next tokens name (`custom:memberOrgId`): a pending member approved, an officer moved."""
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_update_user_attributes(UserPoolId=_pool(), Username=user_id,
                                              UserAttributes=[{"Name": MEMBER_ORG_ATTRIBUTE, "Value": org_id}])


def delete_user(user_id: str) -> None:
    with _mapped():
        client().admin_delete_user(UserPoolId=_pool(), Username=user_id)


def set_password(user_id: str, password: str) -> None:
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_set_user_password(UserPoolId=_pool(), Username=user_id, Password=password, Permanent=True)


def set_contact(user_id: str, *, email: str | None = None, mobile: str | None = None) -> None:
    """Replace the verified email and/or mobile of a user (after the auth hub's OTP on the new one)."""
    attributes = []
    if email is not None:
        attributes += [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if mobile is not None:
        attributes += [{"Name": "phone_number", "Value": mobile}, {"Name": "phone_number_verified", "Value": "true"}]
    if attributes:
        with _mapped(on_missing_user=not_found("The account")):
            client().admin_update_user_attributes(UserPoolId=_pool(), Username=user_id, UserAttributes=attributes)


def add_to_group(user_id: str, group: str) -> None:
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_add_user_to_group(UserPoolId=_pool(), Username=user_id, GroupName=group)


def remove_from_group(user_id: str, group: str) -> None:
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_remove_user_from_group(UserPoolId=_pool(), Username=user_id, GroupName=group)


def disable_user(user_id: str) -> None:
    """A suspended account: Cognito refuses its password and its refresh tokens."""
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_disable_user(UserPoolId=_pool(), Username=user_id)


def enable_user(user_id: str) -> None:
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_enable_user(UserPoolId=_pool(), Username=user_id)


def sign_out_everywhere(user_id: str) -> None:
    """Every refresh token of the user stops working (access tokens run out within their lifetime)."""
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_user_global_sign_out(UserPoolId=_pool(), Username=user_id)


# ---- tokens ---------------------------------------------------------------------------------------------
# The app client has a secret that only this hub holds (Secrets Manager, read once per container): every
# call that names a user carries its SECRET_HASH, and the client allows the admin password flow (admin
# credentials) and refresh only, so its id, which is in every token, opens nothing on its own.


def secret_hash(username: str) -> str:
    """Base64 of HMAC-SHA256(client secret, username + client id), as Cognito asks."""
    settings = get_settings()
    digest = hmac.new(settings.user_pool_client_secret.encode(), (username + settings.user_pool_client_id).encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int


@dataclass(frozen=True)
class MfaChallenge:
    """Cognito wants the user's TOTP code before it issues tokens (`session` names the attempt)."""

    session: str


@dataclass(frozen=True)
class RequestContext:
    """Who is knocking, for Cognito's threat protection (ContextData of the admin flows)."""

    ip_address: str
    server_name: str
    server_path: str
    user_agent: str = ""

    def context_data(self) -> dict[str, Any]:
        headers = [{"headerName": "User-Agent", "headerValue": self.user_agent}] if self.user_agent else []
        return {"IpAddress": self.ip_address, "ServerName": self.server_name, "ServerPath": self.server_path,
                "HttpHeaders": headers}


def _tokens(response: dict[str, Any], refresh_token: str | None = None) -> Tokens | None:
    result = response.get("AuthenticationResult")
    if not result:
        return None
    return Tokens(
        access_token=result["AccessToken"],
        id_token=result["IdToken"],
        refresh_token=result.get("RefreshToken") or refresh_token,
        expires_in=int(result.get("ExpiresIn", 3600)),
    )


def _context(request: RequestContext | None) -> dict[str, Any]:
    return {"ContextData": request.context_data()} if request and request.ip_address else {}


def password_auth(user_id: str, password: str, request: RequestContext | None = None) -> Tokens | MfaChallenge:
    """ADMIN_USER_PASSWORD_AUTH with the hub's credentials and the secret hash; any failure to prove the
    password is the same 401. A user with TOTP set up gets the MFA challenge instead of tokens."""
    settings = get_settings()
    with _mapped(on_bad_credentials=invalid_credentials()):
        response = client().admin_initiate_auth(
            UserPoolId=settings.user_pool_id,
            ClientId=settings.user_pool_client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user_id, "PASSWORD": password, "SECRET_HASH": secret_hash(user_id)},
            **_context(request),
        )
    tokens = _tokens(response)
    if tokens is not None:
        return tokens
    if response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA" and response.get("Session"):
        return MfaChallenge(session=str(response["Session"]))
    # another challenge (e.g. NEW_PASSWORD_REQUIRED): our users never get one
    logger.warning("login answered with a challenge", extra={"challenge": response.get("ChallengeName")})
    raise invalid_credentials()


def mfa_code_invalid() -> AppError:
    return AppError(401, "MFA_CODE_INVALID", "The code from the authenticator app is not right")


def mfa_session_expired() -> AppError:
    return AppError(401, "MFA_SESSION_EXPIRED", "This sign-in has expired; enter your password again")


def answer_mfa(user_id: str, session: str, code: str, request: RequestContext | None = None) -> Tokens:
    settings = get_settings()
    with _mapped(on_bad_credentials=mfa_session_expired()):
        try:
            response = client().admin_respond_to_auth_challenge(
                UserPoolId=settings.user_pool_id,
                ClientId=settings.user_pool_client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=session,
                ChallengeResponses={"USERNAME": user_id, "SOFTWARE_TOKEN_MFA_CODE": code,
                                    "SECRET_HASH": secret_hash(user_id)},
                **_context(request),
            )
        except ClientError as error:
            code_name = error.response.get("Error", {}).get("Code", "")
            if code_name in ("CodeMismatchException", "EnableSoftwareTokenMFAException"):
                raise mfa_code_invalid() from error
            if code_name in ("ResourceNotFoundException", "ExpiredCodeException"):
                raise mfa_session_expired() from error
            raise
    tokens = _tokens(response)
    if tokens is None:
        raise mfa_session_expired()
    return tokens


def start_totp_setup(access_token: str) -> str:
    """A new TOTP secret for the user of `access_token` (it counts once verified)."""
    with _mapped(on_bad_credentials=AppError(401, "UNAUTHORIZED", "Send your access token to set up MFA")):
        response = client().associate_software_token(AccessToken=access_token)
    return str(response["SecretCode"])


def change_password(access_token: str, current: str, new: str, *, wrong: AppError) -> None:
    """The user of `access_token` changes their password; `wrong` when `current` is not their password
    (NotAuthorizedException: a token Cognito no longer accepts answers the same way)."""
    with _mapped(on_bad_credentials=wrong):
        client().change_password(AccessToken=access_token, PreviousPassword=current, ProposedPassword=new)


def finish_totp_setup(user_id: str, access_token: str, code: str) -> None:
    """Check the first code of the new secret, then make TOTP the user's second factor at every login."""
    invalid = AppError(400, "MFA_CODE_INVALID", "The code from the authenticator app is not right")
    with _mapped(on_bad_credentials=AppError(401, "UNAUTHORIZED", "Send your access token to set up MFA")):
        try:
            response = client().verify_software_token(AccessToken=access_token, UserCode=code,
                                                      FriendlyDeviceName="authenticator")
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("CodeMismatchException",
                                                              "EnableSoftwareTokenMFAException"):
                raise invalid from error
            raise
        if response.get("Status") != "SUCCESS":
            raise invalid
        client().admin_set_user_mfa_preference(
            UserPoolId=_pool(), Username=user_id,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )


def refresh(user_id: str, refresh_token: str) -> Tokens:
    invalid = AppError(401, "INVALID_TOKEN", "The refresh token is not valid; log in again")
    settings = get_settings()
    with _mapped(on_bad_credentials=invalid):
        try:
            response = client().admin_initiate_auth(
                UserPoolId=settings.user_pool_id,
                ClientId=settings.user_pool_client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token, "SECRET_HASH": secret_hash(user_id)},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in (
                "ResourceNotFoundException",
                "InvalidParameterException",
            ):
                raise invalid from error
            raise
    tokens = _tokens(response, refresh_token)
    if tokens is None:
        raise invalid
    return tokens


def revoke(refresh_token: str) -> None:
    """Revoke one refresh token (and the access tokens issued from it). A token that is not valid is
    nothing to revoke. moto does not implement RevokeToken; there the global sign-out that follows every
    logout does the work."""
    settings = get_settings()
    try:
        client().revoke_token(Token=refresh_token, ClientId=settings.user_pool_client_id,
                              ClientSecret=settings.user_pool_client_secret)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in _BUSY:
            raise unavailable("The identity service is busy; retry shortly", retry_after=2) from error
        logger.info("refresh token not revoked", extra={"awsCode": code})
    except NotImplementedError:
        logger.info("RevokeToken is not available on this backend; relying on global sign-out")
