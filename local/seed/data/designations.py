"""Central and state government designations (posts), as used in the directory and the career hub."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Designation:
    id: str
    name: str


DESIGNATIONS: tuple[Designation, ...] = (
    # Central Secretariat Service (CSS) and the senior administrative ladder
    Designation("aso", "Assistant Section Officer"),
    Designation("so", "Section Officer"),
    Designation("us", "Under Secretary"),
    Designation("ds", "Deputy Secretary"),
    Designation("director", "Director"),
    Designation("js", "Joint Secretary"),
    Designation("as", "Additional Secretary"),
    Designation("secretary", "Secretary"),
    # Central Secretariat Clerical Service and Group C/D posts
    Designation("mts", "Multi-Tasking Staff"),
    Designation("ldc", "Lower Division Clerk"),
    Designation("udc", "Upper Division Clerk"),
    Designation("assistant", "Assistant"),
    Designation("senior-assistant", "Senior Assistant"),
    Designation("office-superintendent", "Office Superintendent"),
    # Central Secretariat Stenographers' Service
    Designation("steno-d", "Stenographer Grade D"),
    Designation("steno-c", "Stenographer Grade C"),
    Designation("pa", "Personal Assistant"),
    Designation("ps", "Private Secretary"),
    Designation("pps", "Principal Private Secretary"),
    # Subordinate offices, attached offices and statutory bodies
    Designation("ad", "Assistant Director"),
    Designation("dd", "Deputy Director"),
    Designation("aao", "Assistant Accounts Officer"),
    Designation("ao", "Accounts Officer"),
    Designation("sao", "Senior Accounts Officer"),
    # Engineering services (CPWD, state PWDs)
    Designation("je", "Junior Engineer"),
    Designation("ae", "Assistant Engineer"),
    Designation("ee", "Executive Engineer"),
    Designation("se", "Superintending Engineer"),
    Designation("ce", "Chief Engineer"),
    # Scientific posts
    Designation("scientist-b", "Scientist B"),
    Designation("scientist-c", "Scientist C"),
    Designation("scientist-d", "Scientist D"),
    Designation("scientist-e", "Scientist E"),
    # Revenue and tax administration
    Designation("inspector-it", "Inspector (Income Tax)"),
    Designation("ito", "Income Tax Officer"),
    # Department of Posts
    Designation("postal-assistant", "Postal Assistant"),
    Designation("postmaster", "Postmaster"),
    # State and district administration
    Designation("patwari", "Patwari (Village Accountant)"),
    Designation("panchayat-secretary", "Panchayat Secretary"),
    Designation("naib-tehsildar", "Naib Tehsildar"),
    Designation("tehsildar", "Tehsildar"),
    Designation("bdo", "Block Development Officer"),
    Designation("deputy-collector", "Deputy Collector"),
    Designation("sdm", "Sub-Divisional Magistrate"),
    Designation("collector", "District Collector"),
)

DESIGNATIONS_BY_ID: dict[str, Designation] = {d.id: d for d in DESIGNATIONS}
