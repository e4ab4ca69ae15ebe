"""The discussion hub's items and access patterns (docs/data-model.md, "Discussion hub"): the only part of
the hub that talks to DynamoDB, one module per seam — `common` (reads of a request's items, rate limits,
the checks a write carries, audit entries), `communities`, `posts` (topics and replies), `votes` (votes
and bookmarks) and `moderation` (reports, hide and restore).

Every multi-item change is one TransactWriteItems: a reply with the topic's replyCount, a vote with the
post's score (conditioned on the voter's previous vote), a report with the report count (and, at the
threshold, the hide and its audit entry), each with the caller's rate-limit window when it is limited.
A failed condition is let through as `db.ConditionFailed` whose reason names the operation (the names
are listed by each write); the services decide what the client is told."""
