"""The "hot" rank of a topic: score with time decay, computed at write time and stored as a zero-padded
string sort key (GSI2SK), so "popular" is a query in rank order rather than a sort in memory.

hot = sign(score) * log10(1 + |score|) + (createdAt - EPOCH) / DECAY_SECONDS

(`1 + |score|` so that +1, 0 and -1 differ.) A topic 12.5 hours newer needs about ten times fewer net
votes to rank alike; the rank depends only on the score and the creation time, so it changes only when
the score does (in the vote transaction)."""

from __future__ import annotations

import math

EPOCH_SECONDS = 1_735_689_600  # 2025-01-01T00:00:00Z
DECAY_SECONDS = 45_000
OFFSET = 1_000.0  # keeps the value positive (scores down to -10^7, times up to ~1.4 years before EPOCH)
SCALE = 1_000_000  # six decimals survive in the integer
WIDTH = 16


def hot_value(score: int, created_epoch: int) -> float:
    magnitude = math.log10(1 + abs(score))
    sign = 1 if score > 0 else -1 if score < 0 else 0
    return sign * magnitude + (created_epoch - EPOCH_SECONDS) / DECAY_SECONDS


def hot_rank(score: int, created_epoch: int) -> str:
    """The sortable form: higher rank → lexicographically greater string of fixed width."""
    scaled = round((hot_value(score, created_epoch) + OFFSET) * SCALE)
    return str(max(0, scaled)).zfill(WIDTH)
