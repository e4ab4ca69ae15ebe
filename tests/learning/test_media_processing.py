"""Processing off the request path with the real media library, end to end through moto's S3: a video becomes
its HLS ladder (locally ffmpeg in-process, MEDIA_TRANSCODER=ffmpeg; in AWS a MediaConvert job and its Job
State Change event), a SCORM package is unpacked with its Content-Types, audio and pdf play from their
source, bad files are REJECTED with their code, and review waits for every file to be READY.

moto has no MediaConvert: the MediaConvert path stubs only the client's two calls (get_job_template,
create_job) at the processor's boundary (`media_processor._mediaconvert`) and sends the events MediaConvert
would (their shape as the MediaConvert user guide shows them)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest

from functions.learning import media_processor, repository
from functions.learning.media import hls, ladder_cache
from karmayogi.platform.settings import get_settings, reset_settings
from local import media
from local.aws import REGION
from local.workflows import lambda_context
from tests import factories
from tests.learning.media.conftest import FFMPEG_MISSING, audio, video
from tests.learning.media.test_scorm import package
from tests.learning.test_uploads import client, content, draft, people, send, uploads_of

__all__ = ["people"]  # the fixture, shared with test_uploads

needs_ffmpeg = pytest.mark.skipif(FFMPEG_MISSING, reason="ffmpeg/ffprobe are not installed (apt-get install ffmpeg)")
MP4 = "video/mp4"


@pytest.fixture(autouse=True)
def no_failures():
    media.failures.clear()
    yield
    assert not media.failures, media.failures


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if FFMPEG_MISSING:
        pytest.skip("ffmpeg is not installed")
    folder = tmp_path_factory.mktemp("media-files")
    talk = video(folder / "talk.mp4", size="854x480", seconds=3)  # 480 lines: the 240p and 480p rungs
    truncated = folder / "truncated.mp4"
    truncated.write_bytes(talk.read_bytes()[: talk.stat().st_size // 3])  # its index (written last) is gone
    exe = folder / "lecture.mp4"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 56 + (0x80).to_bytes(4, "little") + b"\x00" * 64 + b"PE\x00\x00"
                    + b"\x00" * 400)
    return {"talk": talk, "truncated": truncated, "exe": exe,
            "mp3": audio(folder / "talk.mp3", "-c:a", "libmp3lame", "-b:a", "64k"),
            "scorm": package(folder / "course.zip")}


def s3_objects(prefix: str) -> dict[str, str]:
    """key → Content-Type of the bucket's objects under `prefix`."""
    s3 = boto3.client("s3", region_name=REGION)
    bucket = get_settings().media_bucket
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return {o["Key"]: s3.head_object(Bucket=bucket, Key=o["Key"])["ContentType"] for o in listed}


def upload(creator: Any, course_id: str, content_id: str, path: Path, media_type: str) -> dict[str, Any]:
    """Open, send and complete an upload (the processor runs on S3's ObjectCreated event); the upload."""
    data = path.read_bytes()
    opened = creator.post(f"{uploads_of(course_id)}/{content_id}/uploads",
                          {"fileName": path.name, "mediaType": media_type, "sizeBytes": len(data)})
    assert opened.status == 201, opened.body
    sent = opened.json()
    assert send(sent, data, media_type).status_code < 300
    done = creator.post(f"{uploads_of(course_id)}/{content_id}/uploads/{sent['uploadId']}/complete")
    assert done.status == 202, done.body
    return dict(sent)


def stored(course_id: str, content_id: str) -> dict[str, Any]:
    course = repository.get_course(course_id, consistent=True)
    return dict((course.get("media") or {}).get(content_id) or course["pending"][content_id])


def media_course(creator: Any, *extra: dict[str, Any]) -> str:
    from tests.learning.test_uploads import media_body

    body = media_body()
    body["modules"][0]["contents"] += list(extra)
    created = creator.post("/courses", body)
    assert created.status == 201, created.body
    return str(created.json()["id"])


# ---- locally: ffmpeg in-process ------------------------------------------------------------------------------

