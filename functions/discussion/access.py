"""Who may do what in the discussion hub (deny by default), shared by its rules (communities, posts,
votes, moderation). No HTTP, no boto3.

- anyone signed in: list communities, read an open community's topics, report/bookmark what they can read;
- members: post topics and replies, vote; private communities' content is readable by members only;
- the author: edit and delete their own post (version checked);
- moderators of a community (its MODERATOR members — the creator —, a COMMUNITY_MODERATOR of the
  community's org, an SPV_ADMIN): invite, hide, restore, read hidden posts and the moderation log.

Posts carry their community's visibility and org (`communityVisibility`, `communityOrgId`: fixed when
the community is made, and communities are never deleted), so a request on a post decides access from
the post alone and leaves the membership to a ConditionCheck in its write (`guards`) — no read of the
community or the membership. Posts made before they carried them take the reads (`access_to_post`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NoReturn, TypeGuard

from functions.discussion.repository import common as store
from karmayogi.platform import roles
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, forbidden, not_found, too_many_requests
from karmayogi.platform.identity import Caller

Item = store.Item


@dataclass
class Access:
    community: Item
    member: Item | None
    moderator: bool

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def can_read(self) -> bool:
        return self.community["visibility"] == "open" or self.is_member or self.moderator


# ---- refusals -----------------------------------------------------------------------------------------

def not_reader() -> AppError:
    return forbidden("This community is private: only its members can read it", code="NOT_A_MEMBER")


def not_moderator() -> AppError:
    return forbidden("Only a moderator of this community can do this", code="NOT_A_MODERATOR")


def not_a_member() -> AppError:
    return forbidden("Only members of the community can do this; join it first", code="NOT_A_MEMBER")


def refuse(failed: ConditionFailed, answers: Mapping[str, AppError]) -> NoReturn:
    """Answer a write's failed condition: the refusal mapped to the failed operation's name. A name not
    mapped stays a ConditionFailed (409 CONFLICT, karmayogi.platform.api)."""
    error = answers.get(failed.reason)
    if error is None:
        raise failed
    raise error from failed


def rate_limit(caller: Caller, kind: str, limit: int) -> tuple[Item, AppError]:
    """The operation counting one more of the caller's `kind` actions this hour (named store.RATE) and
    the 429 its failure means."""
    op, retry_after = store.rate_limit_op(caller.user_id, kind, limit)
    return op, too_many_requests("RATE_LIMITED", f"At most {limit} {kind.lower()} an hour; try again later",
                                 retry_after)


def pause(attempt: int) -> None:
    """A short random backoff before reading again after a lost race."""
    time.sleep(random.uniform(0, 0.004 * (2 ** min(attempt, 5))))


# ---- the caller's access ------------------------------------------------------------------------------

def moderates_by_role(caller: Caller, org_id: str | None) -> bool:
    """An SPV_ADMIN, or a COMMUNITY_MODERATOR of the community's org (the org from the token)."""
    return caller.is_spv_admin or (caller.has_role(roles.COMMUNITY_MODERATOR) and bool(org_id)
                                   and caller.org_id == org_id)


def is_moderator(caller: Caller, community: Item, member: Item | None) -> bool:
    if caller.is_spv_admin or (member is not None and member.get("role") == "MODERATOR"):
        return True
    return moderates_by_role(caller, community.get("orgId"))


def access_of(caller: Caller, view: store.View) -> Access:
    """The caller's access from a view read with the community (404 without it)."""
    if view.community is None:
        raise not_found("The community")
    return Access(view.community, view.member, is_moderator(caller, view.community, view.member))


def access_to(caller: Caller, community_id: str, *, invitation: bool = False,
              profile_ids: Sequence[str] = ()) -> tuple[Access, store.View]:
    """The caller's access to a community (404 when there is none), with the caller's invitation and the
    profiles wanted, read together in one request."""
    view = store.read_view(caller.user_id, community_id=community_id, invitation=invitation,
                           profile_ids=profile_ids)
    return access_of(caller, view), view


def caller_name(caller: Caller, view: store.View) -> str | None:
    """The caller's name from a profile read with the request's other items (403 without a profile)."""
    profile = view.profiles.get(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    name = profile.get("name")
    return str(name) if name is not None else None


def require_reader(access: Access) -> None:
    if not access.can_read:
        raise not_reader()


def require_member(access: Access) -> None:
    if not access.is_member:
        raise not_a_member()


def require_moderator(access: Access) -> None:
    if not access.moderator:
        raise not_moderator()


def access_to_post(caller: Caller, post: Item | None, *, allow_hidden_for_author: bool = False,
                   profile_ids: Sequence[str] = ()) -> tuple[Item, Access, store.View]:
    """A post read already, if it is live and the caller can see it, with the caller's access to its
    community (and the profiles wanted, read with the community and the membership). Deleted posts are
    gone for everyone; hidden posts exist only for moderators (and, for editing and deleting, their
    author)."""
    if post is None or post.get("deleted"):
        raise not_found("The post")
    access, view = access_to(caller, post["communityId"], profile_ids=profile_ids)
    require_reader(access)
    if post.get("hidden") and not access.moderator and not (
        allow_hidden_for_author and post["authorId"] == caller.user_id
    ):
        raise not_found("The post")
    return post, access, view


def carries_access(post: Item | None) -> TypeGuard[Item]:
    """A live post that carries its community's visibility and org."""
    return post is not None and not post.get("deleted") and "communityVisibility" in post


@dataclass(frozen=True)
class Guards:
    """The checks a write carries instead of reading the caller's access (first in its transaction, so
    a refused caller is refused before any state conflict), and the refusal their failure means."""

    ops: tuple[Item, ...] = ()
    refusal: AppError | None = None

    def answers(self) -> dict[str, AppError]:
        return {store.ACCESS: self.refusal} if self.refusal is not None else {}


def guards(caller: Caller, post: Item, need: Literal["read", "member", "moderator"]) -> Guards:
    """The checks a write on a live post (see `carries_access`) carries instead of reading the caller's
    access, each with the refusal the read would have given: to `read` a private community one is a
    member (or moderates it by role); a `member` is one (a non-member of a private community is refused
    as a reader first); a `moderator` moderates by role or is a MODERATOR member."""
    community_id = post["communityId"]
    by_role = moderates_by_role(caller, post.get("communityOrgId"))
    if need == "moderator":
        return Guards() if by_role else Guards((store.moderator_check(community_id, caller.user_id),), not_moderator())
    private = post["communityVisibility"] != "open"
    if need == "read" and (by_role or not private):
        return Guards()
    error = not_reader() if private and not by_role else not_a_member()
    return Guards((store.member_check(community_id, caller.user_id),), error)


def moderation_shown(caller: Caller, posts: list[Item]) -> bool | None:
    """For showing `posts` (of one community): whether the caller sees hidden ones, when the posts alone
    tell — the caller moderates by role (True), or each post is of an open community and none is hidden,
    so anyone signed in may read them and the answer changes nothing (False). None: read the community
    and the membership."""
    if not posts or not all("communityVisibility" in p for p in posts):
        return None
    if moderates_by_role(caller, posts[0].get("communityOrgId")):
        return True
    if all(p["communityVisibility"] == "open" and not p.get("hidden") for p in posts):
        return False
    return None
