"""Course content files over the API (API.md v2 "Course content"): opening an upload (presigned POST or
multipart), sending the file to moto's S3 as a browser would, completing it, the media processor run by the
bucket's ObjectCreated event (local/media.py) and the content's `media`; and every refusal, each leaving
nothing half-made. The media library's checks are stood in for (`media_processor.analyse`)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from functions.learning import media_processor, repository, storage, uploads
from karmayogi.platform import clock
from local import media
from local.workflows import lambda_context
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import course_body

MP4 = "video/mp4"
PDF = "application/pdf"


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


@pytest.fixture
def verdicts(monkeypatch):
    """What the media library answers, in order (default: accepted, 61.4 s / 12 pages)."""
    answers: list[Any] = []
    seen: list[tuple[str, bytes]] = []

    def analyse(path: str, kind: str, media_type: str | None = None, **_: Any) -> Any:
        with open(path, "rb") as file:
            seen.append((kind, file.read()))
        return answers.pop(0) if answers else SimpleNamespace(duration_seconds=61.4, page_count=12)

    monkeypatch.setattr(media_processor, "analyse", analyse)
    media.failures.clear()
    yield answers
    assert not media.failures, media.failures


@pytest.fixture
def people(workflow):
    return {
        "creator": factories.create_user("CONTENT_CREATOR", org_id="istm"),
        "other_creator": factories.create_user("CONTENT_CREATOR", org_id="istm"),
        "publisher": factories.create_user("CONTENT_PUBLISHER", org_id="istm"),
    }


def media_body() -> dict[str, Any]:
    body = course_body("Noting with files", quiz=False)
    body["modules"][0]["contents"] += [
        {"id": "v2", "title": "Talk", "type": "video", "durationMinutes": 10},
        {"id": "p1", "title": "Manual", "type": "pdf", "durationMinutes": 10},
    ]
    return body


def draft(creator: ApiClient) -> str:
    created = creator.post("/courses", media_body())
    assert created.status == 201, created.body
    return str(created.json()["id"])


def content(api: ApiClient, course_id: str, content_id: str) -> dict[str, Any]:
    course = api.get(f"/courses/{course_id}").json()
    return next(c for m in course["modules"] for c in m["contents"] if c["id"] == content_id)


def send(upload: dict[str, Any], data: bytes, media_type: str = MP4) -> requests.Response:
    """The browser's multipart/form-data POST to the presigned address."""
    return requests.post(upload["url"], data=upload["fields"], files={"file": ("talk.mp4", data, media_type)},
                         timeout=10)


def uploads_of(course_id: str) -> str:
    return f"/courses/{course_id}/contents"


def test_presigned_post_upload_becomes_ready(people, verdicts):
    creator = client(people["creator"])
    cid = draft(creator)
    data = b"%PDF-1.7\n" + b"x" * 100
    opened = creator.post(f"{uploads_of(cid)}/p1/uploads", {"fileName": "manual.pdf", "mediaType": PDF,
                                                           "sizeBytes": len(data)})
    assert opened.status == 201, opened.body
    upload = opened.json()
    assert upload["url"] and upload["fields"]["key"] == f"uploads/{cid}/p1/{upload['uploadId']}"
    assert upload["fields"]["Content-Type"] == PDF and upload["expiresAt"]
    assert content(creator, cid, "p1").get("media") is None

    # the policy fixes the size: one byte more is refused by S3... (moto does not check policies; AWS does)
    assert send(upload, data, PDF).status_code in (200, 201, 204)
    done = creator.post(f"{uploads_of(cid)}/p1/uploads/{upload['uploadId']}/complete")
    assert done.status == 202, done.body
    assert done.json() == {"uploadId": upload["uploadId"], "contentId": "p1", "status": "READY"}
    shown = content(creator, cid, "p1")["media"]
    assert shown["status"] == "READY" and shown["pageCount"] == 12 and shown["mediaType"] == PDF
    stored = repository.get_course(cid, consistent=True)["media"]["p1"]
    prefix = f"media/{cid}/p1/{upload['uploadId']}/"
    assert (stored["prefix"], stored["key"], stored["playKey"]) == (prefix, prefix + "source", prefix + "source")
    assert storage.object_size(stored["key"]) == len(data)
    # completing again is harmless
    assert creator.post(f"{uploads_of(cid)}/p1/uploads/{upload['uploadId']}/complete").status == 202


