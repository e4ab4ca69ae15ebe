"""What every benchmark does with `--json`: write its figures to that file (bench/results/ by `make bench`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(path: str | None, figures: Any) -> None:
    """Write `figures` as indented JSON to `path`, creating its folder; nothing when no path was given."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(figures, indent=2))
