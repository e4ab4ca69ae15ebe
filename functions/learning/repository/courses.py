"""Courses: the course items and their quizzes, the lifecycle transitions with the catalogue items a Live
course carries, the catalogue's and the authors' queries, and the course's counter shards."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.domain import refcache, search
from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason)
COURSE = "course"
# A Live course's search tokens (karmayogi.domain.search): word items for the first 24 words of its title,
# competency names and description (stop words left out), pair items for the first 4 words of its title
# and competency names (12 items). 36 items at most: publishing (course, card, <= 20 competency cards,
# tokens, history) and a revision's swap stay inside DynamoDB's 100 operations per transaction.
SEARCH_WORDS = 24
SEARCH_PAIR_WORDS = 4


def get_course(course_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.course_key(course_id), consistent=consistent)


def get_quiz(course_id: str, content_id: str) -> Item | None:
    return db.get(*keys.course_quiz_key(course_id, content_id))


def _quiz_item(course_id: str, quiz: dict[str, Any]) -> Item:
    """A quiz as stored (its answers with it: only the scoring reads them); `quiz` names its `contentId`."""
    pk, sk = keys.course_quiz_key(course_id, quiz["contentId"])
    return {"PK": pk, "SK": sk, "entityType": "CourseQuiz", "courseId": course_id, **quiz}


def create_course(course_id: str | None, fields: dict[str, Any], quizzes: list[dict[str, Any]], *, author_id: str,
                  provider_org_id: str, status: str, now: str) -> Item:
    """The course (`fields`: its content; a new id unless `course_id` is given) and its quizzes, all or
    nothing (L-W1); the stored course. ConditionFailed("course") when a course with this id exists."""
    course_id = course_id or keys.new_id()
    pk, sk = keys.course_key(course_id)
    course = {
        "PK": pk, "SK": sk, "entityType": "Course", "id": course_id, **fields,
        "status": status, "authorId": author_id, "providerOrgId": provider_org_id,
        "version": 1, "createdAt": now, "updatedAt": now,
        "GSI1PK": keys.courses_by_author_gsi(author_id), "GSI1SK": f"{now}#{course_id}",
    }
    ops = [db.put_op(course, condition="attribute_not_exists(PK)", name=COURSE)]
    ops += [db.put_op(_quiz_item(course_id, q), name="quiz") for q in quizzes]
    db.transact(ops)
    return course


def replace_draft(course: Item, fields: dict[str, Any], expected_version: int, quizzes: list[dict[str, Any]],
                  removed_quiz_ids: list[str], now: str) -> Item:
    """Replace a Draft with its new content (L-W2): the course only if it is still a Draft at the version
    the author saw, its quizzes with it; the stored course. ConditionFailed("course") when it is gone, no
    longer a Draft or at another version (the caller reads it to say which)."""
    course_id = course["id"]
    updated = {**course, **fields, "version": expected_version + 1, "updatedAt": now, "GSI1SK": f"{now}#{course_id}"}
    ops = [db.put_op(updated, condition="attribute_exists(PK) AND #v = :v AND #s = :draft",
                     names={"#v": "version", "#s": "status"}, values={":v": expected_version, ":draft": "Draft"},
                     name=COURSE)]
    ops += [db.put_op(_quiz_item(course_id, q), name="quiz") for q in quizzes]
    ops += [db.delete_op(*keys.course_quiz_key(course_id, cid), name="quiz") for cid in removed_quiz_ids]
    db.transact(ops)
    return updated


def _catalogue_payload(course: Item) -> Item:
    return {
        "id": course["id"],
        "title": course["title"],
        "description": course.get("description", ""),
        "language": course.get("language", "en"),
        "competencies": course.get("competencies", []),
        "competencyIds": [c["competencyId"] for c in course.get("competencies", [])],
        "durationMinutes": course.get("durationMinutes", 0),
        "publishedAt": course.get("publishedAt"),
        "providerOrgId": course.get("providerOrgId"),
    }


def _catalogue_items(course: Item) -> list[Item]:
    """While Live: the catalogue card, one card per competency and the title's search tokens."""
    payload = _catalogue_payload(course)
    sort_key = f"{course['publishedAt']}#{course['id']}"
    pk, sk = keys.catalogue_entry_key(course["id"])
    items = [{**payload, "PK": pk, "SK": sk, "entityType": "CatalogueEntry",
              "GSI2PK": keys.catalogue_gsi(), "GSI2SK": sort_key}]
    for competency_id in payload["competencyIds"]:
        pk, sk = keys.catalogue_competency_key(course["id"], competency_id)
        items.append({**payload, "PK": pk, "SK": sk, "entityType": "CatalogueCompetencyEntry",
                      "GSI2PK": keys.catalogue_competency_gsi(competency_id), "GSI2SK": sort_key})
    course_pk, _ = keys.course_key(course["id"])
    names = " ".join(course.get("competencyNames") or [])
    items += search.token_items(keys.COURSE_SEARCH_SCOPE, course_pk, course["id"], f"{course['title']} {names}",
                                payload, more_text=course.get("description", ""), pair_words=SEARCH_PAIR_WORDS,
                                max_words=SEARCH_WORDS)
    return items


def competency_names(course: Item) -> list[str]:
    """The names (English and Hindi) of a course's competencies, kept on the Live course so that its search
    tokens can be rebuilt (and removed) without the framework."""
    ids = [c["competencyId"] for c in course.get("competencies", [])]
    found = refcache.competencies(ids)
    names: list[str] = []
    for competency_id in ids:
        competency = found.get(competency_id) or {}
        names += [str(competency[f]) for f in ("name", "nameHi") if competency.get(f)]
    return names


