"""Make a freshly deployed stage usable: load its reference data, then create the first SPV administrator.

A new stage's table is empty: nobody can register until the directory (organisations with their email
domains, designations) exists, and nobody can administer anything until a first SPV administrator does
(self sign-up is off). Run with the deploying account's credentials (docs/runbook.md, section 6):

    python -m scripts.bootstrap_stage --stage prod reference-data
    python -m scripts.bootstrap_stage --stage prod create-admin --employee-id SPV0001 --name "..." \\
        --email admin@dopt.gov.in --mobile 98XXXXXXXX --org-id dopt --designation-id us

The stack's outputs (TableName, UserPoolId, UserPoolClientId) say where to write. The reference data is
the directory, the competency framework and the career paths of local/seed/data (the same the dev server starts with); it is
loaded once: a stage whose directory already has organisations is left alone unless --force. The
administrator is made exactly as a completed registration makes an account (local.seed.accounts
create_account: Cognito user with the immutable org attribute, profile, uniqueness guards, people index),
with the password read from the terminal, never from the command line."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from infra import definitions  # noqa: E402

OUTPUTS_TO_ENVIRONMENT = {"TableName": "TABLE_NAME", "UserPoolId": "USER_POOL_ID",
                          "UserPoolClientId": "USER_POOL_CLIENT_ID"}


class BootstrapError(Exception):
    """A refusal the operator can act on (printed, exit status 2)."""


def stack_outputs(stage: str, region: str) -> dict[str, str]:
    import boto3

    stacks = boto3.client("cloudformation", region_name=region).describe_stacks(
        StackName=definitions.stack_name(stage))["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}


def point_at(stage: str, region: str, outputs: Mapping[str, str]) -> None:
    """Set the environment the hubs' code reads (karmayogi.platform.settings) to the deployed stage's resources."""
    missing = sorted(set(OUTPUTS_TO_ENVIRONMENT) - set(outputs))
    if missing:
        raise BootstrapError(f"the stack {definitions.stack_name(stage)} has no outputs {missing}: deploy it first")
    os.environ["STAGE"] = stage
    os.environ["AWS_REGION"] = region
    for output, variable in OUTPUTS_TO_ENVIRONMENT.items():
        os.environ[variable] = outputs[output]
    # Settings every function has; the bootstrap sends no mail, SMS or reminders, so they only need to exist.
    os.environ.setdefault("SCHEDULE_GROUP_NAME", definitions.schedule_group_name(stage))
    os.environ.setdefault("EMAIL_SENDER", "unused-by-bootstrap@invalid")
    os.environ.setdefault("SMS_SENDER_ID", "UNUSED")
    from karmayogi.platform import db
    from karmayogi.platform.settings import reset_settings

    reset_settings()
    db.reset_clients()


def load_reference_data(*, force: bool = False) -> str:
    from functions.auth import repository
    from local.seed import career, competency, directory
    from local.seed.data.orgs import ORGS

    if not force and repository.get_org(ORGS[0].id) is not None:
        raise BootstrapError("the directory already has organisations; rerun with --force to overwrite them "
                             "(and the competency framework and designation requirements) with the shipped data")
    directory.seed()
    competency.seed()
    paths = career.seed_paths()
    return f"loaded {len(ORGS)} organisations, the designations, the competency framework and {paths} career paths"


def create_admin(*, employee_id: str, name: str, email: str, mobile: str, org_id: str, designation_id: str,
                 password: str) -> str:
    import uuid

    from functions.auth import contacts, repository
    from karmayogi.platform.db import ConditionFailed
    from karmayogi.platform.errors import AppError
    from local.seed import accounts

    org = repository.get_org(org_id)
    if org is None:
        raise BootstrapError(f"there is no organisation {org_id!r}: load the reference data first")
    try:
        normalized_email = contacts.normalize_email(email)
        normalized_mobile = contacts.normalize_mobile(mobile)
        normalized_employee_id = contacts.normalize_employee_id(employee_id)
    except ValueError as error:
        raise BootstrapError(f"email, mobile or employee ID: {error}") from error
    if not contacts.email_allowed(normalized_email, org["emailDomains"]):
        raise BootstrapError(f"{org_id} accepts addresses at {', '.join(org['emailDomains'])} only")
    designation = repository.get_designation(designation_id)
    if designation is None:
        raise BootstrapError(f"there is no designation {designation_id!r}")
    problems = contacts.password_problems(password)
    if problems:
        raise BootstrapError("the password is too weak: " + "; ".join(problems))
    user_id = str(uuid.uuid4())
    try:
        accounts.create_account(
            user_id=user_id, employee_id=normalized_employee_id, name=name, email=normalized_email,
            mobile=normalized_mobile, org_id=org_id, designation_id=designation["id"],
            designation=designation["name"], roles=["PUBLIC", "SPV_ADMIN"], password=password,
        )
    except AppError as error:  # e.g. the email, mobile or employee ID already belongs to an account
        raise BootstrapError(f"{error.code}: {error}") from error
    except ConditionFailed as failed:  # the same, found by the account's transaction (a taken guard)
        raise BootstrapError(f"ALREADY_REGISTERED: {failed.reason} belongs to another account") from failed
    return f"created SPV administrator {user_id} ({org_id}); they sign in with their email or employee ID"


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True, help="the deployed stage (cdk.json stages), e.g. prod")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-south-1"))
    commands = parser.add_subparsers(dest="command", required=True)
    reference = commands.add_parser("reference-data", help="load the directory and the competency framework")
    reference.add_argument("--force", action="store_true", help="overwrite an existing directory")
    admin = commands.add_parser("create-admin", help="create an SPV administrator (password asked for)")
    for flag in ("--employee-id", "--name", "--email", "--mobile", "--org-id", "--designation-id"):
        admin.add_argument(flag, required=True)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, outputs: Callable[[str, str], Mapping[str, str]] = stack_outputs,
         read_password: Callable[[str], str] = getpass.getpass, out: Any = sys.stdout) -> int:
    args = _arguments(argv)
    try:
        point_at(args.stage, args.region, outputs(args.stage, args.region))
        if args.command == "reference-data":
            print(load_reference_data(force=args.force), file=out)
        else:
            password = read_password("Password for the new administrator: ")
            if password != read_password("The same again: "):
                raise BootstrapError("the two passwords differ")
            print(create_admin(employee_id=args.employee_id, name=args.name, email=args.email, mobile=args.mobile,
                               org_id=args.org_id, designation_id=args.designation_id, password=password), file=out)
    except BootstrapError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
