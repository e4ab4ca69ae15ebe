"""An event as an iCalendar (RFC 5545) file: CRLF line endings, content lines folded at 75 octets
without splitting a UTF-8 character, TEXT values escaped, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from karmayogi.platform import clock

PRODID = "-//Karmayogi//Events//EN"
UID_DOMAIN = "karmayogi.gov.in"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon and comma escaped; any line break becomes `\\n`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are split with CRLF + one space; a continuation line's
    leading space counts toward its 75 octets."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(item: dict[str, Any], now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{item['id']}@{UID_DOMAIN}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(clock.parse_iso(item['startTime']))}",
        f"DTEND:{utc_stamp(clock.parse_iso(item['endTime']))}",
        f"SEQUENCE:{max(0, int(item.get('version', 1)) - 1)}",
        f"STATUS:{'CANCELLED' if item['status'] == 'CANCELLED' else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(item['title'])}",
    ]
    if item.get("description"):
        lines.append(f"DESCRIPTION:{escape_text(item['description'])}")
    if item.get("location"):
        lines.append(f"LOCATION:{escape_text(item['location'])}")
    if item.get("joinUrl"):
        lines.append(f"URL:{item['joinUrl']}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
