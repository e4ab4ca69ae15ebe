"""The second factor of the admin roles (API.md v2 "Sessions"): a TOTP authenticator app, Cognito's
software-token MFA. Setting it up needs the caller's own access token (Cognito's AssociateSoftwareToken and
VerifySoftwareToken have no admin form), which the request carries in its Authorization header.

Until an admin has set it up, login still answers tokens, flagged `mfaRequired: true` (the web client sends
them to set it up); once set up, every login of the account asks for the code (`challenge: "MFA"`)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from functions.auth import cognito, repository
from functions.auth.models import MfaSetup, MfaStatus
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

ISSUER = "Karmayogi"


def _token(access_token: str | None) -> str:
    if not access_token:
        raise AppError(401, "UNAUTHORIZED", "Send your access token to set up MFA")
    return access_token


def setup(caller: Caller, access_token: str | None) -> MfaSetup:
    secret = cognito.start_totp_setup(_token(access_token))
    profile = repository.get_profile(caller.user_id)
    label = str((profile or {}).get("employeeId") or caller.user_id)
    uri = f"otpauth://totp/{quote(ISSUER)}:{quote(label)}?" + urlencode({"secret": secret, "issuer": ISSUER})
    logger.info("mfa setup started", extra={"userId": caller.user_id})
    return MfaSetup(secret=secret, otpauth_uri=uri)


def verify(caller: Caller, access_token: str | None, code: str) -> MfaStatus:
    cognito.finish_totp_setup(caller.user_id, _token(access_token), code)
    logger.info("mfa set up", extra={"userId": caller.user_id})
    return MfaStatus(mfa_enabled=True)
