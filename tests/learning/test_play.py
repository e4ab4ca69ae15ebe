"""Playback (API.md v2 "Course content", Playback): GET .../play signs a READY file's prefix with the
CloudFront key pair (functions/learning/cdn.py), and the dev server's /media route (local/cdn.py) serves
exactly what CloudFront would: the signed address, the files beside it by the signed cookies, nothing
outside the prefix, nothing after expiry or with a tampered signature. A real PDF goes through the upload
and the media processor (moto's S3, the media library) first."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from functions.learning import cdn as hub_cdn
from functions.learning import repository
from infra import definitions
from karmayogi.platform import clock
from karmayogi.platform.settings import get_settings
from local import aws, cdn
from tests import factories
from tests.learning.conftest import batch, enrol, wait_for
from tests.learning.test_uploads import _pdf_of, client, media_body, send
from tests.request_budget import counting

BASE_URL = "http://127.0.0.1:3000"
PDF = _pdf_of(3)


@pytest.fixture
def signing(workflow):
    """The dev server's key pair: private half in moto's Secrets Manager, public half trusted by /media."""
    cdn.install()
    yield
    clock.reset()


@pytest.fixture
def played(signing) -> dict[str, Any]:
    """A Live course whose pdf content p1 is a real READY pdf (uploaded, processed), an ENROLLED learner."""
    creator_user = factories.create_user("CONTENT_CREATOR", org_id="istm")
    publisher_user = factories.create_user("CONTENT_PUBLISHER", org_id="istm")
    creator, publisher = client(creator_user), client(publisher_user)
    created = creator.post("/courses", media_body())
    assert created.status == 201, created.body
    course_id = created.json()["id"]
    opened = creator.post(f"/courses/{course_id}/contents/p1/uploads",
                          {"fileName": "manual.pdf", "mediaType": "application/pdf", "sizeBytes": len(PDF)})
    assert opened.status == 201, opened.body
    assert send(opened.json(), PDF, "application/pdf").status_code in (200, 201, 204)
    done = creator.post(f"/courses/{course_id}/contents/p1/uploads/{opened.json()['uploadId']}/complete")
    assert done.status == 202 and done.json()["status"] == "READY", done.body
    factories.ready_media(course_id)  # the course's other file contents (p1 keeps its real pdf)
    assert creator.post(f"/courses/{course_id}/review").status == 200
    assert publisher.post(f"/courses/{course_id}/publish").status == 200
    learner = client(factories.create_user())
    enrolment_id = enrol(learner, course_id, batch(course_id)["id"])
    wait_for(learner, enrolment_id, "ENROLLED")
    entry = repository.get_course(course_id, consistent=True)["media"]["p1"]
    return {"course_id": course_id, "enrolment_id": enrolment_id, "learner": learner, "creator": creator,
            "publisher": publisher, "entry": entry, "upload_id": opened.json()["uploadId"]}


def media(url: str, *, cookies: dict[str, str] | None = None, range_: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET `url` from the dev server's /media route (as its HTTP handler calls it)."""
    split = urlsplit(url if url.startswith("http") else BASE_URL + url)
    headers: dict[str, str] = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if range_:
        headers["Range"] = range_
    try:
        return cdn.serve(f"{split.scheme}://{split.netloc}", split.path, split.query, headers)
    except Exception as error:  # an AppError: what the server answers
        status = getattr(error, "status", None)
        if status is None:
            raise
        return status, {}, b""


