"""Demo data for the dev server: each hub's seeder, in dependency order."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from karmayogi.platform.observability import logger

# Each module `local.seed.<name>` has `seed() -> None`; order matters (orgs before accounts, the
# competency framework before courses, courses before plans and gaps).
SEEDERS = ("directory", "competency", "accounts", "learning", "career", "discussion", "events")


def seed_all(report: Callable[[str], None] | None = None) -> None:
    for name in SEEDERS:
        started = time.monotonic()
        module = importlib.import_module(f"local.seed.{name}")
        module.seed()
        if report:
            report(f"seeded {name} ({time.monotonic() - started:.1f} s)")
        logger.debug("seeded", extra={"seeder": name})
