"""What made moto's Step Functions serialize the dev server under load (found with a sampling profiler on the
GIL during `make load`; docs/benchmarks.md § 9). Each enrolment starts the enrolment workflow, and for every
execution moto 5.2
- parsed the state machine's definition again with its ANTLR grammar (a sixth of the server's CPU),
- built a new JSONPath parser (PLY's tables) for every path of every state,
- created a new boto3 Lambda client for every task it invoked (a tenth of the CPU: botocore copies its
  event hooks and loads the service model per client).
These keep the parse tree of each definition (each execution still gets fresh components from it), the parsed
JSONPath expressions (immutable), and one Lambda client per region. Local only; moto is pinned, and
`install()` fails loudly when an upgrade moves what it replaces."""

from __future__ import annotations

import functools
import threading
from typing import Any

_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed  # noqa: PLW0603 - once per process
    with _lock:
        if _installed:
            return
        _cache_parse_trees()
        _cache_json_paths()
        _cache_lambda_clients()
        _installed = True


def _cache_parse_trees() -> None:
    from moto.stepfunctions.parser.asl.parse import asl_parser
    from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor

    parser = asl_parser.AmazonStateLanguageParser
    original = parser.parse
    trees: dict[str, Any] = {}

    def parse(definition: str) -> tuple[Any, Any]:
        tree = trees.get(definition)
        if tree is None:  # the first parse also reports syntax errors, as before
            program, tree = original(definition)
            trees[definition] = tree
            return program, tree
        return Preprocessor().visit(tree), tree

    parser.parse = staticmethod(parse)  # type: ignore[method-assign]


def _cache_json_paths() -> None:
    from moto.stepfunctions.parser.asl.utils import json_path

    if not callable(getattr(json_path, "parse", None)):
        raise RuntimeError("moto's stepfunctions json_path.parse moved: pin moto to 5.2.x")
    json_path.parse = functools.lru_cache(maxsize=4096)(json_path.parse)


def _cache_lambda_clients() -> None:
    from moto.core.models import botocore_stubber
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    original = lambda_eval_utils.boto_client_for
    clients: dict[tuple[str, str, bool], Any] = {}
    clients_lock = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        key = (region, service, bool(botocore_stubber.enabled))
        with clients_lock:
            if key not in clients:
                clients[key] = original(region=region, service=service, state_credentials=state_credentials)
            return clients[key]

    lambda_eval_utils.boto_client_for = boto_client_for
