"""The seeder stops, with the processor's reason, when a seed file is not accepted (the generator and the
processor disagree: fix one of them), and the course stays a Draft without media."""

from __future__ import annotations

from pathlib import Path

import pytest

from functions.learning import courses, repository
from functions.learning.models import CourseIn
from local import aws
from local.seed import learning
from local.seed.content import cache


def test_a_seed_file_the_processor_rejects_stops_seeding_with_the_reason(resources: aws.LocalResources,
                                                                         tmp_path: Path) -> None:
    program = tmp_path / "handout.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 2048)  # a Windows program named .pdf
    author = learning._caller("CONTENT_CREATOR")
    body = CourseIn.model_validate({
        "title": "Seed course with a bad file", "description": "A course whose handout is not a PDF.",
        "language": "en", "competencies": [{"competencyId": "c-noting-drafting", "level": 1}],
        "modules": [{"id": "m1", "title": "Module", "contents": [
            {"id": "p1", "title": "Handout", "type": "pdf", "durationMinutes": 5}]}]})
    courses.new_course_item(author.user_id, learning.PROVIDER_ORG, body, course_id="bad-seed")

    with pytest.raises(learning.SeedMediaRejected, match=r"bad-seed/p1 \(handout.pdf\) is REJECTED: \S"):
        learning.upload(author, cache.MediaFile("bad-seed", "p1", "pdf", program, "application/pdf", "en"))

    item = repository.get_course("bad-seed", consistent=True) or {}
    assert item["status"] == "Draft" and not item.get("media")
