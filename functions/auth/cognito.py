"""The only file that talks to Cognito: identities, passwords, tokens and role groups.

The pool's username is the platform's user id. Cognito never sends a message of its own (users are
created with MessageAction SUPPRESS and the auth hub verifies email and mobile with its own OTPs).
Cognito errors become `AppError`s here, so the service never sees botocore."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from functions.auth.errors import already_registered
from functions.auth.token_claims import ORG_ATTRIBUTE
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


def create_user(user_id: str, *, email: str, mobile: str, employee_id: str, org_id: str) -> None:
    """A confirmed user whose email and mobile the auth hub has verified; no message from Cognito. The
    org is the immutable `custom:orgId` the token trigger copies into every access token."""
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
                {"Name": ORG_ATTRIBUTE, "Value": org_id},
            ],
        )


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


def sign_out_everywhere(user_id: str) -> None:
    """Every refresh token of the user stops working (access tokens run out within their lifetime)."""
    with _mapped(on_missing_user=not_found("The account")):
        client().admin_user_global_sign_out(UserPoolId=_pool(), Username=user_id)


# ---- tokens ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int


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


def password_auth(user_id: str, password: str) -> Tokens:
    """USER_PASSWORD_AUTH with the app client; any failure to prove the password is the same 401."""
    with _mapped(on_bad_credentials=invalid_credentials()):
        response = client().initiate_auth(
            ClientId=get_settings().user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user_id, "PASSWORD": password},
        )
    tokens = _tokens(response)
    if tokens is None:  # a challenge (e.g. NEW_PASSWORD_REQUIRED): our users never get one
        logger.warning("login answered with a challenge", extra={"challenge": response.get("ChallengeName")})
        raise invalid_credentials()
    return tokens


def refresh(refresh_token: str) -> Tokens:
    invalid = AppError(401, "INVALID_TOKEN", "The refresh token is not valid; log in again")
    with _mapped(on_bad_credentials=invalid):
        try:
            response = client().initiate_auth(
                ClientId=get_settings().user_pool_client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
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
    try:
        client().revoke_token(Token=refresh_token, ClientId=get_settings().user_pool_client_id)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in _BUSY:
            raise unavailable("The identity service is busy; retry shortly", retry_after=2) from error
        logger.info("refresh token not revoked", extra={"awsCode": code})
    except NotImplementedError:
        logger.info("RevokeToken is not available on this backend; relying on global sign-out")
