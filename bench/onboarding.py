"""Bulk onboarding at national scale (issue 18, "Measure"): a 100,000-row import on the local stand-in, through
the worker's real steps (functions/auth/imports.run_here: the file checked and streamed into its normalised copy,
then batches of 100 rows), with the invitations queued on SQS as in AWS (the sender's own work is one email and
one SMS each, projected at the deployed pace).

Prints and writes (--json):
- the import's wall time on this machine, the table in moto (`--engine dynamodb-local`: on DynamoDB Local, whose
  transactions were no faster here: 6,600 rows in 10 minutes on a loaded machine): an upper bound of the worker's
  own work, not of a deployed run, where 10 batches run at once;
- DynamoDB requests (and items written) per row, counted with botocore's event hooks: what a deployed import
  pays for;
- the peak Python memory of the file's check and of one batch (tracemalloc): the file is streamed, never held
  whole, so the check's own peak (measured apart, on local files) stays flat whatever the file's size;
- the projected send time of the invitations at the deployed pace (infra/constructs/onboarding.py: 2 senders x
  INVITATION_SEND_RATE) and at SES/SNS's default account rates.

    .venv/bin/python bench/onboarding.py [--rows 100000] [--json bench/results/onboarding.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]

from local import aws  # noqa: E402 - after the path set-up above

aws.fake_credentials()

from moto import mock_aws  # noqa: E402

HEADER = "employeeId,name,email,mobile,designation"
FIRST = ["Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Kavita", "Arjun", "Meera", "Sanjay", "Sunita", "राम", "सीता"]
LAST = ["Sharma", "Verma", "Iyer", "Nair", "Reddy", "Das", "Singh", "Gupta", "Khan", "Rao", "कुमार", "देवी"]


def employee_csv(rows: int, designations: list[str], domain: str) -> bytes:
    """`rows` employees of one ministry, with the mix a real file has: ~1 % duplicates and ~1 % bad mobiles."""
    rng = random.Random(7)
    out = io.StringIO()
    out.write("\ufeff" + HEADER + "\r\n")
    for n in range(rows):
        kind = rng.random()
        number = n - 1 if kind < 0.01 and n else n  # a duplicate of the row before
        mobile = "12345" if 0.01 <= kind < 0.02 else f"9{number:09d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        out.write(f"EMP{number:07d},{name},officer{number}@{domain},{mobile},{rng.choice(designations)}\r\n")
    return out.getvalue().encode("utf-8")


class Counter:
    def __init__(self) -> None:
        self.requests: dict[str, int] = defaultdict(int)
        self.items_written = 0

    def before(self, event_name: str, params: dict[str, Any] | None = None, **_: Any) -> None:
        """botocore's before-parameter-build: one call per request, with the API's own parameters."""
        operation = event_name.rsplit(".", 1)[-1]
        self.requests[operation] += 1
        if operation == "TransactWriteItems" and params:
            self.items_written += len(params.get("TransactItems", []))
        elif operation == "BatchWriteItem" and params:
            self.items_written += sum(len(v) for v in params.get("RequestItems", {}).values())
        elif operation in ("PutItem", "UpdateItem"):
            self.items_written += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--engine", choices=("moto", "dynamodb-local"), default="moto",
                        help="the table's engine (the other services are moto's either way)")
    args = parser.parse_args()

    engine = None
    if args.engine == "dynamodb-local":
        from local.dynamodb_local import DynamoDBLocal

        engine = DynamoDBLocal().start()
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = engine.endpoint  # mock_aws passes a local endpoint through
    try:
        result = _run(args.rows)
    finally:
        if engine is not None:
            engine.stop()
    result["engine"] = args.engine
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if result["status"] == "COMPLETED" else 1


def _check_alone(body: bytes, import_worker: Any) -> int:
    """The peak memory of the file's check alone (import_worker.write_normalised from and to local files): the
    stand-in's S3 keeps the uploaded file and the normalised copy in this process, which Lambda's memory never
    holds, and tracemalloc counts them in the whole `prepare`."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "upload.csv"
        source.write_bytes(body)
        tracemalloc.start()
        with source.open("rb") as raw, (Path(folder) / "rows.csv").open("w", encoding="utf-8", newline="") as out:
            import_worker.write_normalised(raw, out)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def _run(rows: int) -> dict[str, Any]:
    with mock_aws():
        aws.provision()
        import boto3

        from functions.auth import import_storage, import_worker, imports, repository_imports
        from infra.constructs.onboarding import SEND_RATE_PER_SENDER, SENDER_CONCURRENCY
        from karmayogi.platform import aws as platform_aws
        from karmayogi.platform import clock, db, settings
        from local.seed import directory
        from local.seed.data.designations import DESIGNATIONS
        from local.seed.data.orgs import ORGS_BY_ID

        directory.seed()
        mha = ORGS_BY_ID["mha"]
        queue = boto3.client("sqs", region_name=aws.REGION).create_queue(QueueName="invitations")["QueueUrl"]
        os.environ["INVITATIONS_QUEUE_URL"] = queue
        settings.reset_settings()
        body = employee_csv(rows, [d.id for d in DESIGNATIONS[:40]], mha.email_domains[0])
        import_id = "bench" + "0" * 27
        key, rows_key = import_storage.keys_for(mha.id, import_id)
        boto3.client("s3", region_name=aws.REGION).put_object(Bucket=import_storage.bucket(), Key=key, Body=body)
        repository_imports.new_import({
            "importId": import_id, "orgId": mha.id, "fileName": "bench.csv", "sizeBytes": len(body), "key": key,
            "rowsKey": rows_key, "status": import_worker.VALIDATING, "processed": 0, "invited": 0, "rejected": 0,
            "createdAt": clock.now_iso(), "createdBy": "bench", "language": "en"})

        counter = Counter()
        for client in (platform_aws.client("dynamodb"), db.resource().meta.client):
            client.meta.events.register("before-parameter-build.dynamodb", counter.before)

        # The file's check, with tracemalloc (it slows Python down several times: only here and for one batch).
        tracemalloc.start()
        started = time.perf_counter()
        import_worker.prepare(import_id)
        check_seconds = time.perf_counter() - started
        _, check_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        own_check_peak = _check_alone(body, import_worker)
        batch_peak = 0
        batch: list[dict[str, str]] = []
        measured = False
        sqs = boto3.client("sqs", region_name=aws.REGION)
        queued = 0

        def senders_take_the_invitations() -> int:
            """The queue as the senders leave it: every message received and deleted (they are not sent here:
            the send time is projected from the deployed pace). moto's SQS walks every message it holds on each
            send (its approximate count), so a queue left to grow to 100,000 messages made the run quadratic."""
            taken = 0
            while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
                sqs.delete_message_batch(QueueUrl=queue, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
                taken += len(messages)
            return taken

        for line in import_storage.rows_of(rows_key):
            batch.append(line)
            if len(batch) == import_worker.BATCH_ROWS:
                if not measured:
                    tracemalloc.start()
                import_worker.process_batch(import_id, batch)
                if not measured:
                    batch_peak = tracemalloc.get_traced_memory()[1]
                    tracemalloc.stop()
                    measured = True
                batch = []
                queued += senders_take_the_invitations()
        if batch:
            import_worker.process_batch(import_id, batch)
        queued += senders_take_the_invitations()
        import_worker.finish(import_id)
        seconds = time.perf_counter() - started
        done = repository_imports.get_import(import_id, consistent=True) or {}
        del imports

    invited = int(done.get("invited", 0))
    pace = SENDER_CONCURRENCY * SEND_RATE_PER_SENDER
    dynamo = dict(sorted(counter.requests.items()))
    total_requests = sum(dynamo.values())
    result = {
        "rows": rows, "fileBytes": len(body), "status": done.get("status"), "invited": invited,
        "rejected": int(done.get("rejected", 0)), "seconds": round(seconds, 1),
        "fileCheckSeconds": round(check_seconds, 1),
        "dynamodbRequests": dynamo, "dynamodbRequestsPerRow": round(total_requests / rows, 2),
        "itemsWrittenPerRow": round(counter.items_written / rows, 2),
        "fileCheckPeakMiB": round(check_peak / 2**20, 2), "fileCheckAlonePeakMiB": round(own_check_peak / 2**20, 2),
        "batchPeakMiB": round(batch_peak / 2**20, 2), "invitationsQueued": queued, "sendPacePerSecond": pace,
        "projectedSendHours": round(invited / pace / 3600, 2),
        "projectedSendHoursAtSes14PerSecond": round(invited / 14 / 3600, 2),
    }
    print(f"import of {rows:,} rows ({len(body) / 2**20:.1f} MiB): {result['status']} in {seconds:.0f} s on this "
          f"machine (the file's check {check_seconds:.1f} s); {invited:,} invited, {result['rejected']:,} rejected")
    print(f"DynamoDB: {result['dynamodbRequestsPerRow']} requests and {result['itemsWrittenPerRow']} items written per "
          f"row ({', '.join(f'{k} {v:,}' for k, v in dynamo.items())})")
    print(f"peak Python memory: the file's check {result['fileCheckAlonePeakMiB']} MiB alone, "
          f"{result['fileCheckPeakMiB']} MiB with the stand-in's S3 copies (the file is {len(body) / 2**20:.1f} MiB); "
          f"one batch of {import_worker.BATCH_ROWS} rows {result['batchPeakMiB']} MiB "
          "(the local stand-in's own allocations included)")
    print(f"queued {result['invitationsQueued']:,} invitation messages; sending {invited:,} invitations at "
          f"{pace}/s (2 senders x {SEND_RATE_PER_SENDER}/s): "
          f"{result['projectedSendHours']} h; at SES's 14/s: {result['projectedSendHoursAtSes14PerSecond']} h")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
