"""The local gateway serves concurrent requests like Lambda: each in-flight request has its own
container (resolver), so responses never mix."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests import factories


def test_concurrent_requests_get_their_own_responses(api, resources):
    factories.seed_directory()

    def call(n: int) -> tuple[int, Any]:
        if n % 2:
            response = api.get(f"/orgs/{'mof' if n % 4 == 1 else 'nope'}")
        else:
            response = api.get("/orgs", query={"type": "ministry"})
        return response.status, response.json()

    with ThreadPoolExecutor(max_workers=24) as pool:
        futures = {n: pool.submit(call, n) for n in range(24)}
    results = {n: future.result() for n, future in futures.items()}  # re-raises a failed call here
    assert sorted(results) == list(range(24))
    for n, (status, body) in results.items():
        if n % 2 == 0:
            assert status == 200 and {o["id"] for o in body["items"]} == {"mopp", "mof"}
        elif n % 4 == 1:
            assert status == 200 and body["id"] == "mof"
        else:
            assert status == 404 and body["error"]["code"] == "NOT_FOUND"
