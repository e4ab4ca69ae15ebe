"""One Logger, Tracer and Metrics for the whole platform, with personal data kept out of the logs."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

# Defence in depth behind house rule 6 (docs/architecture.md: log ids, never PII): anything that looks like an email, an Indian
# mobile, an OTP, a JWT or a password field is masked before a record is written.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_MOBILE = re.compile(r"(?<!\w)(\+?91[\s-]?)?[6-9]\d{9}(?!\w)")
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
_OTP = re.compile(r"(?<!\w)\d{6}(?!\w)")
# Fields whose whole value is secret: passwords, OTP codes, tokens, keys (not e.g. `errorCode`).
_SECRET_FIELDS = re.compile(r"(?i)^(.*password|otp|code|.*token|.*secret|authorization)$")

MASK = "*****"


def redact(text: str) -> str:
    text = _JWT.sub(MASK, text)
    text = _EMAIL.sub(MASK, text)
    text = _MOBILE.sub(MASK, text)
    return _OTP.sub(MASK, text)


def _redact_value(key: str, value: Any) -> Any:
    if isinstance(value, str):
        return MASK if _SECRET_FIELDS.search(key) else redact(value)
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(key, v) for v in value]
    return value


_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


class PiiRedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        elif isinstance(record.msg, dict):
            record.msg = _redact_value("msg", record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_redact_value("arg", a) for a in args)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRIBUTES:
                record.__dict__[key] = _redact_value(key, value)
        return True


class PiiRedactingFormatter(LambdaPowertoolsFormatter):
    """The filter cannot reach an exception's text: Powertools formats `exc_info` itself when it writes the
    record, and an AWS error message may carry an address (SES names the recipients it refused). So the
    traceback and the structured stack trace (its exception value and source lines) are redacted here, as
    they are formatted."""

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))

    def _serialize_stacktrace(self, log_record: logging.LogRecord) -> Any:
        stack_trace = super()._serialize_stacktrace(log_record)
        if stack_trace:
            stack_trace["value"] = redact(str(stack_trace.get("value")))
            for frame in stack_trace.get("frames") or []:
                frame["statement"] = redact(str(frame.get("statement") or ""))
        return stack_trace


logger = Logger(service="karmayogi", logger_formatter=PiiRedactingFormatter(use_rfc3339=True))
for _handler in logger.handlers:
    _handler.addFilter(PiiRedactingFilter())
logger.addFilter(PiiRedactingFilter())

metrics = Metrics(namespace="Karmayogi", service="karmayogi")

# X-Ray: the functions run with active tracing (a segment per invocation, from the Lambda service). The
# Powertools Tracer adds subsegments for every AWS call but imports the X-Ray SDK (~130 ms of cold start,
# more than this design's whole budget over the floor — see bench/cold_start.py), so it is opt-in per
# stage: KARMAYOGI_DEEP_TRACING=true.
DEEP_TRACING = os.environ.get("KARMAYOGI_DEEP_TRACING", "false").lower() == "true"

Handler = Callable[..., Any]


def traced(handler: Handler) -> Handler:
    """Wrap a Lambda handler with the Powertools Tracer when deep tracing is on; otherwise unchanged."""
    if not DEEP_TRACING:
        return handler
    from aws_lambda_powertools import Tracer

    tracer = Tracer(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "karmayogi"))
    wrapped: Handler = tracer.capture_lambda_handler(handler, capture_response=False)
    return wrapped
