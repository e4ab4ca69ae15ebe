"""The local gateway serves concurrent requests like Lambda: each in-flight request has its own
container (resolver), so responses never mix."""

from __future__ import annotations

import threading

from tests import factories


def test_concurrent_requests_get_their_own_responses(api, resources):
    factories.seed_directory()
    results: dict[int, tuple[int, object]] = {}

    def call(n: int) -> None:
        if n % 2:
            response = api.get(f"/orgs/{'mof' if n % 4 == 1 else 'nope'}")
        else:
            response = api.get("/orgs", query={"type": "ministry"})
        results[n] = (response.status, response.json())

    threads = [threading.Thread(target=call, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, (status, body) in results.items():
        if n % 2 == 0:
            assert status == 200 and {o["id"] for o in body["items"]} == {"mopp", "mof"}
        elif n % 4 == 1:
            assert status == 200 and body["id"] == "mof"
        else:
            assert status == 404 and body["error"]["code"] == "NOT_FOUND"