def test_rejected_upload_keeps_the_previous_file(people, verdicts):
    creator = client(people["creator"])
    cid = draft(creator)
    for answer, expected in ((None, "READY"), (SimpleNamespace(reason="no PDF header"), "REJECTED")):
        if answer is not None:
            verdicts.append(answer)
        opened = creator.post(f"{uploads_of(cid)}/p1/uploads", {"fileName": "m.pdf", "mediaType": "application/pdf",
                                                               "sizeBytes": 9}).json()
        assert send(opened, b"%PDF-1.7\n", "application/pdf").status_code < 300
        assert creator.post(f"{uploads_of(cid)}/p1/uploads/{opened['uploadId']}/complete").json()["status"] == expected
    shown = content(creator, cid, "p1")["media"]
    assert (shown["status"], shown["reason"]) == ("REJECTED", "no PDF header")
    stored = repository.get_course(cid, consistent=True)
    assert stored["media"]["p1"]["status"] == "READY" and stored["media"]["p1"]["pageCount"] == 12


def test_multipart_upload_resumes_and_checks_parts(people, verdicts, monkeypatch):
    monkeypatch.setattr(uploads, "MULTIPART_ABOVE", 1024)
    monkeypatch.setattr(uploads, "part_size_for", lambda size: 5 * 1024 * 1024)
    creator = client(people["creator"])
    cid = draft(creator)
    data = b"v" * (5 * 1024 * 1024 + 10)
    opened = creator.post(f"{uploads_of(cid)}/p1/uploads", {"fileName": "long.pdf", "mediaType": PDF,
                                                           "sizeBytes": len(data)})
    assert opened.status == 201, opened.body
    upload = opened.json()
    assert upload["partSize"] == 5 * 1024 * 1024 and [p["partNumber"] for p in upload["parts"]] == [1, 2]
    base = f"{uploads_of(cid)}/p1/uploads/{upload['uploadId']}"
    first = requests.put(upload["parts"][0]["url"], data=data[: 5 * 1024 * 1024], timeout=10)
    assert first.status_code == 200
    etag1 = first.headers["ETag"].strip('"')

    state = creator.get(base).json()
    assert [p["partNumber"] for p in state["uploadedParts"]] == [1]
    assert [p["partNumber"] for p in state["missingParts"]] == [2] and state["missingParts"][0]["url"]

    incomplete = creator.post(f"{base}/complete", {"parts": [{"partNumber": 1, "etag": etag1},
                                                            {"partNumber": 2, "etag": "abc"}]})
    assert incomplete.status == 409 and incomplete.json()["error"]["code"] == "UPLOAD_INCOMPLETE"
    second = requests.put(state["missingParts"][0]["url"], data=data[5 * 1024 * 1024:], timeout=10)
    etag2 = second.headers["ETag"].strip('"')
    wrong = creator.post(f"{base}/complete", {"parts": [{"partNumber": 1, "etag": etag1},
                                                       {"partNumber": 2, "etag": "0" * 32}]})
    assert wrong.status == 400 and wrong.json()["error"]["code"] == "PARTS_MISMATCH"
    assert creator.post(f"{base}/complete", {"parts": [{"partNumber": 1, "etag": etag1}]}).status == 400
    assert content(creator, cid, "p1").get("media") is None  # nothing half-made

    done = creator.post(f"{base}/complete", {"parts": [{"partNumber": 1, "etag": etag1},
                                                      {"partNumber": 2, "etag": etag2}]})
    assert done.status == 202, done.body
    assert content(creator, cid, "p1")["media"]["status"] == "READY"
    assert creator.get(base).json()["status"] == "COMPLETED"


