"""Where the bulk imports' files live: the platform's private media bucket, under `imports/<orgId>/<importId>/`
(the browser uploads `file.csv` there with a presigned POST; the worker writes the normalised `rows.csv` beside
it; the bucket's lifecycle removes both after 30 days). The only code of the import that talks to S3."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from karmayogi.platform import aws
from karmayogi.platform.settings import get_settings

PREFIX = "imports/"  # infra/definitions.IMPORTS_PREFIX (the bucket's lifecycle rule)
MEDIA_TYPE = "text/csv"


def _s3() -> Any:
    from botocore.config import Config

    style = "path" if os.environ.get("AWS_ENDPOINT_URL_S3") else "virtual"
    return aws.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": style}))


def bucket() -> str:
    return get_settings().require("media_bucket").media_bucket


def keys_for(org_id: str, import_id: str) -> tuple[str, str]:
    """The uploaded file's key and the normalised copy's."""
    folder = f"{PREFIX}{org_id}/{import_id}/"
    return f"{folder}file.csv", f"{folder}rows.csv"


def presigned_post(key: str, size_bytes: int, expires_in: int) -> dict[str, Any]:
    """A POST whose policy fixes the key, the media type and the exact size: `{url, fields}`."""
    post: dict[str, Any] = _s3().generate_presigned_post(
        Bucket=bucket(), Key=key, Fields={"Content-Type": MEDIA_TYPE},
        Conditions=[{"Content-Type": MEDIA_TYPE}, ["content-length-range", size_bytes, size_bytes]],
        ExpiresIn=expires_in)
    return post


def uploaded_size(key: str) -> int | None:
    """The uploaded file's size, None when nothing was uploaded."""
    from botocore.exceptions import ClientError

    try:
        return int(_s3().head_object(Bucket=bucket(), Key=key)["ContentLength"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


@contextmanager
def open_upload(key: str) -> Iterator[IO[bytes]]:
    """The uploaded file as a stream (S3's body: read as it arrives, never held whole)."""
    body = _s3().get_object(Bucket=bucket(), Key=key)["Body"]
    try:
        yield body
    finally:
        body.close()


def put_rows(key: str, path: str) -> None:
    """The normalised copy, from a local file (multipart above 8 MiB, as boto3's transfer manager does)."""
    _s3().upload_file(path, bucket(), key, ExtraArgs={"ContentType": MEDIA_TYPE})


def rows_of(key: str) -> Iterator[dict[str, str]]:
    """The normalised copy's lines, streamed (the local stand-in for the Distributed Map's CSV reader)."""
    import codecs
    import csv

    with open_upload(key) as raw:
        yield from csv.DictReader(codecs.getreader("utf-8")(raw))


def download_url(key: str, file_name: str, expires_in: int) -> str:
    """A signed GET of `key` that a browser saves as `file_name`."""
    url: str = _s3().generate_presigned_url("get_object", Params={
        "Bucket": bucket(), "Key": key, "ResponseContentType": "text/csv; charset=utf-8",
        "ResponseContentDisposition": f'attachment; filename="{file_name}"'}, ExpiresIn=expires_in)
    return url