def cookies_of(response: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """(name → value, name → the cookie's attributes) of a response's Set-Cookie headers."""
    values: dict[str, str] = {}
    attributes: dict[str, Any] = {}
    for header in response.cookies:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            values[name] = morsel.value
            attributes[name] = morsel
    return values, attributes


def put_object(key: str, data: bytes, content_type: str) -> None:
    boto3.client("s3", region_name=aws.REGION).put_object(
        Bucket=get_settings().media_bucket, Key=key, Body=data, ContentType=content_type)


def test_an_enrolled_learner_plays_the_real_pdf(played):
    response = played["learner"].get(f"/enrolments/{played['enrolment_id']}/contents/p1/play")
    assert response.status == 200, response.body
    body = response.json()
    entry = played["entry"]
    prefix = f"media/{played['course_id']}/p1/{played['upload_id']}/"
    assert body["type"] == "pdf" and body["resume"] == {}
    assert body["url"].startswith(f"/{prefix}source?Policy=")  # on the web client's origin
    assert clock.parse_iso(body["expiresAt"]) - clock.now() <= timedelta(hours=2)
    assert clock.parse_iso(body["expiresAt"]) - clock.now() > timedelta(hours=1, minutes=59)
    query = parse_qs(urlsplit(body["url"]).query)
    assert query["Key-Pair-Id"] == [cdn.KEY_PAIR_ID] and query["Signature"]
    policy = json.loads(base64.b64decode(query["Policy"][0].translate(str.maketrans("-_~", "+=/"))))
    assert policy["Statement"][0]["Resource"] == f"http*://*/{prefix}*"
    assert entry["key"] == prefix + "source"

    status, headers, data = media(body["url"])
    assert (status, data) == (200, PDF)
    stored = boto3.client("s3", region_name=aws.REGION).head_object(Bucket=get_settings().media_bucket, Key=entry["key"])
    assert headers["Content-Type"] == stored["ContentType"] and headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Security-Policy"] == definitions.MEDIA_CONTENT_SECURITY_POLICY
    assert "connect-src 'none'" in headers["Content-Security-Policy"]

    status, headers, data = media(body["url"], range_="bytes=0-7")
    assert (status, data) == (206, PDF[:8])
    assert headers["Content-Range"] == f"bytes 0-7/{len(PDF)}"
    status, headers, data = media(body["url"], range_="bytes=-5")
    assert (status, data, headers["Content-Range"]) == (206, PDF[-5:], f"bytes {len(PDF) - 5}-{len(PDF) - 1}/{len(PDF)}")
    status, headers, _ = media(body["url"], range_=f"bytes={len(PDF)}-")
    assert status == 416 and headers["Content-Range"] == f"bytes */{len(PDF)}"


def test_the_cookies_sign_the_prefix_and_nothing_else(played):
    response = played["learner"].get(f"/enrolments/{played['enrolment_id']}/contents/p1/play")
    assert response.status == 200, response.body
    values, attributes = cookies_of(response)
    assert set(values) == {"CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"}
    prefix = f"media/{played['course_id']}/p1/{played['upload_id']}/"
    for morsel in attributes.values():
        assert morsel["path"] == f"/{prefix}" and morsel["secure"] and morsel["httponly"]
        assert morsel["samesite"] == "Strict"
    # a sibling under the prefix (as an HLS rendition or a SCORM asset is loaded: by relative address)
    put_object(prefix + "hls/index_720p.m3u8", b"#EXTM3U\n", "application/vnd.apple.mpegurl")
    status, headers, data = media(f"{BASE_URL}/{prefix}hls/index_720p.m3u8", cookies=values)
    assert (status, data) == (200, b"#EXTM3U\n") and headers["Content-Type"] == "application/vnd.apple.mpegurl"
    # without the cookies, or outside the prefix (another upload of the same content, another course), refused
    assert media(f"{BASE_URL}/{prefix}hls/index_720p.m3u8")[0] == 403
    other = f"media/{played['course_id']}/p1/another-upload/source"
    put_object(other, b"secret", "application/pdf")
    assert media(f"{BASE_URL}/{other}", cookies=values)[0] == 403
    # the signature of the query string does not carry to another file either
    url = response.json()["url"]
    assert media(url.replace(f"{prefix}source", other))[0] == 403


def test_a_tampered_or_expired_signature_is_refused(played):
    url = played["learner"].get(f"/enrolments/{played['enrolment_id']}/contents/p1/play").json()["url"]
    query = parse_qs(urlsplit(url).query)
    signature = query["Signature"][0]
    flipped = ("A" if signature[10] != "A" else "B").join((signature[:10], signature[11:]))
    assert media(url.replace(signature, flipped))[0] == 403
    # a policy widened to the whole bucket, with the original signature
    policy = base64.b64decode(query["Policy"][0].translate(str.maketrans("-_~", "+=/"))).decode()
    widened = json.loads(policy)
    widened["Statement"][0]["Resource"] = "http*://*/media/*"
    encoded = base64.b64encode(json.dumps(widened, separators=(",", ":")).encode()).decode()
    assert media(url.replace(query["Policy"][0], encoded.translate(str.maketrans("+=/", "-_~"))))[0] == 403
    # another key pair id, no signature at all
    assert media(url.replace(f"Key-Pair-Id={cdn.KEY_PAIR_ID}", "Key-Pair-Id=K2OTHER"))[0] == 403
    assert media(url.split("?")[0])[0] == 403
    assert media(url)[0] == 200
    clock.set_now(clock.now() + timedelta(hours=2, seconds=1))
    assert media(url)[0] == 403


def test_who_plays(played):
    course_id, enrolment_id = played["course_id"], played["enrolment_id"]
    stranger = client(factories.create_user())
    # another user's enrolment is not found; an unknown content is not found
    refused = stranger.get(f"/enrolments/{enrolment_id}/contents/p1/play")
    assert refused.status == 404 and refused.json()["error"]["code"] == "ENROLMENT_NOT_FOUND"
    assert not refused.cookies
    unknown = played["learner"].get(f"/enrolments/{enrolment_id}/contents/nope/play")
    assert unknown.status == 404 and unknown.json()["error"]["code"] == "CONTENT_NOT_FOUND"
    # not enrolled: no preview of a Live course either
    preview = stranger.get(f"/courses/{course_id}/contents/p1/play")
    assert preview.status == 403 and preview.json()["error"]["code"] == "NOT_A_REVIEWER"
    assert played["learner"].get(f"/courses/{course_id}/contents/p1/play").status == 403
    # the author and the reviewer preview; a link is its own address; a quiz is not played
    for reviewer in (played["creator"], played["publisher"]):
        shown = reviewer.get(f"/courses/{course_id}/contents/p1/play")
        assert shown.status == 200 and media(shown.json()["url"])[0] == 200
    link = played["learner"].get(f"/enrolments/{enrolment_id}/contents/c3/play")
    assert link.status == 200 and link.json() == {"type": "link", "url": "https://example.gov.in/csmop",
                                                  "expiresAt": None, "resume": {}}
    assert not link.cookies
    course = repository.get_course(course_id, consistent=True)
    assert course is not None
    repository.set_media(course, course.get("pending") or {},  # v2's file gone (as before any was READY)
                         {k: v for k, v in course["media"].items() if k != "v2"}, clock.now_iso())
    not_ready = played["learner"].get(f"/enrolments/{enrolment_id}/contents/v2/play")
    assert not_ready.status == 409 and not_ready.json()["error"]["code"] == "MEDIA_NOT_READY"
    # a learner who left has no address any more
    assert played["learner"].delete(f"/enrolments/{enrolment_id}").status == 204
    gone = played["learner"].get(f"/enrolments/{enrolment_id}/contents/p1/play")
    assert gone.status == 409 and gone.json()["error"]["code"] == "ENROLMENT_NOT_ACTIVE"


def test_quiz_is_not_played_and_a_draft_is_hidden(signing):
    from tests.learning.conftest import course_body, live_course

    course = live_course(course_body("Quiz course"))
    learner = client(factories.create_user())
    enrolment_id = enrol(learner, course["id"], batch(course["id"])["id"])
    wait_for(learner, enrolment_id, "ENROLLED")
    quiz = learner.get(f"/enrolments/{enrolment_id}/contents/q1/play")
    assert quiz.status == 409 and quiz.json()["error"]["code"] == "CONTENT_NOT_PLAYABLE"
    creator = client(factories.create_user("CONTENT_CREATOR", org_id="istm"))
    draft = creator.post("/courses", media_body()).json()["id"]
    assert client(factories.create_user()).get(f"/courses/{draft}/contents/p1/play").status == 404
    assert creator.get(f"/courses/{draft}/contents/p1/play").json()["error"]["code"] == "MEDIA_NOT_READY"
    assert creator.get("/courses/nope/contents/p1/play").status == 404


def test_video_and_scorm_open_their_play_keys(played):
    """Entries as the processing work writes them (playKey, prefix): the player opens the HLS master
    playlist or the SCORM launch page, and the signature covers the whole prefix."""
    course = repository.get_course(played["course_id"], consistent=True)
    prefix = f"media/{played['course_id']}/v2/u-video/"
    media_map = {**course["media"], "v2": {
        "status": "READY", "uploadId": "u-video", "mediaType": "video/mp4", "sizeBytes": 10, "durationSeconds": 60,
        "readyAt": clock.now_iso(), "prefix": prefix, "key": prefix + "source", "playKey": prefix + "hls/index.m3u8",
        "posterKey": prefix + "hls/index_poster.0000000.jpg"}}
    repository.set_media(course, course.get("pending") or {}, media_map, clock.now_iso())
    put_object(prefix + "hls/index.m3u8", b"#EXTM3U\nindex_240p.m3u8\n", "application/vnd.apple.mpegurl")
    put_object(prefix + "hls/index_240p.m3u8", b"#EXTM3U\n#240p\n", "application/vnd.apple.mpegurl")
    response = played["learner"].get(f"/enrolments/{played['enrolment_id']}/contents/v2/play")
    assert response.status == 200, response.body
    assert response.json()["type"] == "video"
    assert response.json()["url"].startswith(f"/{prefix}hls/index.m3u8?Policy=")
    assert media(response.json()["url"])[2].startswith(b"#EXTM3U")
    values, _ = cookies_of(response)
    assert media(f"{BASE_URL}/{prefix}hls/index_240p.m3u8", cookies=values)[0] == 200


def test_play_reads_at_most_two_items(played):
    with counting() as calls:
        response = played["learner"].get(f"/enrolments/{played['enrolment_id']}/contents/p1/play")
    assert response.status == 200, response.body
    assert sum(calls.values()) <= 2 and set(calls) <= {"GetItem", "BatchGetItem"}, calls
    with counting() as calls:
        assert played["creator"].get(f"/courses/{played['course_id']}/contents/p1/play").status == 200
    assert sum(calls.values()) == 1, calls


def test_play_resumes_where_the_heartbeats_left_off(played):
    """The resume comes from the enrolment play reads anyway (coverage.resume_of): no third read."""
    url = f"/enrolments/{played['enrolment_id']}/contents/p1/play"
    assert played["learner"].get(url).json()["resume"] == {}
    beat = played["learner"].post(f"/enrolments/{played['enrolment_id']}/contents/p1/heartbeats",
                                  {"sessionId": "s-resume", "seq": 1, "pages": [1, 2]})
    assert beat.status == 200, beat.body
    with counting() as calls:
        response = played["learner"].get(url)
    assert response.json()["resume"] == {"page": 2}
    assert sum(calls.values()) <= 2, calls


def test_a_scorm_launch_page_keeps_its_own_parameters(signing):
    """`index.html?mode=normal` (a launch path with a query): the page's parameters stay ahead of the
    signature's, and the signature still holds."""
    prefix = "media/course-q/s1/u1/"
    put_object(prefix + "package/index.html", b"<html>launch</html>", "text/html")
    access = hub_cdn.sign(prefix, prefix + "package/index.html", clock.now(), "mode=normal")
    assert access.url.startswith(f"/{prefix}package/index.html?mode=normal&Policy=")
    status, _, body = media(access.url)
    assert status == 200 and body == b"<html>launch</html>"
