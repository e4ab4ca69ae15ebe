"""The SCORM 1.2 run-time data model (ADL SCORM 1.2 RTE, section 3.4) as the server re-checks it: which
`cmi.*` elements a SCO may set (LMSSetValue), and the vocabulary, type and size of each value.

The runtime in the learner's browser (scorm-again) validates too, but a heartbeat is whatever a client sends,
so the server applies the data model itself before it counts a `lesson_status`. Hand-written because no
maintained Python package validates SCORM 1.2 CMI values (the packages on PyPI host or build SCORM packages);
the rules below are the specification's tables, one entry per element.

A heartbeat's `cmi` is a map of element names to values, flat (`{"cmi.core.lesson_status": "completed"}`, the
names LMSSetValue takes) or nested as runtimes serialise it (`{"core": {"lesson_status": "completed"}}`, with
lists for objectives and interactions); both are flattened to element names first."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

MAX_INDEX = 249  # objectives and interactions a SCO may record (n in cmi.objectives.n; the spec sets no bound)
MAX_ELEMENTS = 2000  # elements in one heartbeat

STATUS_SET_BY_SCO = ("passed", "completed", "failed", "incomplete", "browsed")  # not "not attempted" (RTE 3.4.4)
OBJECTIVE_STATUS = (*STATUS_SET_BY_SCO, "not attempted")
EXIT = ("time-out", "suspend", "logout", "")
INTERACTION_TYPES = ("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")
RESULTS = ("correct", "wrong", "unanticipated", "neutral")
COMPLETE_STATUSES = ("completed", "passed")

# Elements a SCO may read but never set (LMSSetValue answers 403 "element is read only").
READ_ONLY = re.compile(
    r"^cmi\.(core\.(student_id|student_name|credit|entry|total_time|lesson_mode|_children|score\._children)"
    r"|launch_data|student_data(\..+)?|_version|comments_from_lms"
    r"|(objectives|interactions)\._(children|count)|objectives\.\d+\.(score\.)?_children"
    r"|objectives\.\d+\.score\._children|student_preference\._children"
    r"|interactions\.\d+\.(objectives|correct_responses)\._count)$")

_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")
_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")  # CMITimespan HHHH:MM:SS.SS
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")  # CMITime HH:MM:SS.SS
_IDENTIFIER = re.compile(r"^[^\s]{1,255}$")  # CMIIdentifier: no whitespace, ≤ 255


def _string(limit: int) -> Callable[[str], str | None]:
    return lambda v: None if len(v) <= limit else f"at most {limit} characters"


def _vocabulary(*allowed: str) -> Callable[[str], str | None]:
    return lambda v: None if v in allowed else "one of " + ", ".join(repr(a) for a in allowed)


def _decimal(low: float, high: float, *, blank: bool = True) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value == "" and blank:
            return None
        if not _DECIMAL.match(value) or not low <= float(value) <= high:
            return f"a decimal from {low:g} to {high:g}" + (" (or blank)" if blank else "")
        return None
    return check


def _integer(*allowed_range: int) -> Callable[[str], str | None]:
    low, high = allowed_range
    return lambda v: None if _INTEGER.match(v) and low <= int(v) <= high else f"an integer from {low} to {high}"


def _pattern(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    return lambda v: None if pattern.match(v) else what


def _result(value: str) -> str | None:
    if value in RESULTS or _DECIMAL.match(value):
        return None
    return "one of " + ", ".join(RESULTS) + " or a decimal"


_SCORE = _decimal(0, 100)
_TIMESPAN_CHECK = _pattern(_TIMESPAN, "a CMITimespan HHHH:MM:SS.SS")
_ID = _pattern(_IDENTIFIER, "an identifier (1-255 characters, no spaces)")
_FEEDBACK = _string(255)

# Writable elements: the name with every index as "n", and its check.
WRITABLE: dict[str, Callable[[str], str | None]] = {
    "cmi.core.lesson_location": _string(255),
    "cmi.core.lesson_status": _vocabulary(*STATUS_SET_BY_SCO),
    "cmi.core.score.raw": _SCORE,
    "cmi.core.score.min": _SCORE,
    "cmi.core.score.max": _SCORE,
    "cmi.core.exit": _vocabulary(*EXIT),
    "cmi.core.session_time": _TIMESPAN_CHECK,
    "cmi.suspend_data": _string(4096),
    "cmi.comments": _string(4096),
    "cmi.student_preference.audio": _integer(-1, 100),
    "cmi.student_preference.language": _string(255),
    "cmi.student_preference.speed": _integer(-100, 100),
    "cmi.student_preference.text": _integer(-1, 1),
    "cmi.objectives.n.id": _ID,
    "cmi.objectives.n.score.raw": _SCORE,
    "cmi.objectives.n.score.min": _SCORE,
    "cmi.objectives.n.score.max": _SCORE,
    "cmi.objectives.n.status": _vocabulary(*OBJECTIVE_STATUS),
    "cmi.interactions.n.id": _ID,
    "cmi.interactions.n.objectives.n.id": _ID,
    "cmi.interactions.n.time": _pattern(_TIME, "a CMITime HH:MM:SS.SS"),
    "cmi.interactions.n.type": _vocabulary(*INTERACTION_TYPES),
    "cmi.interactions.n.correct_responses.n.pattern": _FEEDBACK,
    "cmi.interactions.n.weighting": _decimal(-1e9, 1e9, blank=False),
    "cmi.interactions.n.student_response": _FEEDBACK,
    "cmi.interactions.n.result": _result,
    "cmi.interactions.n.latency": _TIMESPAN_CHECK,
}

_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def flatten(cmi: Any, prefix: str = "") -> dict[str, Any]:
    """`{"core": {"lesson_status": "x"}}` → `{"cmi.core.lesson_status": "x"}`; lists give indexes; flat names
    pass through (a leading "cmi." is added where missing)."""
    flat: dict[str, Any] = {}
    items = cmi.items() if isinstance(cmi, dict) else enumerate(cmi) if isinstance(cmi, list) else ()
    for key, value in items:
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict | list):
            flat.update(flatten(value, name))
        else:
            flat[name] = value
    if not prefix:
        flat = {(n if n == "cmi" or n.startswith("cmi.") else f"cmi.{n}"): v for n, v in flat.items()}
    return flat


def _as_text(value: Any) -> str | None:
    """LMSSetValue takes strings; JSON numbers are read as their decimal text (never NaN, infinity, booleans)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))


def problems(cmi: Any) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The values as text by element name, and what is wrong with them ([] when all are in the data model)."""
    flat = flatten(cmi)
    if len(flat) > MAX_ELEMENTS:
        return {}, [{"field": "cmi", "message": f"at most {MAX_ELEMENTS} elements in one heartbeat"}]
    values: dict[str, str] = {}
    found: list[dict[str, str]] = []
    for name, raw in flat.items():
        field = f"cmi[{name}]"
        if READ_ONLY.match(name):
            found.append({"field": field, "message": "is read only in SCORM 1.2"})
            continue
        indexes = [int(i) for i in _INDEX.findall(name)]
        check = WRITABLE.get(_INDEX.sub(".n", name))
        if check is None:
            found.append({"field": field, "message": "is not an element of the SCORM 1.2 data model"})
            continue
        if any(i > MAX_INDEX for i in indexes):
            found.append({"field": field, "message": f"indexes go up to {MAX_INDEX}"})
            continue
        text = _as_text(raw)
        if text is None:
            found.append({"field": field, "message": "must be a string or a finite number"})
            continue
        wrong = check(text)
        if wrong:
            found.append({"field": field, "message": f"must be {wrong}"})
            continue
        values[name] = text
    return values, found
