"""Certificates (issue 20): the time to make one certificate PDF, cold and warm, the credential's signature, and
the cost of making them at the Saptah peak (~100 completions a second).

- cold: a fresh interpreter imports the PDF path (fpdf2, HarfBuzz, segno, the font) and renders one certificate;
  the median of --cold runs (each a new process: what a new Lambda container pays on its first PDF).
- warm: the same process renders --warm certificates with different names and titles (English and Hindi);
  the median and 95th percentile.
- the credential: sign and verify (karmayogi.domain.credentials), median of 200.
- cost: each completion's PDF is made once (at its first download; the worst case is every learner downloading
  it), on the learning hub (1,024 MB, arm64): the warm time x CPU_SCALE (a 1,024 MB function has ~0.58 of the
  vCPU this machine gives one process) billed per 1 ms as GB-seconds, plus one S3 PUT and the object's storage.
  Prices: bench/cost.py's Lambda price and S3's, ap-south-1, as dated there.

    python bench/certificates.py [--cold 5] [--warm 50] [--json bench/results/certificates.json]"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.cost import CPU_SCALE, PRICES, PRICES_DATE  # noqa: E402
from bench.report import write_json  # noqa: E402

# S3 Standard, ap-south-1 (the AWS public price list as dated in bench/cost.py; not fetched live).
S3_PUT = 0.005 / 1000  # PUT, COPY, POST, LIST requests per request
S3_GB_MONTH = 0.025  # storage, first 50 TB per month
LEARNING_HUB_GB = 1.0  # the learning hub's memory (infra/constructs/hub_function.py: 1,024 MB)
PEAK_PER_SECOND = 100  # completions a second at the Saptah peak (issue 20)

COLD_SNIPPET = r"""
import sys, time
sys.path[:0] = [{root!r}, {root!r} + "/layers/core/python"]
start = time.perf_counter()
from functions.learning.certificates_pdf import CertificateText, render
imported = time.perf_counter()
body = render(CertificateText("01KCOLD", "राजेश कुमार शर्मा", "डिजिटल शासन / Digital Governance",
                              "2026-12-01T10:00:00+05:30", "Department of Personnel and Training",
                              "https://karmayogi.example/app/certificates/01KCOLD",
                              competencies=[("Noting and drafting / टिप्पण और प्रारूपण", 2)]))
done = time.perf_counter()
print((imported - start) * 1000, (done - imported) * 1000, len(body))
"""


def cold(runs: int) -> dict[str, float]:
    imports, renders, sizes = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD_SNIPPET.format(root=str(ROOT))], check=True,
                             capture_output=True, text=True).stdout.split()
        imports.append(float(out[0]))
        renders.append(float(out[1]))
        sizes.append(int(out[2]))
    return {"import_ms": statistics.median(imports), "first_render_ms": statistics.median(renders),
            "total_ms": statistics.median(i + r for i, r in zip(imports, renders, strict=True)),
            "pdf_bytes": statistics.median(sizes)}


def warm(count: int) -> dict[str, float]:
    from functions.learning.certificates_pdf import CertificateText, render

    render(CertificateText("warmup", "A", "B", "2026-12-01T10:00:00+05:30", "C", "https://x/y"))
    times, sizes = [], []
    for n in range(count):
        text = CertificateText(
            f"01KWARM{n:05d}", f"अधिकारी {n} Officer {n}", f"पाठ्यक्रम {n}: Public Procurement Essentials {n}",
            "2026-12-01T10:00:00+05:30", "Institute of Secretariat Training and Management",
            f"https://karmayogi.example/app/certificates/01KWARM{n:05d}",
            competencies=[(f"Competency {k} / दक्षता {k}", 1 + k % 5) for k in range(n % 4)])
        start = time.process_time()
        body = render(text)
        times.append((time.process_time() - start) * 1000)
        sizes.append(len(body))
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))],
            "pdf_bytes": statistics.median(sizes)}


def credential_times(count: int = 200) -> dict[str, float]:
    from karmayogi.domain import credentials

    key = credentials.parse_key(credentials.new_key_pair())
    issuer = credentials.issuer_document(key)
    certificate = {"id": "01KSIGN", "learnerName": "राजेश कुमार", "courseId": "c1", "courseTitle": "Digital Governance",
                   "issuedAt": "2026-12-01T10:00:00+05:30", "providerName": "DoPT", "providerOrgId": "dopt",
                   "competencies": [{"competencyId": "c-noting", "level": 2}]}
    signs, verifies = [], []
    for _ in range(count):
        start = time.process_time()
        signed = credentials.sign(credentials.unsigned_credential(certificate, key.did), key)
        middle = time.process_time()
        assert credentials.verify(signed, issuer).outcome == "valid"
        verifies.append((time.process_time() - middle) * 1000)
        signs.append((middle - start) * 1000)
    return {"sign_ms": statistics.median(signs), "verify_ms": statistics.median(verifies)}


def cost(warm_ms: float, pdf_bytes: float) -> dict[str, float]:
    lambda_ms = warm_ms * CPU_SCALE + 15  # + the S3 PUT and the certificate's reads (~15 ms of waiting)
    billed_ms = float(int(lambda_ms) + 1)
    per_certificate = {
        "lambda": billed_ms / 1000 * LEARNING_HUB_GB * PRICES["lambda_arm_gb_second"] + PRICES["lambda_request"],
        "s3_put": S3_PUT,
        "s3_storage_year": pdf_bytes / 1e9 * S3_GB_MONTH * 12,
    }
    total = sum(per_certificate.values())
    per_hour = PEAK_PER_SECOND * 3600
    return {
        "lambda_ms_estimated": lambda_ms,
        "per_certificate_usd": total,
        "per_certificate_breakdown_usd": per_certificate,
        "per_million_usd": total * 1e6,
        "peak_hour_usd": total * per_hour,
        "peak_certificates_per_hour": per_hour,
        "peak_concurrency": PEAK_PER_SECOND * lambda_ms / 1000,
        "prices": PRICES_DATE,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold", type=int, default=5, help="fresh-process runs")
    parser.add_argument("--warm", type=int, default=50, help="certificates rendered in one process")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"cold": cold(args.cold), "warm": warm(args.warm), "credential": credential_times()}
    figures["cost"] = cost(figures["warm"]["median_ms"], figures["warm"]["pdf_bytes"])
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
