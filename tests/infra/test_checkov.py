"""Checkov on the synthesized prod templates (root and nested): no failed check but those skipped, with their
reasons, in infra/checkov-skips.yaml; and no skip there that no longer matches anything.

Checkov pins an old boto3, so it lives in a virtualenv of its own (`make checkov` → .venv-checkov; `make test`
creates it); CHECKOV=/path/to/checkov points at another install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.infra

ROOT = Path(__file__).resolve().parents[2]
SKIPS_FILE = ROOT / "infra" / "checkov-skips.yaml"


def checkov_executable() -> str:
    candidates = [os.environ.get("CHECKOV"), str(ROOT / ".venv-checkov" / "bin" / "checkov"), shutil.which("checkov")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("checkov is not installed: run `make checkov` (a virtualenv of its own, .venv-checkov)")


def load_skips() -> dict[str, dict]:
    skips: dict[str, dict] = yaml.safe_load(SKIPS_FILE.read_text())["skips"]
    return skips


def test_every_skip_has_a_reason():
    for check, skip in load_skips().items():
        assert check.startswith(("CKV_AWS_", "CKV2_AWS_")), check
        assert len(skip["reason"].split()) >= 15, f"{check}: say why it does not apply"


def test_prod_templates_pass_checkov(prod, tmp_path):
    for template in prod.outdir.glob("*.template.json"):
        shutil.copy(template, tmp_path / template.name)
    result = subprocess.run(
        [checkov_executable(), "--directory", str(tmp_path), "--framework", "cloudformation", "--quiet",
         "--compact", "--skip-download", "--output", "json"],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "ERROR"},
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    reports = json.loads(result.stdout) if result.stdout.strip().startswith(("[", "{")) else []
    reports = [reports] if isinstance(reports, dict) else reports
    failed = [(f["check_id"], f["resource"], f["file_path"], f["check_name"])
              for report in reports for f in report["results"]["failed_checks"]]
    assert reports and sum(r["summary"]["passed"] for r in reports) > 100, "checkov checked nothing"

    skips = load_skips()
    used: set[str] = set()
    unexpected = []
    for check, resource, path, name in failed:
        skip = skips.get(check)
        if skip and (not skip.get("only") or resource.startswith(tuple(skip["only"]))):
            used.add(check)
        else:
            unexpected.append(f"{check} {resource} ({path}): {name}")
    assert unexpected == [], "fix these, or skip them with a reason in infra/checkov-skips.yaml:\n" + "\n".join(
        unexpected)
    assert set(skips) - used == set(), "these skips match no failure any more: delete them"
