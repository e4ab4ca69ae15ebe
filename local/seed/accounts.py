"""Seed the demo accounts of local/seed/data/accounts.py as real accounts: a Cognito user (verified
email and mobile, permanent password, role groups) plus the profile, the uniqueness guards and the
people-index tokens, exactly as a completed registration makes them (`functions.auth.service.create_account`).

User ids are derived from the employee id, so a demo user has the same id on every start."""

from __future__ import annotations

import uuid

from functions.auth import contacts, repository, service
from local.seed.data.accounts import DEMO_ACCOUNTS

_NAMESPACE = uuid.UUID("6f1c1d4e-5b0a-4c59-9d43-7a3c2a1d8e10")


def demo_user_id(employee_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, contacts.normalize_employee_id(employee_id)))


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
        service.create_account(
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
