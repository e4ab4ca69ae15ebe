"""Course ratings: one rating item per learner and course, and the course's aggregate (the sum of the
stars and the count), both written in one transaction so the average is always that of the ratings."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason)
RATING = "rating"


def get_rating(course_id: str, user_id: str) -> Item | None:
    return db.get(*keys.course_rating_key(course_id, user_id), consistent=True)


def put_rating(course_id: str, user_id: str, fields: dict[str, Any], previous: Item | None, now: str) -> Item:
    """Store the learner's rating (L-W: rating + aggregate, all or nothing); the stored rating. A first rating
    adds its stars and one to the count; a new rating replaces the previous one and adds the difference.
    ConditionFailed("rating") when another write of this learner's rating came first (the caller retries)."""
    pk, sk = keys.course_rating_key(course_id, user_id)
    stars = int(fields["stars"])
    created = previous["createdAt"] if previous else now
    version = int(previous["version"]) + 1 if previous else 1
    rating = {"PK": pk, "SK": sk, "entityType": "CourseRating", "courseId": course_id, "userId": user_id,
              **fields, "stars": stars, "createdAt": created, "updatedAt": now, "version": version,
              "GSI1PK": keys.course_ratings_gsi(course_id), "GSI1SK": f"{now}#{user_id}"}
    if previous is None:
        put = db.put_op(rating, condition="attribute_not_exists(PK)", name=RATING)
        delta, count = stars, 1
    else:
        put = db.put_op(rating, condition="#v = :v", names={"#v": "version"}, values={":v": previous["version"]},
                        name=RATING)
        delta, count = stars - int(previous["stars"]), 0
    summary_pk, summary_sk = keys.course_rating_summary_key(course_id)
    summary = db.update_op(summary_pk, summary_sk, "ADD starsTotal :d, ratingCount :c SET entityType = :t, courseId = :id",
                           values={":d": delta, ":c": count, ":t": "CourseRatingSummary", ":id": course_id},
                           name="summary")
    db.transact([put, summary])
    return rating


def summaries(course_ids: list[str]) -> dict[str, Item]:
    """The rating aggregates of some courses (one BatchGetItem per 100), by course id."""
    found = db.batch_get([keys.course_rating_summary_key(c) for c in course_ids])
    return {item["courseId"]: item for item in found}


def course_ratings(course_id: str, limit: int, cursor: str | None) -> db.Page:
    """A course's ratings, newest first."""
    condition = Key("GSI1PK").eq(keys.course_ratings_gsi(course_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"ratings:{course_id}", limit=limit, cursor=cursor,
                         forward=False)
