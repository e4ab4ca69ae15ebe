"""Key builders for the single table: every PK/SK/GSI key of every entity is built here, so the data
model (docs/data-model.md) and the code cannot drift apart.

Table: PK, SK; GSI1 (GSI1PK, GSI1SK), GSI2 (GSI2PK, GSI2SK), GSI3 (GSI3PK, GSI3SK), all projecting ALL;
TTL attribute `expiresAt` (epoch seconds). Entity prefixes are upper-case words followed by `#`.

The builders are grouped by owner in the modules of this package and re-exported here: callers write
`keys.course_key(...)` whatever module defines it.
"""

# ruff: noqa: F403 - this package's modules are its namespace
from karmayogi.platform.keys.career import *
from karmayogi.platform.keys.common import *
from karmayogi.platform.keys.competency import *
from karmayogi.platform.keys.discussion import *
from karmayogi.platform.keys.events import *
from karmayogi.platform.keys.learning import *
from karmayogi.platform.keys.network import *
from karmayogi.platform.keys.people import *
from karmayogi.platform.keys.shared import *
