"""The precomputed insight items (analytics/aggregates.py writes them; this hub only reads them) and the
signed addresses of the reports in the analytics bucket.

| # | pattern | route | index | key condition |
|---|---|---|---|---|
| C19 | an org's (or all orgs') insight state | `GET /orgs/{orgId}/insights`, `GET /insights`, reports | table | `PK = INSIGHTS#<orgId\\|ALL>, SK = STATE` |
| C20 | its months in a range | `GET /orgs/{orgId}/insights`, `GET /insights` | table | `PK = INSIGHTS#<orgId\\|ALL> AND SK BETWEEN MONTH#<from> AND MONTH#<to>` (≤ 36 items) |"""

from __future__ import annotations

import os
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import aws, db
from karmayogi.platform.settings import get_settings

STATE_SK = "STATE"


def insights_pk(scope: str) -> str:
    return f"INSIGHTS#{scope}"


def state(scope: str) -> db.Item | None:
    return db.get(insights_pk(scope), STATE_SK)


def months(scope: str, first: str, last: str) -> list[db.Item]:
    condition = Key("PK").eq(insights_pk(scope)) & Key("SK").between(f"MONTH#{first}", f"MONTH#{last}")
    return db.query_all(condition, max_items=64)


def _s3() -> Any:
    from botocore.config import Config

    # SigV4 on the bucket's regional host in AWS; path style on the local stand-in's S3 endpoint.
    style = "path" if os.environ.get("AWS_ENDPOINT_URL_S3") else "virtual"
    return aws.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": style}))


def download_url(key: str, file_name: str, expires_in: int) -> str:
    """A signed GET of a report that the browser saves as `file_name`."""
    url: str = _s3().generate_presigned_url("get_object", Params={
        "Bucket": get_settings().analytics_bucket, "Key": key, "ResponseContentType": "text/csv; charset=utf-8",
        "ResponseContentDisposition": f'attachment; filename="{file_name}"'}, ExpiresIn=expires_in)
    return url