def transition(course_id: str, from_status: str, to_status: str, changes: dict[str, Any], *,
               expected_version: int | None = None, remove: tuple[str, ...] = (), current: Item | None = None,
               extra_ops: list[Item] | None = None) -> Item:
    """Move a course from one lifecycle status to the next (a conditional, versioned write); the stored
    course. Publishing writes the catalogue items and retiring removes them in the same transaction (L-W3).
    `current` is the course as the caller read it (strongly consistent) — read here when not given; the
    write's condition (version and status as read) refuses it if it changed since.

    ConditionFailed: "missing" (no such course), "status" (not in `from_status`), "stale" (not at
    `expected_version`), "course" (it changed since it was read). `extra_ops` join the same transaction
    (e.g. the review history's entry)."""
    course = current if current is not None else get_course(course_id, consistent=True)
    if course is None:
        raise db.ConditionFailed("missing")
    if course["status"] != from_status:
        raise db.ConditionFailed("status")
    version = int(course["version"])
    if expected_version is not None and expected_version != version:
        raise db.ConditionFailed("stale")
    updated = {**course, **changes, "status": to_status, "version": version + 1}
    for name in remove:
        updated.pop(name, None)
    ops = [db.put_op(updated, condition="#v = :v AND #s = :from", names={"#v": "version", "#s": "status"},
                     values={":v": version, ":from": from_status}, name=COURSE)]
    if to_status == "Live":
        ops += [db.put_op(item, name="catalogue") for item in _catalogue_items(updated)]
    elif from_status == "Live":
        ops += [db.delete_op(item["PK"], item["SK"], name="catalogue") for item in _catalogue_items(course)]
    ops += extra_ops or []
    db.transact(ops)
    return updated


def submit_for_review(course: Item, now: str, expected_version: int | None) -> Item:
    """Draft → Review: listed in the review queue (sparse GSI3). ConditionFailed as `transition`."""
    course_id = course["id"]
    return transition(course_id, "Draft", "Review", {
        "submittedAt": now, "updatedAt": now, "GSI1SK": f"{now}#{course_id}",
        "GSI3PK": keys.course_review_queue_gsi(), "GSI3SK": f"{now}#{course_id}",
    }, expected_version=expected_version, current=course)


def publish(course: Item, publisher_id: str, now: str, expected_version: int | None,
            extra_ops: list[Item] | None = None) -> Item:
    """Review → Live: off the review queue, into the catalogue. ConditionFailed as `transition`."""
    return transition(course["id"], "Review", "Live", {
        "competencyNames": competency_names(course), "publishedAt": now, "publishedBy": publisher_id, "updatedAt": now, "GSI1SK": f"{now}#{course['id']}",
    }, expected_version=expected_version, remove=("GSI3PK", "GSI3SK"), current=course, extra_ops=extra_ops)


def retire(course: Item, retired_by: str, now: str, expected_version: int | None) -> Item:
    """Live → Retired: out of the catalogue. ConditionFailed as `transition`."""
    return transition(course["id"], "Live", "Retired", {
        "retiredAt": now, "retiredBy": retired_by, "updatedAt": now, "GSI1SK": f"{now}#{course['id']}",
    }, expected_version=expected_version, current=course)


def catalogue_page(competency_id: str | None, limit: int, cursor: str | None) -> db.Page:
    """L1 / L2: Live courses, newest first, optionally those building one competency."""
    if competency_id:
        condition = Key("GSI2PK").eq(keys.catalogue_competency_gsi(competency_id))
        scope = f"catalogue:competency:{competency_id}"
    else:
        condition = Key("GSI2PK").eq(keys.catalogue_gsi())
        scope = "catalogue"
    return db.query_page(condition, index=keys.GSI2, scope=scope, limit=limit, cursor=cursor, forward=False)


def search_catalogue(q: str, limit: int, cursor: str | None) -> db.Page:
    """L3: Live courses matching q in their title, competency names or description (the pair index, then
    the word index: karmayogi.domain.search)."""
    return search.search_page(keys.COURSE_SEARCH_SCOPE, q, limit=limit, cursor=cursor, pairs=True, fallback=True)


def courses_by_author(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L4: an author's courses in any status, most recently changed first."""
    condition = Key("GSI1PK").eq(keys.courses_by_author_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"courses:author:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def review_queue(limit: int, cursor: str | None) -> db.Page:
    """L5: courses waiting in Review, oldest first."""
    condition = Key("GSI3PK").eq(keys.course_review_queue_gsi())
    return db.query_page(condition, index=keys.GSI3, scope="courses:review", limit=limit, cursor=cursor)


def counter_op(course_id: str, user_id: str, field: str) -> Item:
    """Count one enrolment or completion on the user's shard of the course's counters."""
    pk, sk = keys.course_counter_key(course_id, keys.shard_of(user_id, keys.COURSE_COUNTER_SHARDS))
    return db.update_op(pk, sk, "ADD #f :one SET entityType = :t, courseId = :c",
                        names={"#f": field}, values={":one": 1, ":t": "CourseCounterShard", ":c": course_id},
                        name="counter")


def course_counts(course_id: str) -> dict[str, int]:
    """L6: the sum over the course's counter shards (one BatchGetItem)."""
    shards = db.batch_get([keys.course_counter_key(course_id, s) for s in range(keys.COURSE_COUNTER_SHARDS)])
    return {
        "enrolments": sum(int(s.get("enrolments", 0)) for s in shards),
        "completions": sum(int(s.get("completions", 0)) for s in shards),
    }
