"""Consistency of the seed data in local/seed/data: unique ids, resolvable references, and the rules the
API enforces (email domains, password policy, employee ids, mobiles)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pytest

from local.seed.data import accounts, career, communities, competencies, courses, designations, events, orgs

ORG_IDS = {o.id for o in orgs.ORGS}
DESIGNATION_IDS = {d.id for d in designations.DESIGNATIONS}
COMPETENCY_IDS = {c.id for c in competencies.COMPETENCIES}
ALL_CONTENTS = [ct for c in courses.COURSES for m in c.modules for ct in m.contents]
QUIZ_CONTENT_IDS = {ct.id for ct in ALL_CONTENTS if ct.type == "quiz"}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
EMPLOYEE_ID = re.compile(r"^[A-Z0-9-]{4,20}$")
MOBILE = re.compile(r"^\+91[6-9]\d{9}$")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _duplicates(ids: Iterable[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def _password_ok(pw: str) -> bool:
    return (
        len(pw) >= 8
        and any(ch.isupper() for ch in pw)
        and any(ch.islower() for ch in pw)
        and any(ch.isdigit() for ch in pw)
        and any(not ch.isalnum() and not ch.isspace() for ch in pw)
    )


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("orgs", [o.id for o in orgs.ORGS]),
        ("designations", [d.id for d in designations.DESIGNATIONS]),
        ("competencies", [c.id for c in competencies.COMPETENCIES]),
        ("courses", [c.id for c in courses.COURSES]),
        ("modules", [m.id for c in courses.COURSES for m in c.modules]),
        ("contents", [ct.id for ct in ALL_CONTENTS]),
        ("quiz questions", [q.id for quiz in courses.QUIZZES.values() for q in quiz.questions]),
        ("communities", [c.id for c in communities.COMMUNITIES]),
        ("events", [e.id for e in events.EVENTS]),
        ("career paths", [f"{p.from_role}->{p.to_role}" for p in career.CAREER_PATHS]),
        ("account usernames", [a.username for a in accounts.DEMO_ACCOUNTS]),
        ("account emails", [a.email for a in accounts.DEMO_ACCOUNTS]),
        ("account employee ids", [a.employee_id for a in accounts.DEMO_ACCOUNTS]),
        ("account mobiles", [a.mobile for a in accounts.DEMO_ACCOUNTS]),
    ],
)
def test_ids_are_unique(name: str, ids: list[str]) -> None:
    assert ids, f"no {name}"
    assert not _duplicates(ids), f"duplicate {name}: {_duplicates(ids)}"


def test_ids_are_slugs() -> None:
    for collection in (orgs.ORGS, designations.DESIGNATIONS, competencies.COMPETENCIES, courses.COURSES,
                       communities.COMMUNITIES, events.EVENTS):
        for item in collection:
            assert SLUG.match(item.id), item.id
    for ct in ALL_CONTENTS:
        assert SLUG.match(ct.id), ct.id


# --- orgs ---------------------------------------------------------------------------------------------

def test_org_types_and_counts() -> None:
    by_type = Counter(o.type for o in orgs.ORGS)
    assert set(by_type) <= set(orgs.ORG_TYPES)
    assert by_type["ministry"] >= 50
    assert by_type["department"] >= 40
    assert by_type["state"] == 36  # 28 states + 8 union territories
    assert len(orgs.UNION_TERRITORY_IDS) == 8
    assert by_type["organisation"] >= 5
    for required in ("mha", "mof", "moppgp", "dopt", "state-kerala", "cbc", "karmayogi-bharat", "lbsnaa",
                     "nic", "istm"):
        assert required in ORG_IDS, required


def test_org_parents_resolve() -> None:
    by_id = orgs.ORGS_BY_ID
    for o in orgs.ORGS:
        if o.type == "department":
            if o.parent_id is not None:
                assert by_id[o.parent_id].type == "ministry", o.id
        else:
            assert o.parent_id is None, o.id
    assert by_id["dopt"].parent_id == "moppgp"
    finance = {o.id for o in orgs.ORGS if o.parent_id == "mof"}
    assert {"dea", "doexp", "dor", "dfs", "dipam"} <= finance


def test_org_email_domains() -> None:
    for o in orgs.ORGS:
        assert o.email_domains, f"{o.id} has no email domain"
        assert isinstance(o.email_domains, tuple)
        for d in o.email_domains:
            assert DOMAIN.match(d), f"{o.id}: bad domain {d!r}"


def test_hindi_names_for_ministries_and_states() -> None:
    for o in orgs.ORGS:
        if o.type in ("ministry", "state"):
            assert o.name_hi and DEVANAGARI.search(o.name_hi), o.id


# --- competencies ---------------------------------------------------------------------------------------

def test_competency_framework() -> None:
    assert len(competencies.COMPETENCIES) >= 30
    areas = Counter(c.area for c in competencies.COMPETENCIES)
    assert set(areas) == set(competencies.AREAS)
    for c in competencies.COMPETENCIES:
        assert c.name and c.description, c.id
        assert len(c.levels) == 5, c.id
        assert [lv.level for lv in c.levels] == [1, 2, 3, 4, 5], c.id
        assert [lv.name for lv in c.levels] == list(competencies.LEVEL_NAMES), c.id
        texts = [lv.description for lv in c.levels]
        assert all(texts) and len(set(texts)) == 5, c.id


def test_level_descriptions_are_not_generic_copies() -> None:
    seen: Counter[str] = Counter(lv.description for c in competencies.COMPETENCIES for lv in c.levels)
    assert not [t for t, n in seen.items() if n > 1]


# --- courses and quizzes ---------------------------------------------------------------------------------

def _check_level(ref: tuple[str, int], where: str) -> None:
    competency_id, level = ref
    assert competency_id in COMPETENCY_IDS, f"{where}: unknown competency {competency_id}"
    assert 1 <= level <= 5, f"{where}: level {level}"


def test_courses() -> None:
    assert len(courses.COURSES) >= 8
    assert sum(c.language == "hi" for c in courses.COURSES) >= 2
    for c in courses.COURSES:
        assert c.language in ("en", "hi")
        assert c.title and c.description
        assert c.competencies, c.id
        for ref in c.competencies:
            _check_level(ref, c.id)
        for m in c.modules:
            for ct in m.contents:
                assert ct.type in ("video", "pdf", "audio", "scorm", "link", "quiz")
                assert ct.duration_minutes > 0
                assert isinstance(ct.mandatory, bool)
        assert any(ct.mandatory for m in c.modules for ct in m.contents), c.id
        assert c.duration_minutes == sum(ct.duration_minutes for m in c.modules for ct in m.contents)
        if c.language == "hi":
            assert DEVANAGARI.search(c.title), c.id


def test_every_course_has_a_video_and_a_handout_in_its_language_with_a_script() -> None:
    from local.seed.content import script

    by_course = {v.course_id: v for v in script.VIDEOS}
    assert len(by_course) == len(script.VIDEOS) == len(courses.COURSES)
    kinds: Counter[str] = Counter()
    for c in courses.COURSES:
        files = {ct.id: ct.type for m in c.modules for ct in m.contents if ct.type in courses.FILE_CONTENT_TYPES}
        kinds.update(files.values())
        video = by_course[c.id]
        assert Counter(files.values())["video"] == 1 and Counter(files.values())["pdf"] == 1, c.id
        assert files[video.content_id] == "video" and files[video.handout_id] == "pdf", c.id
        assert video.language == c.language, c.id
        assert 3 <= len(video.slides) <= 5, c.id
        for slide in video.slides:
            assert bool(DEVANAGARI.search(slide.narration)) == (c.language == "hi"), (c.id, slide.title)
            if c.language == "hi":
                assert slide.gloss, (c.id, slide.title)  # shown where no Devanagari font is installed
    assert kinds["audio"] == kinds["scorm"] == 1
    assert files_of(script.TALK_COURSE_ID)[script.TALK_CONTENT_ID] == "audio"
    assert files_of(script.SCORM_COURSE_ID)[script.SCORM_CONTENT_ID] == "scorm"
    assert script.SCORM_QUIZ_ID in courses.QUIZZES
    assert [v for v in script.VIDEOS if v.fps == 25] == [script.BENCHMARK_VIDEO]
    assert script.BENCHMARK_VIDEO.language == "en"


def files_of(course_id: str) -> dict[str, str]:
    return {ct.id: ct.type for m in courses.COURSES_BY_ID[course_id].modules for ct in m.contents}


def test_course_shape() -> None:
    for c in courses.COURSES:
        assert 2 <= len(c.modules) <= 4, c.id
        for m in c.modules:
            assert 2 <= len(m.contents) <= 4, m.id


def test_quizzes() -> None:
    with_quiz = [c for c in courses.COURSES if any(ct.type == "quiz" for m in c.modules for ct in m.contents)]
    assert 2 * len(with_quiz) >= len(courses.COURSES)
    assert set(courses.QUIZZES) == QUIZ_CONTENT_IDS
    for content_id, quiz in courses.QUIZZES.items():
        assert 0 < quiz.pass_percent <= 100, content_id
        assert quiz.max_attempts >= 1, content_id
        assert 3 <= len(quiz.questions) <= 5, content_id
        for q in quiz.questions:
            option_ids = [o.id for o in q.options]
            assert len(option_ids) >= 2 and not _duplicates(option_ids), q.id
            assert q.correct and set(q.correct) <= set(option_ids), q.id
            assert not _duplicates(q.correct), q.id
            assert q.kind in ("single", "multiple"), q.id
            if q.kind == "single":
                assert len(q.correct) == 1, q.id
            else:
                assert len(q.correct) >= 2, q.id


def test_known_quiz_answers() -> None:
    rti = {q.id: q for q in courses.QUIZZES["rti-quiz"].questions}
    thirty = next(o for o in rti["rti-q1"].options if o.id in rti["rti-q1"].correct)
    assert thirty.text == "30 days"


# --- communities and events --------------------------------------------------------------------------

def test_communities() -> None:
    assert 6 <= len(communities.COMMUNITIES) <= 8
    for c in communities.COMMUNITIES:
        assert c.visibility in ("open", "private")
        assert c.tags
        assert 2 <= len(c.topics) <= 3, c.id
        for t in c.topics:
            assert t.title and t.body and t.tags


def test_events() -> None:
    assert 5 <= len(events.EVENTS) <= 6
    for e in events.EVENTS:
        assert 2 <= e.days_from_now <= 30, e.id
        assert 0 <= e.start_hour_ist <= 23 and 0 <= e.start_minute_ist <= 59, e.id
        assert e.duration_minutes > 0 and e.capacity > 0, e.id
        assert e.organiser_org_id in ORG_IDS, e.id
        assert (e.location is None) != (e.join_url is None), e.id
        if e.join_url:
            assert e.join_url.startswith("https://"), e.id


# --- career ---------------------------------------------------------------------------------------------

def test_career_paths_resolve() -> None:
    for p in career.CAREER_PATHS:
        assert p.from_role in DESIGNATION_IDS, p.from_role
        assert p.to_role in DESIGNATION_IDS, p.to_role
        assert p.from_role != p.to_role
        assert p.required_competencies
        for ref in p.required_competencies:
            _check_level(ref, f"{p.from_role}->{p.to_role}")
    ladder = {(p.from_role, p.to_role) for p in career.CAREER_PATHS}
    for step in (("aso", "so"), ("so", "us"), ("us", "ds"), ("ds", "director"), ("director", "js"),
                 ("ldc", "udc"), ("udc", "assistant"), ("dd", "director"), ("ae", "ee")):
        assert step in ladder, step


def test_designation_requirements() -> None:
    for designation_id, refs in career.DESIGNATION_REQUIREMENTS.items():
        assert designation_id in DESIGNATION_IDS, designation_id
        assert refs
        assert not _duplicates([r[0] for r in refs]), designation_id
        for ref in refs:
            _check_level(ref, designation_id)
    ladder = ["aso", "so", "us", "ds", "director", "js"]
    for d in ladder:
        assert 3 <= len(career.DESIGNATION_REQUIREMENTS[d]) <= 6, d
    reqs = career.DESIGNATION_REQUIREMENTS
    averages = [sum(lv for _, lv in reqs[d]) / len(reqs[d]) for d in ladder]
    assert averages == sorted(averages), averages


# --- demo accounts ----------------------------------------------------------------------------------------

def test_demo_accounts() -> None:
    for a in accounts.DEMO_ACCOUNTS:
        assert a.username == a.email
        assert a.org_id in ORG_IDS, a.username
        assert a.designation_id in DESIGNATION_IDS, a.username
        domain = a.email.rsplit("@", 1)[1]
        assert domain in orgs.ORGS_BY_ID[a.org_id].email_domains, a.username
        assert _password_ok(a.password), a.username
        assert EMPLOYEE_ID.match(a.employee_id), a.employee_id
        assert MOBILE.match(a.mobile), a.mobile
        assert a.name.strip()
        assert "PUBLIC" in a.roles, a.username
        assert set(a.roles) <= set(accounts.ROLES), a.roles


def test_every_role_has_a_demo_account() -> None:
    covered = {r for a in accounts.DEMO_ACCOUNTS for r in a.roles}
    assert covered == set(accounts.ROLES)
    learners = [a for a in accounts.DEMO_ACCOUNTS if a.roles == ("PUBLIC",)]
    assert len({a.org_id for a in learners}) >= 2
    admins = [a for a in accounts.DEMO_ACCOUNTS if "MDO_ADMIN" in a.roles]
    assert "dopt" in {a.org_id for a in admins} and len({a.org_id for a in admins}) >= 2


def test_roles_match_the_platform() -> None:
    roles = pytest.importorskip("karmayogi.platform.roles")
    assert tuple(accounts.ROLES) == tuple(roles.ALL_ROLES)


def test_password_policy_helper() -> None:
    assert _password_ok("Karmayogi@2026")
    for weak in ("karmayogi@2026", "KARMAYOGI@2026", "Karmayogi2026", "Karmayogi@", "Ka@1"):
        assert not _password_ok(weak), weak
