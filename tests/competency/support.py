"""Test data for the competency and career hubs: a small framework, Live courses shaped as the learning
hub keeps them (course item and per-competency catalogue cards) and designation requirements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
from moto import mock_aws

from functions.competency import repository
from infra import definitions
from karmayogi.domain import passbook, refcache
from karmayogi.platform import clock, db, keys
from local import aws
from local import push as local_push
from tests import factories
from tests.request_budget import counting  # noqa: F401 - used by this hub's tests

LEVELS = [{"level": n, "name": name, "description": f"Level {n} of the competency"}
          for n, name in enumerate(("Basic", "Developing", "Proficient", "Advanced", "Expert"), start=1)]

FRAMEWORK = [
    {"id": "c-integrity", "name": "Integrity", "area": "behavioural", "description": "Acts honestly."},
    {"id": "c-team-work", "name": "Team Work", "area": "behavioural", "description": "Works with others."},
    {"id": "c-noting-drafting", "name": "Noting and Drafting", "area": "functional",
     "description": "Writes notes and drafts on files."},
    {"id": "c-e-office", "name": "e-Office", "area": "functional", "description": "Uses e-Office."},
    {"id": "c-rti-handling", "name": "RTI Handling", "area": "functional", "description": "Handles RTI."},
    {"id": "c-land-records", "name": "Land Records Management", "area": "domain",
     "description": "Maintains land records."},
]


def seed_framework() -> None:
    repository.put_competencies({**c, "levels": LEVELS, "ownerOrgId": None, "version": 1} for c in FRAMEWORK)


def live_course(course_id: str, title: str, competencies: list[tuple[str, int]], minutes: int,
                status: str = "Live") -> None:
    """A course as the learning hub stores it: the course item and, while Live, its catalogue card per
    competency (functions/learning/repository/courses.py _catalogue_items)."""
    comps = [{"competencyId": c, "level": level} for c, level in competencies]
    payload: dict[str, Any] = {"id": course_id, "title": title, "description": title, "language": "en",
                               "competencies": comps, "competencyIds": [c for c, _ in competencies],
                               "durationMinutes": minutes, "publishedAt": "2026-01-01T00:00:00+00:00"}
    pk, sk = keys.course_key(course_id)
    db.table().put_item(Item={**payload, "PK": pk, "SK": sk, "entityType": "Course", "status": status,
                              "version": 1})
    if status != "Live":
        return
    for competency_id, _ in competencies:
        cpk, csk = keys.catalogue_competency_key(course_id, competency_id)
        db.table().put_item(Item={**payload, "PK": cpk, "SK": csk, "entityType": "CatalogueCompetencyEntry",
                                  "GSI2PK": keys.catalogue_competency_gsi(competency_id),
                                  "GSI2SK": f"{payload['publishedAt']}#{course_id}"})


def require(org_id: str, designation_id: str, requirements: dict[str, int]) -> None:
    """Set a designation's mapping directly (version 1), as the seeder does; this container's cached copy
    is forgotten."""
    item = repository.requirements_item(org_id, designation_id, requirements, 1)
    db.table().put_item(Item=item)
    refcache.forget("requirements", (item["PK"], item["SK"]))


# ---- a fast platform for the competency and career tests ----------------------------------------------
# The shared `resources` fixture creates a Cognito pool (RSA keys) for every test (~1-2 s). These hubs use
# only the table and SES, and pass claims directly: one moto per test module with the table and SES, and
# a fresh, empty table for every test (~30 ms).

def module_platform() -> Iterator[aws.LocalResources]:
    with mock_aws():
        aws.make_dynamodb_writes_atomic()
        boto3.client("dynamodb", region_name=aws.REGION).create_table(
            **definitions.create_table_request(aws.STAGE))
        sender = "no-reply@karmayogi.gov.in"
        ses = boto3.client("ses", region_name=aws.REGION)
        ses.verify_domain_identity(Domain="karmayogi.gov.in")
        ses.verify_email_identity(EmailAddress=sender)
        provisioned = aws.LocalResources(table_name=definitions.table_name(aws.STAGE), user_pool_id="",
                                         user_pool_client_id="", schedule_group_name=definitions.schedule_group_name(aws.STAGE), email_sender=sender)
        aws.configure_environment(provisioned)
        aws.record_outbox()
        local_push.install()  # the competency hub pushes plan assignments: configured as in AWS, whatever ran before
        yield provisioned


def fresh_table(platform: aws.LocalResources) -> Iterator[aws.LocalResources]:
    client = boto3.client("dynamodb", region_name=aws.REGION)
    client.delete_table(TableName=platform.table_name)
    client.create_table(**definitions.create_table_request(aws.STAGE))
    aws.configure_environment(platform)
    clock.reset()
    yield platform
    clock.reset()


# ---- people ---------------------------------------------------------------------------------------------

@dataclass
class World:
    learner: dict[str, Any]  # dopt, section officer
    colleague: dict[str, Any]  # dopt, section officer
    admin: dict[str, Any]  # MDO_ADMIN of dopt, under secretary
    other_admin: dict[str, Any]  # MDO_ADMIN of mof
    other_learner: dict[str, Any]  # mof, section officer
    spv: dict[str, Any]  # SPV_ADMIN (mopp)
    leader: dict[str, Any]  # MDO_LEADER of dopt, under secretary


def joined(*roles: str, org_id: str = "dopt", designation_id: str = "section-officer") -> dict[str, Any]:
    """A user whose profile exists and who counts in the org's gap counters (as registration does)."""
    user = factories.create_user(*roles, org_id=org_id, designation_id=designation_id)
    passbook.user_joined(user["userId"], org_id, designation_id)
    return user


def make_world() -> World:
    """The directory, the small framework and one user per role the permission matrices need."""
    factories.seed_directory()
    seed_framework()
    return World(
        learner=joined(),
        colleague=joined(),
        admin=joined("MDO_ADMIN", designation_id="under-secretary"),
        other_admin=joined("MDO_ADMIN", org_id="mof", designation_id="under-secretary"),
        other_learner=joined(org_id="mof"),
        spv=joined("SPV_ADMIN", org_id="mopp", designation_id="under-secretary"),
        leader=joined("MDO_LEADER", designation_id="under-secretary"),
    )
