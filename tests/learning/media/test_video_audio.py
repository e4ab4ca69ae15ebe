"""Video and audio: magic bytes, measuring with ffprobe, the shared duration rule, and the HLS ladder."""

from __future__ import annotations

from pathlib import Path

import pytest

from functions.learning.media import Accepted, MediaInfo, Rejected, from_mediaconvert, hls_ladder, validate_upload
from functions.learning.media.hls import RUNGS, rungs_for
from tests.learning.media.conftest import needs_ffmpeg

pytestmark = needs_ffmpeg


@pytest.mark.parametrize(("clip", "media_type"), [("mp4", "video/mp4"), ("mov", "video/quicktime"), ("webm", "video/webm")])
def test_a_video_is_accepted_with_its_measured_duration_and_frame(clips: dict[str, Path], clip: str, media_type: str) -> None:
    outcome = validate_upload(clips[clip], "video", media_type=media_type)

    assert isinstance(outcome, Accepted), outcome
    assert outcome.media_type == media_type
    assert outcome.duration_seconds == pytest.approx(2 if clip == "mp4" else 1, abs=0.1)
    assert (outcome.width, outcome.height) == (320, 240)
    assert outcome.to_media()["status"] == "READY"
    assert outcome.to_media()["durationSeconds"] == outcome.duration_seconds


@pytest.mark.parametrize(
    ("clip", "media_type"),
    [("mp3", "audio/mpeg"), ("m4a", "audio/mp4"), ("audio_in_mp4", "audio/mp4"), ("wav", "audio/wav"), ("ogg", "audio/ogg")],
)
def test_audio_is_accepted_with_its_duration(clips: dict[str, Path], clip: str, media_type: str) -> None:
    outcome = validate_upload(clips[clip], "audio")

    assert isinstance(outcome, Accepted), outcome
    assert outcome.media_type == media_type
    assert outcome.duration_seconds == pytest.approx(1 if clip == "wav" else 2, abs=0.15)
    assert outcome.width is None and outcome.page_count is None


def test_an_exe_renamed_mp4_is_refused_by_its_bytes(exe_named_mp4: Path) -> None:
    outcome = validate_upload(exe_named_mp4, "video", media_type="video/mp4")

    assert isinstance(outcome, Rejected)
    assert outcome.code == "WRONG_TYPE"
    assert "Windows program" in outcome.reason and "MP4" in outcome.reason


def test_a_pdf_uploaded_as_video_is_the_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "movie.mp4"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100)

    outcome = validate_upload(path, "video")

    assert isinstance(outcome, Rejected) and outcome.code == "WRONG_TYPE"
    assert "PDF" in outcome.reason


@pytest.mark.parametrize("clip", ["truncated_mp4", "cut_faststart_mp4"])
def test_a_truncated_video_is_unreadable(clips: dict[str, Path], clip: str) -> None:
    outcome = validate_upload(clips[clip], "video")

    assert isinstance(outcome, Rejected) and outcome.code == "UNREADABLE"
    assert "export it again" in outcome.reason


def test_sound_without_picture_is_not_a_video_and_a_video_is_not_audio(clips: dict[str, Path]) -> None:
    as_video = validate_upload(clips["audio_in_mp4"], "video")
    as_audio = validate_upload(clips["mp4"], "audio")

    assert isinstance(as_video, Rejected) and as_video.code == "WRONG_TYPE" and "audio content" in as_video.reason
    assert isinstance(as_audio, Rejected) and as_audio.code == "WRONG_TYPE" and "video content" in as_audio.reason


def test_a_video_without_sound_is_accepted(clips: dict[str, Path]) -> None:
    assert isinstance(validate_upload(clips["silent_mp4"], "video"), Accepted)


def test_the_duration_rule_is_shared_by_whoever_measures(clips: dict[str, Path]) -> None:
    five_hours = MediaInfo(duration_seconds=5 * 3600, has_video=True, has_audio=True, width=1280, height=720)

    outcome = validate_upload(clips["mp4"], "video", measure=lambda _path: five_hours)

    assert isinstance(outcome, Rejected) and outcome.code == "TOO_LONG"
    assert "5:00:00" in outcome.reason and "4:00:00" in outcome.reason


