"""Powertools' event handler keeps the request being served on the `BaseRouter` class
(`BaseRouter.current_event = ...` in `resolve`), which is right in Lambda — one invocation per process at
a time — but not in the dev server, which serves requests on threads. This makes those two class
attributes thread-local, locally only, so concurrent requests never see each other's event."""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()
_installed = False


def install() -> None:
    global _installed  # noqa: PLW0603 - once per process
    if _installed:
        return
    from aws_lambda_powertools.event_handler import api_gateway

    base = api_gateway.BaseRouter
    names = ("current_event", "lambda_context")

    def reader(name: str) -> Any:
        return lambda _owner: getattr(_state, name, None)

    def writer(name: str) -> Any:
        return lambda _owner, value: setattr(_state, name, value)

    # Instance access (`app.current_event`) goes through properties on the class (set first: once the
    # metaclass below is in place, assigning on the class would go through it instead)…
    for name in names:
        setattr(base, name, property(reader(name), writer(name)))
    # …and class-level access (`BaseRouter.current_event = ...` in `resolve`) through the metaclass.
    metaclass = type(base)
    thread_local_meta = type(
        "ThreadLocalRouterMeta",
        (metaclass,),
        {name: property(reader(name), writer(name)) for name in names},
    )
    base.__class__ = thread_local_meta  # type: ignore[method-assign]
    _installed = True
