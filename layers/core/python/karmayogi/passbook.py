"""The competency passbook: what a user has shown, from which source. Owned by the competency hub;
the auth hub (self-declared profile) and the learning hub (certificates, assessments) write through it.

Entry item: PK `USER#<id>`, SK `PASSBOOK#<competencyId>#<source>#<sourceId>`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from karmayogi import clock, db, keys

Source = Literal["self", "course", "assessment"]


@dataclass(frozen=True)
class PassbookEntry:
    competency_id: str
    level: int
    source: Source
    source_id: str
    acquired_at: str = ""


def entry_item(user_id: str, entry: PassbookEntry) -> db.Item:
    pk, sk = keys.passbook_entry_key(user_id, entry.competency_id, entry.source, entry.source_id)
    return {
        "PK": pk,
        "SK": sk,
        "entityType": "PassbookEntry",
        "userId": user_id,
        "competencyId": entry.competency_id,
        "level": entry.level,
        "source": entry.source,
        "sourceId": entry.source_id,
        "acquiredAt": entry.acquired_at or clock.now_iso(),
    }


def record_competencies(user_id: str, entries: list[PassbookEntry]) -> None:
    """Add entries to a user's passbook (idempotent per competency, source and source id)."""
    with db.table().batch_writer() as batch:
        for entry in entries:
            batch.put_item(Item=entry_item(user_id, entry))