def test_a_mediaconvert_completion_event_is_read_as_a_measurement() -> None:
    detail = {"status": "COMPLETE", "outputGroupDetails": [{"outputDetails": [
        {"durationInMs": 61_440, "videoDetails": {"widthInPx": 1280, "heightInPx": 720}},
    ]}]}

    info = from_mediaconvert(detail)

    assert info == MediaInfo(duration_seconds=61.44, has_video=True, has_audio=True, width=1280, height=720)
    assert from_mediaconvert({"outputGroupDetails": []}).duration_seconds is None


def test_hls_ladder_layout_skips_rungs_above_the_source(clips: dict[str, Path], tmp_path: Path) -> None:
    ladder = hls_ladder(clips["vga_mp4"], tmp_path / "hls")

    assert ladder.master == tmp_path / "hls" / "index.m3u8"
    assert [r.name for r in ladder.renditions] == ["240p", "480p"]  # no 720p from a 480-line source
    assert [(r.width, r.height) for r in ladder.renditions] == [(320, 240), (640, 480)]
    master = ladder.master.read_text()
    assert master.startswith("#EXTM3U")
    assert master.count("#EXT-X-STREAM-INF") == 2
    assert "RESOLUTION=320x240" in master and "RESOLUTION=640x480" in master
    assert "index_240p.m3u8" in master and "index_480p.m3u8" in master
    for rendition in ladder.renditions:
        playlist = rendition.playlist.read_text()
        assert "#EXT-X-PLAYLIST-TYPE:VOD" in playlist and "#EXT-X-ENDLIST" in playlist
        segment = f"index_{rendition.name}_00001.ts"
        assert segment in playlist and (tmp_path / "hls" / segment).stat().st_size > 0
    assert ladder.poster.name == "index_poster.0000000.jpg"
    assert ladder.poster.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG


def test_hls_ladder_of_a_portrait_video_scales_by_the_short_side(clips: dict[str, Path], tmp_path: Path) -> None:
    ladder = hls_ladder(clips["portrait_mp4"], tmp_path / "hls")

    assert [(r.name, r.width, r.height) for r in ladder.renditions] == [("240p", 240, 426)]
    assert "CODECS=" in ladder.master.read_text()


def test_rungs_for_sizes() -> None:
    def names(width: int, height: int) -> list[str]:
        return [rung.name for rung in rungs_for(MediaInfo(10.0, True, True, width, height))]

    assert names(1920, 1080) == [rung.name for rung in RUNGS] == ["240p", "480p", "720p"]
    assert names(1280, 720) == ["240p", "480p", "720p"]
    assert names(854, 480) == ["240p", "480p"]
    assert names(160, 121) == ["120p"]  # under the lowest rung: one rendition at its own size


# ---- audio measured by mutagen (pure Python: Lambda has no ffprobe) --------------------------------------------

