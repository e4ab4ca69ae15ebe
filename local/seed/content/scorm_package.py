"""A SCORM 1.2 package with one SCO: a quiz page that talks to the LMS through the SCORM 1.2 API
(`window.parent.API`, or the nearest ancestor's): LMSInitialize, LMSSetValue of cmi.core.score.raw and
cmi.core.lesson_status, LMSCommit, LMSFinish."""

from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

from local.seed.data.courses import Quiz

FIXED_TIME = (2026, 1, 26, 0, 0, 0)  # every entry's timestamp: the zip is the same byte for byte each time

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{title}</title>
      <item identifier="ITEM-1" identifierref="RES-1" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="quiz.js"/>
    </resource>
  </resources>
</manifest>
"""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1e1e1e; }}
fieldset {{ margin: 1rem 0; border: 1px solid #ccc; border-radius: .5rem; }}
legend {{ font-weight: 600; }} label {{ display: block; margin: .3rem 0; }}
button {{ font-size: 1rem; padding: .5rem 1.5rem; }} #result {{ font-weight: 600; margin-top: 1rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Pass mark: {mastery}%. Answer every question, then submit.</p>
<form id="quiz">{questions}
<button type="submit">Submit</button>
</form>
<p id="result" role="status"></p>
<script id="answers" type="application/json">{answers}</script>
<script src="quiz.js"></script>
</body>
</html>
"""

SCRIPT = """// SCORM 1.2 runtime: find the LMS's API object (window.parent.API first, then further ancestors and the opener).
(function () {
  "use strict";
  function findAPI(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      if (win.API) { return win.API; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window.parent) || (window.opener ? findAPI(window.opener) : null);
  var finished = false;
  var data = JSON.parse(document.getElementById("answers").textContent);
  var result = document.getElementById("result");

  if (api) {
    api.LMSInitialize("");
    var status = api.LMSGetValue("cmi.core.lesson_status");
    if (status === "not attempted" || status === "") { api.LMSSetValue("cmi.core.lesson_status", "incomplete"); api.LMSCommit(""); }
  } else {
    result.textContent = "Not launched from the learning platform: your result will not be recorded.";
  }

  function chosen(questionId) {
    var boxes = document.querySelectorAll("input[name='" + questionId + "']:checked");
    return Array.prototype.map.call(boxes, function (box) { return box.value; }).sort().join("");
  }

  document.getElementById("quiz").addEventListener("submit", function (event) {
    event.preventDefault();
    var right = 0;
    data.questions.forEach(function (q) { if (chosen(q.id) === q.correct) { right++; } });
    var score = Math.round(100 * right / data.questions.length);
    var passed = score >= data.mastery;
    result.textContent = "Score: " + score + "% (" + right + " of " + data.questions.length + "). " + (passed ? "Passed." : "Not passed: try again.");
    if (api && !finished) {
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(score));
      api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
      api.LMSCommit("");
      if (passed) { api.LMSFinish(""); finished = true; }
    }
  });
  window.addEventListener("pagehide", function () { if (api && !finished) { api.LMSFinish(""); finished = true; } });
})();
"""


def _questions(quiz: Quiz) -> str:
    blocks = []
    for number, question in enumerate(quiz.questions, start=1):
        kind = "radio" if question.kind == "single" else "checkbox"
        options = "".join(
            f'\n  <label><input type="{kind}" name="{html.escape(question.id)}" value="{html.escape(option.id)}"> '
            f"{html.escape(option.text)}</label>"
            for option in question.options
        )
        blocks.append(f"\n<fieldset><legend>{number}. {html.escape(question.text)}</legend>{options}\n</fieldset>")
    return "".join(blocks)


def build(quiz: Quiz, title: str, identifier: str, path: Path) -> Path:
    """Writes the package (imsmanifest.xml, index.html, quiz.js) as a zip at `path`."""
    answers = {
        "mastery": quiz.pass_percent,
        "questions": [{"id": q.id, "correct": "".join(sorted(q.correct))} for q in quiz.questions],
    }
    files = {
        "imsmanifest.xml": MANIFEST.format(identifier=identifier, title=html.escape(title), mastery=quiz.pass_percent),
        "index.html": PAGE.format(title=html.escape(title), mastery=quiz.pass_percent, questions=_questions(quiz),
                                  answers=json.dumps(answers).replace("</", "<\\/")),
        "quiz.js": SCRIPT,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return path
