"""Progress, assessments and completion: the progress write, the quiz attempts, and the completion's one
transaction — the enrolment, the certificate, and operations of other hubs' data (karma, the completion
record and passbook entries, the in-app notice), each named."""

from __future__ import annotations

from typing import Any

from functions.learning.repository.courses import counter_op
from functions.learning.repository.enrolments import ENROLMENT, conditional_update, enrolment_op
from karmayogi.domain import completions, karma, notifications
from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason); the other hubs' operations are named by their modules
# (karma.LEDGER, completions.RECORD, completions.PASSBOOK).
ATTEMPTS = "attempts"  # the learner's attempts at a quiz (someone else attempted meanwhile)
CERTIFICATE = "certificate"
NOTICE = "notice"


def new_certificate_id() -> str:
    return keys.new_certificate_id()


def record_progress(enrolment_id: str, user_id: str, content_id: str, completed: bool, percent: int,
                    now: str) -> Item:
    """One UpdateItem per progress write (L-W12): the content's percent, the resume point and — when
    completed — the content id ADDed to the completed set (a set: completing twice counts once). The
    condition checks owner, status and that the content belongs to the course; returns the new item.
    ConditionFailed("enrolment") when it does not hold."""
    pk, sk = keys.enrolment_key(enrolment_id)
    names = {"#p": "contentProgress", "#c": content_id, "#status": "status", "#version": "version"}
    values: dict[str, Any] = {":me": user_id, ":enrolled": "ENROLLED", ":completed": "COMPLETED",
                              ":content": content_id, ":now": now, ":pct": 100 if completed else percent,
                              ":one": 1}
    expression = ("SET #p.#c = :pct, lastContentId = :content, lastAccessedAt = :now, updatedAt = :now "
                  "ADD #version :one")
    if completed:
        expression += ", completedContents :set"
        values[":set"] = {content_id}
    # A video, audio, pdf or scorm content is counted only from heartbeats (record_playback): the condition
    # refuses those (`mediaContentIds`; an enrolment without it fails too and is given it: set_media_content_ids).
    condition = ("userId = :me AND #status IN (:enrolled, :completed) AND contains(contentIds, :content) "
                 "AND attribute_exists(mediaContentIds) AND NOT contains(mediaContentIds, :content)")
    return conditional_update(pk, sk, expression, condition, names, values)


