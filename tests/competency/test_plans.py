"""Competency building plans: an org's MDO_ADMIN drafts, edits, publishes and retires them; assignees
see them grouped (upcoming, overdue, completed); completing a plan course by the due date earns +10
karma once; the org's list shows completion figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from karmayogi.domain import completions
from karmayogi.platform import clock, db, keys
from tests.competency import support
from tests.conftest import ApiClient

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PLANS = "/orgs/dopt/plans"


@pytest.fixture
def setup(world) -> Any:
    clock.set_now(NOW)
    support.live_course("rti-quick", "RTI in an Hour", [("c-rti-handling", 1)], 60)
    support.live_course("eoffice-101", "e-Office for Beginners", [("c-e-office", 2)], 45)
    support.live_course("ethics-draft", "Ethics Draft", [("c-integrity", 5)], 5, status="Draft")
    return world


def body(**overrides: Any) -> dict[str, Any]:
    plan = {"name": "Section officers: RTI and e-Office", "courseIds": ["rti-quick", "eoffice-101"],
            "assignTo": {"designations": ["section-officer"], "userIds": []}, "dueDate": "2026-06-30"}
    plan.update(overrides)
    return plan


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


def create(world, **overrides: Any) -> dict[str, Any]:
    response = client(world.admin).post(PLANS, body(**overrides))
    assert response.status == 201, response.json()
    created: dict[str, Any] = response.json()
    return created


def publish(world, plan: dict[str, Any]) -> dict[str, Any]:
    response = client(world.admin).post(f"{PLANS}/{plan['id']}/publish", {"version": plan["version"]})
    assert response.status == 200, response.json()
    published: dict[str, Any] = response.json()
    return published


def my_plans(user: dict[str, Any]) -> dict[str, list[str]]:
    response = client(user).get("/me/plans")
    assert response.status == 200
    return {group: [p["name"] for p in plans] for group, plans in response.json().items()}


def test_permission_matrix(setup, api):
    world = setup
    for user, status in [(world.learner, 403), (world.leader, 403), (world.other_admin, 403),
                         (world.admin, 201), (world.spv, 201)]:
        assert client(user).post(PLANS, body()).status == status, user["roles"]
    plan = create(world)
    url = f"{PLANS}/{plan['id']}"
    for user, status in [(world.learner, 403), (world.other_admin, 403), (world.admin, 200)]:
        assert client(user).get(PLANS).status == status
        assert client(user).put(url, {"version": plan["version"], "name": "Renamed plan"}).status == status
        if status == 200:
            plan["version"] += 1
        assert client(user).post(f"{url}/publish").status == status
        if status == 200:
            plan["version"] += 1
        assert client(user).post(f"{url}/retire").status == status
    assert client(world.spv).get(PLANS).status == 200
    # The org's leader reads its plans; writing them stays the MDO_ADMIN's.
    assert client(world.leader).get(PLANS).status == 200
    assert plan["id"] in [p["id"] for p in client(world.leader).get(PLANS).json()["items"]]
    assert client(world.leader).put(url, {"version": plan["version"], "name": "Leader's"}).status == 403
    assert client(world.leader).post(f"{url}/publish").status == 403
    assert client(world.leader).post(f"{url}/retire").status == 403
    assert api.post(PLANS, body()).status == 401
    assert api.get("/me/plans").status == 401
    # A plan id of another org is not found through this org's path.
    theirs = client(world.spv).post("/orgs/mof/plans", body(assignTo={"designations": ["section-officer"],
                                                                      "userIds": []})).json()
    assert client(world.admin).post(f"{PLANS}/{theirs['id']}/publish").status == 404
    assert client(world.admin).put(f"{PLANS}/nothing", {"version": 1, "name": "x y"}).status == 404


INVALID_PLANS: list[tuple[dict[str, Any], str]] = [
    ({"courseIds": ["nothing"]}, "INVALID_PLAN"),
    ({"courseIds": ["ethics-draft"]}, "INVALID_PLAN"),
    ({"courseIds": []}, "VALIDATION_ERROR"),
    ({"courseIds": ["rti-quick", "rti-quick"]}, "VALIDATION_ERROR"),
    ({"assignTo": {"designations": ["astronaut"], "userIds": []}}, "INVALID_PLAN"),
    ({"assignTo": {"designations": [], "userIds": []}}, "NO_ASSIGNEES"),
    ({"assignTo": {"designations": [], "userIds": ["user-99999"]}}, "INVALID_PLAN"),
    ({"dueDate": "2026-05-31"}, "DUE_DATE_PASSED"),
    ({"dueDate": "31/06/2026"}, "VALIDATION_ERROR"),
    ({"dueDate": "2026-06-30T10:00:00"}, "VALIDATION_ERROR"),
    ({"name": ""}, "VALIDATION_ERROR"),
    ({"owner": "me"}, "VALIDATION_ERROR"),
]


def test_invalid_plans_are_400(setup):
    for overrides, code in INVALID_PLANS:
        response = client(setup.admin).post(PLANS, body(**overrides))
        assert response.status == 400, (overrides, response.json())
        assert response.json()["error"]["code"] == code, overrides


def test_users_of_another_org_cannot_be_assigned(setup):
    response = client(setup.admin).post(PLANS, body(assignTo={"designations": [],
                                                              "userIds": [setup.other_learner["userId"]]}))
    assert response.status == 400
    assert response.json()["error"]["details"] == [
        {"field": "assignTo.userIds", "message": f"{setup.other_learner['userId']} is not an officer of this organisation"}]


def test_publish_assigns_by_designation_and_by_name_and_retire_withdraws(setup):
    world = setup
    named = support.joined(designation_id="assistant-section-officer")
    plan = create(world, assignTo={"designations": ["section-officer"], "userIds": [named["userId"]]})
    assert plan["status"] == "DRAFT" and plan["live"] is None
    assert plan["dueAt"] == "2026-06-30T18:29:59+00:00"  # the end of the day in India
    assert my_plans(world.learner) == {"upcoming": [], "overdue": [], "completed": []}
    published = publish(world, plan)
    assert published["status"] == "LIVE" and published["live"]["courseIds"] == ["rti-quick", "eoffice-101"]
    expected = {"upcoming": ["Section officers: RTI and e-Office"], "overdue": [], "completed": []}
    assert my_plans(world.learner) == expected           # through the designation
    assert my_plans(named) == expected                   # by name
    assert my_plans(world.admin)["upcoming"] == []       # an under secretary
    assert my_plans(world.other_learner)["upcoming"] == []  # a section officer of another org
    unread = db.get(*keys.unread_counter_key(named["userId"]))
    assert unread is not None and unread["unread"] == 1  # PLAN_ASSIGNED, in-app
    retired = client(world.admin).post(f"{PLANS}/{plan['id']}/retire", {"version": published["version"]})
    assert retired.status == 200 and retired.json()["status"] == "RETIRED"
    assert my_plans(world.learner)["upcoming"] == [] and my_plans(named)["upcoming"] == []
    again = client(world.admin).post(f"{PLANS}/{plan['id']}/publish")
    assert again.status == 409 and again.json()["error"]["code"] == "PLAN_RETIRED"
    edit = client(world.admin).put(f"{PLANS}/{plan['id']}", {"version": retired.json()["version"], "name": "x y"})
    assert edit.status == 409


def test_edits_to_a_live_plan_take_effect_when_republished(setup):
    world = setup
    plan = publish(world, create(world))
    edited = client(world.admin).put(f"{PLANS}/{plan['id']}", {
        "version": plan["version"], "name": "Renamed", "courseIds": ["rti-quick"],
        "assignTo": {"designations": ["under-secretary"], "userIds": []}})
    assert edited.status == 200
    assert edited.json()["name"] == "Renamed" and edited.json()["live"]["name"] == "Section officers: RTI and e-Office"
    assert my_plans(world.learner)["upcoming"] == ["Section officers: RTI and e-Office"]
    assert my_plans(world.admin)["upcoming"] == []
    stale = client(world.admin).put(f"{PLANS}/{plan['id']}", {"version": plan["version"], "name": "Again"})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"
    stale_publish = client(world.admin).post(f"{PLANS}/{plan['id']}/publish", {"version": plan["version"]})
    assert stale_publish.status == 409
    publish(world, edited.json())
    assert my_plans(world.learner)["upcoming"] == []
    assert my_plans(world.admin)["upcoming"] == ["Renamed"]


def test_my_plans_are_grouped_and_on_time_completion_earns_karma_once(setup):
    world = setup
    soon = publish(world, create(world, name="Due soon", courseIds=["rti-quick"], dueDate="2026-06-10"))
    later = publish(world, create(world, name="Due later", dueDate="2026-07-31T17:00:00+05:30"))
    user_id = world.learner["userId"]
    completions.course_completed(user_id, "dopt", "rti-quick", [("c-rti-handling", 1)],
                                 "2026-06-05T10:00:00+00:00", "cert-rti")
    completions.course_completed(user_id, "dopt", "rti-quick", [("c-rti-handling", 1)],
                                 "2026-06-05T10:00:00+00:00", "cert-rti")  # repeated: nothing new
    assert my_plans(world.learner) == {"upcoming": ["Due later"], "overdue": [], "completed": ["Due soon"]}
    response = client(world.learner).get("/me/plans").json()
    assert response["upcoming"][0]["completedCourseIds"] == ["rti-quick"]
    assert response["upcoming"][0]["progressPercent"] == 50
    credits = [db.get(*keys.karma_ledger_key(user_id, "PLAN_COURSE_ON_TIME", f"{p['id']}#rti-quick"))
               for p in (soon, later)]
    assert [c["points"] for c in credits if c] == [10, 10]
    profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK)
    assert profile is not None and profile["karmaPoints"] == 20
    # Past the due time: the later plan is overdue; completing its course now earns no karma.
    clock.set_now(datetime(2026, 8, 1, tzinfo=UTC))
    assert my_plans(world.learner) == {"upcoming": [], "overdue": ["Due later"], "completed": ["Due soon"]}
    completions.course_completed(user_id, "dopt", "eoffice-101", [("c-e-office", 2)],
                                 "2026-08-01T00:00:00+00:00", "cert-eo")
    assert my_plans(world.learner) == {"upcoming": [], "overdue": [], "completed": ["Due soon", "Due later"]}
    assert db.get(*keys.karma_ledger_key(user_id, "PLAN_COURSE_ON_TIME", f"{later['id']}#eoffice-101")) is None
    assert db.get(keys.user_pk(user_id), keys.PROFILE_SK)["karmaPoints"] == 20  # type: ignore[index]


def test_org_plans_show_completion_figures(setup):
    world = setup
    named = support.joined(designation_id="assistant-section-officer")
    plan = publish(world, create(world, assignTo={"designations": ["section-officer"],
                                                  "userIds": [named["userId"], world.learner["userId"]]}))
    draft = create(world, name="Not yet published")
    # The learner had completed one plan course before the plan was published: it counts with the next.
    completions.course_completed(world.learner["userId"], "dopt", "eoffice-101", [], "2026-05-01T00:00:00+00:00", "c0")
    completions.course_completed(world.learner["userId"], "dopt", "rti-quick", [], "2026-06-02T00:00:00+00:00", "c1")
    completions.course_completed(named["userId"], "dopt", "rti-quick", [], "2026-06-02T00:00:00+00:00", "c2")
    completions.course_completed(world.colleague["userId"], "dopt", "unrelated", [], "2026-06-02T00:00:00+00:00", "c3")
    listed = {p["id"]: p for p in client(world.admin).get(PLANS).json()["items"]}
    assert listed[draft["id"]]["figures"] is None
    # Assignees: 2 section officers (learner, colleague) + the named assistant section officer (the
    # learner is named too, but already counted through the designation).
    assert listed[plan["id"]]["figures"] == {"assignees": 3, "startedUsers": 2, "completedUsers": 1,
                                             "courseCompletions": 3, "completionPercent": 33}
    assert list(listed) == [draft["id"], plan["id"]]  # newest first


def test_plan_dates_and_limits(setup):
    world = setup
    too_many = client(world.admin).post(PLANS, body(assignTo={"designations": [],
                                                               "userIds": [f"user-{n}" for n in range(51)]}))
    assert too_many.status == 400
    plan = create(world, dueDate="2026-06-02")
    clock.set_now(NOW + timedelta(days=2))
    late = client(world.admin).post(f"{PLANS}/{plan['id']}/publish")
    assert late.status == 409 and late.json()["error"]["code"] == "DUE_DATE_PASSED"


def test_plan_creation_is_idempotent_with_a_key(setup):
    key = {"Idempotency-Key": "plan-1"}
    first = client(setup.admin).post(PLANS, body(), headers=key)
    again = client(setup.admin).post(PLANS, body(), headers=key)
    assert first.status == again.status == 201 and first.json() == again.json()
    assert len(client(setup.admin).get(PLANS).json()["items"]) == 1
