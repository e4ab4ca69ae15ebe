"""Search at volume (issue 19): multi-word queries are one read of the pair index, whatever the number of
people sharing a first name; `GET /search` across types with its visibility rules, pages and bad input."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from functions.discussion.repository import communities
from functions.events import repository as events
from functions.learning.repository.courses import _catalogue_items
from karmayogi.domain import people_index, search
from karmayogi.platform import clock, db, keys
from tests.network.conftest import client
from tests.search.conftest import reading, requests

RAJESHES = 3000


def _many_rajeshes(count: int = RAJESHES) -> None:
    """`count` officers named "Rajesh <surname>" (surnames on both sides of "kum": Kulkarni, Kushwaha …):
    their "rajesh" word item and their "rajesh <surname>" pair item, written directly (what a national
    directory holds by the tens of thousands)."""
    surnames = ("Kulkarni", "Kushwaha", "Verma", "Agarwal", "Kuldeep")
    with db.table().batch_writer() as batch:
        for n in range(count):
            user_id = f"bulk-{n:05d}"
            profile = {"userId": user_id, "name": f"Rajesh {surnames[n % len(surnames)]}", "orgId": "dopt"}
            for item in search.token_items(people_index.PERSON_SCOPE, keys.user_pk(user_id), user_id,
                                           profile["name"], people_index.public_payload(profile), pair_words=5):
                if item["SK"] in ("WORD#rajesh", f"PAIR#rajesh#{surnames[n % len(surnames)].lower()}"):
                    batch.put_item(Item=item)


def _names(response: Any) -> list[str]:
    assert response.status == 200, response.json()
    return [p["name"] for p in response.json()["items"]]


def test_rajesh_kum_finds_the_kumars_on_the_first_page_among_thousands_of_rajeshes(person):
    me = person("Meera Joshi")
    kumars = {person(name)["userId"] for name in ("Rajesh Kumar", "Rajesh Kumari Devi", "Kumar Rajesh",
                                                    "Rajesh Kumaraswamy")}
    _many_rajeshes()
    with reading() as counts:
        answer = client(me).get("/people", query={"q": "rajesh kum", "limit": "10"})
    assert answer.status == 200, answer.json()
    found = {p["userId"] for p in answer.json()["items"]}
    assert found == kumars and answer.json()["nextCursor"] is None
    assert counts["Query"] == 1 and requests(counts) <= 3, counts
    assert counts["items"] <= 2 * len(found), counts
    # the same through GET /search
    with reading() as counts:
        answer = client(me).get("/search", query={"q": "Rajesh Kum", "type": "person"})
    assert {r["id"] for r in answer.json()["items"]} == kumars
    assert requests(counts) <= 3 and counts["items"] <= 2 * len(kumars), counts


def test_the_old_rule_would_have_read_thousands(person):
    """What the pair index replaces (the rule of scopes without pairs): the longest word drives and the
    others filter, so the first page reads hundreds of Rajeshes and comes back empty with a cursor."""
    person("Rajesh Kumar")
    _many_rajeshes(500)
    with reading() as counts:
        page = search.search_page(people_index.PERSON_SCOPE, "rajesh kum", limit=10, cursor=None)
    assert page.items == [] and page.next_cursor and counts["items"] >= 400, counts


def test_pages_are_never_empty_and_never_repeat(person):
    me = person("Meera Joshi")
    wanted = {person(f"Rajesh Kumar{'i' * (n % 2)} {chr(97 + n)}x")["userId"] for n in range(13)}
    _many_rajeshes(200)
    seen: list[str] = []
    cursor = None
    while True:
        query = {"q": "rajesh kum", "limit": "5", **({"cursor": cursor} if cursor else {})}
        with reading() as counts:
            page = client(me).get("/people", query=query).json()
        assert page["items"], "an empty page while more results exist"
        assert requests(counts) <= 3 and counts["items"] <= 2 * len(page["items"]), counts
        seen += [p["userId"] for p in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(wanted)


def test_three_words_and_every_word_a_prefix(person):
    me = person("Meera Joshi")
    person("Anil Kumar Sharma")
    person("Anil Kumar Verma")
    person("Rajeev Ranjan")
    assert _names(client(me).get("/people", query={"q": "anil kumar sha"})) == ["Anil Kumar Sharma"]
    assert _names(client(me).get("/people", query={"q": "sharma anil"})) == ["Anil Kumar Sharma"]
    # a first word that is only a prefix still finds, through the word phase
    assert _names(client(me).get("/people", query={"q": "raj ran"})) == ["Rajeev Ranjan"]


def test_devanagari_names_with_matras_and_nukta(person):
    me = person("Meera Joshi")
    person("राजेश कुमार")
    zakir = person("ज़ाकिर हुसैन")  # "ज़" precomposed (U+095B)
    assert _names(client(me).get("/people", query={"q": "राजेश कु"})) == ["राजेश कुमार"]
    decomposed = unicodedata.normalize("NFD", "ज़ाकिर हु")  # "ज" + nukta
    assert [p["userId"] for p in client(me).get("/people", query={"q": decomposed}).json()["items"]] == [zakir["userId"]]
    assert keys.words("राजेश कुमार") == ["राजेश", "कुमार"]  # vowel signs and viramas stay in their words
    assert keys.words("ज़ाकिर") == keys.words(unicodedata.normalize("NFD", "ज़ाकिर"))
    assert keys.words("RAJESH Kumar") == ["rajesh", "kumar"]


def _course(course_id: str, title: str, description: str = "", competency_names: list[str] | None = None) -> None:
    course = {"id": course_id, "title": title, "description": description, "competencies": [],
              "competencyNames": competency_names or [], "publishedAt": "2026-01-01T00:00:00Z",
              "durationMinutes": 30, "language": "en"}
    with db.table().batch_writer() as batch:
        for item in _catalogue_items(course):
            batch.put_item(Item=item)


def test_courses_by_title_description_and_competency_names(person):
    me = client(person("Meera Joshi"))
    for n in range(150):
        _course(f"data-{n:03d}", f"Data Handling Basics {n}")
    _course("privacy", "Data Privacy for Officers", "Handling personal data under the DPDP Act")
    _course("drafting", "Writing Notes", "Clear notes", ["Noting and Drafting"])
    _course("cyber", "Safe Computing", "Phishing, passwords and cybersecurity at the desk")
    with reading() as counts:
        answer = me.get("/courses", query={"q": "data priv"})
    assert [c["id"] for c in answer.json()["items"]] == ["privacy"]
    assert counts["Query"] <= 2 and counts["items"] <= 2, counts
    with reading() as counts:
        answer = me.get("/search", query={"q": "data priv", "type": "course"})
    assert [r["id"] for r in answer.json()["items"]] == ["privacy"] and requests(counts) <= 3
    assert answer.json()["items"][0]["snippet"].startswith("Handling personal data")
    assert [r["id"] for r in me.get("/search", query={"q": "drafting"}).json()["items"]] == ["drafting"]
    assert [r["id"] for r in me.get("/search", query={"q": "cybersec"}).json()["items"]] == ["cyber"]
    # a word of the description with a title word: found by the word phase
    assert [r["id"] for r in me.get("/search", query={"q": "safe phishing"}).json()["items"]] == ["cyber"]


def _event(event_id: str, title: str, *, audience: str = "all", org_id: str = "dopt", status: str = "PUBLISHED") -> dict:
    return events.create_event({
        "id": event_id, "title": title, "description": "An hour on the topic", "startTime": "2030-01-01T10:00:00Z",
        "endTime": "2030-01-01T11:00:00Z", "capacity": 10, "audience": audience, "orgId": org_id,
        "status": status, "joinUrl": "https://meet.example/x", "createdBy": "someone",
        "createdAt": clock.now_iso(), "updatedAt": clock.now_iso(),
    })


def test_visibility_across_types(person):
    me = person("Meera Joshi", org_id="dopt")
    blocker = person("Gyan Prakash")
    blocked = person("Gyan Chand")
    person("Gyan Suspended", )
    suspended = person("Gyan Hidden")
    db.transact(people_index.rewrite_ops(suspended, {**suspended, "suspended": True}))
    open_event = _event("ev-open", "Gyan Samvad Open")
    _event("ev-mine", "Gyan Samvad DoPT", audience="org", org_id="dopt")
    _event("ev-other", "Gyan Samvad MoF", audience="org", org_id="mof")
    _event("ev-draft", "Gyan Samvad Draft", status="DRAFT")
    cancelled = _event("ev-cancelled", "Gyan Samvad Cancelled")
    events.cancel_event("ev-cancelled", clock.now_iso(), current=cancelled)
    communities.create(name="Gyan Manch", description="Open talk", visibility="open", tags=["gyan"], org_id="dopt",
                       created_by="x")
    communities.create(name="Gyan Circle", description="Closed talk", visibility="private", tags=[], org_id="dopt",
                       created_by="x")
    assert client(blocker).post(f"/people/{me['userId']}/block").status == 200
    assert client(me).post(f"/people/{blocked['userId']}/block").status == 200
    _course("gyan", "Gyan Basics")

    answer = client(me).get("/search", query={"q": "gyan"})
    assert answer.status == 200, answer.json()
    by_type: dict[str, set[str]] = {}
    for result in answer.json()["items"]:
        by_type.setdefault(result["type"], set()).add(result["title"])
    assert by_type == {
        "course": {"Gyan Basics"},
        "person": {"Gyan Suspended"},
        "community": {"Gyan Manch", "Gyan Circle"},
        "event": {"Gyan Samvad Open", "Gyan Samvad DoPT"},
    }
    types = [r["type"] for r in answer.json()["items"]]
    assert types == sorted(types, key=["course", "person", "community", "event"].index)  # the stable order
    event = next(r for r in answer.json()["items"] if r["id"] == open_event["id"])
    assert event["startsAt"] == "2030-01-01T10:00:00Z"
    only_events = client(me).get("/search", query={"q": "gyan samvad", "type": "event"}).json()["items"]
    assert {r["id"] for r in only_events} == {"ev-open", "ev-mine"}


def test_merged_pages_hold_each_types_position(person):
    me = person("Meera Joshi")
    for n in range(7):
        person(f"Seva Person{n}")
        _course(f"seva-{n}", f"Seva Course {n}")
    for n in range(3):
        communities.create(name=f"Seva Group {n}", description="", visibility="open", tags=[], org_id="dopt",
                           created_by="x")
    seen: list[tuple[str, str]] = []
    cursor = None
    while True:
        page = client(me).get("/search", query={"q": "seva", "limit": "4", **({"cursor": cursor} if cursor else {})})
        assert page.status == 200, page.json()
        assert page.json()["items"], "an empty page while more results exist"
        assert len(page.json()["items"]) <= 4
        seen += [(r["type"], r["id"]) for r in page.json()["items"]]
        cursor = page.json()["nextCursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 17
    assert {t for t, _ in seen} == {"course", "person", "community"}


@pytest.mark.parametrize(("query", "code"), [
    ({"q": "a"}, "QUERY_TOO_SHORT"),
    ({"q": "!!"}, "QUERY_TOO_SHORT"),
    ({}, "VALIDATION_ERROR"),
    ({"q": "rajesh", "type": "planet"}, "VALIDATION_ERROR"),
    ({"q": "rajesh", "cursor": "not-a-cursor"}, "INVALID_CURSOR"),
    ({"q": "rajesh", "cursor": "person:p.abc"}, "INVALID_CURSOR"),
    ({"q": "rajesh", "cursor": "person:~person:"}, "INVALID_CURSOR"),
    ({"q": "rajesh", "type": "course", "cursor": "person:"}, "INVALID_CURSOR"),
])
def test_bad_input_is_a_400_with_a_code(person, query, code):
    answer = client(person("Meera Joshi")).get("/search", query=query)
    assert answer.status == 400 and answer.json()["error"]["code"] == code, answer.json()


def test_a_cursor_is_bound_to_its_query(person):
    me = person("Meera Joshi")
    for n in range(3):
        person(f"Rajesh Kumar{n}")
    first = client(me).get("/search", query={"q": "rajesh kum", "type": "person", "limit": "1"}).json()
    assert first["nextCursor"]
    other = client(me).get("/search", query={"q": "rajesh kuma", "type": "person", "cursor": first["nextCursor"]})
    assert other.status == 400 and other.json()["error"]["code"] == "INVALID_CURSOR"


def test_token_counts_are_capped():
    items = search.token_items("PERSON", "USER#x", "x", "Venkata Sai Ramana Murthy Kothapalli Rao", {}, pair_words=5)
    assert sum(i["entityType"] == "SearchPairToken" for i in items) == 20
    assert sum(i["entityType"] == "SearchToken" for i in items) == 6
    old = search.token_items("PERSON", "USER#x", "x", "Rajesh Kumar", {}, pair_words=5)
    new = search.token_items("PERSON", "USER#x", "x", "Rajesh Verma", {}, pair_words=5)
    ops = search.rewrite_ops(old, new)
    deleted = {op["Delete"]["Key"]["SK"] for op in ops if "Delete" in op}
    assert deleted == {"WORD#kumar", "PAIR#rajesh#kumar", "PAIR#kumar#rajesh"}
    assert search.rewrite_ops(new, new) == []


def test_a_merged_cursor_stays_short_with_devanagari(person):
    me = person("Meera Joshi")
    for n in range(3):
        person(f"राजेश कुमार{'ी' * n}")
        _course(f"hindi-{n}", f"राजेश कुमार पाठ्यक्रम {n}")
        communities.create(name=f"राजेश कुमार मंच {n}", description="", visibility="open", tags=[], org_id="dopt",
                           created_by="x")
    first = client(me).get("/search", query={"q": "राजेश कु", "limit": "3"}).json()
    assert len(first["items"]) == 3 and first["nextCursor"]
    assert len(first["nextCursor"]) < 1000, len(first["nextCursor"])
    rest = client(me).get("/search", query={"q": "राजेश कु", "limit": "3", "cursor": first["nextCursor"]})
    assert rest.status == 200 and rest.json()["items"], rest.json()


def test_a_one_result_page_moves_on_to_the_next_type(person):
    me = person("Meera Joshi")
    person("Vidya Sagar")
    communities.create(name="Vidya Manch", description="", visibility="open", tags=[], org_id="dopt", created_by="x")
    seen = []
    cursor = None
    while True:
        page = client(me).get("/search", query={"q": "vidya", "limit": "1", **({"cursor": cursor} if cursor else {})})
        assert page.status == 200, page.json()
        cursor = page.json()["nextCursor"]
        # no courses: the people's turn; an empty page only at the end (DynamoDB said "maybe more" at a limit)
        assert len(page.json()["items"]) == 1 or cursor is None, page.json()
        seen += [r["type"] for r in page.json()["items"]]
        if cursor is None:
            break
    assert seen == ["person", "community"]