def test_audio_is_measured_without_ffprobe(clips: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ffprobe(_path: Path) -> MediaInfo:
        raise AssertionError("ffprobe was used for audio")

    monkeypatch.setattr("functions.learning.media.probe.ffprobe", no_ffprobe)
    outcome = validate_upload(clips["mp3"], "audio", media_type="audio/mpeg")
    assert isinstance(outcome, Accepted) and outcome.duration_seconds == pytest.approx(2, abs=0.15)


def test_a_program_renamed_mp3_is_refused_by_its_bytes(exe_named_mp4: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "talk.mp3"
    renamed.write_bytes(exe_named_mp4.read_bytes())
    outcome = validate_upload(renamed, "audio", media_type="audio/mpeg")
    assert isinstance(outcome, Rejected) and outcome.code == "WRONG_TYPE" and "Windows program" in outcome.reason


@pytest.mark.parametrize("damage", ["garbage after the header", "cut short", "an empty tag"])
def test_corrupt_audio_is_unreadable(clips: dict[str, Path], tmp_path: Path, damage: str) -> None:
    data = clips["mp3"].read_bytes()
    broken = {
        "garbage after the header": data[:10] + bytes(range(256)) * 12,
        "cut short": data[: len(data) // 40],  # the header's frame count promises far more than is left
        "an empty tag": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 2000,
    }[damage]
    path = tmp_path / "talk.mp3"
    path.write_bytes(broken)
    outcome = validate_upload(path, "audio")
    assert isinstance(outcome, Rejected) and outcome.code == "UNREADABLE", outcome


def test_a_video_uploaded_as_audio_is_the_wrong_type(clips: dict[str, Path]) -> None:
    outcome = validate_upload(clips["mp4"], "audio", media_type="audio/mp4")
    assert isinstance(outcome, Rejected) and outcome.code == "WRONG_TYPE" and "video content" in outcome.reason


def test_aws_checks_a_video_up_to_its_magic_bytes(clips: dict[str, Path], exe_named_mp4: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("functions.learning.media.probe.ffprobe", None)  # not in Lambda
    accepted = validate_upload(clips["truncated_mp4"], "video", media_type="video/mp4", measure_video=False)
    assert isinstance(accepted, Accepted) and accepted.duration_seconds is None  # MediaConvert measures it
    refused = validate_upload(exe_named_mp4, "video", media_type="video/mp4", measure_video=False)
    assert isinstance(refused, Rejected) and refused.code == "WRONG_TYPE"


# ---- MediaConvert's events and the ladder cache ----------------------------------------------------------------

def test_mediaconvert_input_errors_are_unreadable_and_others_retried() -> None:
    from functions.learning.media import mediaconvert

    for code in (1010, 1030, 1040, 1093):
        refused = mediaconvert.input_refused({"status": "ERROR", "errorCode": code})
        assert refused is not None and refused.code == "UNREADABLE"
    for code in (1401, 1550, 3450, None):
        assert mediaconvert.input_refused({"status": "ERROR", "errorCode": code}) is None
    owner = mediaconvert.JobOwner("c", "v", "u", 2)
    metadata = mediaconvert.user_metadata("dev", owner)
    assert mediaconvert.owner_of({"userMetadata": metadata}, "dev") == owner
    assert mediaconvert.owner_of({"userMetadata": metadata}, "prod") is None
    assert mediaconvert.owner_of({"userMetadata": {}}, "dev") is None


def test_the_ladder_cache_writes_once_and_atomically(clips: dict[str, Path], tmp_path: Path) -> None:
    from functions.learning.media import ladder_cache

    made: list[Path] = []

    def make(folder: Path) -> None:
        made.append(folder)
        assert folder.parent == tmp_path and folder.name.startswith(".building-")  # not where readers look
        (folder / "index.m3u8").write_text("#EXTM3U\n")

    first = ladder_cache.ladder_folder(clips["mp4"], tmp_path, make, preset="veryfast")
    again = ladder_cache.ladder_folder(clips["mp4"], tmp_path, make, preset="veryfast")
    other_preset = ladder_cache.ladder_folder(clips["mp4"], tmp_path, make, preset="ultrafast")
    assert first == again != other_preset and len(made) == 2
    assert (first / "index.m3u8").read_text() == "#EXTM3U\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, other_preset.name])  # no leftovers

    def raced(folder: Path) -> None:  # another dev server finished the same ladder first
        (folder / "index.m3u8").write_text("mine")
        (tmp_path / ladder_cache.digest(clips["mov"], "veryfast")).mkdir()
        (tmp_path / ladder_cache.digest(clips["mov"], "veryfast") / "index.m3u8").write_text("theirs")

    won = ladder_cache.ladder_folder(clips["mov"], tmp_path, raced, preset="veryfast")
    assert (won / "index.m3u8").read_text() == "theirs"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".building-")]
