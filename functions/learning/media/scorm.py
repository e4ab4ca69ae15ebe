"""SCORM 1.2 packages: the zip's safety (paths, links, bombs) from its central directory before anything is
extracted, the manifest (`imsmanifest.xml`, read with defusedxml: no entities, no external references) and
the launch page of its first SCO; then, and only then, extraction into a directory of its own.

The launch page is the `href` (under any `xml:base`) of the resource with `adlcp:scormtype="sco"` that the
first item of the default organization refers to (`identifierref`), in document order; items that refer to
assets are passed over. A query string in the `href` is kept in `launch_path`; the page itself must be in
the zip."""

from __future__ import annotations

import posixpath
import re
import shutil
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from functions.learning.media import limits
from functions.learning.media.outcome import Accepted, Rejected, human_size

MANIFEST = "imsmanifest.xml"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_DRIVE = re.compile(r"^[A-Za-z]:")
_EOCD = b"PK\x05\x06"
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Package:
    """A zip that passed every check: its files (no directories) and the SCO's launch page."""

    files: tuple[zipfile.ZipInfo, ...]
    launch_path: str
    uncompressed_bytes: int


def inspect_scorm(path: Path) -> Package | Rejected:
    """Checks a SCORM zip without extracting anything."""
    size = path.stat().st_size
    declared = _declared_entry_count(path)
    if declared is not None and declared > limits.MAX_ZIP_ENTRIES:
        return _too_many(declared)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            refused = _check_entries(infos, size)
            if refused is not None:
                return refused
            files = tuple(info for info in infos if not info.is_dir())
            manifest = next((info for info in files if info.filename == MANIFEST), None)
            if manifest is None:
                return _no_manifest(files)
            if manifest.file_size > limits.MAX_MANIFEST_BYTES:
                return Rejected("BAD_MANIFEST", f"imsmanifest.xml is larger than {human_size(limits.MAX_MANIFEST_BYTES)}: this is not a SCORM manifest.")
            data = archive.read(manifest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError):
        return Rejected("UNREADABLE", "This zip is damaged or incomplete and cannot be opened: export the SCORM package again and re-upload.")
    launch = launch_path(data, {info.filename for info in files})
    if isinstance(launch, Rejected):
        return launch
    return Package(files=files, launch_path=launch, uncompressed_bytes=sum(info.file_size for info in files))


def extract_scorm(path: Path, dest_dir: Path) -> Accepted | Rejected:
    """Checks the zip, then extracts it into `dest_dir` (created; it must not hold anything yet). On a
    refusal nothing is left in `dest_dir`."""
    package = inspect_scorm(path)
    if isinstance(package, Rejected):
        return package
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise ValueError(f"{dest_dir} is not empty: a package is extracted into a directory of its own")
    dest_dir.mkdir(parents=True, exist_ok=True)
    root = dest_dir.resolve()
    try:
        with zipfile.ZipFile(path) as archive:
            for info in package.files:
                target = (root / info.filename).resolve()
                if not target.is_relative_to(root):  # checked already; a second lock on the door
                    raise _Refused(Rejected("UNSAFE_PATH", f"The zip entry {info.filename!r} would land outside the package."))
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("xb") as sink:
                    _copy_at_most(source, sink, info)
    except _Refused as refused:
        _empty(dest_dir)
        return refused.outcome
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        _empty(dest_dir)
        return Rejected("UNREADABLE", "This zip is damaged (a file in it failed its check) and cannot be unpacked: export the SCORM package again and re-upload.")
    return accepted(path, package)


def accepted(path: Path, package: Package) -> Accepted:
    return Accepted(kind="scorm", media_type="application/zip", size_bytes=path.stat().st_size, launch_path=package.launch_path)


class _Refused(Exception):
    def __init__(self, outcome: Rejected) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


def _copy_at_most(source: Any, sink: Any, info: zipfile.ZipInfo) -> None:
    written = 0
    while chunk := source.read(_COPY_CHUNK):
        written += len(chunk)
        if written > info.file_size:  # the entry holds more than its header declared
            raise _Refused(Rejected("ZIP_BOMB", f"The zip entry {info.filename!r} unpacks to more than it declares."))
        sink.write(chunk)


def _empty(directory: Path) -> None:
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _declared_entry_count(path: Path) -> int | None:
    """The entry count of the end-of-central-directory record, read before the zip module parses every
    entry (a zip declaring millions of entries is refused without building them). 0xFFFF means Zip64: more."""
    size = path.stat().st_size
    tail_size = min(size, 65_536 + 22)
    with path.open("rb") as handle:
        handle.seek(size - tail_size)
        tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or at + 22 > len(tail):
        return None
    (total,) = struct.unpack_from("<H", tail, at + 10)
    return int(total)


