"""Test data builders shared by every hub's tests (in-process, on the `resources` fixture)."""

from __future__ import annotations

import itertools
from typing import Any

import boto3

from functions.auth import repository as directory
from karmayogi.domain import profiles
from karmayogi.platform import db
from karmayogi.platform.identity import claims_for
from karmayogi.platform.settings import get_settings

_counter = itertools.count(1)

DEFAULT_ORGS = [
    {"id": "dopt", "name": "Department of Personnel and Training", "type": "department", "parentId": "mopp",
     "emailDomains": ["dopt.gov.in", "nic.in"]},
    {"id": "mopp", "name": "Ministry of Personnel, Public Grievances and Pensions", "type": "ministry",
     "emailDomains": ["persmin.gov.in"]},
    {"id": "mof", "name": "Ministry of Finance", "type": "ministry", "emailDomains": ["finmin.gov.in"]},
]
DEFAULT_DESIGNATIONS = [
    {"id": "section-officer", "name": "Section Officer"},
    {"id": "under-secretary", "name": "Under Secretary"},
    {"id": "assistant-section-officer", "name": "Assistant Section Officer"},
]


def seed_directory() -> None:
    directory.put_orgs(DEFAULT_ORGS)
    directory.put_designations(DEFAULT_DESIGNATIONS)


def create_user(
    *roles: str,
    org_id: str = "dopt",
    designation_id: str = "section-officer",
    name: str | None = None,
    profile_complete: bool = False,
    extra: dict[str, Any] | None = None,
    cognito: bool = False,
) -> dict[str, Any]:
    """A registered user: the profile item (and, with `cognito=True`, the Cognito user in the role
    groups). Returns the profile plus `claims` for `ApiClient(claims)`."""
    n = next(_counter)
    user_id = f"user-{n:05d}"
    designation = next((d["name"] for d in DEFAULT_DESIGNATIONS if d["id"] == designation_id), designation_id)
    item = profiles.profile_item(
        user_id=user_id,
        employee_id=f"EMP-{n:06d}",
        name=name or f"Test Officer {n}",
        email=f"officer{n}@dopt.gov.in",
        mobile=f"+9198{n:08d}",
        org_id=org_id,
        designation_id=designation_id,
        designation=designation,
        roles=["PUBLIC", *roles],
    )
    item["profileComplete"] = profile_complete
    item.update(extra or {})
    db.table().put_item(Item=item)
    if cognito:
        pool = get_settings().user_pool_id
        client = boto3.client("cognito-idp", region_name=get_settings().region)
        client.admin_create_user(UserPoolId=pool, Username=user_id, MessageAction="SUPPRESS",
                                 UserAttributes=[{"Name": "email", "Value": item["email"]},
                                                 {"Name": "custom:orgId", "Value": org_id}])
        for role in item["roles"]:
            client.admin_add_user_to_group(UserPoolId=pool, Username=user_id, GroupName=role)
    return {**item, "claims": claims_for(user_id, user_id, item["roles"], org_id=org_id)}


def ready_media(course_id: str) -> dict[str, Any]:
    """Every video, audio, pdf and scorm content of a Draft gets a READY file (as seeding writes them: the
    shared contract's fields), so that the course can go to review without uploading; the course."""
    from functions.learning import repository
    from functions.learning.models import MEDIA_CONTENT_TYPES
    from karmayogi.platform import clock

    course = repository.get_course(course_id, consistent=True)
    assert course is not None, course_id
    media = dict(course.get("media") or {})
    for module in course["modules"]:
        for content in module["contents"]:
            if content["type"] not in MEDIA_CONTENT_TYPES or content["id"] in media:
                continue
            upload_id = f"ready{next(_counter)}"
            prefix = f"media/{course_id}/{content['id']}/{upload_id}/"
            play = {"video": "hls/index.m3u8", "scorm": "package/index.html"}.get(content["type"], "source")
            entry: dict[str, Any] = {
                "status": "READY", "uploadId": upload_id, "prefix": prefix, "key": prefix + "source",
                "playKey": prefix + play, "sizeBytes": 1024, "readyAt": clock.now_iso(),
                "mediaType": {"video": "video/mp4", "audio": "audio/mpeg", "pdf": "application/pdf",
                              "scorm": "application/zip"}[content["type"]]}
            if content["type"] in ("video", "audio"):
                entry["durationSeconds"] = 60
            if content["type"] == "video":
                entry["posterKey"] = prefix + "hls/index_poster.0000000.jpg"
            if content["type"] == "pdf":
                entry["pageCount"] = 3
            if content["type"] == "scorm":
                entry["launchPath"] = "index.html"
            media[content["id"]] = entry
    return repository.set_media(course, dict(course.get("pending") or {}), media, clock.now_iso())
