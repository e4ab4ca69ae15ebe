"""Seed communities of the discussion hub, each with a few opening topics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Visibility = Literal["open", "private"]


@dataclass(frozen=True, slots=True)
class SeedTopic:
    title: str
    body: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    name: str
    description: str
    visibility: Visibility
    tags: tuple[str, ...]
    topics: tuple[SeedTopic, ...]


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "e-office-practitioners",
        "e-Office Practitioners",
        "For everyone who works on e-Office: share tips on eFile, DSC and eSign, file conversion and "
        "getting whole sections to work paperless.",
        "open",
        ("e-office", "efile", "digital-working"),
        (
            SeedTopic("Tips for converting old physical files to e-files",
                      "Our section has about 400 physical files still current. How did you prioritise which "
                      "ones to scan and convert first, and how do you handle the old notings?",
                      ("efile", "file-conversion")),
            SeedTopic("DSC token not detected after a browser update",
                      "After the latest browser update my DSC token is not detected while signing a green "
                      "note. Re-installing the token driver and the signer service fixed it for me. "
                      "Anyone else seen this?",
                      ("dsc", "troubleshooting")),
            SeedTopic("Using eLeave and eTour for the whole division",
                      "We moved leave and tour approvals of 60 staff to eLeave and eTour last quarter. "
                      "Happy to share the steps we followed with the NIC coordinator.",
                      ("eleave", "etour")),
        ),
    ),
    Community(
        "public-procurement",
        "Public Procurement",
        "Buying right under GFR 2017 and on GeM: bids, reverse auctions, specifications, vendor issues and "
        "contract management.",
        "open",
        ("procurement", "gem", "gfr"),
        (
            SeedTopic("Writing specifications that do not restrict competition",
                      "What is your checklist to make sure a GeM bid's specifications are generic and do "
                      "not point to a single brand?",
                      ("gem", "specifications")),
            SeedTopic("When to use reverse auction after a bid",
                      "Do you enable reverse auction by default on GeM bids? What has your experience "
                      "been on price discovery for common-use items?",
                      ("gem", "reverse-auction")),
        ),
    ),
    Community(
        "digital-governance",
        "Digital Governance",
        "Digital public infrastructure and e-governance: Aadhaar-based services, DigiLocker, UMANG, data "
        "protection and building citizen-facing portals with NIC.",
        "open",
        ("digital-governance", "dpi", "e-governance"),
        (
            SeedTopic("Accepting DigiLocker documents instead of physical copies",
                      "Our department now accepts certificates issued into DigiLocker as valid originals. "
                      "What changes did you make to your verification process?",
                      ("digilocker", "service-delivery")),
            SeedTopic("What the DPDP Act means for our citizen databases",
                      "With the Digital Personal Data Protection Act, 2023 in force, what are you doing "
                      "about consent, retention and breach reporting for scheme beneficiary data?",
                      ("data-protection", "dpdp")),
        ),
    ),
    Community(
        "yoga-and-wellbeing",
        "Yoga and Wellbeing",
        "A space for karmayogis to share yoga routines, desk exercises and ways to manage stress at work.",
        "open",
        ("yoga", "wellbeing", "stress-management"),
        (
            SeedTopic("Five-minute chair yoga between meetings",
                      "Neck rolls, seated twists and a few rounds of anulom vilom have helped me during "
                      "long Parliament-session days. What does your routine look like?",
                      ("yoga", "desk-exercises")),
            SeedTopic("Starting a lunchtime yoga group in the office",
                      "We got permission to use the conference room on Wednesdays at 1:15 pm for a "
                      "30-minute session following the Common Yoga Protocol. Tips welcome.",
                      ("yoga", "office-initiatives")),
        ),
    ),
    Community(
        "rti-practitioners",
        "RTI Practitioners",
        "CPIOs, APIOs and First Appellate Authorities discussing requests, exemptions, appeals and "
        "proactive disclosure under the RTI Act, 2005.",
        "open",
        ("rti", "transparency"),
        (
            SeedTopic("Applying Section 8(1)(j) to requests for personal information",
                      "How are you balancing privacy and the larger public interest when someone asks for "
                      "another employee's service records?",
                      ("rti", "exemptions")),
            SeedTopic("Making Section 4 disclosures easy to find",
                      "We reorganised our website's RTI section by the Section 4(1)(b) items and repeat "
                      "requests dropped noticeably. Sharing our structure here.",
                      ("rti", "proactive-disclosure")),
        ),
    ),
    Community(
        "cyber-hygiene",
        "Cyber Hygiene for Government",
        "Staying safe online at work: phishing alerts, secure devices and what to do when something goes "
        "wrong.",
        "open",
        ("cyber-security", "phishing"),
        (
            SeedTopic("Phishing email pretending to be from the Accounts section",
                      "Several colleagues received an email asking them to 'update salary account details' "
                      "through a link. Do not click it; report it to your IT cell.",
                      ("phishing", "alerts")),
            SeedTopic("Using personal phones for official work",
                      "What rules does your department follow for official communication on personal "
                      "devices and messaging apps?",
                      ("devices", "policy")),
        ),
    ),
    Community(
        "mdo-admins",
        "MDO Administrators' Network",
        "A closed group for MDO administrators of ministries, departments and organisations to share how "
        "they run competency building plans, batches and onboarding on the platform.",
        "private",
        ("mdo", "capacity-building", "administration"),
        (
            SeedTopic("Annual Capacity Building Plan: how are you mapping roles?",
                      "We are preparing our ACBP with the Capacity Building Commission. How did you map "
                      "designations to FRAC competencies for the first cycle?",
                      ("acbp", "frac")),
            SeedTopic("Getting new joiners onboarded in their first week",
                      "Our plan assigns POSH, e-Office and cyber security courses to every new joiner. "
                      "What else belongs in a first-week plan?",
                      ("onboarding", "plans")),
        ),
    ),
)

COMMUNITIES_BY_ID: dict[str, Community] = {c.id: c for c in COMMUNITIES}
