"""HTTP routes of the career hub: role ladders, readiness, openings and applications."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.career import service
from functions.career.ladder_models import CareerLadder, CareerLadderCreate, CareerLadderUpdate
from functions.career.models import Application, CareerPath, Opening, OpeningCreate, Readiness, StatusChange
from karmayogi.platform.api import Cursor, Limit, caller, documented, errors, idempotent, lambda_entry, make_resolver
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

OpeningId = Annotated[str, Path(alias="openingId", max_length=64)]
TAGS = ["Career"]


@app.get("/career/paths", tags=TAGS, summary="Role ladders (from a designation, or all)")
def list_paths(
    designation: Annotated[str | None, Query(max_length=80)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[CareerPath]:
    caller(app)
    return service.list_paths(designation, limit, cursor)


PathId = Annotated[str, Path(alias="pathId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@app.post("/career/paths", tags=TAGS, summary="Add a career path: a title and ordered rungs (SPV_ADMIN)",
          description="Each rung after the first names the framework competencies (and levels) stepping up to it "
                      "takes; its steps become the role ladders above. A step belongs to one path (409 "
                      "CAREER_STEP_TAKEN).",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 409),
                     201: {"description": "Created", "content": {"application/json": {"model": CareerLadder}}}})
def create_path(body: Annotated[CareerLadderCreate, Body()]) -> CareerLadder:
    from functions.career import ladders

    return ladders.create_ladder(caller(app), body)


@app.get("/career/paths/<pathId>", tags=TAGS, summary="One career path with its rungs", responses=documented(404))
def get_path(path_id: PathId) -> CareerLadder:
    from functions.career import ladders

    caller(app)
    return ladders.get_ladder(path_id)


@app.patch("/career/paths/<pathId>", tags=TAGS, summary="Edit a career path (SPV_ADMIN; only the fields given)",
           responses=documented(403, 404, 409))
def update_path(path_id: PathId, body: Annotated[CareerLadderUpdate, Body()]) -> CareerLadder:
    from functions.career import ladders

    return ladders.update_ladder(caller(app), path_id, body)


@app.get("/me/career/readiness", tags=TAGS, summary="How ready I am for a target role", responses=documented(403, 404))
def readiness(target_role: Annotated[str, Query(alias="targetRole", min_length=1, max_length=80)]) -> Readiness:
    return service.readiness(caller(app), target_role)


@app.get("/career/openings", tags=TAGS,
         summary="Open openings, soonest closing first (or one org's openings with orgId)")
def list_openings(
    org_id: Annotated[str | None, Query(alias="orgId", max_length=64)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Opening]:
    caller(app)
    return service.list_openings(org_id, limit, cursor)


@app.post("/career/openings", tags=TAGS, summary="Post an opening for the admin's org (MDO_ADMIN)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403), 201: {"description": "Created", "content": {"application/json": {"model": Opening}}}})
def create_opening(body: Annotated[OpeningCreate, Body()]) -> Opening:
    return service.create_opening(caller(app), body)


@app.get("/career/openings/<openingId>", tags=TAGS, summary="One opening", responses=documented(404))
def get_opening(opening_id: OpeningId) -> Opening:
    caller(app)
    return service.get_opening(opening_id)


@app.post("/career/openings/<openingId>/applications", tags=TAGS,
          summary="Apply (once per learner, before the closing date)", status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 409),
                     201: {"description": "Created", "content": {"application/json": {"model": Application}}}})
def apply(opening_id: OpeningId) -> Application:
    return service.apply(caller(app), opening_id)


@app.get("/career/openings/<openingId>/applications", tags=TAGS,
         summary="An opening's applications with each applicant's readiness (posting org's MDO_ADMIN)",
         responses=documented(403, 404))
def opening_applications(opening_id: OpeningId, limit: Limit = DEFAULT_LIMIT,
                         cursor: Cursor = None) -> PageOf[Application]:
    return service.opening_applications(caller(app), opening_id, limit, cursor)


@app.post("/career/applications/<applicationId>/status", tags=TAGS,
          summary="Move an application: APPLIED → SHORTLISTED → SELECTED, or REJECTED",
          responses=documented(403, 404, 409))
def change_status(application_id: Annotated[str, Path(alias="applicationId", max_length=64)],
                  body: Annotated[StatusChange, Body()]) -> Application:
    return service.change_status(caller(app), application_id, body)


@app.get("/me/applications", tags=TAGS, summary="My applications, newest first")
def my_applications(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Application]:
    return service.my_applications(caller(app), limit, cursor)


handler = lambda_entry(app)
