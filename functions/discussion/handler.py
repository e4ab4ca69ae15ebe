"""HTTP routes of the discussion hub: communities, topics, replies, votes, bookmarks, reports and
moderation. Thin: parse, call one service function, return a model."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.discussion import communities, moderation, posts, votes
from functions.discussion.models import (
    MAX_VERSION,
    BookmarkedPost,
    BookmarkRequest,
    BookmarkResult,
    Community,
    CommunityCreate,
    Invitation,
    InvitationCreate,
    Membership,
    ModerationLogEntry,
    ModerationRequest,
    ModerationResult,
    PostUpdate,
    Reply,
    ReplyCreate,
    ReportRequest,
    ReportResult,
    SortOrder,
    Topic,
    TopicCreate,
    TopicDetail,
    VoteRequest,
    VoteResult,
)
from karmayogi.platform.api import (
    Cursor,
    Limit,
    caller,
    documented,
    errors,
    idempotent,
    lambda_entry,
    make_resolver,
    no_content,
)
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

CommunityId = Annotated[str, Path(alias="communityId", max_length=64)]
TopicId = Annotated[str, Path(alias="topicId", max_length=64)]
PostId = Annotated[str, Path(alias="postId", max_length=64)]
TAGS = ["Discussion"]


@app.get("/communities", tags=TAGS, summary="Communities, by name")
def list_communities(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Community]:
    return communities.list_communities(caller(app), limit, cursor)


@app.post("/communities", tags=TAGS, summary="Create a community (COMMUNITY_MODERATOR, MDO_ADMIN)",
          status_code=201, middlewares=[idempotent], responses={**errors(403, 409), 201: {"description": "Created"}})
def create_community(request: CommunityCreate) -> Community:
    return communities.create_community(caller(app), request)


@app.get("/communities/<communityId>", tags=TAGS, summary="One community",
         responses=documented(404))
def get_community(community_id: CommunityId) -> Community:
    return communities.get_community(caller(app), community_id)


@app.post("/communities/<communityId>/join", tags=TAGS, summary="Join (open: anyone; private: the invited)",
          responses=documented(403, 404, 409))
def join_community(community_id: CommunityId) -> Membership:
    return communities.join(caller(app), community_id)


@app.post("/communities/<communityId>/leave", tags=TAGS, summary="Leave a community", status_code=204,
          responses={**errors(404, 409), 204: {"description": "Left"}})
def leave_community(community_id: CommunityId):  # no return annotation: with one, the empty 204 body became "null"
    communities.leave(caller(app), community_id)
    return no_content()


@app.post("/communities/<communityId>/invitations", tags=TAGS, summary="Invite a user (moderators)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 409), 201: {"description": "Invited"}})
def invite(community_id: CommunityId, request: InvitationCreate) -> Invitation:
    return communities.invite(caller(app), community_id, request.user_id)


@app.get("/communities/<communityId>/moderation-log", tags=TAGS, summary="Moderation audit trail (moderators)",
         responses=documented(403, 404))
def moderation_log(community_id: CommunityId, limit: Limit = DEFAULT_LIMIT,
                   cursor: Cursor = None) -> PageOf[ModerationLogEntry]:
    return moderation.moderation_log(caller(app), community_id, limit, cursor)


@app.get("/communities/<communityId>/topics", tags=TAGS, summary="Topics: recent or popular, by tag",
         responses=documented(403, 404))
def list_topics(
    community_id: CommunityId,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    sort: Annotated[SortOrder, Query()] = "recent",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Topic]:
    return posts.list_topics(caller(app), community_id, tag, sort, limit, cursor)


@app.post("/communities/<communityId>/topics", tags=TAGS, summary="Start a topic (members)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 429), 201: {"description": "Created"}})
def create_topic(community_id: CommunityId, request: TopicCreate) -> Topic:
    return posts.create_topic(caller(app), community_id, request)


@app.get("/topics/<topicId>", tags=TAGS, summary="A topic with its replies (paged)",
         responses=documented(403, 404))
def get_topic(topic_id: TopicId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> TopicDetail:
    return posts.get_topic(caller(app), topic_id, limit, cursor)


@app.post("/topics/<topicId>/replies", tags=TAGS, summary="Reply to a topic (members)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 429), 201: {"description": "Created"}})
def create_reply(topic_id: TopicId, request: ReplyCreate) -> Reply:
    return posts.create_reply(caller(app), topic_id, request)


@app.patch("/posts/<postId>", tags=TAGS, summary="Edit your post (version checked)",
           responses=documented(403, 404, 409, 429))
def update_post(post_id: PostId, request: PostUpdate) -> Topic | Reply:
    return posts.update_post(caller(app), post_id, request)


@app.delete("/posts/<postId>", tags=TAGS, summary="Delete your post (soft, version checked)", status_code=204,
            responses={**errors(403, 404, 409), 204: {"description": "Deleted"}})
def delete_post(post_id: PostId, version: Annotated[int, Query(ge=1, le=MAX_VERSION)]):  # no return annotation: with one, the empty 204 body became "null"
    posts.delete_post(caller(app), post_id, version)
    return no_content()


@app.post("/posts/<postId>/vote", tags=TAGS, summary="Vote 1, -1, or 0 to withdraw (members)",
          responses=documented(403, 404, 409, 429))
def vote(post_id: PostId, request: VoteRequest) -> VoteResult:
    return votes.vote(caller(app), post_id, request.value)


@app.post("/posts/<postId>/bookmark", tags=TAGS, summary="Bookmark: set with {bookmarked}, or toggle",
          responses=documented(403, 404))
def bookmark(post_id: PostId,
             request: Annotated[BookmarkRequest | None, Body()] = None) -> BookmarkResult:
    return votes.bookmark(caller(app), post_id, request.bookmarked if request else None)


@app.post("/posts/<postId>/report", tags=TAGS, summary="Report a post (once per reporter)", status_code=201,
          responses={**errors(403, 404, 409), 201: {"description": "Reported"},
                     200: {"description": "Reported already (`alreadyReported`): nothing changed"}})
def report(post_id: PostId, request: ReportRequest) -> Response[ReportResult]:
    result = moderation.report(caller(app), post_id, request.reason)
    return Response(status_code=200 if result.already_reported else 201,
                    content_type=content_types.APPLICATION_JSON, body=result)


@app.post("/posts/<postId>/hide", tags=TAGS, summary="Hide a post (moderators)",
          responses=documented(403, 404, 409))
def hide(post_id: PostId,
         request: Annotated[ModerationRequest | None, Body()] = None) -> ModerationResult:
    return moderation.set_hidden(caller(app), post_id, True, request.reason if request else None)


@app.post("/posts/<postId>/restore", tags=TAGS, summary="Restore a hidden post (moderators)",
          responses=documented(403, 404, 409))
def restore(post_id: PostId,
            request: Annotated[ModerationRequest | None, Body()] = None) -> ModerationResult:
    return moderation.set_hidden(caller(app), post_id, False, request.reason if request else None)


@app.get("/me/bookmarks", tags=TAGS, summary="Your bookmarks, newest first")
def list_bookmarks(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[BookmarkedPost]:
    return votes.list_bookmarks(caller(app), limit, cursor)


handler = lambda_entry(app)