def _check_entries(infos: list[zipfile.ZipInfo], archive_size: int) -> Rejected | None:
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        return _too_many(len(infos))
    seen: set[str] = set()
    for info in infos:
        problem = _unsafe(info)
        if problem is not None:
            return Rejected("UNSAFE_PATH", f"The zip entry {info.filename!r} {problem}: re-create the zip from the package's folder, with plain files only.")
        key = info.filename.rstrip("/")
        if key in seen:
            return Rejected("UNSAFE_PATH", f"The zip has two entries named {info.filename!r}: re-create the zip from the package's folder.")
        seen.add(key)
        if info.flag_bits & 0x1:
            return Rejected("UNREADABLE", f"The zip entry {info.filename!r} is encrypted: re-create the zip without a password.")
        if (
            info.file_size >= limits.MIN_RATIO_CHECK_BYTES
            and info.file_size > limits.MAX_ZIP_RATIO * max(info.compress_size, 1)
        ):
            return Rejected(
                "ZIP_BOMB",
                f"The zip entry {info.filename!r} expands {info.file_size // max(info.compress_size, 1)} times "
                f"(the limit is {limits.MAX_ZIP_RATIO}): this is not a course package.",
            )
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_ZIP_UNCOMPRESSED_BYTES:
        return Rejected("ZIP_BOMB", f"The zip unpacks to {human_size(total)}; the limit is {human_size(limits.MAX_ZIP_UNCOMPRESSED_BYTES)}: remove unused files.")
    if total >= limits.MIN_RATIO_CHECK_BYTES and total > limits.MAX_ZIP_RATIO * max(archive_size, 1):
        return Rejected("ZIP_BOMB", f"The zip unpacks to {human_size(total)} from {human_size(archive_size)}, more than {limits.MAX_ZIP_RATIO} times its size: this is not a course package.")
    return None


def _unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why an entry's name or kind is unsafe to extract, or None."""
    name = info.filename
    if not name or any(ord(char) < 32 for char in name):
        return "has an empty name or control characters"
    if "\\" in name:
        return "uses backslashes in its path"
    if name.startswith("/"):
        return "has an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if ".." in name.split("/"):
        return "climbs out of its folder with '..'"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "is not a plain file or folder"
    return None


def _too_many(count: int) -> Rejected:
    return Rejected("ZIP_BOMB", f"The zip has {count} entries; the limit is {limits.MAX_ZIP_ENTRIES}: remove unused files.")


def _no_manifest(files: tuple[zipfile.ZipInfo, ...]) -> Rejected:
    nested = next((info.filename for info in files if posixpath.basename(info.filename).lower() == MANIFEST), None)
    if nested is not None:
        return Rejected(
            "NO_MANIFEST",
            f"imsmanifest.xml must be at the top of the zip, not at {nested!r}: zip the contents of the package's folder, not the folder.",
        )
    return Rejected("NO_MANIFEST", "This zip has no imsmanifest.xml: it is not a SCORM package; export the course as SCORM 1.2.")


def launch_path(manifest: bytes, names: set[str]) -> str | Rejected:
    """The launch page of the default organization's first SCO, which must be one of `names`."""
    from xml.etree.ElementTree import Element, ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: Element = fromstring(manifest)
    except DefusedXmlException:
        return Rejected("BAD_MANIFEST", "imsmanifest.xml declares XML entities or external references, which are not allowed: export the package again.")
    except ParseError as exc:
        return Rejected("BAD_MANIFEST", f"imsmanifest.xml is not well-formed XML ({exc}): export the package again.")
    organization = _default_organization(root)
    if organization is None:
        return Rejected("BAD_MANIFEST", "imsmanifest.xml declares no organization (no table of contents): export the package again as SCORM 1.2.")
    resources = _resources(root)
    for item in organization.iter():
        ref = item.get("identifierref") if _local(item.tag) == "item" else None
        if not ref or ref not in resources:
            continue
        resource, base = resources[ref]
        if _scorm_type(resource) != "sco" or not resource.get("href"):
            continue
        return _resolve_launch(base, str(resource.get("href")), names)
    return Rejected("BAD_MANIFEST", "imsmanifest.xml names no launchable SCO (an item referring to a resource with adlcp:scormtype=\"sco\" and an href): export the package as SCORM 1.2.")


def _resolve_launch(base: str, href: str, names: set[str]) -> str | Rejected:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return Rejected("BAD_MANIFEST", f"The SCO launches an outside address ({href}): the launch page must be inside the package.")
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else ""
    if not joined or joined.startswith(("../", "/")) or joined == "..":
        return Rejected("BAD_MANIFEST", f"The SCO's launch page {href!r} is outside the package.")
    if joined not in names:
        return Rejected("BAD_MANIFEST", f"The SCO's launch page {joined!r} named in imsmanifest.xml is not in the zip: add it or fix the manifest.")
    return joined + (f"?{parts.query}" if parts.query else "")


def _default_organization(root: Any) -> Any:
    organizations = next((child for child in root if _local(child.tag) == "organizations"), None)
    if organizations is None:
        return None
    candidates = [child for child in organizations if _local(child.tag) == "organization"]
    default = organizations.get("default")
    chosen = next((org for org in candidates if default and org.get("identifier") == default), None)
    return chosen if chosen is not None else (candidates[0] if candidates else None)


def _resources(root: Any) -> dict[str, tuple[Any, str]]:
    """identifier → (resource element, its xml:base joined with the resources element's)."""
    found: dict[str, tuple[Any, str]] = {}
    root_base = root.get(_XML_BASE) or ""
    for group in (child for child in root if _local(child.tag) == "resources"):
        group_base = posixpath.join(root_base, group.get(_XML_BASE) or "")
        for resource in (child for child in group if _local(child.tag) == "resource"):
            identifier = resource.get("identifier")
            if identifier and identifier not in found:
                found[identifier] = (resource, posixpath.join(group_base, resource.get(_XML_BASE) or ""))
    return found


def _scorm_type(resource: Any) -> str:
    """adlcp:scormtype (SCORM 1.2) or adlcp:scormType (2004), in whichever namespace the tool wrote."""
    for name, value in resource.attrib.items():
        if _local(name).lower() == "scormtype":
            return str(value).strip().lower()
    return ""


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]
