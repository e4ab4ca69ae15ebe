"""Users, uniqueness guards, one-time codes (auth hub) and the directory."""

from __future__ import annotations

import hashlib

from karmayogi.platform.keys.common import normalize

# ---- users, identity and uniqueness guards (auth hub) ---------------------------------------------------

PROFILE_SK = "PROFILE"


def registration_key(registration_id: str) -> tuple[str, str]:
    return f"REG#{registration_id}", "REGISTRATION"


def otp_key(purpose: str, subject_id: str, channel: str) -> tuple[str, str]:
    """One live OTP per (purpose, subject, channel); purpose is REGISTER, RESET or CHANGE."""
    return f"OTP#{purpose}#{subject_id}", f"CHANNEL#{channel}"


def send_limit_key(address: str, window: str) -> tuple[str, str]:
    """Counter of OTP messages sent to one address in one window (hour or day bucket)."""
    return f"SENDLIMIT#{hashlib.sha256(normalize(address).encode()).hexdigest()[:32]}", f"WINDOW#{window}"


def designation_request_key(request_id: str) -> tuple[str, str]:
    """A learner's request for a new designation, decided by an MDO admin of their org."""
    return f"DESIGREQ#{request_id}", "REQUEST"


def org_designation_requests_gsi(org_id: str, status: str) -> str:
    """GSI1PK of a designation request: an org's requests in one status, oldest first (GSI1SK =
    requestedAt#requestId). A decision moves the request to its new status's partition."""
    return f"ORG#{org_id}#DESIGREQ#{status}"


def org_users_gsi(org_id: str) -> str:
    """GSI1PK of a profile: the users of an org, sorted by name (GSI1SK = normalized name#userId)."""
    return f"ORG#{org_id}#USERS"


def org_pending_members_gsi(org_id: str) -> str:
    """GSI1PK of a pending member's profile: the accounts waiting for an MDO admin of the org to approve
    their membership, by name (GSI1SK as for the org's users). Approval moves the profile to `org_users_gsi`."""
    return f"ORG#{org_id}#PENDING"


def org_rejected_members_gsi(org_id: str) -> str:
    """GSI1PK of an account whose membership the org's MDO admin rejected (the org's record of its refusals)."""
    return f"ORG#{org_id}#REJECTED"


def registration_link_pk(link_id: str) -> str:
    return f"REGLINK#{link_id}"


def org_registration_links_gsi(org_id: str) -> str:
    """GSI1PK of a registration link: an org's links, newest first (GSI1SK = createdAt#linkId)."""
    return f"ORG#{org_id}#REGLINKS"


# ---- directory ------------------------------------------------------------------------------------------

def org_key(org_id: str) -> tuple[str, str]:
    return f"ORG#{org_id}", "META"


def orgs_by_type_gsi(org_type: str) -> str:
    return f"ORGTYPE#{org_type}"


def orgs_by_parent_gsi(parent_id: str) -> str:
    return f"ORGPARENT#{parent_id}"


def designation_key(designation_id: str) -> tuple[str, str]:
    return "DESIGNATIONS", f"DESIGNATION#{designation_id}"


def org_domain_key(domain: str) -> tuple[str, str]:
    """Which org owns an email domain (one owner per domain): written in the org's own transaction, freed
    when the domain leaves the org."""
    return f"ORGDOMAIN#{domain.lower()}", "OWNER"


def designation_name_key(name: str) -> tuple[str, str]:
    """The guard that keeps designation names unique (case- and form-insensitive)."""
    return f"DESIGNATIONNAME#{normalize(name)}", "GUARD"


def search_token_pk(scope: str, word: str) -> str:
    """GSI partition of a word index: scope (ORG, PERSON, COURSE, DESIGNATION …) and the word's first
    two characters, so a prefix query of two or more characters touches one partition."""
    return f"SEARCH#{scope}#{word[:2]}"


def tokens_not_before_key(user_id: str) -> tuple[str, str]:
    """The user's "tokens valid after" time (karmayogi.platform.revocation): written by logout, role
    removal and suspension, read (cached) when a caller is built."""
    return f"USER#{user_id}", "TOKENS_NOT_BEFORE"


def login_attempts_key(username_hash: str) -> tuple[str, str]:
    """Failed logins of one normalized username (a hash: the item names no person), with a TTL."""
    return f"LOGINFAIL#{username_hash}", "ATTEMPTS"


def token_owner_key(token_hash: str) -> tuple[str, str]:
    """Who a refresh token or an MFA login session belongs to (the hash of the opaque token): the auth hub
    needs the user for the app client's SECRET_HASH, which Cognito asks of every call with the token."""
    return f"TOKENOWNER#{token_hash}", "OWNER"


def search_pair_pk(scope: str, first_word: str) -> str:
    """GSI1 partition of the pair index (karmayogi.domain.search): the scope and the pair's first word in
    full, so a query of a whole word and a prefix ("rajesh kum") is one range read (GSI1SK =
    `<second word>#<entityId>`)."""
    return f"SEARCH#{scope}#P#{first_word}"
