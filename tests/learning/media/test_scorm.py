"""SCORM 1.2 packages: the manifest's launchable SCO, and every way a zip can be unsafe, checked before
anything is extracted."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from functions.learning.media import Accepted, Rejected, extract_scorm, limits, validate_upload

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="course-1" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-2">
    <organization identifier="ORG-1"><title>Other</title>
      <item identifier="I-0" identifierref="R-OTHER"><title>Not the default</title></item>
    </organization>
    <organization identifier="ORG-2"><title>Quiz</title>
      <item identifier="I-1"><title>Module</title>
        <item identifier="I-2" identifierref="R-ASSET"><title>Styles</title></item>
        <item identifier="I-3" identifierref="R-SCO"><title>Quiz</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R-OTHER" type="webcontent" adlcp:scormtype="sco" href="other.html"><file href="other.html"/></resource>
    <resource identifier="R-ASSET" type="webcontent" adlcp:scormtype="asset" href="style.css"><file href="style.css"/></resource>
    <resource identifier="R-SCO" type="webcontent" adlcp:scormtype="sco" xml:base="quiz/" href="index.html?mode=normal">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

PAGES = {"quiz/index.html": "<html>quiz</html>", "style.css": "body{}", "other.html": "<html/>"}


def package(path: Path, files: dict[str, str | bytes] | None = None, manifest: str | None = MANIFEST) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if manifest is not None:
            archive.writestr("imsmanifest.xml", manifest)
        for name, data in (PAGES if files is None else files).items():
            archive.writestr(name, data)
    return path


def refused(path: Path) -> Rejected:
    outcome = validate_upload(path, "scorm", media_type="application/zip")
    assert isinstance(outcome, Rejected), outcome
    return outcome


def test_the_default_organization_s_first_sco_is_the_launch_page(tmp_path: Path) -> None:
    outcome = validate_upload(package(tmp_path / "course.zip"), "scorm")

    assert isinstance(outcome, Accepted), outcome
    assert outcome.launch_path == "quiz/index.html?mode=normal"
    assert outcome.media_type == "application/zip"


def test_extract_scorm_unpacks_into_its_own_directory(tmp_path: Path) -> None:
    dest = tmp_path / "packages" / "c-1" / "v1"

    outcome = extract_scorm(package(tmp_path / "course.zip"), dest)

    assert isinstance(outcome, Accepted)
    assert (dest / "quiz" / "index.html").read_text() == "<html>quiz</html>"
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "imsmanifest.xml", "other.html", "quiz/index.html", "style.css"]
    with pytest.raises(ValueError, match="not empty"):
        extract_scorm(tmp_path / "course.zip", dest)


def test_no_manifest(tmp_path: Path) -> None:
    assert refused(package(tmp_path / "a.zip", manifest=None)).code == "NO_MANIFEST"
    nested = refused(package(tmp_path / "b.zip", manifest=None, files={"course/imsmanifest.xml": MANIFEST}))
    assert nested.code == "NO_MANIFEST" and "top of the zip" in nested.reason


@pytest.mark.parametrize(
    ("manifest", "files", "says"),
    [
        (MANIFEST.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="asset"'), PAGES, "no launchable SCO"),
        (MANIFEST, {"style.css": "", "other.html": ""}, "not in the zip"),
        (MANIFEST.replace("<organization identifier", "<x identifier").replace("</organization>", "</x>"), PAGES, "no organization"),
        ("<manifest><organizations>", PAGES, "not well-formed"),
        (MANIFEST.replace('href="index.html?mode=normal"', 'href="https://example.org/x.html"'), PAGES, "outside address"),
        (MANIFEST.replace('xml:base="quiz/"', 'xml:base="../"'), PAGES, "outside the package"),
    ],
    ids=["no-sco", "launch-missing", "no-organization", "not-xml", "external-launch", "base-escapes"],
)
def test_bad_manifest(tmp_path: Path, manifest: str, files: dict[str, str | bytes], says: str) -> None:
    outcome = refused(package(tmp_path / "course.zip", files=files, manifest=manifest))

    assert outcome.code == "BAD_MANIFEST" and says in outcome.reason


def test_a_manifest_with_entities_is_refused_unexpanded(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              "<manifest>&b;</manifest>")

    outcome = refused(package(tmp_path / "course.zip", manifest=laughs))

    assert outcome.code == "BAD_MANIFEST" and "entities" in outcome.reason


@pytest.mark.parametrize(
    "name",
    ["../evil.html", "quiz/../../evil.html", "/etc/cron.d/evil", "C:/Windows/evil.dll", "c:evil.html",
     "quiz\\..\\..\\evil.html", "..\\evil.html"],
)
def test_unsafe_paths_are_refused(tmp_path: Path, name: str) -> None:
    outcome = refused(package(tmp_path / "course.zip", files={**PAGES, name: "x"}))

    assert outcome.code == "UNSAFE_PATH" and repr(name) in outcome.reason


def test_a_symlink_entry_is_refused_and_nothing_is_extracted(tmp_path: Path) -> None:
    path = package(tmp_path / "course.zip")
    link = zipfile.ZipInfo("quiz/passwd")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    dest = tmp_path / "out"

    outcome = extract_scorm(path, dest)

    assert isinstance(outcome, Rejected) and outcome.code == "UNSAFE_PATH" and "symbolic link" in outcome.reason
    assert not dest.exists()


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    path = package(tmp_path / "course.zip")
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("quiz/index.html", "<html>other</html>")

    assert refused(path).code == "UNSAFE_PATH"


def test_a_highly_compressed_entry_is_a_bomb(tmp_path: Path) -> None:
    outcome = refused(package(tmp_path / "course.zip", files={**PAGES, "zeros.bin": bytes(5 * 1024 * 1024)}))

    assert outcome.code == "ZIP_BOMB" and "zeros.bin" in outcome.reason


def test_too_many_entries_is_a_bomb(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"f/{n}.txt": "" for n in range(limits.MAX_ZIP_ENTRIES + 1)}

    outcome = refused(package(tmp_path / "course.zip", files={**PAGES, **files}))

    assert outcome.code == "ZIP_BOMB" and str(limits.MAX_ZIP_ENTRIES) in outcome.reason


def test_many_small_entries_that_compress_too_well_are_a_bomb(tmp_path: Path) -> None:
    zeros: dict[str, str | bytes] = {f"z/{i}.bin": bytes(100 * 1024) for i in range(30)}  # each under the per-entry check

    outcome = refused(package(tmp_path / "course.zip", files={**PAGES, **zeros}))

    assert outcome.code == "ZIP_BOMB" and "times its size" in outcome.reason


def test_the_total_uncompressed_size_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    noise = random.Random(7).randbytes(1024 * 1024)
    path = package(tmp_path / "course.zip", files={**PAGES, **{f"n{i}.bin": noise for i in range(3)}})
    monkeypatch.setattr(limits, "MAX_ZIP_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)

    outcome = refused(path)

    assert outcome.code == "ZIP_BOMB" and "unpacks to 3 MB" in outcome.reason and "limit is 2 MB" in outcome.reason


def test_an_entry_that_lies_about_its_size_leaves_nothing_behind(tmp_path: Path) -> None:
    path = package(tmp_path / "course.zip", files={**PAGES, "data.txt": "0123456789" * 100})
    raw = bytearray(path.read_bytes())
    # shrink the declared size of data.txt in its central directory record (1000 → 10)
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"data.txt"))
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    dest = tmp_path / "out"

    outcome = extract_scorm(path, dest)

    assert isinstance(outcome, Rejected) and outcome.code in {"UNREADABLE", "ZIP_BOMB"}
    assert not any(dest.iterdir())


def test_a_damaged_zip_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "course.zip"
    path.write_bytes(package(tmp_path / "good.zip").read_bytes()[:200])

    assert refused(path).code == "UNREADABLE"
