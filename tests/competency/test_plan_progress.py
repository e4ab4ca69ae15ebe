"""Per-person progress of a competency building plan (GET /orgs/{orgId}/plans/{planId}/progress): every
assignee (officers of the assigned designations and the named users) by name, with the plan courses they
completed and the status GET /me/plans would give them."""

from __future__ import annotations

from typing import Any

from karmayogi.domain import completions
from karmayogi.platform import clock
from tests.competency import support
from tests.competency.test_plans import NOW, PLANS, client, create, publish, setup  # noqa: F401 (fixture)


def progress(user: dict[str, Any], plan_id: str, **query: Any) -> Any:
    return client(user).get(f"{PLANS}/{plan_id}/progress", query=query or None)


def test_each_assignee_with_their_completed_courses_and_status(setup):  # noqa: F811
    world = setup
    named = support.joined(designation_id="assistant-section-officer")
    support.joined(designation_id="assistant-section-officer")  # same designation, not assigned
    plan = publish(world, create(world, assignTo={"designations": ["section-officer"],
                                                  "userIds": [named["userId"], world.learner["userId"]]}))
    completions.course_completed(world.learner["userId"], "dopt", "eoffice-101", [], "2026-05-01T00:00:00+00:00", "c0")
    completions.course_completed(world.learner["userId"], "dopt", "rti-quick", [], "2026-06-02T00:00:00+00:00", "c1")
    completions.course_completed(named["userId"], "dopt", "rti-quick", [], "2026-06-02T00:00:00+00:00", "c2")

    for reader in (world.admin, world.leader, world.spv):
        response = progress(reader, plan["id"])
        assert response.status == 200, response.json()
    items = {i["userId"]: i for i in response.json()["items"]}
    # The section officers (learner, colleague) and the named assistant section officer, once each.
    assert set(items) == {world.learner["userId"], world.colleague["userId"], named["userId"]}
    assert items[world.learner["userId"]] | {"name": None} == {
        "userId": world.learner["userId"], "name": None, "employeeId": world.learner["employeeId"],
        "designationId": "section-officer", "designation": items[world.learner["userId"]]["designation"],
        "completedCourseIds": ["rti-quick", "eoffice-101"], "completedCourses": 2, "totalCourses": 2,
        "progressPercent": 100, "status": "COMPLETED"}
    assert (items[named["userId"]]["completedCourseIds"], items[named["userId"]]["status"]) == (["rti-quick"], "UPCOMING")
    assert items[named["userId"]]["progressPercent"] == 50
    assert (items[world.colleague["userId"]]["completedCourses"], items[world.colleague["userId"]]["status"]) == (0, "UPCOMING")

    clock.set_now(NOW.replace(month=7, day=2))  # past the due date (2026-06-30)
    after = {i["userId"]: i["status"] for i in progress(world.admin, plan["id"]).json()["items"]}
    assert after == {world.learner["userId"]: "COMPLETED", world.colleague["userId"]: "OVERDUE",
                     named["userId"]: "OVERDUE"}


def test_a_draft_shows_who_publishing_would_assign(setup):  # noqa: F811
    world = setup
    draft = create(world, assignTo={"designations": [], "userIds": [world.colleague["userId"]]})
    items = progress(world.admin, draft["id"]).json()["items"]
    assert [(i["userId"], i["completedCourses"], i["totalCourses"]) for i in items] == [
        (world.colleague["userId"], 0, 2)]


def test_paged_by_name_and_refused_outside_the_org(setup):  # noqa: F811
    world = setup
    for _ in range(3):
        support.joined()
    plan = create(world)
    first = progress(world.admin, plan["id"], limit=2).json()
    seen = [i["userId"] for i in first["items"]]
    cursor = first["nextCursor"]
    while cursor:
        page = progress(world.admin, plan["id"], limit=2, cursor=cursor).json()
        seen += [i["userId"] for i in page["items"]]
        cursor = page["nextCursor"]
    assert len(seen) == len(set(seen)) == 5  # learner, colleague and three more section officers
    other = create(world, name="Another plan")
    forged = progress(world.admin, other["id"], cursor=first["nextCursor"])
    assert forged.status == 400 and forged.json()["error"]["code"] == "INVALID_CURSOR"
    assert progress(world.learner, plan["id"]).status == 403
    assert progress(world.other_admin, plan["id"]).status == 403
    assert client(world.other_admin).get(f"/orgs/mof/plans/{plan['id']}/progress").status == 404
    assert progress(world.admin, "no-such-plan").status == 404


def test_one_plan_with_its_figures(setup):  # noqa: F811
    world = setup
    plan = publish(world, create(world))
    draft = create(world, name="Not yet published")
    completions.course_completed(world.learner["userId"], "dopt", "rti-quick", [], "2026-06-02T00:00:00+00:00", "c1")
    listed = {p["id"]: p for p in client(world.admin).get(PLANS).json()["items"]}
    for reader in (world.admin, world.leader, world.spv):
        one = client(reader).get(f"{PLANS}/{plan['id']}")
        assert one.status == 200 and one.json() == listed[plan["id"]]
    assert one.json()["figures"]["startedUsers"] == 1
    assert client(world.admin).get(f"{PLANS}/{draft['id']}").json()["figures"] is None
    assert client(world.learner).get(f"{PLANS}/{plan['id']}").status == 403
    assert client(world.other_admin).get(f"/orgs/mof/plans/{plan['id']}").status == 404
    assert client(world.admin).get(f"{PLANS}/no-such-plan").status == 404
