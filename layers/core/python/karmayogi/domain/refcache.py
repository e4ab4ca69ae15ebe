"""A small per-container cache of reference data: items that change rarely and decide nothing about who
may do what (the competency framework, designations, organisations, designation requirements, career
paths, the Live courses that build a competency).

Bounded (least recently used entries go first), with a short time to live measured on the container's
monotonic clock (not karmayogi.platform.clock, which the dev server may move), so a change made in another container
is seen within `TTL_SECONDS`; a change made through this container forgets its entry at once (`forget`).
Never cache roles, membership or ownership here: those are read on every request.

The cache belongs to one table: when the table client is replaced (tests create a fresh table, the dev
server re-provisions), everything cached is dropped."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from karmayogi.platform import db, keys
from karmayogi.platform.container_cache import MISSING, ContainerCache

TTL_SECONDS = 60.0
MAX_ENTRIES = 4096

_ABSENT = object()  # a remembered absence (`remember_missing`)
_cache = ContainerCache(TTL_SECONDS, MAX_ENTRIES, clock=lambda: time.monotonic())  # noqa: PLW0108 - late-bound (tests move it)
_entries = _cache.entries


def reset() -> None:
    """Forget everything (tests may call it; a new table client does it by itself)."""
    _cache.reset()


def lookup(
    kind: str,
    ids: Iterable[Hashable],
    load: Callable[[list[Any]], dict[Any, Any]],
    *,
    remember_missing: bool = False,
    ttl: float = TTL_SECONDS,
) -> dict[Any, Any]:
    """id → value for each id found, from the cache or, for the ids not cached (or expired), from one call
    of `load(ids)` (which returns id → value for those that exist). With `remember_missing`, an id that
    `load` did not find is remembered as absent too (for data whose absence is itself reference data)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[Any, Any] = {}
    missing: list[Any] = []
    with _cache.lock:
        for item_id in wanted:
            value = _cache.get((kind, item_id))
            if value is MISSING:
                missing.append(item_id)
            elif value is not _ABSENT:
                found[item_id] = value
    if not missing:
        return found
    loaded = load(missing)
    with _cache.lock:
        for item_id in missing:
            if item_id in loaded:
                found[item_id] = loaded[item_id]
                _cache.put((kind, item_id), loaded[item_id], ttl)
            elif remember_missing:
                _cache.put((kind, item_id), _ABSENT, ttl)
    return found


def lookup_one(kind: str, item_id: Hashable, load: Callable[[Any], Any], *, remember_missing: bool = False,
               ttl: float = TTL_SECONDS) -> Any:
    """The value of one id (None when absent), cached as `lookup` does; `load(id)` returns it or None."""
    def load_many(ids: list[Any]) -> dict[Any, Any]:
        value = load(ids[0])
        return {} if value is None else {ids[0]: value}

    return lookup(kind, [item_id], load_many, remember_missing=remember_missing, ttl=ttl).get(item_id)


def forget(kind: str, *ids: Hashable) -> None:
    """Drop cached entries after this container changed them."""
    _cache.forget(*((kind, item_id) for item_id in ids))


# ---- the directory and the framework (written by the auth and competency hubs) --------------------------

def _by_id(keys_of: Callable[[str], tuple[str, str]]) -> Callable[[list[Any]], dict[Any, Any]]:
    def load(ids: list[Any]) -> dict[Any, Any]:
        return {item["id"]: item for item in db.batch_get([keys_of(i) for i in ids]) if "id" in item}
    return load


def competencies(competency_ids: Iterable[str]) -> dict[str, db.Item]:
    """Framework competencies by id (competencies are never deleted; an edit forgets its entry)."""
    return lookup("competency", competency_ids, _by_id(keys.competency_key))


def designations(designation_ids: Iterable[str]) -> dict[str, db.Item]:
    return lookup("designation", designation_ids, _by_id(keys.designation_key))


def orgs(org_ids: Iterable[str]) -> dict[str, db.Item]:
    return lookup("org", org_ids, _by_id(keys.org_key))


def org(org_id: str) -> db.Item | None:
    return orgs([org_id]).get(org_id)


_DIRECTORY_KEYS: dict[str, Callable[[str], tuple[str, str]]] = {
    "competency": keys.competency_key, "designation": keys.designation_key, "org": keys.org_key,
}


def directory(*, competency_ids: Iterable[str] = (), designation_ids: Iterable[str] = (),
              org_ids: Iterable[str] = ()) -> tuple[dict[str, db.Item], dict[str, db.Item], dict[str, db.Item]]:
    """`competencies`, `designations` and `orgs` at once: what is not cached comes in one BatchGetItem
    (per 100 keys) for the three kinds together."""
    wanted = {"competency": list(dict.fromkeys(competency_ids)), "designation": list(dict.fromkeys(designation_ids)),
              "org": list(dict.fromkeys(org_ids))}
    loaded: dict[str, dict[str, db.Item]] = {}
    attempted: set[tuple[str, str]] = set()

    def load_all() -> None:
        """One BatchGetItem for every kind's uncached ids (run once, on the first kind that misses)."""
        with _cache.lock:
            missing = [(kind, i) for kind, ids in wanted.items() for i in ids if _cache.expired((kind, i))]
        by_key = {_DIRECTORY_KEYS[kind](i): (kind, i) for kind, i in missing}
        attempted.update(missing)
        for kind in wanted:
            loaded[kind] = {}
        for item in db.batch_get(list(by_key)):
            kind_and_id = by_key.get((item["PK"], item["SK"]))
            if kind_and_id is not None:
                loaded[kind_and_id[0]][kind_and_id[1]] = item

    def loader(kind: str) -> Callable[[list[Any]], dict[Any, Any]]:
        def load(ids: list[Any]) -> dict[Any, Any]:
            if not loaded:
                load_all()
            found = dict(loaded.get(kind, {}))
            late = [i for i in ids if (kind, i) not in attempted]  # expired since load_all looked
            if late:
                found.update(_by_id(_DIRECTORY_KEYS[kind])(late))
            return {i: found[i] for i in ids if i in found}
        return load

    return (lookup("competency", wanted["competency"], loader("competency")),
            lookup("designation", wanted["designation"], loader("designation")),
            lookup("org", wanted["org"], loader("org")))


def designations_and_competencies(designation_ids: Iterable[str], competency_ids: Iterable[str]
                                  ) -> tuple[dict[str, db.Item], dict[str, db.Item]]:
    """Designations and competencies by id (what a gap or readiness view names); what is not cached comes
    in one BatchGetItem."""
    competencies, designations, _ = directory(competency_ids=competency_ids, designation_ids=designation_ids)
    return designations, competencies