@needs_ffmpeg
def test_a_video_is_ready_once_its_ladder_is_in_the_bucket(people, files, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIA_LADDER_CACHE", str(tmp_path / "ladders"))
    reset_settings()
    try:
        creator = client(people["creator"])
        cid = draft(creator)
        sent = upload(creator, cid, "v2", files["talk"], MP4)

        prefix = f"media/{cid}/v2/{sent['uploadId']}/"
        entry = stored(cid, "v2")
        assert entry["status"] == "READY" and entry["durationSeconds"] == 3
        assert (entry["prefix"], entry["key"]) == (prefix, prefix + "source")
        assert entry["playKey"] == prefix + "hls/index.m3u8"
        assert entry["posterKey"] == prefix + "hls/index_poster.0000000.jpg"
        shown = content(creator, cid, "v2")["media"]
        assert (shown["status"], shown["durationSeconds"]) == ("READY", 3)

        objects = s3_objects(prefix + "hls/")
        assert objects[prefix + "hls/index.m3u8"] == "application/vnd.apple.mpegurl"
        for rung in ("240p", "480p"):
            assert objects[prefix + f"hls/index_{rung}.m3u8"] == "application/vnd.apple.mpegurl"
            assert objects[prefix + f"hls/index_{rung}_00001.ts"] == "video/mp2t"
        assert prefix + "hls/index_720p.m3u8" not in objects  # no rung above the source
        assert objects[prefix + "hls/index_poster.0000000.jpg"] == "image/jpeg"
        s3 = boto3.client("s3", region_name=REGION)
        master = s3.get_object(Bucket=get_settings().media_bucket, Key=prefix + "hls/index.m3u8")["Body"].read()
        assert b"index_240p.m3u8" in master and b"index_480p.m3u8" in master

        # the same video again: its ladder comes from the cache (ffmpeg is not run), one entry in the cache
        def no_transcoding(*_: Any, **__: Any) -> Any:
            raise AssertionError("transcoded again")

        monkeypatch.setattr(hls, "hls_ladder", no_transcoding)
        monkeypatch.setattr("functions.learning.media.hls_ladder", no_transcoding)
        again = upload(creator, cid, "v2", files["talk"], MP4)
        assert stored(cid, "v2")["uploadId"] == again["uploadId"]
        assert prefix.replace(sent["uploadId"], again["uploadId"]) + "hls/index_480p_00001.ts" in s3_objects(
            f"media/{cid}/v2/{again['uploadId']}/")
        entries = [p.name for p in (tmp_path / "ladders").iterdir()]
        assert entries == [ladder_cache.digest(files["talk"], media_processor.LOCAL_LADDER_PRESET)]
    finally:
        reset_settings()


@needs_ffmpeg
@pytest.mark.parametrize(("name", "code"), [("exe", "WRONG_TYPE"), ("truncated", "UNREADABLE")])
def test_a_bad_video_is_rejected_and_the_ready_one_kept(people, files, name, code):
    creator = client(people["creator"])
    cid = draft(creator)
    factories.ready_media(cid)
    before = stored(cid, "v2")
    upload(creator, cid, "v2", files[name], MP4)
    shown = content(creator, cid, "v2")["media"]
    assert shown["status"] == "REJECTED" and shown["reason"]
    assert repository.get_course(cid, consistent=True)["pending"]["v2"]["code"] == code
    assert repository.get_course(cid, consistent=True)["media"]["v2"] == before


@needs_ffmpeg
def test_audio_and_scorm_play_from_their_keys(people, files):
    creator = client(people["creator"])
    cid = media_course(creator, {"id": "a1", "title": "Talk", "type": "audio", "durationMinutes": 2},
                       {"id": "s1", "title": "Quiz", "type": "scorm", "durationMinutes": 5})
    talk = upload(creator, cid, "a1", files["mp3"], "audio/mpeg")
    entry = stored(cid, "a1")
    prefix = f"media/{cid}/a1/{talk['uploadId']}/"
    assert (entry["status"], entry["durationSeconds"], entry["playKey"]) == ("READY", 2, prefix + "source")

    course = upload(creator, cid, "s1", files["scorm"], "application/zip")
    entry = stored(cid, "s1")
    prefix = f"media/{cid}/s1/{course['uploadId']}/"
    assert entry["status"] == "READY" and entry["launchPath"] == "quiz/index.html?mode=normal"
    assert entry["playKey"] == prefix + "package/quiz/index.html"
    assert s3_objects(prefix + "package/") == {
        prefix + "package/imsmanifest.xml": "application/xml", prefix + "package/quiz/index.html": "text/html",
        prefix + "package/style.css": "text/css", prefix + "package/other.html": "text/html"}


def test_review_waits_for_every_file(people, files):
    creator = client(people["creator"])
    cid = media_course(creator, {"id": "s1", "title": "Quiz", "type": "scorm", "durationMinutes": 5})
    refused = creator.post(f"/courses/{cid}/review")
    assert (refused.status, refused.json()["error"]["code"]) == (409, "MEDIA_NOT_READY")
    assert refused.json()["error"]["details"] == {"contentIds": ["c1", "v2", "p1", "s1"]}
    factories.ready_media(cid)
    upload(creator, cid, "s1", files["scorm"], "application/zip")  # a new READY file: still fine
    with zipfile.ZipFile(files["scorm"]) as archive:
        assert "imsmanifest.xml" in archive.namelist()
    assert creator.post(f"/courses/{cid}/review").status == 200


# ---- in AWS: MediaConvert ---------------------------------------------------------------------------------

class FakeMediaConvert:
    """The two MediaConvert calls the processor makes (moto has no MediaConvert)."""

    def __init__(self) -> None:
        from infra.constructs.media import hls_ladder_settings

        self.template = hls_ladder_settings()
        self.jobs: list[dict[str, Any]] = []

    def get_job_template(self, Name: str) -> dict[str, Any]:
        return {"JobTemplate": {"Name": Name, "Settings": self.template}}

    def create_job(self, **request: Any) -> dict[str, Any]:
        self.jobs.append(request)
        return {"Job": {"Id": f"job-{len(self.jobs)}", "Status": "SUBMITTED"}}


@pytest.fixture
def mediaconvert(monkeypatch):
    fake = FakeMediaConvert()
    monkeypatch.setenv("MEDIA_TRANSCODER", "")
    monkeypatch.setenv("MEDIA_CONVERT_TEMPLATE", "arn:aws:mediaconvert:ap-south-1:123456789012:jobTemplates/ladder")
    monkeypatch.setenv("MEDIA_CONVERT_ROLE_ARN", "arn:aws:iam::123456789012:role/convert")
    monkeypatch.setattr(media_processor, "_mediaconvert", lambda: fake)
    media_processor._template_settings.cache_clear()
    reset_settings()
    yield fake
    monkeypatch.undo()
    media_processor._template_settings.cache_clear()
    reset_settings()


def job_event(request: dict[str, Any], job_id: str, status: str, **detail: Any) -> dict[str, Any]:
    return {"version": "0", "source": "aws.mediaconvert", "detail-type": "MediaConvert Job State Change",
            "detail": {"jobId": job_id, "status": status, "userMetadata": request["UserMetadata"],
                       "queue": "arn:aws:mediaconvert:ap-south-1:123456789012:queues/Default", **detail}}


def completed(request: dict[str, Any], job_id: str, *, milliseconds: int = 3000) -> dict[str, Any]:
    destination = request["Settings"]["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"]["Destination"]
    return job_event(request, job_id, "COMPLETE", outputGroupDetails=[
        {"type": "HLS_GROUP", "playlistFilePaths": [destination + ".m3u8"], "outputDetails": [
            {"durationInMs": milliseconds, "videoDetails": {"widthInPx": 426, "heightInPx": 240}}]}])


def deliver(event: dict[str, Any]) -> None:
    media_processor.handler(event, lambda_context("media-processor"))


@needs_ffmpeg
def test_mediaconvert_makes_the_ladder_and_its_completion_makes_it_ready(people, files, mediaconvert, monkeypatch):
    monkeypatch.setattr("functions.learning.media.probe.ffprobe", None)  # Lambda has no ffprobe
    creator = client(people["creator"])
    cid = draft(creator)
    sent = upload(creator, cid, "v2", files["talk"], MP4)
    prefix = f"media/{cid}/v2/{sent['uploadId']}/"
    (request,) = mediaconvert.jobs
    entry = stored(cid, "v2")
    assert (entry["status"], entry["jobId"], entry["attempt"]) == ("PROCESSING", "job-1", 1)
    bucket = get_settings().media_bucket
    assert request["JobTemplate"].endswith("jobTemplates/ladder") and request["Role"].endswith("role/convert")
    assert request["Settings"]["Inputs"][0]["FileInput"] == f"s3://{bucket}/{prefix}source"
    hls_group, poster_group = request["Settings"]["OutputGroups"]
    assert hls_group["OutputGroupSettings"]["HlsGroupSettings"]["Destination"] == f"s3://{bucket}/{prefix}hls/index"
    assert poster_group["OutputGroupSettings"]["FileGroupSettings"]["Destination"] == f"s3://{bucket}/{prefix}hls/index"
    assert poster_group["Outputs"][0]["NameModifier"] == "_poster"
    assert request["UserMetadata"]["application"] == "karmayogi-" + get_settings().stage

    deliver(job_event(request, "job-0", "COMPLETE"))  # not the job the content waits for: ignored
    assert stored(cid, "v2")["status"] == "PROCESSING"
    deliver(completed(request, "job-1"))
    entry = stored(cid, "v2")
    assert entry["status"] == "READY" and entry["durationSeconds"] == 3
    assert (entry["prefix"], entry["key"], entry["playKey"], entry["posterKey"]) == (
        prefix, prefix + "source", prefix + "hls/index.m3u8", prefix + "hls/index_poster.0000000.jpg")


@needs_ffmpeg
def test_mediaconvert_errors_reject_or_retry_once(people, files, mediaconvert):
    creator = client(people["creator"])
    cid = draft(creator)
    factories.ready_media(cid)
    before = stored(cid, "v2")

    upload(creator, cid, "v2", files["talk"], MP4)  # the input cannot be read: UNREADABLE at once
    deliver(job_event(mediaconvert.jobs[-1], "job-1", "ERROR", errorCode=1040, errorMessage="Invalid input"))
    pending = repository.get_course(cid, consistent=True)["pending"]["v2"]
    assert (pending["status"], pending["code"]) == ("REJECTED", "UNREADABLE") and "export it again" in pending["reason"]
    assert len(mediaconvert.jobs) == 1

    upload(creator, cid, "v2", files["talk"], MP4)  # the service failed: submitted once more, then REJECTED
    deliver(job_event(mediaconvert.jobs[-1], "job-2", "ERROR", errorCode=3450, errorMessage="Internal error"))
    entry = repository.get_course(cid, consistent=True)["pending"]["v2"]
    assert (entry["status"], entry["jobId"], entry["attempt"]) == ("PROCESSING", "job-3", 2)
    assert mediaconvert.jobs[-1]["UserMetadata"]["attempt"] == "2"
    deliver(job_event(mediaconvert.jobs[-1], "job-3", "ERROR", errorCode=3450, errorMessage="Internal error"))
    pending = repository.get_course(cid, consistent=True)["pending"]["v2"]
    assert pending["status"] == "REJECTED" and "3450" in pending["reason"] and "re-upload" in pending["reason"]
    assert len(mediaconvert.jobs) == 3
    assert repository.get_course(cid, consistent=True)["media"]["v2"] == before  # the READY file is kept

    other_stage = job_event(mediaconvert.jobs[-1], "job-3", "COMPLETE")
    other_stage["detail"]["userMetadata"] = {**other_stage["detail"]["userMetadata"], "application": "elsewhere"}
    deliver(other_stage)  # not ours: ignored
    assert repository.get_course(cid, consistent=True)["pending"]["v2"]["status"] == "REJECTED"


@needs_ffmpeg
def test_a_job_that_never_reports_ends_rejected_and_keeps_the_ready_file(people, files, mediaconvert):
    from datetime import timedelta

    from karmayogi.platform import clock

    creator = client(people["creator"])
    cid = draft(creator)
    factories.ready_media(cid)
    before = stored(cid, "v2")
    upload(creator, cid, "v2", files["talk"], MP4)
    assert content(creator, cid, "v2")["media"]["status"] == "PROCESSING"
    refused = creator.post(f"/courses/{cid}/review")  # the file under review would not be the learners'
    assert (refused.status, refused.json()["error"]["details"]) == (409, {"contentIds": ["v2"]})
    try:
        clock.set_now(clock.now() + timedelta(minutes=31))
        shown = content(creator, cid, "v2")["media"]
        assert shown["status"] == "REJECTED" and "did not finish" in shown["reason"]
        assert repository.get_course(cid, consistent=True)["media"]["v2"] == before
        assert creator.post(f"/courses/{cid}/review").status == 200  # with the READY file it had
        deliver(completed(mediaconvert.jobs[-1], "job-1"))  # the job reports at last: the course is in review
        assert repository.get_course(cid, consistent=True)["media"]["v2"] == before
    finally:
        clock.reset()