def test_bad_uploads_are_refused_before_any_address(people, verdicts):
    creator = client(people["creator"])
    cid = draft(creator)

    def opening(content_id: str, **change: Any) -> Any:
        return creator.post(f"{uploads_of(cid)}/{content_id}/uploads",
                            {"fileName": "f.bin", "mediaType": MP4, "sizeBytes": 100, **change})

    cases = [
        (opening("v2", mediaType="application/pdf"), 400, "MEDIA_TYPE_NOT_ALLOWED"),
        (opening("p1"), 400, "MEDIA_TYPE_NOT_ALLOWED"),
        (opening("v2", sizeBytes=5 * 1024**3), 400, "FILE_TOO_LARGE"),
        (opening("p1", mediaType="application/pdf", sizeBytes=101 * 1024**2), 400, "FILE_TOO_LARGE"),
        (opening("c3"), 400, "NOT_UPLOADABLE"),
        (opening("nope"), 404, "CONTENT_NOT_FOUND"),
        (opening("v2", sizeBytes=0), 400, "VALIDATION_ERROR"),
        (opening("v2", fileName="../../etc/passwd"), 400, "VALIDATION_ERROR"),
    ]
    for response, status, code in cases:
        assert (response.status, response.json()["error"]["code"]) == (status, code), response.body
    assert not repository.get_course(cid, consistent=True).get("pending")


def test_only_the_author_uploads_and_only_to_a_draft(people, verdicts):
    creator, publisher = client(people["creator"]), client(people["publisher"])
    cid = draft(creator)
    body = {"fileName": "t.mp4", "mediaType": MP4, "sizeBytes": 10}
    assert client(people["other_creator"]).post(f"{uploads_of(cid)}/v2/uploads", body).status == 404
    refused = publisher.post(f"{uploads_of(cid)}/v2/uploads", body)
    assert refused.status == 403, refused.body
    opened = creator.post(f"{uploads_of(cid)}/v2/uploads", body).json()
    assert publisher.post(f"{uploads_of(cid)}/v2/uploads/{opened['uploadId']}/complete").status == 403

    not_ready = creator.post(f"/courses/{cid}/review")
    assert (not_ready.status, not_ready.json()["error"]["code"]) == (409, "MEDIA_NOT_READY")
    assert not_ready.json()["error"]["details"] == {"contentIds": ["c1", "v2", "p1"]}
    factories.ready_media(cid)
    assert creator.post(f"/courses/{cid}/review").status == 200
    assert publisher.post(f"/courses/{cid}/publish").status == 200
    live = creator.post(f"{uploads_of(cid)}/v2/uploads", body)
    assert (live.status, live.json()["error"]["code"]) == (409, "COURSE_NOT_DRAFT")
    assert send(opened, b"0123456789").status_code < 300  # the old address still takes the bytes...
    late = creator.post(f"{uploads_of(cid)}/v2/uploads/{opened['uploadId']}/complete")
    assert late.status == 409  # ...but a Live course's content does not change
    assert content(creator, cid, "v2")["media"]["uploadId"] != opened["uploadId"]  # the READY file stays


def test_completing_unknown_or_unsent_uploads(people, verdicts):
    creator = client(people["creator"])
    cid = draft(creator)
    unknown = creator.post(f"{uploads_of(cid)}/v2/uploads/01nosuchupload/complete")
    assert (unknown.status, unknown.json()["error"]["code"]) == (404, "UPLOAD_NOT_FOUND")
    opened = creator.post(f"{uploads_of(cid)}/v2/uploads", {"fileName": "t.mp4", "mediaType": MP4,
                                                           "sizeBytes": 10}).json()
    other_content = creator.post(f"{uploads_of(cid)}/p1/uploads/{opened['uploadId']}/complete")
    assert other_content.status == 404
    unsent = creator.post(f"{uploads_of(cid)}/v2/uploads/{opened['uploadId']}/complete")
    assert (unsent.status, unsent.json()["error"]["code"]) == (409, "UPLOAD_INCOMPLETE")
    assert content(creator, cid, "v2").get("media") is None
    assert repository.get_upload(cid, opened["uploadId"])["status"] == "OPEN"


