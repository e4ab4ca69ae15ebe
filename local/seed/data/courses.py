"""Seed courses (modelled on iGOT Karmayogi's catalogue) and the quizzes of their quiz contents.

A course has 2-4 modules of 2-4 contents each; its `duration_minutes` is the sum of its contents'.
`QUIZZES` maps the id of every content of type "quiz" to its questions. Correct answers are factual
(Acts, Rules and official sources) as of 2025.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Every demo course has files, generated from text at seed time (local/seed/content; script.py says what each
# one says): a narrated video (`_video`) and a PDF handout (`_pdf`); the noting and drafting course also an
# audio talk (`_audio`) and a SCORM 1.2 quiz package (`_scorm`). Its other talks and readings are `link`
# contents without a file (completed by the learner's own progress report; `_v`/`_doc` keep saying what each
# one is), its tests `quiz` contents.
ContentType = Literal["video", "pdf", "audio", "scorm", "link", "quiz"]
FILE_CONTENT_TYPES: tuple[ContentType, ...] = ("video", "pdf", "audio", "scorm")  # the contents with a file
Language = Literal["en", "hi"]
QuestionKind = Literal["single", "multiple"]


@dataclass(frozen=True, slots=True)
class Content:
    id: str
    title: str
    type: ContentType
    duration_minutes: int
    mandatory: bool = True


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    contents: tuple[Content, ...]


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    title: str
    description: str
    language: Language
    competencies: tuple[tuple[str, int], ...]  # (competency_id, level 1-5)
    modules: tuple[Module, ...]
    duration_minutes: int = field(init=False)  # sum of the contents' duration_minutes

    def __post_init__(self) -> None:
        total = sum(c.duration_minutes for m in self.modules for c in m.contents)
        object.__setattr__(self, "duration_minutes", total)


@dataclass(frozen=True, slots=True)
class QuizOption:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    id: str
    text: str
    kind: QuestionKind
    options: tuple[QuizOption, ...]
    correct: tuple[str, ...]  # option ids; exactly one for "single"


@dataclass(frozen=True, slots=True)
class Quiz:
    pass_percent: int
    max_attempts: int
    questions: tuple[QuizQuestion, ...]


def _v(cid: str, title: str, minutes: int, mandatory: bool = True) -> Content:
    return Content(cid, title, "link", minutes, mandatory)  # a talk (no file: a link)


def _doc(cid: str, title: str, minutes: int, mandatory: bool = True) -> Content:
    return Content(cid, title, "link", minutes, mandatory)  # a reading (no file: a link)


def _video(cid: str, title: str, minutes: int, mandatory: bool = True) -> Content:
    return Content(cid, title, "video", minutes, mandatory)  # a narrated video (generated: local/seed/content)


def _pdf(cid: str, title: str, minutes: int, mandatory: bool = True) -> Content:
    return Content(cid, title, "pdf", minutes, mandatory)  # a PDF handout (generated)


def _audio(cid: str, title: str, minutes: int, mandatory: bool = True) -> Content:
    return Content(cid, title, "audio", minutes, mandatory)  # an audio talk (generated)


def _scorm(cid: str, title: str, minutes: int, mandatory: bool = False) -> Content:
    return Content(cid, title, "scorm", minutes, mandatory)  # a SCORM 1.2 package (generated)


def _link(cid: str, title: str, minutes: int, mandatory: bool = False) -> Content:
    return Content(cid, title, "link", minutes, mandatory)


def _quiz(cid: str, title: str, minutes: int) -> Content:
    return Content(cid, title, "quiz", minutes, True)


def _mod(mid: str, title: str, *contents: Content) -> Module:
    return Module(mid, title, contents)


def _q(qid: str, text: str, options: list[str], correct: str) -> QuizQuestion:
    """A question; options get ids a, b, c, ...; `correct` is a string of option ids, e.g. "a" or "abd"."""
    opts = tuple(QuizOption(chr(ord("a") + i), t) for i, t in enumerate(options))
    kind: QuestionKind = "single" if len(correct) == 1 else "multiple"
    return QuizQuestion(qid, text, kind, opts, tuple(correct))


COURSES: tuple[Course, ...] = (
    Course(
        "noting-drafting",
        "Noting and Drafting in Government",
        "How to write clear notes on files and draft letters, Office Memoranda, DO letters and notifications "
        "in line with the Central Secretariat Manual of Office Procedure (CSMOP).",
        "en",
        (("c-noting-drafting", 2), ("c-communication", 2), ("c-office-management", 1)),
        (
            _mod("nd-m1", "Noting on Files",
                 _video("nd-m1-c1", "What a good note contains", 12),
                 _pdf("nd-m1-c2", "Noting: structure, precedents and the point for decision", 15),
                 _doc("nd-m1-c3", "Sample notes: routine and non-routine cases", 10, mandatory=False)),
            _mod("nd-m2", "Forms of Official Communication",
                 _v("nd-m2-c1", "Letter, Office Memorandum, DO letter and notification", 14),
                 _audio("nd-m2-c2", "Drafting for signature: tone, references and enclosures", 12),
                 _link("nd-m2-c3", "Central Secretariat Manual of Office Procedure (DARPG)", 5)),
            _mod("nd-m3", "Recap and Assessment",
                 _doc("nd-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("nd-quiz", "Noting and Drafting quiz", 10),
                 _scorm("nd-scorm", "Noting and Drafting practice quiz (SCORM package)", 10)),
        ),
    ),
    Course(
        "intro-e-office",
        "Introduction to e-Office",
        "Work on e-Office, the NIC product for paperless government: receipts, e-files, green notes, "
        "movement of files and signing with DSC or eSign, and the eLeave and eTour modules.",
        "en",
        (("c-e-office", 2), ("c-office-management", 2), ("c-digital-governance", 1)),
        (
            _mod("eo-m1", "Getting Started",
                 _v("eo-m1-c1", "The e-Office suite: eFile, eLeave, eTour and KMS", 10),
                 _v("eo-m1-c2", "Logging in and setting up your DSC or eSign", 8),
                 # optional: the browser journey completes the four mandatory talks by hand (links)
                 _video("eo-m1-c3", "e-Office at a glance (a short video)", 2, mandatory=False)),
            _mod("eo-m2", "Working with eFile",
                 _v("eo-m2-c1", "Diarising a receipt and creating an e-file", 15),
                 _v("eo-m2-c2", "Writing a green note and moving the file", 12),
                 _doc("eo-m2-c3", "Converting a physical file to an e-file", 10, mandatory=False)),
            _mod("eo-m3", "Recap and Assessment",
                 _pdf("eo-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("eo-quiz", "e-Office quiz", 10)),
        ),
    ),
    Course(
        "posh-workplace",
        "Prevention of Sexual Harassment (POSH) at Workplace",
        "The Sexual Harassment of Women at Workplace (Prevention, Prohibition and Redressal) Act, 2013: what "
        "constitutes harassment, the Internal Complaints Committee, the complaint and inquiry process, and "
        "the duties of employers and employees.",
        "en",
        (("c-posh-compliance", 2), ("c-integrity", 2), ("c-empathy", 2)),
        (
            _mod("posh-m1", "Understanding Sexual Harassment",
                 _video("posh-m1-c1", "What the law says: definitions and examples", 15),
                 _doc("posh-m1-c2", "Myths and facts about workplace harassment", 8)),
            _mod("posh-m2", "Complaints and Redressal",
                 _v("posh-m2-c1", "The Internal Complaints Committee and the Local Committee", 12),
                 _v("posh-m2-c2", "Filing a complaint, inquiry and timelines", 12),
                 _link("posh-m2-c3", "SHe-Box: online complaint portal", 5)),
            _mod("posh-m3", "Recap and Assessment",
                 _pdf("posh-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("posh-quiz", "POSH quiz", 10)),
        ),
    ),
    Course(
        "rti-act-2005",
        "Right to Information Act 2005",
        "The RTI Act for Central Public Information Officers and First Appellate Authorities: requests, "
        "timelines, fees, exemptions, appeals, penalties and proactive disclosure.",
        "en",
        (("c-rti-handling", 3), ("c-accountability", 2), ("c-citizen-centricity", 2)),
        (
            _mod("rti-m1", "The Right and the Request",
                 _video("rti-m1-c1", "Objectives and scheme of the RTI Act", 10),
                 _v("rti-m1-c2", "Receiving, transferring and disposing of requests", 15),
                 _pdf("rti-m1-c3", "Fees and the RTI Rules, 2012", 8)),
            _mod("rti-m2", "Exemptions, Appeals and Penalties",
                 _v("rti-m2-c1", "Exemptions under Sections 8 and 9 and the public interest test", 15),
                 _doc("rti-m2-c2", "First appeal, second appeal and penalties", 12),
                 _link("rti-m2-c3", "RTI Online portal for central public authorities", 5)),
            _mod("rti-m3", "Proactive Disclosure",
                 _doc("rti-m3-c1", "Section 4: suo motu disclosure", 10),
                 _quiz("rti-quiz", "RTI Act quiz", 12)),
        ),
    ),
    Course(
        "cyber-security-awareness",
        "Cyber Security Awareness for Government Employees",
        "Everyday cyber hygiene for government staff: passwords and MFA, phishing, safe use of email and "
        "devices, handling official data, and reporting incidents to CERT-In.",
        "en",
        (("c-cyber-security", 2), ("c-digital-governance", 1)),
        (
            _mod("cyb-m1", "Threats You Meet Every Day",
                 _video("cyb-m1-c1", "Phishing, malware and social engineering", 12),
                 _v("cyb-m1-c2", "Passwords, multi-factor authentication and screen locks", 10)),
            _mod("cyb-m2", "Protecting Government Information",
                 _doc("cyb-m2-c1", "Email and device security for officials", 12),
                 _doc("cyb-m2-c2", "Reporting incidents: CERT-In and the cyber crime portal", 8),
                 _link("cyb-m2-c3", "National Cyber Crime Reporting Portal", 3)),
            _mod("cyb-m3", "Recap and Assessment",
                 _pdf("cyb-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("cyb-quiz", "Cyber security quiz", 10)),
        ),
    ),
    Course(
        "gem-procurement",
        "Public Procurement on GeM",
        "Buying goods and services on the Government e-Marketplace: GFR 2017 provisions, direct purchase, "
        "L1 purchase, bids and reverse auctions, and contract management.",
        "en",
        (("c-procurement", 3), ("c-financial-management", 2), ("c-integrity", 2)),
        (
            _mod("gem-m1", "Procurement Principles",
                 _video("gem-m1-c1", "Fundamental principles of public buying (GFR 2017)", 12),
                 _doc("gem-m1-c2", "When GeM is mandatory", 8)),
            _mod("gem-m2", "Buying on GeM",
                 _v("gem-m2-c1", "Direct purchase and L1 purchase", 15),
                 _v("gem-m2-c2", "Bids and reverse auctions", 18),
                 _doc("gem-m2-c3", "Contract, receipt and payment", 10)),
            _mod("gem-m3", "Recap and Assessment",
                 _pdf("gem-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("gem-quiz", "GeM procurement quiz", 10)),
        ),
    ),
    Course(
        "karmayogi-saptah-self-awareness",
        "Karmayogi Saptah: Self-awareness",
        "A National Learning Week course on knowing yourself as a karmayogi: values, strengths, feedback "
        "and the goals of Mission Karmayogi.",
        "en",
        (("c-self-awareness", 2), ("c-resilience", 1), ("c-team-work", 1)),
        (
            _mod("ks-m1", "Mission Karmayogi",
                 _video("ks-m1-c1", "From rule-based to role-based: the vision of Mission Karmayogi", 10),
                 _pdf("ks-m1-c2", "The institutional framework of Mission Karmayogi", 8)),
            _mod("ks-m2", "Knowing Yourself",
                 _v("ks-m2-c1", "The Johari Window", 10),
                 _v("ks-m2-c2", "Strengths, values and blind spots", 12),
                 _doc("ks-m2-c3", "Reflection worksheet", 10, mandatory=False)),
            _mod("ks-m3", "Recap and Assessment",
                 _doc("ks-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("ks-quiz", "Karmayogi Saptah quiz", 10)),
        ),
    ),
    Course(
        "citizen-centric-governance",
        "Citizen Centric Governance",
        "Putting citizens first: Citizen's Charters, the Sevottam model, grievance redress on CPGRAMS and "
        "designing services around citizens.",
        "en",
        (("c-citizen-centricity", 3), ("c-grievance-redressal", 2), ("c-empathy", 2)),
        (
            _mod("ccg-m1", "Principles",
                 _video("ccg-m1-c1", "What citizen-centric governance means", 12),
                 _doc("ccg-m1-c2", "Citizen's Charters and the Sevottam model", 12)),
            _mod("ccg-m2", "Grievance Redress",
                 _v("ccg-m2-c1", "CPGRAMS: from lodging to closure", 15),
                 _doc("ccg-m2-c2", "Writing a quality reply to a grievance", 10),
                 _link("ccg-m2-c3", "CPGRAMS portal", 3)),
            _mod("ccg-m3", "Recap and Assessment",
                 _pdf("ccg-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("ccg-quiz", "Citizen centric governance quiz", 10)),
        ),
    ),
    Course(
        "gfr-2017",
        "Financial Management in Government (GFR 2017)",
        "The General Financial Rules 2017 and the basics of government finance: the Consolidated Fund, "
        "budget and appropriation, sanctions, delegation of financial powers and audit.",
        "en",
        (("c-financial-management", 3), ("c-budgeting", 2), ("c-procurement", 2)),
        (
            _mod("gfr-m1", "Government Accounts",
                 _video("gfr-m1-c1", "Consolidated Fund, Contingency Fund and Public Account", 15),
                 _v("gfr-m1-c2", "The budget cycle and appropriation", 15)),
            _mod("gfr-m2", "General Financial Rules",
                 _pdf("gfr-m2-c1", "Structure of GFR 2017", 12),
                 _doc("gfr-m2-c2", "Sanctions and delegation of financial powers", 12),
                 _link("gfr-m2-c3", "GFR 2017 (Department of Expenditure)", 5)),
            _mod("gfr-m3", "Accountability",
                 _v("gfr-m3-c1", "Audit by the CAG and the Public Accounts Committee", 12),
                 _quiz("gfr-quiz", "GFR quiz", 12)),
        ),
    ),
    Course(
        "emotional-intelligence",
        "Emotional Intelligence for Public Servants",
        "Recognising and managing emotions in yourself and others to work better with colleagues and "
        "serve citizens with empathy.",
        "en",
        (("c-self-awareness", 3), ("c-empathy", 3), ("c-team-work", 2), ("c-resilience", 2)),
        (
            _mod("ei-m1", "Foundations",
                 _video("ei-m1-c1", "What emotional intelligence is", 10),
                 _v("ei-m1-c2", "Goleman's five components", 12)),
            _mod("ei-m2", "Emotional Intelligence at Work",
                 _v("ei-m2-c1", "Handling difficult conversations with citizens", 12),
                 _doc("ei-m2-c2", "Managing stress and emotions under pressure", 10),
                 _doc("ei-m2-c3", "Case studies from field offices", 10, mandatory=False)),
            _mod("ei-m3", "Recap and Assessment",
                 _pdf("ei-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("ei-quiz", "Emotional intelligence quiz", 8)),
        ),
    ),
    Course(
        "disaster-management-essentials",
        "Disaster Management Essentials",
        "The disaster management framework of India: the Disaster Management Act 2005, NDMA, SDMAs and "
        "DDMAs, NDRF, preparedness, response and recovery, and the Sendai Framework.",
        "en",
        (("c-disaster-management", 2), ("c-planning-coordination", 2), ("c-decision-making", 2)),
        (
            _mod("dm-m1", "The Framework",
                 _video("dm-m1-c1", "Disaster Management Act, 2005 and its institutions", 15),
                 _doc("dm-m1-c2", "National Disaster Management Plan", 12)),
            _mod("dm-m2", "Preparedness and Response",
                 _v("dm-m2-c1", "Hazards of India and early warning", 12),
                 _v("dm-m2-c2", "Incident Response System", 15),
                 _doc("dm-m2-c3", "Office emergency plan and mock drills", 8)),
            _mod("dm-m3", "Recap and Assessment",
                 _pdf("dm-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("dm-quiz", "Disaster management quiz", 10)),
        ),
    ),
    Course(
        "data-driven-decision-making",
        "Data-driven Decision Making",
        "Using data to decide: descriptive statistics, reading dashboards, avoiding common errors and "
        "building an evidence base for policy.",
        "en",
        (("c-data-analysis", 3), ("c-decision-making", 3), ("c-policy-analysis", 2)),
        (
            _mod("ddm-m1", "Data Basics",
                 _video("ddm-m1-c1", "Averages, spread and outliers", 12),
                 _v("ddm-m1-c2", "Charts that inform and charts that mislead", 10)),
            _mod("ddm-m2", "From Data to Decisions",
                 _v("ddm-m2-c1", "Correlation, causation and evaluation", 15),
                 _doc("ddm-m2-c2", "Working with programme MIS and dashboards", 12),
                 _link("ddm-m2-c3", "Open Government Data Platform (data.gov.in)", 5)),
            _mod("ddm-m3", "Recap and Assessment",
                 _pdf("ddm-m3-c1", "Recap: key points of the course", 5, mandatory=False),
                 _quiz("ddm-quiz", "Data-driven decision making quiz", 10)),
        ),
    ),
    Course(
        "leading-teams",
        "Leading Teams in Government",
        "For Section Officers and Under Secretaries: setting priorities, delegating, giving feedback and "
        "coordinating across sections.",
        "en",
        (("c-leadership", 2), ("c-team-work", 3), ("c-planning-coordination", 2)),
        (
            _mod("lt-m1", "Leading a Section",
                 _video("lt-m1-c1", "From doing to leading", 12),
                 _v("lt-m1-c2", "Delegation and follow-up", 12)),
            _mod("lt-m2", "People and Performance",
                 _v("lt-m2-c1", "Giving feedback and writing APARs", 14),
                 _pdf("lt-m2-c2", "Running effective review meetings", 10)),
        ),
    ),
    Course(
        "parliamentary-procedures",
        "Parliamentary Procedures for Government Officials",
        "Parliament Questions, assurances, Standing Committees and the passage of Bills: what a ministry "
        "must do and by when.",
        "en",
        (("c-parliament-work", 2), ("c-noting-drafting", 2)),
        (
            _mod("pp-m1", "Parliament Questions",
                 _video("pp-m1-c1", "Starred, unstarred and short notice questions", 12),
                 _pdf("pp-m1-c2", "Drafting replies and supplementaries", 12)),
            _mod("pp-m2", "Committees and Legislation",
                 _v("pp-m2-c1", "Departmentally related Standing Committees", 12),
                 _doc("pp-m2-c2", "From draft Bill to Act", 12),
                 _link("pp-m2-c3",
                       "Manual of Parliamentary Procedures (Ministry of Parliamentary Affairs)", 5)),
        ),
    ),
    Course(
        "rti-parichay-hi",
        "सूचना का अधिकार अधिनियम, 2005: एक परिचय",
        "सूचना का अधिकार अधिनियम का परिचय: आवेदन, शुल्क, समय-सीमा, छूट, अपील और स्वतः प्रकटीकरण।",
        "hi",
        (("c-rti-handling", 2), ("c-accountability", 1)),
        (
            _mod("rtih-m1", "अधिनियम का परिचय",
                 _video("rtih-m1-c1", "सूचना का अधिकार: उद्देश्य और मुख्य प्रावधान", 12),
                 _pdf("rtih-m1-c2", "आवेदन, शुल्क और समय-सीमा", 10)),
            _mod("rtih-m2", "अपील और मूल्यांकन",
                 _v("rtih-m2-c1", "प्रथम अपील और द्वितीय अपील", 12),
                 _quiz("rtih-quiz", "सूचना का अधिकार: प्रश्नोत्तरी", 10)),
        ),
    ),
    Course(
        "rajbhasha-hi",
        "राजभाषा नीति एवं सरकारी कामकाज में हिंदी",
        "संघ की राजभाषा नीति: संवैधानिक प्रावधान, राजभाषा अधिनियम 1963, राजभाषा नियम 1976 और सरकारी कामकाज "
        "में हिंदी का प्रयोग।",
        "hi",
        (("c-official-language", 2), ("c-noting-drafting", 1)),
        (
            _mod("rbh-m1", "संवैधानिक और वैधानिक प्रावधान",
                 _video("rbh-m1-c1", "संविधान के अनुच्छेद 343 से 351", 12),
                 _pdf("rbh-m1-c2", "राजभाषा अधिनियम 1963 और राजभाषा नियम 1976", 12)),
            _mod("rbh-m2", "व्यवहार में हिंदी",
                 _v("rbh-m2-c1", "हिंदी में टिप्पण और प्रारूपण", 12),
                 _link("rbh-m2-c2", "कंठस्थ अनुवाद टूल", 5),
                 _quiz("rbh-quiz", "राजभाषा प्रश्नोत्तरी", 10)),
        ),
    ),
    Course(
        "yoga-tanav-prabandhan-hi",
        "कर्मयोगी के लिए योग एवं तनाव प्रबंधन",
        "कार्यस्थल पर तनाव को पहचानना और योग, प्राणायाम तथा ध्यान के सरल अभ्यासों से उसका प्रबंधन करना।",
        "hi",
        (("c-resilience", 2), ("c-self-awareness", 1)),
        (
            _mod("yoga-m1", "तनाव को समझना",
                 _video("yoga-m1-c1", "तनाव के लक्षण और कारण", 10),
                 _pdf("yoga-m1-c2", "कार्य और जीवन में संतुलन", 8)),
            _mod("yoga-m2", "योग अभ्यास",
                 _v("yoga-m2-c1", "कुर्सी पर किए जाने वाले योगासन", 15),
                 _v("yoga-m2-c2", "प्राणायाम और ध्यान", 15),
                 _link("yoga-m2-c3", "कॉमन योग प्रोटोकॉल (आयुष मंत्रालय)", 5)),
        ),
    ),
)

COURSES_BY_ID: dict[str, Course] = {c.id: c for c in COURSES}


QUIZZES: dict[str, Quiz] = {
    "nd-quiz": Quiz(60, 3, (
        _q("nd-q1", "Which form of communication is normally used for correspondence between Ministries and "
                    "Departments of the Government of India?",
           ["Office Memorandum", "Demi-official letter", "Press communique", "Notification"], "a"),
        _q("nd-q2", "Which document lays down the procedure for noting and drafting in the Ministries and "
                    "Departments?",
           ["General Financial Rules, 2017", "Central Secretariat Manual of Office Procedure",
            "Fundamental Rules", "Manual of Parliamentary Procedures"], "b"),
        _q("nd-q3", "When is a demi-official (DO) letter used?",
           ["To notify rules made under an Act",
            "To draw the personal attention of a named officer to a matter",
            "To invite tenders from the public", "To announce a policy resolution"], "b"),
        _q("nd-q4", "Which form is used to promulgate statutory rules and orders in the Gazette of India?",
           ["Endorsement", "Office Order", "Notification", "Office Memorandum"], "c"),
    )),
    "eo-quiz": Quiz(60, 3, (
        _q("eo-q1", "Which organisation developed the e-Office product used by the Government of India?",
           ["National Informatics Centre (NIC)", "Centre for Development of Advanced Computing (C-DAC)",
            "Indian Space Research Organisation (ISRO)", "Government e-Marketplace (GeM)"], "a"),
        _q("eo-q2", "Which e-Office module is used to create and move electronic files?",
           ["eLeave", "eTour", "eFile", "Knowledge Management System"], "c"),
        _q("eo-q3", "Which of these are modules of the e-Office suite? (Select all that apply)",
           ["eFile", "eLeave", "eTour", "GeM"], "abc"),
        _q("eo-q4", "How is a note authenticated when an officer forwards an e-file?",
           ["With a Digital Signature Certificate (DSC) or eSign",
            "By attaching a scanned image of a handwritten signature",
            "By sending a separate email to the next officer", "It is not authenticated"], "a"),
    )),
    "posh-quiz": Quiz(70, 3, (
        _q("posh-q1", "Under the POSH Act, 2013, every employer with at least how many employees must "
                      "constitute an Internal Complaints Committee at each office?",
           ["5", "10", "20", "50"], "b"),
        _q("posh-q2", "Who presides over the Internal Complaints Committee?",
           ["The head of the office", "A woman employed at a senior level at the workplace",
            "The District Officer", "A representative of a non-governmental organisation"], "b"),
        _q("posh-q3", "Within what period from the date of the incident should a complaint ordinarily be "
                      "made (extendable by the Committee for reasons recorded)?",
           ["One month", "Three months", "Six months", "One year"], "b"),
        _q("posh-q4", "Within how many days must the Committee complete its inquiry?",
           ["30 days", "45 days", "60 days", "90 days"], "d"),
        _q("posh-q5", "Which of these can amount to sexual harassment under the Act? (Select all that apply)",
           ["Physical contact and advances", "A demand or request for sexual favours",
            "Making sexually coloured remarks", "Assigning work in line with the job description"], "abc"),
    )),
    "rti-quiz": Quiz(60, 3, (
        _q("rti-q1", "Within how many days of receiving a request must a CPIO ordinarily provide the "
                     "information or reject the request?",
           ["15 days", "30 days", "45 days", "60 days"], "b"),
        _q("rti-q2", "If the information sought concerns the life or liberty of a person, it must be "
                     "provided within:",
           ["24 hours", "48 hours", "7 days", "30 days"], "b"),
        _q("rti-q3", "What is the application fee for a request to a central public authority under the "
                     "RTI Rules, 2012?",
           ["Rs 10", "Rs 50", "Rs 100", "No fee"], "a"),
        _q("rti-q4", "A second appeal against the decision of the First Appellate Authority of a central "
                     "public authority lies with:",
           ["The Supreme Court", "The Central Information Commission", "The Central Vigilance Commission",
            "The Secretary of the Ministry"], "b"),
        _q("rti-q5", "Which statements about the RTI Act are correct? (Select all that apply)",
           ["An applicant need not give any reason for requesting information",
            "Applicants below the poverty line are exempt from paying the fee",
            "A CPIO may reject an application because it is written in Hindi",
            "A first appeal lies directly with the Information Commission"], "ab"),
    )),
    "cyb-quiz": Quiz(60, 3, (
        _q("cyb-q1", "Which is the national nodal agency for responding to cyber security incidents in "
                     "India?",
           ["CERT-In", "National Informatics Centre", "Central Bureau of Investigation",
            "Telecom Regulatory Authority of India"], "a"),
        _q("cyb-q2", "Under the CERT-In directions of April 2022, cyber incidents must be reported to "
                     "CERT-In within:",
           ["1 hour", "6 hours", "24 hours", "72 hours"], "b"),
        _q("cyb-q3", "Which is the national helpline number for reporting cyber financial fraud?",
           ["100", "112", "1930", "1098"], "c"),
        _q("cyb-q4", "Which of these are warning signs of a phishing email? (Select all that apply)",
           ["An urgent demand to 'verify' your password or account",
            "A sender address that imitates an official domain",
            "A link to a look-alike login page",
            "A meeting invite from a colleague's known address about a meeting you agreed to"], "abc"),
    )),
    "gem-quiz": Quiz(60, 3, (
        _q("gem-q1", "In which year was the Government e-Marketplace (GeM) launched?",
           ["2014", "2016", "2018", "2020"], "b"),
        _q("gem-q2", "Which rule of the General Financial Rules 2017 deals with procurement through GeM?",
           ["Rule 144", "Rule 149", "Rule 154", "Rule 161"], "b"),
        _q("gem-q3", "GeM functions under which Ministry?",
           ["Ministry of Finance", "Ministry of Commerce and Industry",
            "Ministry of Electronics and Information Technology", "Ministry of Corporate Affairs"], "b"),
        _q("gem-q4", "In public procurement, 'L1' refers to:",
           ["The lowest priced technically qualified bid", "The first bid received",
            "The bid of the largest supplier", "The level-1 officer who approves the purchase"], "a"),
    )),
    "ks-quiz": Quiz(60, 3, (
        _q("ks-q1", "Mission Karmayogi is the:",
           ["National Programme for Civil Services Capacity Building (NPCSCB)",
            "National e-Governance Plan", "National Skill Development Mission",
            "Scheme for Recruitment of Central Government Employees"], "a"),
        _q("ks-q2", "In which year did the Union Cabinet approve Mission Karmayogi?",
           ["2018", "2019", "2020", "2022"], "c"),
        _q("ks-q3", "What does iGOT stand for?",
           ["Integrated Government Online Training", "Indian Government Officers' Training",
            "Integrated Governance and Operations Toolkit", "Institute of Government Training"], "a"),
        _q("ks-q4", "Which of these are part of the institutional framework of Mission Karmayogi? "
                    "(Select all that apply)",
           ["Capacity Building Commission", "Karmayogi Bharat (the SPV)",
            "Prime Minister's Public Human Resources Council", "Central Vigilance Commission"], "abc"),
        _q("ks-q5", "The Johari Window helps a person to:",
           ["Understand what is known and unknown about oneself, to oneself and to others",
            "Plan the annual budget of a department", "Track files in e-Office",
            "Measure intelligence quotient"], "a"),
    )),
    "ccg-quiz": Quiz(60, 3, (
        _q("ccg-q1", "Which department administers CPGRAMS, the Centralised Public Grievance Redress and "
                     "Monitoring System?",
           ["Department of Personnel and Training",
            "Department of Administrative Reforms and Public Grievances",
            "Department of Expenditure", "Ministry of Electronics and Information Technology"], "b"),
        _q("ccg-q2", "Sevottam is:",
           ["A model for excellence in public service delivery", "A scheme for pension payments",
            "A procurement portal", "An e-Office module"], "a"),
        _q("ccg-q3", "A Citizen's Charter sets out: (Select all that apply)",
           ["The services the organisation provides", "The standards and time limits for those services",
            "How citizens can seek redress of grievances", "The APAR grading of its officers"], "abc"),
    )),
    "gfr-quiz": Quiz(60, 3, (
        _q("gfr-q1", "The General Financial Rules 2017 are issued by:",
           ["The Comptroller and Auditor General", "The Department of Expenditure, Ministry of Finance",
            "The Reserve Bank of India", "The Department of Personnel and Training"], "b"),
        _q("gfr-q2", "The financial year of the Government of India runs from:",
           ["1 January to 31 December", "1 April to 31 March", "1 July to 30 June",
            "1 October to 30 September"], "b"),
        _q("gfr-q3", "Under which Article of the Constitution is the Consolidated Fund of India constituted?",
           ["Article 112", "Article 148", "Article 266", "Article 280"], "c"),
        _q("gfr-q4", "Money may be withdrawn from the Consolidated Fund of India only:",
           ["On the orders of the Finance Secretary", "Under appropriation made by law passed by Parliament",
            "With the approval of the CAG", "When the Contingency Fund is exhausted"], "b"),
    )),
    "ei-quiz": Quiz(60, 3, (
        _q("ei-q1", "Which of these are components of Daniel Goleman's model of emotional intelligence? "
                    "(Select all that apply)",
           ["Self-awareness", "Self-regulation", "Empathy", "Intelligence quotient (IQ)"], "abc"),
        _q("ei-q2", "In emotional intelligence, 'self-regulation' means:",
           ["Controlling or redirecting disruptive emotions and impulses", "Following the office rules",
            "Regulating the work of subordinates", "Avoiding all emotions at work"], "a"),
        _q("ei-q3", "A distressed citizen complains about a delayed pension. Which response shows empathy?",
           ["Telling them the file is with another section",
            "Acknowledging their difficulty, restating their concern and explaining the next steps",
            "Asking them to submit a fresh application", "Quoting the rule that caused the delay"], "b"),
    )),
    "dm-quiz": Quiz(60, 3, (
        _q("dm-q1", "Who chairs the National Disaster Management Authority (NDMA)?",
           ["The Prime Minister", "The Union Home Minister", "The Cabinet Secretary",
            "The President of India"], "a"),
        _q("dm-q2", "Under the Disaster Management Act, 2005, the District Disaster Management Authority "
                    "is chaired by:",
           ["The Superintendent of Police", "The Collector, District Magistrate or Deputy Commissioner",
            "The Chief Medical Officer", "The Member of Parliament of the area"], "b"),
        _q("dm-q3", "The Sendai Framework for Disaster Risk Reduction covers the period:",
           ["2005-2015", "2015-2030", "2020-2035", "2000-2015"], "b"),
        _q("dm-q4", "The National Disaster Response Force (NDRF) was constituted under:",
           ["The Disaster Management Act, 2005", "The Armed Forces (Special Powers) Act",
            "The Indian Police Act, 1861", "The Environment (Protection) Act, 1986"], "a"),
    )),
    "ddm-quiz": Quiz(60, 3, (
        _q("ddm-q1", "Which measure of central tendency is least affected by a few extreme values?",
           ["Mean", "Median", "Range", "Sum"], "b"),
        _q("ddm-q2", "A strong correlation between two variables shows that:",
           ["One causes the other", "They tend to move together, which alone does not prove causation",
            "The data is wrong", "They are unrelated"], "b"),
        _q("ddm-q3", "Which portal publishes open datasets of the Government of India?",
           ["data.gov.in", "gem.gov.in", "rtionline.gov.in", "pgportal.gov.in"], "a"),
    )),
    "rtih-quiz": Quiz(60, 3, (
        _q("rtih-q1", "सूचना के अनुरोध पर लोक सूचना अधिकारी को सामान्यतः कितने दिनों के भीतर उत्तर देना होता है?",
           ["15 दिन", "30 दिन", "45 दिन", "90 दिन"], "b"),
        _q("rtih-q2", "यदि मांगी गई सूचना किसी व्यक्ति के जीवन या स्वतंत्रता से संबंधित हो, तो वह कितने समय में "
                      "दी जानी चाहिए?",
           ["24 घंटे", "48 घंटे", "7 दिन", "30 दिन"], "b"),
        _q("rtih-q3", "केंद्रीय लोक प्राधिकरण को सूचना के अनुरोध के लिए आवेदन शुल्क कितना है?",
           ["10 रुपये", "50 रुपये", "100 रुपये", "कोई शुल्क नहीं"], "a"),
    )),
    "rbh-quiz": Quiz(60, 3, (
        _q("rbh-q1", "संविधान के किस अनुच्छेद के अनुसार संघ की राजभाषा हिंदी और लिपि देवनागरी है?",
           ["अनुच्छेद 343", "अनुच्छेद 345", "अनुच्छेद 351", "अनुच्छेद 370"], "a"),
        _q("rbh-q2", "हिंदी दिवस प्रति वर्ष किस दिन मनाया जाता है?",
           ["26 जनवरी", "14 सितंबर", "2 अक्टूबर", "10 जनवरी"], "b"),
        _q("rbh-q3", "राजभाषा अधिनियम किस वर्ष पारित हुआ?",
           ["1950", "1963", "1976", "1986"], "b"),
        _q("rbh-q4", "राजभाषा अधिनियम की धारा 3(3) के अंतर्गत आने वाले दस्तावेज़ किस रूप में जारी किए जाने चाहिए?",
           ["केवल अंग्रेज़ी में", "केवल हिंदी में", "हिंदी और अंग्रेज़ी दोनों में (द्विभाषी)",
            "क्षेत्रीय भाषा में"], "c"),
    )),
}
