"""Key builders for the single table: every PK/SK/GSI key of every entity is built here, so the data
model (docs/data-model.md) and the code cannot drift apart.

Table: PK, SK; GSI1 (GSI1PK, GSI1SK), GSI2 (GSI2PK, GSI2SK), GSI3 (GSI3PK, GSI3SK), all projecting ALL;
TTL attribute `expiresAt` (epoch seconds). Entity prefixes are upper-case words followed by `#`.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata

GSI1 = "GSI1"
GSI2 = "GSI2"
GSI3 = "GSI3"

# Writes that would all land on one partition key are spread over this many shards (hot-key rule).
DEFAULT_SHARDS = 16


def new_id(prefix: str = "") -> str:
    """A sortable unique id: 10 chars of millisecond time (base32) + 16 random chars."""
    millis = int(time.time() * 1000)
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    stamp = ""
    for _ in range(10):
        millis, remainder = divmod(millis, 32)
        stamp = alphabet[remainder] + stamp
    rand = "".join(secrets.choice(alphabet) for _ in range(16))
    return f"{prefix}{stamp}{rand}"


def shard_of(value: str, shards: int = DEFAULT_SHARDS) -> int:
    """A stable shard number for `value` (not Python's salted hash)."""
    return int(hashlib.sha256(value.encode()).hexdigest()[:8], 16) % shards


def normalize(text: str) -> str:
    """Case- and form-insensitive text for searching (works for Devanagari and other Indic scripts)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _is_word_char(char: str) -> bool:
    # Letters, digits, "_" (as `\w`) and combining marks: `\w` alone splits Indic words at their vowel
    # signs and viramas (Unicode category M), e.g. "राजेश" into "र", "ज", "श".
    return char == "_" or unicodedata.category(char)[0] in "LNM"


def words(text: str) -> list[str]:
    """The distinct searchable words of a text, in order (Devanagari and other Indic scripts kept whole)."""
    found: list[str] = []
    current: list[str] = []
    for char in normalize(text) + " ":
        if _is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    return list(dict.fromkeys(found))


def zero_pad(number: int, width: int = 10) -> str:
    return str(max(0, number)).zfill(width)


# ---- users, identity and uniqueness guards (auth hub) ---------------------------------------------------

def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


PROFILE_SK = "PROFILE"


def guard_key(kind: str, value: str) -> tuple[str, str]:
    """Uniqueness guard for an email, mobile or employee id: written in the same transaction as the
    account it guards. `kind` is EMAIL, MOBILE or EMPLOYEE."""
    return f"UNIQUE#{kind}#{normalize(value)}", "GUARD"


def registration_key(registration_id: str) -> tuple[str, str]:
    return f"REG#{registration_id}", "REGISTRATION"


def otp_key(purpose: str, subject_id: str, channel: str) -> tuple[str, str]:
    """One live OTP per (purpose, subject, channel); purpose is REGISTER, RESET or CHANGE."""
    return f"OTP#{purpose}#{subject_id}", f"CHANNEL#{channel}"


def send_limit_key(address: str, window: str) -> tuple[str, str]:
    """Counter of OTP messages sent to one address in one window (hour or day bucket)."""
    return f"SENDLIMIT#{hashlib.sha256(normalize(address).encode()).hexdigest()[:32]}", f"WINDOW#{window}"


def org_users_gsi(org_id: str) -> str:
    """GSI1PK of a profile: the users of an org, sorted by name (GSI1SK = normalized name#userId)."""
    return f"ORG#{org_id}#USERS"


# ---- directory ------------------------------------------------------------------------------------------

def org_key(org_id: str) -> tuple[str, str]:
    return f"ORG#{org_id}", "META"


def orgs_by_type_gsi(org_type: str) -> str:
    return f"ORGTYPE#{org_type}"


def orgs_by_parent_gsi(parent_id: str) -> str:
    return f"ORGPARENT#{parent_id}"


def designation_key(designation_id: str) -> tuple[str, str]:
    return "DESIGNATIONS", f"DESIGNATION#{designation_id}"


def search_token_pk(scope: str, word: str) -> str:
    """GSI partition of a word index: scope (ORG, PERSON, COURSE, DESIGNATION …) and the word's first
    two characters, so a prefix query of two or more characters touches one partition."""
    return f"SEARCH#{scope}#{word[:2]}"


# ---- karma (shared by every hub that credits points) -----------------------------------------------------

def karma_ledger_key(user_id: str, reason: str, context_id: str) -> tuple[str, str]:
    """One ledger entry per (user, reason, context): the condition on its creation is what makes a
    credit happen at most once."""
    return user_pk(user_id), f"KARMA#{reason}#{context_id}"


def karma_month_key(user_id: str, month: str) -> tuple[str, str]:
    return user_pk(user_id), f"KARMAMONTH#{month}"


def org_leaderboard_gsi(org_id: str, month: str) -> str:
    """GSI1PK of a user's monthly karma item: an org's leaderboard for a month (GSI1SK = padded points)."""
    return f"ORG#{org_id}#KARMA#{month}"


# ---- notifications (every hub writes, the events hub lists) ---------------------------------------------

def notification_key(user_id: str, notification_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"NOTIF#{notification_id}"


def unread_counter_key(user_id: str) -> tuple[str, str]:
    return user_pk(user_id), "NOTIFCOUNT"


def expired_unread_marker_key(user_id: str, notification_id: str) -> tuple[str, str]:
    """Marks that an unread notification's expiry was taken off the unread counter (at most once, however
    often the stream delivers the removal)."""
    return user_pk(user_id), f"NOTIFEXPIRED#{notification_id}"


NOTIFICATION_SK_PREFIX = "NOTIF#"


def unread_notifications_gsi(user_id: str) -> str:
    """GSI1PK of an unread notification (sparse: removed when it is read), newest first by GSI1SK."""
    return f"{user_pk(user_id)}#UNREAD"


# ---- idempotency of create requests ---------------------------------------------------------------------

def idempotency_key(user_id: str, route: str, key: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{route}|{key}".encode()).hexdigest()[:40]
    return f"IDEMPOTENCY#{user_id}", f"REQ#{digest}"


# ---- competency passbook (written by auth and learning, read by competency) -----------------------------

def passbook_entry_key(user_id: str, competency_id: str, source: str, source_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"PASSBOOK#{competency_id}#{source}#{source_id}"


# ---- learning hub ---------------------------------------------------------------------------------------
# docs/data-model.md "Learning hub" lists every item and query these keys serve.

COURSE_SEARCH_SCOPE = "COURSE"
COURSE_COUNTER_SHARDS = DEFAULT_SHARDS


def course_key(course_id: str) -> tuple[str, str]:
    """A course (its modules and contents inline; quiz answers are NOT here)."""
    return f"COURSE#{course_id}", "META"


def course_quiz_key(course_id: str, content_id: str) -> tuple[str, str]:
    """The questions and correct answers of one quiz content: read only to score an attempt."""
    return f"COURSE#{course_id}", f"QUIZ#{content_id}"


def catalogue_entry_key(course_id: str) -> tuple[str, str]:
    """The small catalogue card of a Live course (exists only while the course is Live)."""
    return f"COURSE#{course_id}", "CATALOGUE"


def catalogue_competency_key(course_id: str, competency_id: str) -> tuple[str, str]:
    """A Live course's card under one of its competencies (exists only while the course is Live)."""
    return f"COURSE#{course_id}", f"CATALOGUE#{competency_id}"


def catalogue_gsi() -> str:
    """GSI2PK of the Live catalogue (GSI2SK = publishedAt#courseId, newest first)."""
    return "CATALOGUE#LIVE"


def catalogue_competency_gsi(competency_id: str) -> str:
    """GSI2PK of the Live courses building one competency (GSI2SK = publishedAt#courseId)."""
    return f"CATALOGUE#COMPETENCY#{competency_id}"


def courses_by_author_gsi(user_id: str) -> str:
    """GSI1PK of a course: its author's courses (GSI1SK = updatedAt#courseId)."""
    return f"AUTHOR#{user_id}#COURSES"


def course_review_queue_gsi() -> str:
    """GSI3PK of a course while it is in Review (sparse; GSI3SK = submittedAt#courseId)."""
    return "COURSES#REVIEW"


def course_counter_key(course_id: str, shard: int) -> tuple[str, str]:
    """One shard of a course's enrolment/completion counters: its own partition key, so a popular
    course's counter writes spread over COURSE_COUNTER_SHARDS partitions (shard = shard_of(userId))."""
    return f"COURSECOUNT#{course_id}#{shard}", "COUNTER"


def batch_key(course_id: str, batch_id: str) -> tuple[str, str]:
    """A batch of a course (its seats are counted on its seat shards, batch_seat_key)."""
    return f"COURSE#{course_id}", f"BATCH#{batch_id}"


BATCH_SEAT_SHARDS = 4


def batch_seat_shards(seats: int) -> int:
    """How many seat shards a batch of `seats` seats gets: BATCH_SEAT_SHARDS, fewer for a smaller batch
    (every shard holds at least one seat)."""
    return max(1, min(BATCH_SEAT_SHARDS, seats))


def batch_seat_key(batch_id: str, shard: int) -> tuple[str, str]:
    """One shard of a batch's seats (`taken` < `seats` of this shard): its own partition key, so a popular
    batch's enrolments spread over its shards' partitions (first choice = shard_of(enrolmentId))."""
    return f"BATCHSEATS#{batch_id}#{shard}", "SEATS"


def enrolment_key(enrolment_id: str) -> tuple[str, str]:
    return f"ENROLMENT#{enrolment_id}", "META"


def enrolment_attempts_key(enrolment_id: str, content_id: str) -> tuple[str, str]:
    """A learner's attempts at one quiz of the course they are enrolled in."""
    return f"ENROLMENT#{enrolment_id}", f"ATTEMPTS#{content_id}"


def user_enrolments_gsi(user_id: str) -> str:
    """GSI1PK of an enrolment: the learner's enrolments (GSI1SK = requestedAt#enrolmentId)."""
    return f"USER#{user_id}#ENROLMENTS"


def batch_waitlist_gsi(batch_id: str) -> str:
    """GSI2PK of an enrolment while it is WAITLISTED (sparse; GSI2SK = waitlistedAt#enrolmentId: FIFO)."""
    return f"BATCH#{batch_id}#WAITLIST"


def org_pending_enrolments_gsi(org_id: str) -> str:
    """GSI3PK of an enrolment while it waits for approval (sparse; GSI3SK = pendingSince#enrolmentId)."""
    return f"ORG#{org_id}#ENROLMENTS#PENDING_APPROVAL"


def active_enrolment_key(user_id: str, course_id: str) -> tuple[str, str]:
    """Guard: the learner's one active (or completed) enrolment in a course, written in the same
    transaction as the enrolment; deleted when it ends without completion (rejected, left, expired)."""
    return user_pk(user_id), f"COURSEENROLMENT#{course_id}"


def certificate_key(certificate_id: str) -> tuple[str, str]:
    return f"CERT#{certificate_id}", "META"


def user_certificates_gsi(user_id: str) -> str:
    """GSI1PK of a certificate: the learner's certificates (GSI1SK = issuedAt#certificateId)."""
    return f"USER#{user_id}#CERTIFICATES"


def new_certificate_id() -> str:
    """Unguessable (128 random bits): the id is the proof anyone can verify."""
    return secrets.token_hex(16)


# ---- competency hub -------------------------------------------------------------------------------------

def competency_key(competency_id: str) -> tuple[str, str]:
    """A competency of the framework (batch_get these to validate competency ids)."""
    return f"COMPETENCY#{competency_id}", "META"


def competencies_by_area_gsi(area: str) -> str:
    """GSI1PK of a competency: the framework's competencies of one area, by name (GSI1SK name#id)."""
    return f"COMPETENCIES#{area}"


ALL_COMPETENCIES_GSI = "COMPETENCIES"  # GSI2PK of every competency, by name


def designation_requirements_key(org_id: str, designation_id: str) -> tuple[str, str]:
    """The competencies (and levels) an org requires of the holders of one designation."""
    return f"ORGREQ#{org_id}", f"DESIGNATION#{designation_id}"


def competency_summary_key(user_id: str) -> tuple[str, str]:
    """A user's best level per competency and the org/designation their levels are counted under in
    the org gap counters (the per-user marker that keeps those counters exact)."""
    return user_pk(user_id), "COMPSUMMARY"


# Gap counters of an (org, designation) are spread over this many shards (one officer, one shard).
GAP_COUNTER_SHARDS = 8


def gap_counter_key(org_id: str, designation_id: str, shard: int) -> tuple[str, str]:
    """One shard of an (org, designation)'s counters: officers and, per competency and level, how many
    of them hold that competency at exactly that (best) level."""
    return f"GAPCOUNT#{org_id}#{designation_id}#{shard}", "COUNTS"


def completed_course_key(user_id: str, course_id: str) -> tuple[str, str]:
    """A course the user completed (written by completions.course_completed)."""
    return user_pk(user_id), f"COURSEDONE#{course_id}"


def plan_key(plan_id: str) -> tuple[str, str]:
    return f"PLAN#{plan_id}", "META"


def org_plans_gsi(org_id: str) -> str:
    """GSI1PK of a plan: an org's competency building plans, newest first (GSI1SK createdAt#id)."""
    return f"ORG#{org_id}#PLANS"


def plan_user_ref_key(user_id: str, plan_id: str) -> tuple[str, str]:
    """A plan assigned to a user by name."""
    return user_pk(user_id), f"PLANREF#{plan_id}"


def plan_designation_ref_key(org_id: str, designation_id: str, plan_id: str) -> tuple[str, str]:
    """A plan assigned to every holder of a designation in an org (resolved when read)."""
    return f"DPLAN#{org_id}#{designation_id}", f"PLAN#{plan_id}"


def plan_progress_key(user_id: str, plan_id: str) -> tuple[str, str]:
    """The plan courses a user completed while the plan was live (counted once each)."""
    return user_pk(user_id), f"PLANPROGRESS#{plan_id}"


def plan_stats_key(plan_id: str, shard: int) -> tuple[str, str]:
    """One shard of a plan's completion counters."""
    return f"PLANSTAT#{plan_id}#{shard}", "COUNTS"

# ---- career hub -----------------------------------------------------------------------------------------

def career_path_key(from_role: str, to_role: str) -> tuple[str, str]:
    """A rung of a role ladder. GSI1: all paths (`CAREERPATHS` / from#to); GSI2: paths into a role."""
    return f"CAREERPATH#{from_role}", f"TO#{to_role}"


ALL_CAREER_PATHS_GSI = "CAREERPATHS"


def career_paths_to_gsi(to_role: str) -> str:
    return f"CAREERPATHTO#{to_role}"


def opening_key(opening_id: str) -> tuple[str, str]:
    return f"OPENING#{opening_id}", "META"


# GSI1PK of an opening: every opening by closing time (GSI1SK closingAt#id); the open ones are a range.
OPENINGS_GSI = "OPENINGS"


def org_openings_gsi(org_id: str) -> str:
    """GSI2PK of an opening: an org's openings, newest first."""
    return f"ORG#{org_id}#OPENINGS"


def application_key(application_id: str) -> tuple[str, str]:
    return f"APPLICATION#{application_id}", "META"


def application_guard_key(opening_id: str, user_id: str) -> tuple[str, str]:
    """One application per learner and opening (written in the application's transaction)."""
    return f"OPENING#{opening_id}", f"APPLICANT#{user_id}"


def opening_applications_gsi(opening_id: str) -> str:
    """GSI1PK of an application: an opening's applications, oldest first."""
    return f"OPENING#{opening_id}#APPLICATIONS"


def user_applications_gsi(user_id: str) -> str:
    """GSI2PK of an application: a learner's applications, newest first."""
    return f"USER#{user_id}#APPLICATIONS"

# ---- discussion hub -------------------------------------------------------------------------------------

def community_key(community_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", "META"


# GSI1PK of every community item: the communities by name (a few thousand, read-mostly; written only on
# creation, so not a hot key).
COMMUNITIES_GSI = "COMMUNITIES"


def community_name_guard(name: str) -> tuple[str, str]:
    """Uniqueness guard of a community's name (normalized), written with the community."""
    return guard_key("COMMUNITYNAME", name)


def community_member_key(community_id: str, user_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", f"MEMBER#{user_id}"


def community_invitation_key(community_id: str, user_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", f"INVITE#{user_id}"


def moderation_log_key(community_id: str, entry_id: str) -> tuple[str, str]:
    """An audit entry of a community's moderation; entry ids are time-sortable (newest last)."""
    return f"COMMUNITY#{community_id}", f"MODLOG#{entry_id}"


MODLOG_PREFIX = "MODLOG#"


def post_key(post_id: str) -> tuple[str, str]:
    """A post: a topic or a reply (`kind`), one partition each; its votes and reports live beside it."""
    return f"POST#{post_id}", "META"


def community_topics_gsi(community_id: str) -> str:
    """GSI1PK of a topic: a community's topics, GSI1SK `<createdAt>#<topicId>` (recent first)."""
    return f"COMMUNITY#{community_id}#TOPICS"


def community_hot_gsi(community_id: str) -> str:
    """GSI2PK of a topic: a community's topics by hot rank, GSI2SK `<zero-padded rank>#<topicId>`."""
    return f"COMMUNITY#{community_id}#HOT"


def topic_tag_key(topic_id: str, tag: str) -> tuple[str, str]:
    """A topic's tag item (one per tag, ≤ 5): the pointer the tag pages query."""
    return f"POST#{topic_id}", f"TAG#{tag}"


def tag_topics_gsi(community_id: str, tag: str) -> str:
    """GSI1PK of a tag item: a community's topics with a tag, recent first."""
    return f"COMMUNITY#{community_id}#TAG#{tag}"


def tag_hot_gsi(community_id: str, tag: str) -> str:
    """GSI2PK of a tag item: a community's topics with a tag, by hot rank."""
    return f"COMMUNITY#{community_id}#TAGHOT#{tag}"


def topic_replies_gsi(topic_id: str) -> str:
    """GSI1PK of a reply: a topic's replies, GSI1SK `<createdAt>#<replyId>` (oldest first)."""
    return f"POST#{topic_id}#REPLIES"


def post_vote_key(post_id: str, user_id: str) -> tuple[str, str]:
    return f"POST#{post_id}", f"VOTE#{user_id}"


def post_report_key(post_id: str, user_id: str) -> tuple[str, str]:
    return f"POST#{post_id}", f"REPORT#{user_id}"


def bookmark_key(user_id: str, post_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"BOOKMARK#{post_id}"


def user_bookmarks_gsi(user_id: str) -> str:
    """GSI1PK of a bookmark: a user's bookmarks, GSI1SK `<bookmarkedAt>#<postId>` (newest first)."""
    return f"USER#{user_id}#BOOKMARKS"


def rate_window_key(user_id: str, kind: str, window: str) -> tuple[str, str]:
    """A user's fixed-window rate counter (`kind` POSTS or VOTES, `window` the UTC hour), with a TTL."""
    return user_pk(user_id), f"RATE#{kind}#{window}"

# ---- network hub ----------------------------------------------------------------------------------------

def block_key(blocker_id: str, blocked_id: str) -> tuple[str, str]:
    return user_pk(blocker_id), f"BLOCK#{blocked_id}"


def blocked_by_key(blocked_id: str, blocker_id: str) -> tuple[str, str]:
    """The mirror of a block, in the blocked user's partition (written in the same transaction)."""
    return user_pk(blocked_id), f"BLOCKEDBY#{blocker_id}"


def connection_key(connection_id: str) -> tuple[str, str]:
    return f"CONNECTION#{connection_id}", "META"


def connection_edge_key(user_id: str, other_id: str) -> tuple[str, str]:
    """One side of a connection (pending or established), in each party's partition. Both sides are
    created with `attribute_not_exists`, so a second request in either direction is refused."""
    return user_pk(user_id), f"CONN#{other_id}"


def user_connections_gsi(user_id: str, status: str) -> str:
    """GSI1PK of an edge: a user's connections by status (PENDING = sent, RECEIVED, ESTABLISHED),
    GSI1SK `<updatedAt>#<otherUserId>`."""
    return f"USER#{user_id}#CONN#{status}"


def network_stats_key(user_id: str) -> tuple[str, str]:
    return user_pk(user_id), "NETSTATS"


def people_directory_sk() -> str:
    return "PEOPLEDIR"


def people_by_org_designation_gsi(org_id: str, designation_id: str) -> str:
    """GSI2PK of a person's directory item: the people of an org with a designation, GSI2SK
    `<hash(userId)>#<userId>` (a random start point spreads reads over the partition)."""
    return f"PEOPLE#ORG#{org_id}#DESIG#{designation_id}"


def people_by_competency_gsi(competency_id: str) -> str:
    """GSI3PK of a person's competency item: the people who hold a competency, GSI3SK
    `<hash(userId)>#<userId>`."""
    return f"PEOPLE#COMP#{competency_id}"


def spread_key(user_id: str) -> str:
    """A stable, uniformly spread sort-key prefix for a user (8 hex chars)."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:8]

# ---- events hub -----------------------------------------------------------------------------------------

def event_key(event_id: str) -> tuple[str, str]:
    return f"EVENT#{event_id}", "META"


def events_listing_gsi(org_id: str | None = None) -> str:
    """GSI1PK of a published event: one partition for the events open to everyone and one per organiser
    org for org-only events, by start (GSI1SK = `<start UTC>#<id>`), so that any time window is one
    range query per partition."""
    return "EVENTS#ALL" if org_id is None else f"EVENTS#ORG#{org_id}"


def event_start_sk(start_utc: str, event_id: str) -> str:
    return f"{start_utc}#{event_id}"


REGISTRATION_SK_PREFIX = "REG#"
WAITLIST_SK_PREFIX = "WAIT#"


def event_registration_key(event_id: str, user_id: str) -> tuple[str, str]:
    """A user's registration for an event (REGISTERED or WAITLISTED), in the event's item collection."""
    return f"EVENT#{event_id}", f"{REGISTRATION_SK_PREFIX}{user_id}"


def event_waitlist_key(event_id: str, queue_id: str) -> tuple[str, str]:
    """A place in an event's waitlist; `queue_id` is a time-sortable id, so the first is the oldest."""
    return f"EVENT#{event_id}", f"{WAITLIST_SK_PREFIX}{queue_id}"


def user_events_gsi(user_id: str) -> str:
    """GSI1PK of a registration: a user's registrations, newest first (GSI1SK = `<registeredAt>#<eventId>`)."""
    return f"USER#{user_id}#EVENTS"


def event_delivery_key(event_id: str, kind: str, user_id: str) -> tuple[str, str]:
    """The "sent" marker of one message (a reminder or a cancellation notice) to one registrant: claimed
    with a condition before sending, so a run of the target twice sends once."""
    return f"EVENT#{event_id}", f"SENT#{kind}#{user_id}"
