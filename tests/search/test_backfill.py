"""The search index's back-fill (scripts/backfill_search_tokens.py): items written before the pair index
get their new tokens, a suspended account loses its tokens, and a second run changes nothing."""

from __future__ import annotations

from functions.learning.repository.courses import _catalogue_items
from karmayogi.domain import people_index
from karmayogi.platform import db
from scripts import backfill_search_tokens
from tests.network.conftest import client


def test_backfill_writes_the_new_tokens(person):
    me = person("Meera Joshi")
    # people made without pairs: the fixture indexes fully, so delete the pair items again
    old = [person("Rajesh Kumar"), person("Suspended Rajesh Kumar")]
    for profile in old:
        for item in people_index.person_token_items(profile):
            if item["entityType"] == "SearchPairToken":
                db.table().delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
    db.table().update_item(Key={"PK": old[1]["PK"], "SK": old[1]["SK"]}, UpdateExpression="SET suspended = :t",
                           ExpressionAttributeValues={":t": True})
    course = {"PK": "COURSE#c1", "SK": "META", "entityType": "Course", "id": "c1", "status": "Live", "version": 3,
              "title": "Safe Computing", "description": "Phishing and passwords", "competencies": [],
              "publishedAt": "2026-01-01T00:00:00Z"}
    db.table().put_item(Item=course)
    with db.table().batch_writer() as batch:  # the catalogue as it was: title words only
        for item in _catalogue_items({**course, "description": ""}):
            batch.put_item(Item=item)
    assert client(me).get("/search", query={"q": "phishing"}).json()["items"] == []

    counts = backfill_search_tokens.backfill(0, 1, dry_run=False)
    assert counts["Course"] == 1 and counts["UserProfile"] >= 2 and counts["changed"] == 0, counts
    found = client(me).get("/people", query={"q": "kumar rajesh"}).json()["items"]
    assert [p["name"] for p in found] == ["Rajesh Kumar"]  # the suspended one is gone
    assert [r["id"] for r in client(me).get("/search", query={"q": "phishing"}).json()["items"]] == ["c1"]
    assert db.get("COURSE#c1", "META")["competencyNames"] == []
    assert backfill_search_tokens.backfill(0, 1, dry_run=False) == counts  # idempotent
