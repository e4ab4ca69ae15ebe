"""Review history and revisions: the course's review decisions (sent back, published), a Live course's one
open revision (a Draft copy with its own id), publishing a revision over the Live course, and bringing an
enrolment made before a revision onto the course's current contents (docs/data-model.md, L20, L-W20…23)."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from functions.learning.repository.courses import (
    COURSE,
    _catalogue_items,
    _quiz_item,
    competency_names,
    get_quiz,
    transition,
)
from functions.learning.repository.enrolments import conditional_update
from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason)
LIVE = "live"  # the Live course a revision belongs to (changed, retired, or another revision open)
REVISION = "revision"  # the revision being published (changed since it was read)

# What a revision replaces on the Live course when it is published
REVISED_FIELDS = ("title", "description", "language", "competencies", "modules", "durationMinutes", "media")


def _review_op(root_id: str, review: dict[str, Any]) -> Item:
    pk, sk = keys.course_review_key(root_id, review["at"], review["id"])
    return db.put_op({"PK": pk, "SK": sk, "entityType": "CourseReview", "courseId": root_id, **review},
                     condition="attribute_not_exists(PK)", name="review")


def list_reviews(root_id: str, limit: int, cursor: str | None) -> db.Page:
    """L20: a course's review history (its revisions' too), oldest first."""
    pk, _ = keys.course_key(root_id)
    condition = Key("PK").eq(pk) & Key("SK").begins_with(keys.course_review_prefix())
    return db.query_page(condition, scope=f"reviews:{root_id}", limit=limit, cursor=cursor)


def send_back(course: Item, root_id: str, review: dict[str, Any], now: str, expected_version: int | None) -> Item:
    """Review → Draft with the reviewer's comments kept (L-W20): off the review queue, the history entry in
    the same transaction. ConditionFailed as courses.transition."""
    return transition(course["id"], "Review", "Draft", {
        "updatedAt": now, "GSI1SK": f"{now}#{course['id']}", "lastReviewId": review["id"],
    }, expected_version=expected_version, remove=("GSI3PK", "GSI3SK"), current=course,
        extra_ops=[_review_op(root_id, review)])


def published_review_op(root_id: str, review: dict[str, Any]) -> Item:
    return _review_op(root_id, review)


def live_quizzes(course: Item) -> list[Item]:
    """The stored quizzes (with answers) of a course's quiz contents."""
    ids = [c["id"] for m in course.get("modules", []) for c in m["contents"] if c["type"] == "quiz"]
    quizzes = [get_quiz(course["id"], cid) for cid in ids]
    return [q for q in quizzes if q is not None]


def open_revision(live: Item, revision_id: str, author_id: str, now: str) -> Item:
    """L-W21: a Draft copy of a Live course (its contents, files and quizzes) under a new id, and the Live
    course marked with it — only while it is Live, at the version read and with no other open revision.
    ConditionFailed("live") otherwise. Returns the revision."""
    pk, sk = keys.course_key(revision_id)
    revision = {
        **{k: live[k] for k in REVISED_FIELDS if k in live},
        "PK": pk, "SK": sk, "entityType": "Course", "id": revision_id, "status": "Draft",
        "authorId": author_id, "providerOrgId": live["providerOrgId"], "revisionOf": live["id"],
        "revision": int(live.get("revision") or 1) + 1, "version": 1, "createdAt": now, "updatedAt": now,
        "GSI1PK": keys.courses_by_author_gsi(author_id), "GSI1SK": f"{now}#{revision_id}",
    }
    live_pk, live_sk = keys.course_key(live["id"])
    ops = [
        db.update_op(live_pk, live_sk, "SET openRevisionId = :rev, updatedAt = :now ADD #v :one",
                     condition="#v = :v AND #s = :live AND attribute_not_exists(openRevisionId)",
                     names={"#v": "version", "#s": "status"},
                     values={":rev": revision_id, ":now": now, ":one": 1, ":v": int(live["version"]), ":live": "Live"},
                     name=LIVE),
        db.put_op(revision, condition="attribute_not_exists(PK)", name=COURSE),
    ]
    ops += [db.put_op(_quiz_item(revision_id, _quiz_fields(q)), name="quiz") for q in live_quizzes(live)]
    db.transact(ops)
    return revision


