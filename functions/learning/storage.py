"""The media bucket (settings MEDIA_BUCKET): presigned POSTs and multipart uploads straight from the browser,
what S3 already holds of an upload, and the processor's reads and copies. The only code of the hub that
talks to S3; like the repository it returns data and never an HTTP answer. The bytes never pass through
Lambda on a request path."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import aws
from karmayogi.platform.settings import get_settings


class PartsRefused(Exception):
    """S3 refused a multipart completion: a part missing, too small, or an ETag that is not the part's."""


def _s3() -> Any:
    # SigV4 on the bucket's regional virtual host (bucket.s3.<region>.amazonaws.com): presigned addresses on
    # the global host can be redirected (307) for a new bucket, which a browser's POST does not follow. With
    # an endpoint of its own (botocore's AWS_ENDPOINT_URL_S3: the dev server's moto), path style.
    from botocore.config import Config

    style = "path" if os.environ.get("AWS_ENDPOINT_URL_S3") else "virtual"
    return aws.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": style}))


def _bucket() -> str:
    return get_settings().require("media_bucket").media_bucket


def presigned_post(key: str, media_type: str, size_bytes: int, expires_in: int) -> dict[str, Any]:
    """A POST whose policy fixes the key, the Content-Type and the exact size: `{url, fields}`."""
    post: dict[str, Any] = _s3().generate_presigned_post(
        Bucket=_bucket(), Key=key,
        Fields={"Content-Type": media_type},
        Conditions=[{"Content-Type": media_type}, ["content-length-range", size_bytes, size_bytes]],
        ExpiresIn=expires_in,
    )
    return post


def start_multipart(key: str, media_type: str) -> str:
    """A new multipart upload of `key`; S3's upload id."""
    upload_id: str = _s3().create_multipart_upload(Bucket=_bucket(), Key=key, ContentType=media_type)["UploadId"]
    return upload_id


def part_urls(key: str, s3_upload_id: str, part_numbers: list[int], expires_in: int) -> list[dict[str, Any]]:
    s3, bucket = _s3(), _bucket()
    return [{"partNumber": n, "url": s3.generate_presigned_url(
        "upload_part", Params={"Bucket": bucket, "Key": key, "UploadId": s3_upload_id, "PartNumber": n},
        ExpiresIn=expires_in)} for n in part_numbers]


def uploaded_parts(key: str, s3_upload_id: str) -> list[dict[str, Any]] | None:
    """The parts S3 has of a multipart upload, `[{partNumber, etag, sizeBytes}]`; None when S3 no longer
    knows the upload (completed or aborted)."""
    parts: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"Bucket": _bucket(), "Key": key, "UploadId": s3_upload_id}
    try:
        while True:
            response = _s3().list_parts(**kwargs)
            parts += [{"partNumber": p["PartNumber"], "etag": p["ETag"].strip('"'), "sizeBytes": p["Size"]}
                      for p in response.get("Parts", [])]
            if not response.get("IsTruncated"):
                return parts
            kwargs["PartNumberMarker"] = response["NextPartNumberMarker"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchUpload":
            return None
        raise


def complete_multipart(key: str, s3_upload_id: str, parts: list[dict[str, Any]]) -> None:
    """Join the parts (`[{partNumber, etag}]`) into the object. PartsRefused when S3 will not."""
    try:
        _s3().complete_multipart_upload(
            Bucket=_bucket(), Key=key, UploadId=s3_upload_id,
            MultipartUpload={"Parts": [{"PartNumber": p["partNumber"], "ETag": f'"{p["etag"]}"'} for p in parts]})
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("InvalidPart", "InvalidPartOrder", "EntityTooSmall",
                                                            "NoSuchUpload"):
            raise PartsRefused(error.response["Error"]["Code"]) from error
        raise


def abort_multipart(key: str, s3_upload_id: str) -> None:
    try:
        _s3().abort_multipart_upload(Bucket=_bucket(), Key=key, UploadId=s3_upload_id)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "NoSuchUpload":
            raise


def object_size(key: str) -> int | None:
    """The size of the object at `key`; None when there is none."""
    try:
        size: int = _s3().head_object(Bucket=_bucket(), Key=key)["ContentLength"]
        return size
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def download(key: str, path: str) -> None:
    _s3().download_file(_bucket(), key, path)


def copy(source_key: str, target_key: str) -> None:
    _s3().copy_object(Bucket=_bucket(), Key=target_key, CopySource={"Bucket": _bucket(), "Key": source_key})


def bucket() -> str:
    return _bucket()


def upload_file(path: str, key: str, content_type: str) -> None:
    """The processor's output (an HLS ladder's files, a SCORM package's) under `media/`, with the
    Content-Type a browser needs to use it."""
    _s3().upload_file(path, _bucket(), key, ExtraArgs={"ContentType": content_type})


def put_folder(folder: str, prefix: str, content_type_of: Callable[[str], str]) -> list[str]:
    """Every file under `folder` at `prefix` + its relative path (`/` separated); the keys written."""
    written = []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            upload_file(path, prefix + relative, content_type_of(relative))
            written.append(prefix + relative)
    return written
