"""A competency framework modelled on FRAC (Framework of Roles, Activities and Competencies) of Mission
Karmayogi: behavioural, functional and domain competencies, each with five proficiency levels
(1 Basic, 2 Developing, 3 Proficient, 4 Advanced, 5 Expert) described for that competency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal["behavioural", "functional", "domain"]
AREAS: tuple[Area, ...] = ("behavioural", "functional", "domain")

LEVEL_NAMES: tuple[str, ...] = ("Basic", "Developing", "Proficient", "Advanced", "Expert")


@dataclass(frozen=True, slots=True)
class CompetencyLevel:
    level: int  # 1..5
    name: str  # LEVEL_NAMES[level - 1]
    description: str


@dataclass(frozen=True, slots=True)
class Competency:
    id: str
    name: str
    area: Area
    description: str
    levels: tuple[CompetencyLevel, ...]  # exactly 5, level 1..5 in order


def _c(comp_id: str, name: str, area: Area, description: str, *levels: str) -> Competency:
    if len(levels) != 5:
        raise ValueError(f"{comp_id}: exactly 5 levels, got {len(levels)}")
    return Competency(
        comp_id,
        name,
        area,
        description,
        tuple(CompetencyLevel(i + 1, LEVEL_NAMES[i], text) for i, text in enumerate(levels)),
    )


BEHAVIOURAL: tuple[Competency, ...] = (
    _c("c-integrity", "Integrity", "behavioural",
       "Acts honestly, impartially and in line with the Conduct Rules and the values of public service, "
       "even when unobserved or under pressure.",
       "Knows the Conduct Rules that apply to them and declares gifts and conflicts of interest when asked.",
       "Follows rules and procedures consistently, keeps official information confidential and "
       "refuses improper requests politely.",
       "Raises concerns about irregularities through proper channels and decides cases on merit "
       "without favour.",
       "Builds a culture of probity in the team: explains the reasons behind rules, reviews sensitive "
       "decisions and protects those who report wrongdoing.",
       "Sets the ethical tone for the organisation, designs systems that reduce discretion and "
       "opportunities for corruption, and is a recognised role model for probity."),
    _c("c-empathy", "Empathy", "behavioural",
       "Understands the situation, feelings and needs of citizens and colleagues and lets that "
       "understanding shape how they act.",
       "Listens attentively to a citizen or colleague without interrupting and acknowledges their concern.",
       "Asks questions to understand the person's circumstances and explains decisions in a considerate way.",
       "Anticipates how a decision will affect different groups, including vulnerable citizens, and "
       "adapts the approach to their needs.",
       "Uses feedback from citizens and staff to redesign processes around people's real experience.",
       "Institutionalises empathy: embeds citizen and employee voice in policy design and mentors others "
       "to lead with compassion."),
    _c("c-decision-making", "Decision Making", "behavioural",
       "Makes timely, reasoned and well-documented decisions within delegated powers, weighing evidence, "
       "rules and consequences.",
       "Takes routine decisions within standing orders and knows when to refer a matter upward.",
       "Examines the facts and precedents of a case and records a clear reasoned recommendation on file.",
       "Takes decisions on non-routine matters, weighing options, risks and stakeholder views, and owns "
       "the outcome.",
       "Decides complex, ambiguous matters with incomplete information and sets decision frameworks "
       "for the team.",
       "Makes high-stakes decisions affecting policy or large populations, balancing short- and long-term "
       "public interest, and builds decision-making capability across the organisation."),
    _c("c-self-awareness", "Self-awareness", "behavioural",
       "Recognises own strengths, limitations, emotions and biases, and how they affect work and others.",
       "Can name own strengths and areas for improvement when prompted.",
       "Seeks feedback on own work and reflects on it to set personal learning goals.",
       "Notices own emotional reactions and biases in the moment and manages them in difficult situations.",
       "Uses self-knowledge to choose roles and teams well and openly models learning from mistakes.",
       "Coaches others in reflective practice and fosters a feedback-rich, psychologically safe "
       "organisation."),
    _c("c-team-work", "Team Work", "behavioural",
       "Works cooperatively with colleagues within and across sections, divisions and departments towards "
       "shared goals.",
       "Completes own share of team tasks on time and shares information with colleagues.",
       "Helps colleagues when workloads peak and respects different views in the team.",
       "Resolves minor conflicts in the team and coordinates work across sections to meet deadlines.",
       "Builds inter-departmental teams for cross-cutting work and makes joint ownership of outcomes "
       "the norm.",
       "Creates a whole-of-government culture of collaboration and breaks down silos between ministries."),
    _c("c-leadership", "Leadership", "behavioural",
       "Gives direction, motivates people and builds capability so that the organisation delivers on its "
       "mandate.",
       "Takes initiative on own tasks and sets a good example of punctuality and diligence.",
       "Guides a small group (a section) on day-to-day priorities and helps new staff settle in.",
       "Sets clear goals for a division, delegates effectively, gives feedback and develops subordinates.",
       "Leads change across a department, aligns teams to a shared vision and grows future leaders.",
       "Provides strategic leadership for a ministry or sector, shaping vision, values and institutions "
       "that outlast their tenure."),
    _c("c-communication", "Communication", "behavioural",
       "Conveys information clearly and appropriately in writing and speech to colleagues, superiors, "
       "stakeholders and citizens.",
       "Writes and speaks clearly on routine matters and listens to instructions accurately.",
       "Prepares concise notes, letters and replies suited to the audience and presents facts in meetings.",
       "Communicates complex issues simply, handles difficult conversations and briefs senior officers well.",
       "Represents the department in inter-ministerial forums and the media, and shapes persuasive "
       "narratives for policy.",
       "Communicates the government's vision to the nation and international audiences and sets the "
       "organisation's communication strategy."),
    _c("c-accountability", "Accountability", "behavioural",
       "Takes ownership of responsibilities and results, and answers for them to superiors, Parliament, "
       "audit and citizens.",
       "Completes assigned work and reports its status honestly, including delays.",
       "Tracks own commitments, keeps records that allow decisions to be traced and corrects own errors.",
       "Sets measurable targets for the team, monitors them and explains shortfalls with corrective action.",
       "Builds transparent performance systems (dashboards, audits, public reporting) for the department.",
       "Champions a culture of answerability across government and responds fully to parliamentary and "
       "audit scrutiny."),
    _c("c-citizen-centricity", "Citizen Centricity", "behavioural",
       "Puts the needs and convenience of citizens at the centre of service delivery and policy.",
       "Treats every citizen courteously and gives accurate information about services.",
       "Resolves citizens' requests within the timelines of the Citizen's Charter and follows up "
       "where needed.",
       "Simplifies procedures and forms, reduces the documents citizens must submit and removes "
       "avoidable visits.",
       "Redesigns services end-to-end from the citizen's perspective using feedback, data and "
       "grievance analysis.",
       "Builds citizen-first institutions and policy, with outcome measures that reflect citizens' "
       "experience of government."),
    _c("c-innovative-thinking", "Innovative Thinking", "behavioural",
       "Generates and applies new ideas and approaches to improve public services and the way government "
       "works.",
       "Is open to new ideas and tries new tools when they are introduced.",
       "Suggests practical improvements to own work processes and tries them out.",
       "Pilots new approaches in the unit, measures the results and scales what works.",
       "Builds an environment that encourages experimentation and learns from failures without blame.",
       "Leads system-wide innovation in governance and adopts frontier practices from India and abroad."),
    _c("c-problem-solving", "Problem Solving", "behavioural",
       "Identifies problems, analyses their causes and finds workable, lasting solutions.",
       "Recognises when something is not working and reports it with the relevant facts.",
       "Breaks a problem into parts, finds its likely causes and proposes solutions from precedent.",
       "Solves non-routine problems using data and root-cause analysis and checks that the fix holds.",
       "Tackles complex cross-departmental problems, involving stakeholders in framing and solving them.",
       "Resolves systemic, 'wicked' problems of governance and builds the organisation's capacity to "
       "solve problems."),
    _c("c-planning-coordination", "Planning and Coordination", "behavioural",
       "Plans work, schedules resources and coordinates with others so that tasks are delivered on time.",
       "Maintains a personal task list and meets the deadlines given.",
       "Plans a section's weekly work, tracks pending files and coordinates with other sections.",
       "Prepares work plans for a division and coordinates with other departments and states for "
       "timely action.",
       "Plans and coordinates multi-agency programmes and events with clear milestones and "
       "escalation routes.",
       "Sets the annual and long-term plans of the organisation and coordinates at national level across "
       "ministries and states."),
    _c("c-resilience", "Resilience and Stress Management", "behavioural",
       "Stays effective under pressure, adapts to change and recovers from setbacks while looking after "
       "own wellbeing.",
       "Recognises signs of stress in oneself and knows basic ways to manage it, such as breaks "
       "and breathing.",
       "Maintains quality of work during peak load (Parliament sessions, budget) and asks for support early.",
       "Adapts quickly to new roles or crises and helps colleagues cope with pressure.",
       "Leads teams calmly through crises and builds routines that protect the team's wellbeing.",
       "Builds organisational resilience and a culture where wellbeing is part of how performance "
       "is managed."),
    _c("c-result-orientation", "Result Orientation", "behavioural",
       "Focuses on outcomes for citizens rather than on processes alone, and persists to achieve them.",
       "Completes assigned tasks to the required standard.",
       "Sets personal targets linked to the section's objectives and tracks progress.",
       "Defines outcome indicators for schemes or services and acts on deviations.",
       "Drives outcome-based monitoring for a department and removes bottlenecks to delivery.",
       "Aligns the organisation to national outcomes and measures success by impact on citizens' lives."),
)

FUNCTIONAL: tuple[Competency, ...] = (
    _c("c-noting-drafting", "Noting and Drafting", "functional",
       "Writes notes on files and drafts official communications (letters, Office Memoranda, DO letters, "
       "notifications) as laid down in the Central Secretariat Manual of Office Procedure.",
       "Knows the forms of communication (letter, OM, DO letter, notification, endorsement) and their uses.",
       "Writes a routine note summarising the facts, the rules and precedents, and the point for decision.",
       "Drafts clear, legally sound letters and OMs for signature and notes on non-routine cases.",
       "Drafts Cabinet notes, replies to Parliament Questions and policy documents of high quality.",
       "Sets drafting standards for the department, trains others and drafts for the highest levels "
       "of government."),
    _c("c-office-management", "Office Management", "functional",
       "Runs a government office efficiently: receipt and dak, file management, record retention, "
       "attendance, inventory and inspections.",
       "Receives and diarises dak and opens files using the correct file numbering.",
       "Maintains registers, tracks pending cases and follows record retention schedules.",
       "Supervises a section's work, conducts periodic reviews of arrears and prepares for inspections.",
       "Redesigns office workflows, delegations and records management across a division.",
       "Leads office-procedure reform for the organisation, such as a move to paperless, "
       "time-bound processing."),
    _c("c-e-office", "e-Office", "functional",
       "Uses the e-Office suite (eFile, eLeave, eTour and the Knowledge Management System) to process "
       "work digitally.",
       "Logs in to e-Office, views receipts and files assigned to them and applies for leave through eLeave.",
       "Creates electronic receipts and files, writes green notes, attaches references and moves files "
       "with a digital signature or eSign.",
       "Handles complex e-files (linking, merging, part files), converts physical files and trains "
       "section staff.",
       "Administers e-Office for a division: file heads, workflows, access rights and usage monitoring.",
       "Leads e-Office roll-out and full digital working for the organisation and integrates it with "
       "other systems."),
    _c("c-financial-management", "Financial Management", "functional",
       "Manages public money under the General Financial Rules 2017, the Delegation of Financial Powers "
       "Rules and the Receipts and Payments Rules.",
       "Knows the basic terms: sanction, appropriation, expenditure, budget head and financial year.",
       "Processes bills and sanctions correctly, checking availability of funds and delegated powers.",
       "Prepares financial proposals, monitors expenditure against budget and handles audit paras.",
       "Appraises schemes and projects financially, manages cash flow and ensures compliance "
       "across a department.",
       "Advises on financial policy as Financial Adviser, designs financial controls and represents the "
       "department before the Public Accounts Committee."),
    _c("c-procurement", "Public Procurement (GFR and GeM)", "functional",
       "Buys goods, works and services transparently and competitively under GFR 2017, the procurement "
       "manuals and the Government e-Marketplace (GeM).",
       "Knows that goods and services available on GeM must be bought through GeM and the basic "
       "principles of public buying.",
       "Places direct purchase and L1 orders on GeM and prepares a demand with the correct specifications.",
       "Runs bids and reverse auctions on GeM and e-tenders on CPPP, evaluates bids and handles "
       "vendor queries.",
       "Designs procurement strategies for complex purchases, rate contracts and framework agreements, "
       "and resolves disputes.",
       "Shapes procurement policy and reforms, for example public procurement preference rules and "
       "make-in-India provisions."),
    _c("c-project-management", "Project Management", "functional",
       "Plans, executes and monitors projects and schemes to deliver scope on time and within budget.",
       "Understands project phases, milestones and the role of a project team.",
       "Maintains project schedules and tracks activities and risks for a component of a project.",
       "Manages a project end to end: work breakdown, budget, risks, vendors and stakeholder reporting.",
       "Manages a portfolio of projects or a large scheme, using tools such as PM GatiShakti and PFMS "
       "dashboards.",
       "Sets project governance for the organisation and turns around failing programmes."),
    _c("c-data-analysis", "Data Analysis", "functional",
       "Collects, analyses and interprets data to inform decisions, monitoring and policy.",
       "Reads tables and charts and enters data accurately in spreadsheets and MIS portals.",
       "Uses spreadsheets to clean data, compute totals, averages and trends and make simple charts.",
       "Analyses programme data to find patterns and outliers and presents evidence for decisions.",
       "Designs indicators and dashboards, uses statistical methods and commissions evaluations.",
       "Builds a data-driven culture and data governance for the organisation and uses advanced "
       "analytics for policy."),
    _c("c-rti-handling", "RTI Handling", "functional",
       "Handles requests and appeals under the Right to Information Act, 2005 as CPIO, APIO or First "
       "Appellate Authority.",
       "Knows the citizen's right to information, the fee and that a reply is due within 30 days.",
       "Registers RTI applications on the RTI-MIS portal, transfers them under Section 6(3) and "
       "collects information from sections.",
       "Decides requests as CPIO, applying the exemptions in Sections 8 and 9 with reasons, and "
       "meets the deadlines.",
       "Decides first appeals, represents the department before the Information Commission and ensures "
       "proactive disclosure under Section 4.",
       "Leads transparency policy, audits compliance across the organisation and minimises the need "
       "for RTI through disclosure."),
    _c("c-grievance-redressal", "Grievance Redressal", "functional",
       "Receives, examines and resolves public grievances on CPGRAMS and other channels fairly and on time.",
       "Knows how citizens file grievances on CPGRAMS and the department's grievance officer.",
       "Examines grievances, seeks reports from field offices and sends reasoned replies on time.",
       "Analyses grievance trends, closes cases with quality replies and handles appeals.",
       "Fixes the root causes of repeat grievances through process and policy changes.",
       "Designs the organisation's grievance redress system and its service standards."),
    _c("c-policy-analysis", "Policy Analysis", "functional",
       "Analyses problems and options to design, appraise and evaluate public policies and schemes.",
       "Understands the policy cycle: agenda, formulation, adoption, implementation and evaluation.",
       "Collects background material, data and comparative practice for a policy proposal.",
       "Analyses options and their costs, benefits and risks, and drafts policy papers and consultations.",
       "Leads policy formulation through inter-ministerial consultation, stakeholder engagement "
       "and Cabinet approval.",
       "Shapes national policy direction and evaluates policy outcomes to reform programmes."),
    _c("c-vigilance-administration", "Vigilance Administration", "functional",
       "Prevents and deals with corruption and misconduct: preventive vigilance, complaints, investigations "
       "and disciplinary proceedings under the CCS (CCA) Rules.",
       "Knows the Conduct Rules, the role of the CVO and how to report suspected corruption.",
       "Handles vigilance complaints and prepares files, including annual property returns scrutiny.",
       "Conducts preliminary inquiries and processes disciplinary cases under the CCS (CCA) Rules, "
       "1965 within CVC timelines.",
       "Identifies areas prone to corruption and designs preventive vigilance measures.",
       "Advises the organisation as CVO and shapes anti-corruption and disciplinary policy."),
    _c("c-budgeting", "Budgeting", "functional",
       "Prepares and manages budget estimates, revised estimates, re-appropriations and Demands for Grants.",
       "Knows the budget cycle, budget heads and the terms BE, RE and Supplementary Grants.",
       "Compiles budget proposals of a section and records expenditure against heads.",
       "Prepares BE/RE for a division, proposes re-appropriations and monitors the pace of expenditure.",
       "Frames the department's budget and Outcome Budget and engages with the Department of Expenditure.",
       "Shapes fiscal and budgetary policy and prepares the ministry's Demands for Grants for Parliament."),
    _c("c-parliament-work", "Parliament Work", "functional",
       "Handles Parliament Questions, assurances, Standing Committee matters and legislation.",
       "Knows the types of Parliament Questions (starred, unstarred, short notice) and their timelines.",
       "Collects material and drafts replies to unstarred questions and tracks assurances.",
       "Prepares replies and supplementaries for starred questions and briefs for Committee meetings.",
       "Manages the department's legislative business: bills, notes on clauses and Committee reports.",
       "Steers major legislation and the ministry's relations with Parliament and its Committees."),
    _c("c-service-matters", "Service Matters and Establishment", "functional",
       "Administers recruitment, promotion, leave, pay, pension and seniority under the Fundamental Rules, "
       "CCS rules and DoPT instructions.",
       "Knows the basic service rules on leave, joining time and pay.",
       "Processes leave, increments, LTC and pay fixation cases correctly.",
       "Handles promotions, DPCs, seniority lists, APARs and court cases on service matters.",
       "Frames recruitment rules and resolves complex service disputes.",
       "Shapes human-resource policy for a cadre or service."),
    _c("c-official-language", "Official Language Implementation", "functional",
       "Implements the Official Language Policy of the Union: the Official Languages Act 1963, the "
       "Official Language Rules 1976 and the annual programme.",
       "Knows that Hindi in Devanagari is the official language of the Union and the region A/B/C scheme.",
       "Issues the documents under Section 3(3) of the Official Languages Act bilingually and replies "
       "to Hindi letters in Hindi.",
       "Monitors the use of Hindi in a division, prepares quarterly progress reports and runs "
       "Hindi workshops.",
       "Implements the annual programme across the department and prepares for Parliamentary "
       "Committee on Official Language inspections.",
       "Leads official language policy for the organisation and promotes Hindi and Indian languages in "
       "digital services."),
    _c("c-posh-compliance", "Prevention of Sexual Harassment (POSH)", "functional",
       "Understands and implements the Sexual Harassment of Women at Workplace (Prevention, Prohibition "
       "and Redressal) Act, 2013 and the related CCS (Conduct) Rules.",
       "Knows what constitutes sexual harassment at the workplace and how to complain.",
       "Supports a safe workplace: intervenes as a bystander and guides colleagues to the Internal "
       "Complaints Committee.",
       "Serves on an Internal Complaints Committee: conducts inquiries fairly and within the "
       "statutory timelines.",
       "Designs awareness programmes and ensures the organisation complies with the Act.",
       "Shapes the organisation's policy on a safe and equal workplace and reviews the working of "
       "Committees."),
)

DOMAIN: tuple[Competency, ...] = (
    _c("c-cyber-security", "Cyber Security Basics", "domain",
       "Protects government information and systems: cyber hygiene, safe use of devices and email, and "
       "incident reporting under CERT-In directions.",
       "Uses strong passwords, locks the screen and recognises obvious phishing emails.",
       "Uses multi-factor authentication, handles classified information on approved systems only and "
       "reports suspicious events.",
       "Applies the government's information security guidelines in the unit and responds to incidents "
       "with CERT-In.",
       "Plans the department's security controls, audits and incident response.",
       "Leads cyber security strategy and crisis management for the organisation or sector."),
    _c("c-public-health-administration", "Public Health Administration", "domain",
       "Administers public health programmes and facilities under the National Health Mission and "
       "related schemes.",
       "Knows the structure of the public health system from sub-centre to district hospital.",
       "Maintains programme data on HMIS and supports implementation of a health scheme.",
       "Manages a district health programme: staff, supplies, outreach and quality of care.",
       "Plans state-level health programmes and responds to outbreaks with surveillance data.",
       "Shapes health policy and health system reform at national level."),
    _c("c-disaster-management", "Disaster Management", "domain",
       "Prepares for, responds to and recovers from disasters under the Disaster Management Act, 2005 "
       "and the National Disaster Management Plan.",
       "Knows the local hazards, the emergency numbers and what to do during an earthquake, flood or fire.",
       "Takes part in mock drills and maintains the office's emergency contact lists and resources.",
       "Prepares a district or departmental disaster management plan and coordinates relief operations.",
       "Leads response for a state or a large disaster, coordinating NDRF/SDRF, armed forces and "
       "departments.",
       "Shapes national disaster risk reduction policy in line with the Sendai Framework."),
    _c("c-agricultural-extension", "Agricultural Extension", "domain",
       "Transfers agricultural technology and advice to farmers through KVKs, ATMA and digital channels.",
       "Knows the main crops, seasons (kharif, rabi) and farmer welfare schemes of the area.",
       "Organises farmer meetings and demonstrations and registers farmers for schemes.",
       "Plans block-level extension programmes with KVKs and farmer producer organisations.",
       "Designs district or state extension strategies using soil health and weather advisories.",
       "Shapes national extension policy and innovations in farmer advisory services."),
    _c("c-taxation-administration", "Taxation Administration", "domain",
       "Administers direct or indirect taxes: registration, assessment, collection, audit and taxpayer "
       "services.",
       "Knows the basic structure of income tax and GST and the taxpayer services offered.",
       "Processes returns, refunds and registrations on the tax systems and answers taxpayer queries.",
       "Conducts assessments and audits, applies the law and case law, and writes reasoned orders.",
       "Leads investigation, appeals or international taxation work and improves compliance.",
       "Shapes tax policy and tax administration reform."),
    _c("c-land-records", "Land Records Management", "domain",
       "Maintains and updates land records, mutations and surveys, including digitised records under "
       "DILRMP.",
       "Knows the records of rights, khasra/khatauni and the mutation process.",
       "Updates mutations and records of rights accurately in the computerised system.",
       "Decides mutation disputes and supervises survey and digitisation work in a tehsil.",
       "Leads land records modernisation for a district, including ULPIN and registration integration.",
       "Shapes state land policy and conclusive titling reforms."),
    _c("c-urban-governance", "Urban Governance", "domain",
       "Manages urban local bodies and urban services: planning, housing, water, sanitation, transport "
       "and municipal finance.",
       "Knows the 74th Constitutional Amendment and the functions of municipalities.",
       "Processes building permissions, property tax and civic service requests.",
       "Manages a municipal service or urban mission component (for example AMRUT or Swachh Bharat "
       "Mission-Urban).",
       "Leads urban planning and municipal reforms for a city.",
       "Shapes national or state urban policy and financing frameworks."),
    _c("c-environmental-regulation", "Environmental Regulation", "domain",
       "Applies environmental laws: the Environment (Protection) Act, 1986, the Water and Air Acts, "
       "forest conservation and environmental impact assessment.",
       "Knows the main environmental laws and the role of pollution control boards.",
       "Processes consents and clearances on PARIVESH and checks compliance reports.",
       "Appraises environmental impact assessments and conducts compliance inspections.",
       "Leads enforcement and environmental planning for a state or sector.",
       "Shapes environmental and climate policy and India's positions in international negotiations."),
    _c("c-rural-development", "Rural Development Programmes", "domain",
       "Implements rural development schemes such as MGNREGS, PMAY-G and DAY-NRLM.",
       "Knows the main rural development schemes and their beneficiaries.",
       "Registers beneficiaries, records works and releases payments through the scheme MIS.",
       "Manages scheme implementation in a block, including social audits and convergence.",
       "Leads district or state implementation and quality monitoring.",
       "Shapes rural development policy and scheme design."),
    _c("c-digital-governance", "Digital Governance", "domain",
       "Designs and uses digital public infrastructure and e-governance services (Aadhaar, DigiLocker, UPI, "
       "UMANG) to deliver services.",
       "Uses government digital services and knows the main platforms of India's digital public "
       "infrastructure.",
       "Delivers a service online, verifies documents through DigiLocker and supports citizens in using it.",
       "Digitises a service end to end with NIC or vendors, including data protection considerations.",
       "Leads the department's digital transformation roadmap and platform integrations.",
       "Shapes national digital governance policy and architecture."),
    _c("c-school-education", "School Education Administration", "domain",
       "Administers school education: enrolment, learning outcomes, teachers and schemes such as Samagra "
       "Shiksha and PM POSHAN under NEP 2020.",
       "Knows the structure of school education and the main provisions of the RTE Act, 2009.",
       "Maintains UDISE+ data and supports school inspections and scheme implementation.",
       "Manages a block or district education programme and acts on learning outcome data.",
       "Plans state school education reforms in line with NEP 2020.",
       "Shapes national school education policy and standards."),
    _c("c-postal-operations", "Postal and Financial Services Operations", "domain",
       "Runs post office operations: mail, parcels, Post Office Savings Bank, India Post Payments Bank "
       "and postal life insurance.",
       "Knows the counter services of a post office and basic mail handling.",
       "Books articles, operates savings accounts and handles counter cash correctly.",
       "Manages a post office: staff, cash, accounts, customer service and inspections.",
       "Manages a postal division's operations and business development.",
       "Shapes postal policy and the modernisation of the postal network."),
)

COMPETENCIES: tuple[Competency, ...] = BEHAVIOURAL + FUNCTIONAL + DOMAIN

COMPETENCIES_BY_ID: dict[str, Competency] = {c.id: c for c in COMPETENCIES}
