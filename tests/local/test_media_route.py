"""The dev server's /media route over HTTP (local/server.py → local/cdn.py), as a browser meets it: a
creator uploads a real pdf through the presigned POST (moto's S3 on its own port), previews it (GET .../play
answers the signed address and three Set-Cookie headers), and the address opens on the same server — whole,
by a byte range, and by the cookies alone; a tampered address is refused."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
import requests

from tests.learning.test_uploads import _pdf_of

pytestmark = pytest.mark.e2e

PDF = _pdf_of(2)


def test_a_previewed_pdf_opens_on_the_dev_server(dev_server):
    accounts = dev_server.request("GET", "/_local/demo-accounts").json()["accounts"]
    creator = next(a for a in accounts if "CONTENT_CREATOR" in a["roles"])
    token = dev_server.login(creator["username"], creator["password"])
    course = dev_server.request("POST", "/courses", {
        "title": "Handbook", "description": "A handbook", "language": "en", "competencies": [],
        "modules": [{"id": "m1", "title": "One", "contents": [
            {"id": "p1", "title": "Handbook", "type": "pdf", "durationMinutes": 5}]}]}, token=token)
    assert course.status == 201, course.body
    course_id = course.json()["id"]
    opened = dev_server.request("POST", f"/courses/{course_id}/contents/p1/uploads",
                                {"fileName": "handbook.pdf", "mediaType": "application/pdf", "sizeBytes": len(PDF)},
                                token=token)
    assert opened.status == 201, opened.body
    upload = opened.json()
    sent = requests.post(upload["url"], data=upload["fields"],
                         files={"file": ("handbook.pdf", PDF, "application/pdf")}, timeout=30)
    assert sent.status_code in (200, 201, 204), sent.text
    done = dev_server.request("POST", f"/courses/{course_id}/contents/p1/uploads/{upload['uploadId']}/complete",
                              token=token)
    assert done.status == 202 and done.json()["status"] == "READY", done.body

    played = requests.get(f"{dev_server.url}/courses/{course_id}/contents/p1/play",
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert played.status_code == 200, played.text
    url = played.json()["url"]
    assert url.startswith(f"/media/{course_id}/p1/{upload['uploadId']}/source?Policy=")
    set_cookies = played.raw.headers.getlist("Set-Cookie")
    assert len(set_cookies) == 3  # one header each, never joined
    jar: SimpleCookie = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    assert set(jar) == {"CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"}
    assert all(m["path"] == f"/media/{course_id}/p1/{upload['uploadId']}/" for m in jar.values())

    whole = requests.get(dev_server.url + url, timeout=30)
    assert whole.status_code == 200 and whole.content == PDF
    assert "connect-src 'none'" in whole.headers["Content-Security-Policy"]
    part = requests.get(dev_server.url + url, headers={"Range": "bytes=0-3"}, timeout=30)
    assert (part.status_code, part.content, part.headers["Content-Range"]) == (206, b"%PDF", f"bytes 0-3/{len(PDF)}")
    by_cookie = requests.get(dev_server.url + url.split("?")[0], timeout=30,
                             cookies={name: morsel.value for name, morsel in jar.items()})
    assert by_cookie.status_code == 200 and by_cookie.content == PDF
    assert requests.get(dev_server.url + url.split("?")[0], timeout=30).status_code == 403
    assert requests.get(dev_server.url + url.replace("Signature=", "Signature=A"), timeout=30).status_code == 403
