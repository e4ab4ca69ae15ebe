"""The HLS ladder in AWS: an AWS Elemental MediaConvert job made from the stage's job template
(infra/constructs/media.py), and what its "MediaConvert Job State Change" event says. Pure functions: the
media processor makes the calls.

A job writes the layout functions/learning/media/hls.py documents: each output group's destination is
`s3://<bucket>/<prefix>hls/index`, so the HLS group writes index.m3u8, index_<rung>.m3u8 and their segments
and the frame-capture group (name modifier `_poster`, one capture) index_poster.0000000.jpg.

A job created with a template and `Settings` takes its output groups from `Settings` (they replace the
template's, they are not merged), so the processor reads the template once per container and gives the job
the template's settings with the input and the destinations filled in."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from functions.learning.media.outcome import Rejected

APPLICATION = "karmayogi"  # userMetadata.application of our jobs: the EventBridge rule matches on it
DETAIL_TYPE = "MediaConvert Job State Change"
SOURCE = "aws.mediaconvert"
MAX_ATTEMPTS = 2  # a job that fails for a reason other than its input is submitted once more

# MediaConvert's error codes 1010-1099 say the input cannot be used: it cannot be opened (1010), its
# container, codec or frame is unsupported or it cannot be decoded (1020-1093): the MediaConvert user guide,
# "Error codes". Resubmitting would fail the same way. Other codes (1401-1434 storage and permissions,
# 1500s settings, 3400s the service) are ours or passing: the job is submitted again.
INPUT_ERROR_CODES = range(1010, 1100)


@dataclass(frozen=True)
class JobOwner:
    """Whose upload a job is (its userMetadata)."""

    course_id: str
    content_id: str
    upload_id: str
    attempt: int


def job_settings(template_settings: dict[str, Any], source_uri: str, destination: str) -> dict[str, Any]:
    """The job's settings: the template's, with `source_uri` as the input and `destination` (…/hls/index)
    as every output group's destination."""
    settings = copy.deepcopy(template_settings)
    inputs = settings.get("Inputs") or [{}]
    inputs[0] = {**inputs[0], "FileInput": source_uri}
    settings["Inputs"] = inputs
    for group in settings.get("OutputGroups") or []:
        group_settings = group["OutputGroupSettings"]
        kind = {"HLS_GROUP_SETTINGS": "HlsGroupSettings", "FILE_GROUP_SETTINGS": "FileGroupSettings"}.get(
            group_settings["Type"])
        if kind is None:
            raise ValueError(f"the job template has an output group of type {group_settings['Type']}")
        group_settings[kind] = {**group_settings.get(kind, {}), "Destination": destination}
    return settings


def user_metadata(stage: str, owner: JobOwner) -> dict[str, str]:
    return {"application": f"{APPLICATION}-{stage}", "courseId": owner.course_id, "contentId": owner.content_id,
            "uploadId": owner.upload_id, "attempt": str(owner.attempt)}


def is_job_event(event: dict[str, Any]) -> bool:
    return event.get("source") == SOURCE and event.get("detail-type") == DETAIL_TYPE


def owner_of(detail: dict[str, Any], stage: str) -> JobOwner | None:
    """The upload a job event is about; None when the job is not one of this stage's."""
    metadata = detail.get("userMetadata") or {}
    if metadata.get("application") != f"{APPLICATION}-{stage}":
        return None
    try:
        return JobOwner(metadata["courseId"], metadata["contentId"], metadata["uploadId"],
                        int(metadata.get("attempt", "1")))
    except (KeyError, ValueError):
        return None


def input_refused(detail: dict[str, Any]) -> Rejected | None:
    """An ERROR event whose code blames the input: the video is UNREADABLE (no retry helps)."""
    try:
        code = int(detail.get("errorCode") or 0)
    except (TypeError, ValueError):
        return None
    if code not in INPUT_ERROR_CODES:
        return None
    return Rejected("UNREADABLE", "This video could not be read for conversion (it may be damaged, incomplete or in "
                                  "an unusual format): export it again as MP4 (H.264 video, AAC sound) and re-upload.")


def gave_up(detail: dict[str, Any]) -> Rejected:
    """The reason shown after the last attempt failed for a reason that is not the input's."""
    code = detail.get("errorCode")
    return Rejected("UNREADABLE", f"This video could not be converted for streaming (twice; error {code}): "
                                  "export it again as MP4 (H.264 video, AAC sound, at most 1080p) and re-upload; "
                                  "if it fails again, ask the platform's support.")
