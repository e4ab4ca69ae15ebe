"""One Chromium journey per role (tests/web/roles/<role>.mjs): what each role does in the web client, with every
page it uses checked at phone and desktop width, in English and in Hindi, by axe-core (WCAG 2.1 A/AA) and for
sideways scrolling (tests/web/harness.mjs `everywhere`). The journeys share one freshly seeded dev server and
run one after another on one worker (they are the browser's, and the machine's two cores are few)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e_support import ROOT, DevServerProcess

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("role-journeys")]

ROLES = ROOT / "tests" / "web" / "roles"
ARTIFACTS = ROOT / "tests" / "artifacts" / "web" / "roles"
JOURNEY_TIMEOUT_S = 300
ROLE_FILES = sorted(ROLES.glob("*.mjs"))


@pytest.mark.parametrize("journey", ROLE_FILES, ids=[f.stem for f in ROLE_FILES])
def test_role_journey_in_chromium(journey: Path, chromium: str, web_dist: Path, dev_server: DevServerProcess) -> None:
    node = shutil.which("node")
    assert node is not None
    artifacts = ARTIFACTS / journey.stem
    artifacts.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KARMAYOGI_URL": dev_server.url, "ARTIFACTS_DIR": str(artifacts), "CHROMIUM_PATH": chromium}
    try:
        result = subprocess.run(
            [node, str(journey)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=JOURNEY_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as late:
        steps = late.stdout.decode() if isinstance(late.stdout, bytes) else (late.stdout or "")
        pytest.fail(f"the {journey.stem} journey took over {JOURNEY_TIMEOUT_S} s; its steps so far:\n{steps[-6000:]}")
    print(result.stdout)
    assert result.returncode == 0, (
        f"the {journey.stem} journey failed (screenshots in {artifacts}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    assert "journey passed" in result.stdout


def test_every_role_has_a_journey() -> None:
    expected = {"creator", "publisher", "mdo-admin", "leader", "coordinator", "moderator", "spv-admin", "learner",
                "organiser", "applicant", "newcomer"}
    assert expected <= {f.stem for f in ROLE_FILES}, f"roles without a journey: {expected - {f.stem for f in ROLE_FILES}}"
