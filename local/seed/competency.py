"""Seed the competency framework and, for every seeded org, the competencies each designation requires
(local/seed/data: COMPETENCIES, DESIGNATION_REQUIREMENTS, ORGS).

One item per (org, designation) with its requirements as a map: 149 orgs x 25 designations = 3,725
small items (keys, entityType, the map and a version) in BatchWriteItem requests of 25: 1.2-2 s on the
in-process moto of the dev server (measured on a loaded 2-CPU machine)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from boto3.dynamodb.types import TypeSerializer
from botocore.config import Config

from functions.competency import repository
from karmayogi.domain import refcache
from karmayogi.platform import aws, db
from karmayogi.platform.errors import unavailable
from karmayogi.platform.settings import get_settings
from local.seed.data.career import DESIGNATION_REQUIREMENTS
from local.seed.data.competencies import COMPETENCIES
from local.seed.data.names_hi import COMPETENCY_NAMES_HI
from local.seed.data.orgs import ORGS

SEED_TIME = "2026-01-01T00:00:00+00:00"


def framework() -> list[dict[str, object]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "nameHi": COMPETENCY_NAMES_HI.get(c.id),
            "area": c.area,
            "description": c.description,
            "levels": [asdict(level) for level in c.levels],
            "ownerOrgId": None,
            "version": 1,
            "createdAt": SEED_TIME,
            "updatedAt": SEED_TIME,
        }
        for c in COMPETENCIES
    ]


def put_requirements_batch(items: Iterable[db.Item]) -> None:
    """Unconditional BatchWriteItem of requirement items, 25 a request, retrying unprocessed ones, through a
    low-level client without botocore's parameter validation (these items were built here): about half
    the client-side cost of the resource's batch writer."""
    client = aws.client("dynamodb", config=Config(parameter_validation=False))
    serializer = TypeSerializer()
    table_name = get_settings().table_name
    items = list(items)
    requests = [{"PutRequest": {"Item": {k: serializer.serialize(v) for k, v in item.items()}}} for item in items]
    for start in range(0, len(requests), 25):
        pending: dict[str, Any] = {table_name: requests[start:start + 25]}
        for attempt in range(6):
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(0.05 * 2**attempt)
        if pending:
            raise unavailable()
    refcache.forget("requirements", *((item["PK"], item["SK"]) for item in items))


def seed() -> None:
    repository.put_competencies(framework())
    put_requirements_batch(
        repository.requirements_item(org.id, designation_id, dict(requirements), 1, stamped=False)
        for org in ORGS for designation_id, requirements in DESIGNATION_REQUIREMENTS.items()
    )
