"""GET /events/{id}/calendar.ics: a strictly valid RFC 5545 file, checked by a small strict parser."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

from functions.events import ics
from tests.events.helpers import at


def parse_strict(raw: bytes) -> list[tuple[str, dict[str, str], str]]:
    """Content lines (name, params, value) after checking RFC 5545's framing: UTF-8, CRLF only, every
    physical line at most 75 octets, continuation lines start with one space, ends with CRLF."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
        assert line, "no empty lines"
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            assert logical, "a continuation needs a line to continue"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    parsed = []
    for line in logical:
        match = re.fullmatch(r"([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^;:]*)*):(.*)", line)
        assert match, line
        params = dict(p.split("=", 1) for p in match.group(2).split(";")[1:])
        parsed.append((match.group(1), params, match.group(3)))
    return parsed


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1]
            assert nxt in "\\;,nN", f"bad escape \\{nxt}"
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        assert ch not in ";,", f"unescaped {ch!r} in TEXT"
        out.append(ch)
        i += 1
    return "".join(out)


def properties(parsed):
    inside = [p for p in parsed if p[0] not in ("BEGIN", "END")]
    return {name: value for name, _, value in inside}


def test_calendar_file_is_valid_and_round_trips(world):
    start = at(days=5)
    title = "Karmayogi Talk: Citizens, Services; and the \\ Future"
    description = ("पहली पंक्ति: नागरिक सेवा, सुशासन; और भविष्य।\nSecond line, with a comma; a semicolon.\n" * 3).strip()
    event = world.create_event(start=start, hours=2, title=title, description=description,
                               location="ISTM, JNU (Old) Campus; Olof Palme Marg, New Delhi", joinUrl=None)
    response = world.client(world.learner).get(f"/events/{event['id']}/calendar.ics")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event["id"]}.ics"'
    parsed = parse_strict(response.body)
    names = [name for name, _, _ in parsed]
    assert names[:2] == ["BEGIN", "VERSION"] and names[-1] == "END"
    assert [v for n, _, v in parsed if n in ("BEGIN", "END")] == ["VCALENDAR", "VEVENT", "VEVENT", "VCALENDAR"]
    props = properties(parsed)
    assert props["VERSION"] == "2.0" and props["PRODID"]
    assert props["UID"] == f"{event['id']}@karmayogi.gov.in"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert props["DTSTART"] == start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert props["DTEND"] == (start + timedelta(hours=2)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert unescape(props["SUMMARY"]) == title
    assert unescape(props["DESCRIPTION"]) == description
    assert unescape(props["LOCATION"]) == "ISTM, JNU (Old) Campus; Olof Palme Marg, New Delhi"
    assert "URL" not in props
    assert max(len(line) for line in response.body.split(b"\r\n")) > 70  # it did fold


def test_online_event_has_its_url_and_a_cancelled_one_says_so(world):
    event = world.create_event()
    props = properties(parse_strict(world.client(world.learner).get(f"/events/{event['id']}/calendar.ics").body))
    assert props["URL"] == "https://meet.example.com/rti" and "LOCATION" not in props
    assert props["STATUS"] == "CONFIRMED" and props["SEQUENCE"] == "0"
    world.client(world.admin).delete(f"/events/{event['id']}")
    props = properties(parse_strict(world.client(world.learner).get(f"/events/{event['id']}/calendar.ics").body))
    assert props["STATUS"] == "CANCELLED" and props["SEQUENCE"] == "1"


def test_calendar_follows_visibility(world):
    event = world.create_event(audience="org")
    assert world.client(world.outsider).get(f"/events/{event['id']}/calendar.ics").status == 404


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "क" * 100
    folded = ics.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "") == line
    assert ics.fold("SHORT:x") == "SHORT:x"
    assert ics.escape_text("a\r\nb\rc,d;e\\f") == "a\\nb\\nc\\,d\\;e\\\\f"
