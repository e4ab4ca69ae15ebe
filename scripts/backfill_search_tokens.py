"""Back-fill the search index (issue 19): give the items written before the pair index their new tokens.

Writes, for every member's profile, Live course, community and published event, the token items its owner
writes today (karmayogi.domain.search: word and pair items; a course's description and competency names;
a suspended account's tokens removed) — each entity in ONE transaction with a check that it has not
changed since it was read (`version`), so a concurrent rename is never overwritten with old tokens (the
entity is counted as `changed` and skipped: its owner wrote fresh tokens). Idempotent: run it again and it
rewrites the same items. It reads the table with a parallel Scan (a one-off migration, never a request
path); `--segment`/`--segments` split the work between runs (docs/runbook.md, "Search index back-fill"):

    python -m scripts.backfill_search_tokens --stage prod --segments 8 --segment 0   # … up to 7
    python -m scripts.backfill_search_tokens --stage prod --dry-run                  # counts only
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from boto3.dynamodb.conditions import Attr  # noqa: E402

KINDS = ("UserProfile", "Course", "Community", "Event")


def entities(segment: int, segments: int) -> Iterator[dict[str, Any]]:
    from karmayogi.platform import db

    kwargs: dict[str, Any] = {"FilterExpression": Attr("entityType").is_in(list(KINDS)),
                              "Segment": segment, "TotalSegments": segments}
    while True:
        response = db.table().scan(**kwargs)
        yield from (db.plain(item) for item in response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def operations(entity: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The transaction that writes an entity's tokens (None: the entity has none to write)."""
    from functions.discussion.repository import communities
    from functions.events import repository as events
    from functions.learning.repository import courses
    from karmayogi.domain import people_index
    from karmayogi.platform import db

    version = {":v": entity.get("version", 0)}
    check = db.check_op(entity["PK"], entity["SK"], "#v = :v", names={"#v": "version"}, values=version,
                        name="changed")
    kind = entity["entityType"]
    if kind == "UserProfile":
        # the old tokens are those of the same profile: the pair items are new, stale ones are not there
        items = people_index.person_token_items(entity)
        ops = [db.put_op(item) for item in items]
        if not items and entity.get("suspended"):  # suspended before suspension took the tokens away
            ops = [db.delete_op(i["PK"], i["SK"]) for i in people_index.person_token_items({**entity, "suspended": False})]
        return [check, *ops] if ops else None
    if kind == "Course":
        if entity.get("status") != "Live":
            return None
        updated = {**entity, "competencyNames": courses.competency_names(entity)}
        names = db.update_op(entity["PK"], entity["SK"], "SET competencyNames = :n", condition="#v = :v",
                             names={"#v": "version"}, values={**version, ":n": updated["competencyNames"]},
                             name="changed")
        tokens = [i for i in courses._catalogue_items(updated) if i["entityType"].startswith("Search")]
        return [names, *[db.put_op(t) for t in tokens]]
    if kind == "Community":
        return [check, *[db.put_op(t) for t in communities.search_tokens(entity)]]
    tokens = events.search_tokens(entity)
    return [check, *[db.put_op(t) for t in tokens]] if tokens else None


def backfill(segment: int, segments: int, dry_run: bool) -> Counter[str]:
    from karmayogi.platform import db

    counts: Counter[str] = Counter()
    for entity in entities(segment, segments):
        ops = operations(entity)
        if ops is None:
            counts["skipped"] += 1
            continue
        counts[entity["entityType"]] += 1
        counts["items"] += len(ops) - 1
        if dry_run:
            continue
        try:
            db.transact(ops)
        except db.ConditionFailed:
            counts["changed"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", help="a deployed stage (its stack's outputs say which table); "
                                        "without it, the table of the environment (TABLE_NAME)")
    parser.add_argument("--region", default="ap-south-1")
    parser.add_argument("--segments", type=int, default=1)
    parser.add_argument("--segment", type=int, default=0)
    parser.add_argument("--dry-run", action="store_true", help="count what would be written, write nothing")
    args = parser.parse_args(argv)
    if not 0 <= args.segment < args.segments:
        parser.error("--segment must be in [0, --segments)")
    if args.stage:
        from scripts import bootstrap_stage

        bootstrap_stage.point_at(args.stage, args.region, bootstrap_stage.stack_outputs(args.stage, args.region))
    counts = backfill(args.segment, args.segments, args.dry_run)
    print(" ".join(f"{key}={value}" for key, value in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
