"""Lighthouse on the learner's pages at phone size (`make lighthouse`; not part of `make test`): starts a dev
server of its own on a free port, signs in the demo learner (and enrols them in the open batch of the
"Introduction to e-Office" course when they are not yet), and runs web/scripts/lighthouse.mjs in Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium) on the home page, the course page and a content's learn page
(the pdf player). Prints per page the performance, accessibility and best-practices scores (0-100) and the
key timings, and Chromium's installability errors (CDP Page.getInstallabilityErrors; none = installable).

Usage: python bench/lighthouse.py [--json bench/results/lighthouse.json]"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from tests.e2e_support import DevServerProcess  # noqa: E402

LEARNER = ("arjun.nair@kerala.gov.in", "Karmayogi@2026")
COURSE_ID = "intro-e-office"
LEARN_CONTENT_ID = "eo-m3-c1"  # the course's pdf handout
PAGES = ["/app/", f"/app/courses/{COURSE_ID}", f"/app/courses/{COURSE_ID}/learn/{LEARN_CONTENT_ID}"]


def prepare(server: DevServerProcess, token: str) -> None:
    """The learner's competency profile (the app asks for it before any learner page) and enrolment."""
    if not server.request("GET", "/me", token=token).json().get("profileComplete"):
        saved = server.request("PUT", "/me/competency-profile", {
            "roles": ["file processing"], "competencies": [{"competencyId": "c-e-office", "level": 1}],
            "desiredCompetencies": [{"competencyId": "c-e-office", "level": 3}], "interests": ["digital governance"],
        }, token=token)
        assert saved.status == 200, saved.body
    mine = server.request("GET", "/me/enrolments?limit=100", token=token).json()["items"]
    if any(e["courseId"] == COURSE_ID and e["status"] in ("ENROLLED", "IN_PROGRESS", "COMPLETED") for e in mine):
        return
    batches = server.request("GET", f"/courses/{COURSE_ID}/batches", token=token).json()["items"]
    batch = next(b for b in batches if not b.get("requiresApproval"))
    created = server.request("POST", f"/courses/{COURSE_ID}/enrolments", {"batchId": batch["id"]}, token=token)
    assert created.status in (200, 201, 202), created.body
    enrolment_id = created.json()["enrolmentId"]
    for _ in range(60):
        if server.request("GET", f"/enrolments/{enrolment_id}", token=token).json()["status"] in ("ENROLLED",
                                                                                                  "IN_PROGRESS"):
            return
        time.sleep(0.5)
    raise RuntimeError("the enrolment did not settle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    server = DevServerProcess()
    try:
        login = server.request("POST", "/auth/login", {"username": LEARNER[0], "password": LEARNER[1]}).json()
        prepare(server, login["accessToken"])
        env = {**os.environ, "BASE": server.url, "TOKENS": json.dumps(login), "PAGES": json.dumps(PAGES),
               "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        result = subprocess.run(["node", str(ROOT / "web" / "scripts" / "lighthouse.mjs")], cwd=ROOT / "web", env=env,
                                capture_output=True, text=True, timeout=900, check=False)
    finally:
        server.stop()
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        return 1
    report = json.loads(result.stdout)
    wrong = [(p["path"], p["finalUrl"]) for p in report["pages"] if not p["finalUrl"].endswith(p["path"])]
    if wrong:
        print(f"audited another page than asked (signed out, or redirected): {wrong}", file=sys.stderr)
        return 1
    print(f"installable: {'yes' if not report['installabilityErrors'] else report['installabilityErrors']}")
    print(f"{'page':<48} {'perf':>5} {'a11y':>5} {'best':>5}  FCP / LCP / TBT / CLS")
    for page in report["pages"]:
        scores, timings = page["scores"], page["timings"]
        print(f"{page['path']:<48} {scores['performance']:>5} {scores['accessibility']:>5} "
              f"{scores['best-practices']:>5}  {timings['first-contentful-paint']} / "
              f"{timings['largest-contentful-paint']} / {timings['total-blocking-time']} / "
              f"{timings['cumulative-layout-shift']}")
        for failed in page["failedAudits"]:
            print(f"{'':<48} below 90: {failed}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
