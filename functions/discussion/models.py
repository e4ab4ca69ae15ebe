"""Request and response models of the discussion hub: communities, topics, replies, votes, bookmarks,
reports and moderation. Bodies are plain text or Markdown, stored as given and returned as JSON strings
(never rendered to HTML)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, field_validator, model_validator

from karmayogi.platform import keys
from karmayogi.platform.models import CamelModel, RequestModel

Visibility = Literal["open", "private"]
SortOrder = Literal["recent", "popular"]
PostKind = Literal["topic", "reply"]
MemberRole = Literal["MEMBER", "MODERATOR"]

MAX_TAGS = 5
TAG_PATTERN = re.compile(r"^[\w][\w-]{0,39}$", re.UNICODE)
TITLE_MAX = 200
BODY_MAX = 20_000
MAX_VERSION = 2**31 - 1  # a version is a small counter; larger numbers are refused, never sent to DynamoDB

Title = Annotated[str, Field(min_length=3, max_length=TITLE_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=BODY_MAX)]


def normalize_tag(tag: str) -> str:
    """A tag as stored and queried: NFKC, case-folded, trimmed; letters, digits, `_` and `-` only."""
    value = keys.normalize(tag)
    if not TAG_PATTERN.fullmatch(value):
        raise ValueError("a tag is 1-40 letters, digits, '_' or '-', starting with a letter or digit")
    return value


def _normalize_tags(tags: list[str] | None) -> list[str] | None:
    if tags is None:
        return None
    unique = list(dict.fromkeys(normalize_tag(tag) for tag in tags))
    if len(unique) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    return unique


# ---- communities --------------------------------------------------------------------------------------

class CommunityCreate(RequestModel):
    name: Annotated[str, Field(min_length=3, max_length=100)]
    description: Annotated[str, Field(max_length=2000)] = ""
    visibility: Visibility = "open"
    tags: Annotated[list[str], Field(max_length=MAX_TAGS * 2)] = []

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        return _normalize_tags(tags) or []


class Community(CamelModel):
    id: str
    name: str
    description: str
    visibility: Visibility
    tags: list[str] = []
    org_id: str | None = None
    created_by: str
    member_count: int = 0
    topic_count: int = 0
    created_at: str
    version: int
    is_member: bool = False
    is_moderator: bool = False
    is_invited: bool = False


class InvitationCreate(RequestModel):
    user_id: Annotated[str, Field(min_length=1, max_length=64)]


class Invitation(CamelModel):
    community_id: str
    user_id: str
    invited_by: str
    created_at: str


class Membership(CamelModel):
    community_id: str
    user_id: str
    role: MemberRole
    joined_at: str


class ModerationLogEntry(CamelModel):
    id: str
    community_id: str
    action: str
    actor_id: str
    post_id: str | None = None
    target_user_id: str | None = None
    reason: str | None = None
    created_at: str


# ---- posts --------------------------------------------------------------------------------------------

class TopicCreate(RequestModel):
    title: Title
    body: Text
    tags: Annotated[list[str], Field(max_length=MAX_TAGS * 2)] = []

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        return _normalize_tags(tags) or []


class ReplyCreate(RequestModel):
    body: Text


class PostUpdate(RequestModel):
    """An edit by the author: the version read and at least one changed field (title and tags are
    topics' only)."""

    version: Annotated[StrictInt, Field(ge=1, le=MAX_VERSION)]
    title: Title | None = None
    body: Text | None = None
    tags: Annotated[list[str] | None, Field(max_length=MAX_TAGS * 2)] = None

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str] | None) -> list[str] | None:
        return _normalize_tags(tags)

    @model_validator(mode="after")
    def _something_changes(self) -> PostUpdate:
        if self.title is None and self.body is None and self.tags is None:
            raise ValueError("give at least one of title, body, tags")
        return self


class Topic(CamelModel):
    id: str
    kind: Literal["topic"] = "topic"
    community_id: str
    title: str
    body: str
    tags: list[str] = []
    author_id: str
    author_name: str | None = None
    score: int = 0
    upvotes: int = 0
    downvotes: int = 0
    reply_count: int = 0
    hidden: bool = False
    created_at: str
    updated_at: str | None = None
    version: int
    my_vote: int = 0
    bookmarked: bool = False


class Reply(CamelModel):
    id: str
    kind: Literal["reply"] = "reply"
    topic_id: str
    community_id: str
    body: str
    author_id: str
    author_name: str | None = None
    score: int = 0
    upvotes: int = 0
    downvotes: int = 0
    hidden: bool = False
    created_at: str
    updated_at: str | None = None
    version: int
    my_vote: int = 0


class ReplyPage(CamelModel):
    items: list[Reply]
    next_cursor: str | None = None


class TopicDetail(Topic):
    replies: ReplyPage


class VoteRequest(RequestModel):
    value: Literal[-1, 0, 1]

    @field_validator("value", mode="before")
    @classmethod
    def _integer(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("value is 1, -1 or 0")
        return value


class VoteResult(CamelModel):
    post_id: str
    value: int
    score: int
    upvotes: int
    downvotes: int


class BookmarkRequest(RequestModel):
    """`{"bookmarked": true|false}` sets the bookmark (idempotent); an empty body toggles it."""

    bookmarked: StrictBool | None = None


class BookmarkResult(CamelModel):
    post_id: str
    bookmarked: bool


class BookmarkedPost(CamelModel):
    post_id: str
    kind: PostKind
    community_id: str
    topic_id: str
    title: str | None = None
    excerpt: str
    author_id: str
    bookmarked_at: str


class ReportRequest(RequestModel):
    reason: Annotated[str, Field(min_length=3, max_length=500)]


class ReportResult(CamelModel):
    post_id: str
    reported: bool = True
    already_reported: bool = False


class ModerationRequest(RequestModel):
    reason: Annotated[str | None, Field(max_length=500)] = None


class ModerationResult(CamelModel):
    post_id: str
    kind: PostKind
    community_id: str
    hidden: bool
