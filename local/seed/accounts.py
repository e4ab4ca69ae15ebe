"""Seed the demo accounts of local/seed/data/accounts.py as real accounts: a Cognito user (verified
email and mobile, permanent password, role groups) plus the profile, the uniqueness guards, the
people-index tokens and the passbook's counting of the officer, exactly as a completed registration makes
them (`functions.auth.registration.complete_registration`), only without a registration.

`create_account` is the one way seeders, the stage bootstrap (scripts/bootstrap_stage.py) and tests make an
account directly. User ids of the demo accounts are derived from the employee id, so a demo user has the
same id on every start."""

from __future__ import annotations

import uuid

from functions.auth import contacts, registration, repository, repository_accounts
from karmayogi.domain import passbook, profiles
from karmayogi.platform import db
from karmayogi.platform.roles import NEEDS_SECOND_FACTOR
from local.seed.data.accounts import DEMO_ACCOUNTS

# The TOTP secret of each demo account with an admin role (by username), for GET /_local/demo-accounts:
# the demo admins sign in with a code, as admins do in AWS. (moto hands every user the same secret.)
TOTP_SECRETS: dict[str, str] = {}

_NAMESPACE = uuid.UUID("6f1c1d4e-5b0a-4c59-9d43-7a3c2a1d8e10")


def demo_user_id(employee_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, contacts.normalize_employee_id(employee_id)))


def create_account(
    *,
    user_id: str,
    employee_id: str,
    name: str,
    email: str,
    mobile: str,
    org_id: str,
    designation_id: str,
    designation: str,
    roles: list[str],
    password: str,
    membership: profiles.Membership = profiles.ACTIVE,
) -> db.Item:
    """An account with these (normalised, checked) details and roles: the Cognito user, then in one
    transaction the profile, the guards, the people index and the passbook's counting (the production
    operations of a registration's completion: `registration.open_account`, `repository_accounts.account_ops`).
    A detail held by another account is Cognito's 409 ALREADY_REGISTERED or the transaction's
    `ConditionFailed` (a guard), and the Cognito user is deleted again. `membership` PENDING makes an account
    waiting for an MDO admin of `org_id` (as an email on a shared domain does). Returns the profile item."""
    profile = profiles.profile_item(
        user_id=user_id,
        employee_id=employee_id,
        name=name,
        email=email,
        mobile=mobile,
        org_id=org_id,
        designation_id=designation_id,
        designation=designation,
        roles=roles,
        membership=membership,
    )
    counted = passbook.summary_ops_for(user_id, None, {}, passbook.membership_of(profile))
    registration.open_account(profile, password, lambda: repository.commit(
        [*repository_accounts.account_ops(profile), *repository_accounts.passbook_ops(counted)]))
    return profile


def set_up_totp(user_id: str, password: str) -> str:
    """Set up the user's authenticator app as the user would (POST /me/mfa/setup, then /verify with its
    first code) and return its secret."""
    from functions.auth import cognito
    from local import totp

    tokens = cognito.password_auth(user_id, password)
    assert isinstance(tokens, cognito.Tokens), "TOTP is set up already"
    secret = cognito.start_totp_setup(tokens.access_token)
    cognito.finish_totp_setup(user_id, tokens.access_token, totp.fresh_code(secret))
    return secret


def seed() -> None:
    for account in DEMO_ACCOUNTS:
        email = contacts.normalize_email(account.email)
        org = repository.get_org(account.org_id)
        if org is None or not contacts.email_allowed(email, org["emailDomains"]):
            raise ValueError(f"demo account {account.username}: org {account.org_id} or its email domain is not valid")
        designation = repository.get_designation(account.designation_id)
        if designation is None:
            raise ValueError(f"demo account {account.username}: unknown designation {account.designation_id}")
        employee_id = contacts.normalize_employee_id(account.employee_id)
        create_account(
            user_id=demo_user_id(employee_id),
            employee_id=employee_id,
            name=account.name,
            email=email,
            mobile=contacts.normalize_mobile(account.mobile),
            org_id=account.org_id,
            designation_id=designation["id"],
            designation=designation["name"],
            roles=sorted({"PUBLIC", *account.roles}),
            password=account.password,
        )
        if NEEDS_SECOND_FACTOR & set(account.roles):
            TOTP_SECRETS[account.username] = set_up_totp(demo_user_id(employee_id), account.password)
