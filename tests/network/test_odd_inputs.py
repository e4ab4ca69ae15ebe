"""Whatever a client sends to the network hub, the answer is never a 500."""

from __future__ import annotations

import pytest

from tests.network.conftest import client


@pytest.mark.parametrize("method, path, body, query", [
    ("GET", "/people", None, {"q": "#$%^"}),
    ("GET", "/people", None, {"q": "ra#", "orgId": "x" * 65}),
    ("GET", "/people", None, {"q": "ra", "designation": "<script>"}),
    ("GET", "/people", None, {"orgId": "nowhere", "cursor": "e30"}),
    ("GET", "/people/" + "u" * 65, None, None),
    ("GET", "/people/recommended", None, {"limit": 10**40}),
    ("POST", "/people/%00/block", None, None),
    ("POST", "/connections", [{"userId": "x"}], None),
    ("POST", "/connections", {"userId": "x" * 65}, None),
    ("POST", "/connections", {"userId": "u", "extra": 1}, None),
    ("POST", "/connections/..%2F../accept", None, None),
    ("DELETE", "/connections/" + "c" * 65, None, None),
    ("GET", "/connections", None, {"status": "ESTABLISHED"}),
    ("GET", "/connections", None, {"limit": -1}),
])
def test_odd_inputs_are_4xx(person, method, path, body, query):
    me = person("Meera Joshi")
    response = client(me).request(method, path, body, query=query)
    if response.status == 200:  # a harmless query that simply finds nothing
        assert response.json()["items"] == []
        return
    assert 400 <= response.status < 500, (response.status, response.json())
    assert "error" in response.json()
