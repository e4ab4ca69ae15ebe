"""Seed the public directory: every org of local/seed/data/orgs.py and every designation of
local/seed/data/designations.py, through the auth hub's repository (items + search tokens)."""

from __future__ import annotations

from functions.auth import repository
from local.seed.data.designations import DESIGNATIONS
from local.seed.data.names_hi import DESIGNATION_NAMES_HI
from local.seed.data.orgs import ORGS


def seed() -> None:
    repository.put_orgs(
        [
            {
                "id": org.id,
                "name": org.name,
                "type": org.type,
                "parentId": org.parent_id,
                "emailDomains": list(org.email_domains),
                "nameHi": org.name_hi,
            }
            for org in ORGS
        ]
    )
    repository.put_designations([{"id": d.id, "name": d.name, "nameHi": DESIGNATION_NAMES_HI.get(d.id)}
                                 for d in DESIGNATIONS])
