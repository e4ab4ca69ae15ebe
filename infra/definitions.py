"""Resource definitions shared by the CDK stack and the dev server, so both create the same table, user
pool, groups and schedule group. Plain Python: importing it does not import CDK."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.route_table import HUBS

APP_NAME = "karmayogi"
WORKFLOWS_DIR = Path(__file__).parent / "workflows"
ENROLMENT_WORKFLOW_FILE = WORKFLOWS_DIR / "enrolment.asl.json"
IMPORT_WORKFLOW_FILE = WORKFLOWS_DIR / "import.asl.json"  # bulk onboarding (functions/auth/import_worker.py)
IMPORTS_PREFIX = "imports/"  # the media bucket's prefix of bulk-import files (functions/auth/import_storage.py)

# ---- the single table ----------------------------------------------------------------------------------
PARTITION_KEY = "PK"
SORT_KEY = "SK"
TTL_ATTRIBUTE = "expiresAt"
# The media bucket (infra/constructs/media.py; locally local/media.py): browsers upload under UPLOADS_PREFIX,
# the media processor (functions/learning/media_processor.py) writes what learners get under MEDIA_PREFIX.
UPLOADS_PREFIX = "uploads/"
MEDIA_PREFIX = "media/"
# Certificate PDFs (functions/learning/certificates_files.py): made once per template version, served like media.
CERTIFICATES_PREFIX = "media/certificates/"
MEDIA_PROCESSOR = "media-processor"
# Delivery of course media (functions/learning/cdn.py signs; CloudFront's /media/* behaviour on the web
# client's domain serves, infra/constructs/web.py; locally local/cdn.py): what a media document may do.
# A SCORM package runs same-origin with the web client, so its pages get this policy instead of the app's:
# scripts, styles, fonts, images, audio/video and frames of its own (inline script and eval too: SCORM authoring
# tools emit both), and no network besides loading those: no fetch/XHR/WebSocket/beacon (connect-src 'none'),
# no form posts (form-action 'none'), no plugins, and framed by the web client only. It cannot call the API
# (which takes the learner's token in a header from the app, never a cookie, so loading /api/... as an image
# or script carries no identity).
MEDIA_CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "frame-src 'self'",
    "connect-src 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
))


def media_signing_secret_name(stage: str) -> str:
    """The Secrets Manager secret holding the private key (PEM) that signs media addresses."""
    return f"{APP_NAME}-{stage}-media-signing-key"


def issuer_secret_name(stage: str) -> str:
    """The Secrets Manager secret holding the certificate issuer's Ed25519 key (JSON `{"publicKey", "privateKey"}`)."""
    return f"{APP_NAME}-{stage}-issuer-key"


def vapid_secret_name(stage: str) -> str:
    """The Secrets Manager secret holding the Web Push VAPID key pair (JSON `{"publicKey", "privateKey"}`)."""
    return f"{APP_NAME}-{stage}-vapid-keys"


@dataclass(frozen=True)
class IndexDefinition:
    name: str
    partition_key: str
    sort_key: str
    sort_key_type: str = "S"  # "S" or "N"


GLOBAL_INDEXES: tuple[IndexDefinition, ...] = (
    IndexDefinition("GSI1", "GSI1PK", "GSI1SK"),
    IndexDefinition("GSI2", "GSI2PK", "GSI2SK"),
    IndexDefinition("GSI3", "GSI3PK", "GSI3SK"),
    # Monthly karma per org, highest first: a number sort key.
    IndexDefinition("LEADERBOARD", "leaderboardPk", "monthPoints", "N"),
)


def table_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}"


def create_table_request(stage: str) -> dict[str, Any]:
    """The `CreateTable` request the dev server sends (CDK declares the same keys and indexes)."""
    attributes: dict[str, str] = {PARTITION_KEY: "S", SORT_KEY: "S"}
    for index in GLOBAL_INDEXES:
        attributes[index.partition_key] = "S"
        attributes[index.sort_key] = index.sort_key_type
    return {
        "TableName": table_name(stage),
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [
            {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index.name,
                "KeySchema": [
                    {"AttributeName": index.partition_key, "KeyType": "HASH"},
                    {"AttributeName": index.sort_key, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in GLOBAL_INDEXES
        ],
    }


# ---- identities -----------------------------------------------------------------------------------------
PASSWORD_MIN_LENGTH = 8
USER_GROUPS: tuple[tuple[str, str], ...] = (
    ("PUBLIC", "Every registered government employee (learner)"),
    ("MDO_ADMIN", "Administrator of one ministry, department or organisation"),
    ("MDO_LEADER", "Leader of an organisation; may appoint its MDO admins"),
    ("CONTENT_CREATOR", "Writes course drafts"),
    ("CONTENT_PUBLISHER", "Reviews and publishes courses"),
    ("PROGRAM_COORDINATOR", "Runs batches and approves enrolments"),
    ("COMMUNITY_MODERATOR", "Moderates discussion communities"),
    ("SPV_ADMIN", "Platform administrator (the special purpose vehicle)"),
)
ACCESS_TOKEN_MINUTES = 60
ORG_ATTRIBUTE = "orgId"  # the immutable custom attribute (custom:orgId): the org of accounts made before memberships
# The org an account is a member of now (custom:memberOrgId, mutable: set when a pending member is approved or an
# officer is transferred; only the auth hub's admin API calls write it). The token trigger prefers it.
MEMBER_ORG_ATTRIBUTE = "memberOrgId"
REFRESH_TOKEN_DAYS = 30
# What a user may write with their own access token (UpdateUserAttributes): nothing an authorization rule
# reads (the org, the employee-ID alias, email and mobile are the auth hub's, through the admin APIs). An
# empty list would mean "every standard attribute" to Cognito, so one harmless attribute is named.
USER_WRITABLE_ATTRIBUTES = ("locale",)


def stack_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}"


def user_pool_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}-users"


def user_pool_client_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}-clients"


# ---- schedules and workflows ----------------------------------------------------------------------------
def schedule_group_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}-reminders"


def enrolment_state_machine_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}-enrolment"


def function_name(stage: str, hub: str) -> str:
    return f"{APP_NAME}-{stage}-{hub}"


def load_enrolment_workflow() -> dict[str, Any]:
    """The enrolment state machine's ASL with `${...}` placeholders for the task Lambda ARNs."""
    loaded: dict[str, Any] = json.loads(ENROLMENT_WORKFLOW_FILE.read_text())
    return loaded


def import_state_machine_name(stage: str) -> str:
    return f"{APP_NAME}-{stage}-import"


def render_enrolment_workflow(substitutions: dict[str, str], file: Path = ENROLMENT_WORKFLOW_FILE) -> str:
    text = file.read_text()
    for name, value in substitutions.items():
        text = text.replace("${" + name + "}", value)
    return text


__all__ = ["HUBS"]