def record_playback(enrolment: Item, playback: dict[str, Any], content_id: str, *, completed: bool,
                    now: str) -> Item:
    """L-W19, one UpdateItem per heartbeat: the enrolment's `playback` map written whole (the content's entry
    replaced: merged ranges or pages, coverage, resume point, sessions, wall-time ledger), `lastContentId`,
    and — when the content became complete — its id ADDed to `completedContents`; condition: the enrolment
    is still at the version read (so two concurrent heartbeats cannot lose each other's ranges) and learning.
    Returns the new item; ConditionFailed("enrolment") when the condition fails (read again and retry)."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    names = {"#status": "status", "#version": "version"}
    values: dict[str, Any] = {":playback": playback, ":content": content_id, ":now": now, ":one": 1,
                              ":v": enrolment["version"], ":enrolled": "ENROLLED", ":completed": "COMPLETED"}
    expression = ("SET playback = :playback, lastContentId = :content, lastAccessedAt = :now, updatedAt = :now "
                  "ADD #version :one")
    if completed:
        expression += ", completedContents :set"
        values[":set"] = {content_id}
    return conditional_update(pk, sk, expression, "#version = :v AND #status IN (:enrolled, :completed)",
                              names, values)


def set_media_content_ids(enrolment_id: str, media_content_ids: list[str]) -> None:
    """Give an enrolment made before media contents were told apart its `mediaContentIds` (the contents
    whose progress only heartbeats record), once: the attribute is written only where it is missing."""
    pk, sk = keys.enrolment_key(enrolment_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="SET mediaContentIds = if_not_exists(mediaContentIds, :ids)",
                           ConditionExpression="attribute_exists(PK)",
                           ExpressionAttributeValues={":ids": media_content_ids})


def completion_ops(enrolment: Item, certificate: dict[str, Any], *, org_id: str, credits: list[tuple[str, str]],
                   competencies: list[tuple[str, int]], recorded: bool, notice: dict[str, Any]) -> list[Item]:
    """What completes a course besides the enrolment's own change (L-W13), as named operations: the
    certificate (created: "certificate"), the karma credits — ledger entries, total and monthly points
    (karma.credits_ops: "karma:ledger" fails when credited before) —, the completion counted on the
    course's counter shard, the completion record unless `recorded` and the course's passbook entries
    (completions.course_completed_ops), and the in-app notice ("notice")."""
    user_id, course_id, certificate_id = enrolment["userId"], enrolment["courseId"], certificate["id"]
    pk, sk = keys.certificate_key(certificate_id)
    item = {"PK": pk, "SK": sk, "entityType": "Certificate", **certificate,
            "GSI1PK": keys.user_certificates_gsi(user_id), "GSI1SK": f"{certificate['issuedAt']}#{certificate_id}"}
    facts = completions.course_completed_ops(user_id, org_id, course_id, competencies, certificate["issuedAt"],
                                             certificate_id, recorded=recorded)
    notice_ops = notifications.in_app_ops(user_id, "CERTIFICATE_ISSUED", notice,
                                          link=f"/certificates/{certificate_id}")
    return [db.put_op(item, condition="attribute_not_exists(PK)", name=CERTIFICATE),
            *karma.credits_ops(user_id, org_id, credits),
            counter_op(course_id, user_id, "completions"),
            *facts,
            *(db.named(NOTICE, op) for op in notice_ops)]


def complete(enrolment: Item, sets: dict[str, Any], ops: list[Item], now: str) -> None:
    """L-W13, exactly once: the enrolment flips to COMPLETED with `sets` (condition: still ENROLLED) and
    `ops` (completion_ops) are written — one transaction. ConditionFailed("enrolment") when another
    request completed it first; otherwise the name of the failed operation of `ops`."""
    db.transact([enrolment_op(enrolment["id"], now, sets, "#status = :enrolled", {":enrolled": "ENROLLED"}), *ops])


def mark_follow_up_done(enrolment_id: str) -> None:
    pk, sk = keys.enrolment_key(enrolment_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="SET followUpDone = :t",
                           ExpressionAttributeValues={":t": True})


# ---- assessments ------------------------------------------------------------------------------------------

def get_attempts(enrolment_id: str, content_id: str) -> Item | None:
    return db.get(*keys.enrolment_attempts_key(enrolment_id, content_id), consistent=True)


def assessment_context(enrolment_id: str, course_id: str, content_id: str) -> tuple[Item | None, Item | None,
                                                                                     Item | None]:
    """L17: the enrolment, the quiz and the learner's attempts at it (None where missing), one strongly
    consistent BatchGetItem."""
    wanted = [keys.enrolment_key(enrolment_id), keys.course_quiz_key(course_id, content_id),
              keys.enrolment_attempts_key(enrolment_id, content_id)]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted, consistent=True)}
    enrolment, quiz, attempts = (found.get(key) for key in wanted)
    return enrolment, quiz, attempts


def attempt_context(enrolment_id: str, user_id: str, course_id: str, content_id: str) -> dict[str, Item | None]:
    """L17: the enrolment, the quiz and the learner's attempts at it, with what a completion needs should
    this attempt complete the course — the learner's profile, the course and their completion record
    (None where missing): one strongly consistent BatchGetItem."""
    wanted = {"enrolment": keys.enrolment_key(enrolment_id), "quiz": keys.course_quiz_key(course_id, content_id),
              "attempts": keys.enrolment_attempts_key(enrolment_id, content_id),
              "profile": (keys.user_pk(user_id), keys.PROFILE_SK), "course": keys.course_key(course_id),
              "recorded": keys.completed_course_key(user_id, course_id)}
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(list(wanted.values()), consistent=True)}
    return {name: found.get(key) for name, key in wanted.items()}


def record_attempt(enrolment: Item, content_id: str, previous: Item | None, attempt: dict[str, Any], *,
                   passed: bool, now: str, completion: tuple[dict[str, Any], list[Item]] | None = None) -> None:
    """L-W14: the attempts item (condition: nobody else attempted meanwhile, so the retake limit holds:
    "attempts") and, when passed, the quiz marked completed in the enrolment's progress (condition: the
    enrolment is as read — its version — so a concurrent progress write cannot leave it at 100%
    uncompleted: "enrolment") — one transaction. When the attempt completes the course, `completion` = (the
    enrolment's completion fields, completion_ops) joins it (L-W13): the enrolment must still be ENROLLED;
    a failed condition of completion_ops is named as there."""
    pk, sk = keys.enrolment_attempts_key(enrolment["id"], content_id)
    item = {**attempt, "PK": pk, "SK": sk, "entityType": "AssessmentAttempts"}
    if previous is None:
        put = db.put_op(item, condition="attribute_not_exists(PK)", name=ATTEMPTS)
    else:
        put = db.put_op(item, condition="attemptCount = :seen", values={":seen": previous["attemptCount"]},
                        name=ATTEMPTS)
    ops = [put]
    if passed:
        epk, esk = keys.enrolment_key(enrolment["id"])
        names = {"#p": "contentProgress", "#c": content_id, "#status": "status", "#version": "version"}
        values: dict[str, Any] = {":hundred": 100, ":content": content_id, ":now": now, ":one": 1,
                                  ":set": {content_id}, ":enrolled": "ENROLLED", ":completed": "COMPLETED",
                                  ":v": enrolment["version"]}
        sets = "SET #p.#c = :hundred, lastContentId = :content, lastAccessedAt = :now, updatedAt = :now"
        condition = "#status IN (:enrolled, :completed) AND #version = :v"
        if completion is not None:
            for i, (name, value) in enumerate(completion[0].items()):
                names[f"#f{i}"] = name
                values[f":f{i}"] = value
                sets += f", #f{i} = :f{i}"
            condition = "#status = :enrolled AND #version = :v"
            del values[":completed"]  # DynamoDB refuses a value no expression uses (moto let it pass)
        ops.append(db.update_op(epk, esk, sets + " ADD #version :one, completedContents :set, passedAssessments :set",
                                condition=condition, names=names, values=values, name=ENROLMENT))
        if completion is not None:
            ops += completion[1]
    db.transact(ops)


def completion_context(user_id: str, course_id: str) -> tuple[Item | None, Item | None, Item | None]:
    """L18: the learner's profile, the course and their completion record of it (None where missing),
    one BatchGetItem."""
    wanted = [(keys.user_pk(user_id), keys.PROFILE_SK), keys.course_key(course_id),
              keys.completed_course_key(user_id, course_id)]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted)}
    profile, course, recorded = (found.get(key) for key in wanted)
    return profile, course, recorded