def _quiz_fields(quiz: Item) -> Item:
    return {k: v for k, v in quiz.items() if k not in ("PK", "SK", "entityType", "courseId")}


def publish_revision(live: Item, revision: Item, review: dict[str, Any], publisher_id: str, now: str) -> Item:
    """L-W22, one transaction: the Live course takes the revision's contents, files and quizzes (same id:
    enrolments keep pointing at it; its `revision` number goes up), its catalogue items follow, the revision
    item and its quizzes go, the history records the decision. ConditionFailed("live") when the Live course
    changed or is no longer Live, ("revision") when the revision changed or left Review. Returns the course."""
    course_id = live["id"]
    updated = {**live, **{k: revision[k] for k in REVISED_FIELDS if k in revision},
               "revision": int(revision["revision"]), "revisedAt": now, "revisedBy": publisher_id,
               "updatedAt": now, "version": int(live["version"]) + 1}
    updated.pop("openRevisionId", None)
    updated["competencyNames"] = competency_names(updated)
    if "media" not in revision:
        updated.pop("media", None)
    ops = [db.put_op(updated, condition="#v = :v AND #s = :live AND openRevisionId = :rev",
                     names={"#v": "version", "#s": "status"},
                     values={":v": int(live["version"]), ":live": "Live", ":rev": revision["id"]}, name=LIVE)]
    rev_pk, rev_sk = keys.course_key(revision["id"])
    ops.append(db.delete_op(rev_pk, rev_sk, condition="#v = :v AND #s = :review",
                            names={"#v": "version", "#s": "status"},
                            values={":v": int(revision["version"]), ":review": "Review"}, name=REVISION))
    new_catalogue = _catalogue_items(updated)
    new_keys = {(i["PK"], i["SK"]) for i in new_catalogue}
    ops += [db.put_op(i, name="catalogue") for i in new_catalogue]
    ops += [db.delete_op(i["PK"], i["SK"], name="catalogue") for i in _catalogue_items(live)
            if (i["PK"], i["SK"]) not in new_keys]
    new_quizzes = live_quizzes(revision)
    kept = {q["contentId"] for q in new_quizzes}
    ops += [db.put_op(_quiz_item(course_id, _quiz_fields(q)), name="quiz") for q in new_quizzes]
    ops += [db.delete_op(q["PK"], q["SK"], name="quiz") for q in live_quizzes(live) if q["contentId"] not in kept]
    ops += [db.delete_op(q["PK"], q["SK"], name="quiz") for q in new_quizzes]
    ops.append(_review_op(course_id, review))
    db.transact(ops)
    return updated


def rebase_enrolment(enrolment: Item, sets: dict[str, Any], completed: list[str]) -> Item:
    """L-W23: an enrolment onto its course's current revision (content lists, what stays completed, the
    progress of contents that stayed), if it is still at the version read. ConditionFailed("enrolment")
    when it changed meanwhile. Returns the new item."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    names = {"#version": "version"}
    values: dict[str, Any] = {":v": int(enrolment.get("version") or 0), ":one": 1}
    parts = []
    for i, (name, value) in enumerate(sets.items()):
        names[f"#f{i}"] = name
        values[f":f{i}"] = value
        parts.append(f"#f{i} = :f{i}")
    expression = "SET " + ", ".join(parts)
    if completed:
        values[":done"] = set(completed)
        expression += ", completedContents = :done"
    expression += " ADD #version :one"
    if not completed:
        expression += " REMOVE completedContents"
    return conditional_update(pk, sk, expression, "#version = :v", names, values)
