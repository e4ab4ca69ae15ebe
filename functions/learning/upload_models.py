"""Request and response models of course content uploads (API.md v2 "Course content"): the file of a
video, audio, pdf or scorm content goes straight from the browser to the private media bucket, by an S3
presigned POST or, for large files, a multipart upload with presigned part addresses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from karmayogi.platform.models import CamelModel, RequestModel

UploadStatus = Literal["OPEN", "COMPLETED"]
MAX_PARTS = 10_000  # S3's limit

ETag = Annotated[str, Field(min_length=1, max_length=128)]


class UploadIn(RequestModel):
    file_name: str = Field(min_length=1, max_length=255, description="The file's name (for the author's eyes)")
    media_type: str = Field(min_length=3, max_length=100, pattern=r"^[a-z0-9.+-]+/[a-z0-9.+-]+$",
                            description="The file's media type; it must suit the content's type "
                                        "(video: video/mp4, video/webm, video/quicktime; audio: audio/mpeg, "
                                        "audio/mp4, audio/aac, audio/ogg, audio/wav; pdf: application/pdf; "
                                        "scorm: application/zip)")
    size_bytes: int = Field(ge=1, description="The file's exact size; the upload accepts exactly this many bytes. "
                                              "Limits: video 4 GiB, audio 200 MiB, pdf 100 MiB, scorm 500 MiB")

    @field_validator("file_name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.strip() or any(not c.isprintable() or c in "/\\" for c in value):
            raise ValueError("must be a plain file name")
        return value


class UploadPart(CamelModel):
    part_number: int
    url: str


class Upload(CamelModel):
    """Where to send the file. A presigned POST (`url` + `fields`: a multipart/form-data POST with the
    fields, then the file as `file`) or, for large files, a multipart upload (`parts`: PUT each part of
    `partSize` bytes, the last one shorter, to its address and keep the ETag S3 answers)."""

    upload_id: str
    expires_at: str
    url: str | None = None
    fields: dict[str, str] | None = None
    part_size: int | None = None
    parts: list[UploadPart] | None = None


class UploadedPart(CamelModel):
    part_number: int
    etag: str
    size_bytes: int


class UploadState(CamelModel):
    """An upload as it stands: for a multipart upload the parts S3 already has and fresh addresses of the
    missing ones (a client resumes with these)."""

    upload_id: str
    content_id: str
    status: UploadStatus
    file_name: str
    media_type: str
    size_bytes: int
    multipart: bool
    expires_at: str
    part_size: int | None = None
    uploaded_parts: list[UploadedPart] = Field(default_factory=list)
    missing_parts: list[UploadPart] = Field(default_factory=list)


class CompletedPart(RequestModel):
    part_number: int = Field(ge=1, le=MAX_PARTS)
    etag: ETag


class CompleteIn(RequestModel):
    """A multipart upload names its parts and their ETags; a presigned POST upload sends no parts."""

    parts: list[CompletedPart] = Field(default_factory=list, max_length=MAX_PARTS)

    @field_validator("parts")
    @classmethod
    def _each_once(cls, parts: list[CompletedPart]) -> list[CompletedPart]:
        numbers = [p.part_number for p in parts]
        if len(set(numbers)) != len(numbers):
            raise ValueError("each part is listed once")
        return sorted(parts, key=lambda p: p.part_number)


class UploadAccepted(CamelModel):
    upload_id: str
    content_id: str
    status: Literal["PROCESSING", "READY", "REJECTED"]


class PlayOut(CamelModel):
    """How to play a content (GET .../play): a signed, expiring address of the object a player opens (the HLS
    master playlist of a video, the file of an audio or pdf, the launch page of a SCORM package; CloudFront's
    cookies for the rest of the file's objects come with the answer), or a link's own address (unsigned, no
    expiry)."""

    type: Literal["video", "audio", "pdf", "scorm", "link"]
    url: str
    expires_at: str | None = Field(default=None, description="When the address and its cookies stop working "
                                                             "(ask again to go on); none for a link")
    resume: dict[str, Any] = Field(default_factory=dict, description="Where the learner left off "
                                                                     "(position, page or suspendData), when known")