def test_processing_that_never_finishes_is_shown_rejected(people, monkeypatch):
    creator = client(people["creator"])
    cid = draft(creator)

    def broken(path: str, kind: str, *_: Any, **__: Any) -> Any:
        raise RuntimeError("the checker crashed")

    monkeypatch.setattr(media_processor, "analyse", broken)
    media.failures.clear()
    opened = creator.post(f"{uploads_of(cid)}/v2/uploads", {"fileName": "t.mp4", "mediaType": MP4,
                                                           "sizeBytes": 4}).json()
    send(opened, b"abcd")
    assert media.failures  # in AWS: retried, then the DLQ
    media.failures.clear()
    assert creator.post(f"{uploads_of(cid)}/v2/uploads/{opened['uploadId']}/complete").json()["status"] == "PROCESSING"
    assert content(creator, cid, "v2")["media"]["status"] == "PROCESSING"
    try:
        clock.set_now(clock.now() + timedelta(minutes=31))
        shown = content(creator, cid, "v2")["media"]
        assert shown["status"] == "REJECTED" and "did not finish" in shown["reason"]
    finally:
        clock.reset()


def test_processor_ignores_objects_that_are_not_uploads(people, verdicts):
    media_processor.handler({"Records": [{"s3": {"object": {"key": "uploads/x/y/z"}}},
                                         {"s3": {"object": {"key": "media/elsewhere"}}}]},
                            lambda_context("media-processor"))


def test_legacy_document_contents_read_as_links(people):
    creator = client(people["creator"])
    course = creator.post("/courses", course_body("Legacy types", quiz=False)).json()
    assert [c["type"] for c in course["modules"][0]["contents"]] == ["video", "link", "link"]


def _pdf_of(pages: int) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    for number in range(pages):
        document.add_page()
        document.set_font("helvetica", size=14)
        document.cell(text=f"Page {number + 1}")
    return bytes(document.output())


@pytest.mark.parametrize(("data", "status"), [(_pdf_of(3), "READY"), (b"MZ\x90\x00" + b"\x00" * 400, "REJECTED")],
                         ids=["a real pdf", "a program renamed .pdf"])
def test_the_real_media_library_decides(people, data, status):
    """No stand-in: the processor runs functions.learning.media on the uploaded bytes."""
    creator = client(people["creator"])
    cid = draft(creator)
    opened = creator.post(f"{uploads_of(cid)}/p1/uploads", {"fileName": "manual.pdf", "mediaType": "application/pdf",
                                                           "sizeBytes": len(data)})
    assert opened.status == 201, opened.body
    upload = opened.json()
    assert send(upload, data, "application/pdf").status_code in (200, 201, 204)
    done = creator.post(f"{uploads_of(cid)}/p1/uploads/{upload['uploadId']}/complete")
    assert done.status == 202 and done.json()["status"] == status, done.body
    shown = content(creator, cid, "p1")["media"]
    if status == "READY":
        assert (shown["status"], shown["pageCount"]) == ("READY", 3), shown
    else:
        assert shown["status"] == "REJECTED" and "program" in shown["reason"].lower(), shown


def test_the_upload_route_states_the_limits_of_limits_py():
    """The route's description is written by hand (importing the media library into the learning hub's
    import path would cost every cold start); this holds it to the one table."""
    import json
    from pathlib import Path

    from functions.learning.media import limits

    document = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    text = document["paths"]["/courses/{courseId}/contents/{contentId}/uploads"]["post"]["description"]
    for kind in limits.KINDS:
        size = limits.MAX_BYTES[kind]
        stated = f"{size // limits.GB} GiB" if size % limits.GB == 0 else f"{size // limits.MB} MiB"
        part = text[text.index(f"{kind} ("):].split(")", 1)[0]
        assert stated in part, (kind, stated, part)
        for media_type in limits.MEDIA_TYPES[kind]:
            assert media_type in part, (kind, media_type, part)
