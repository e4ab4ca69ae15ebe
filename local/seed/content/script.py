"""What the seed media say: the slides and narration of each course's video (its handout is the same slides
with their narration), the audio talk, and which seed course and content each file belongs to. Every seed
course (local/seed/data/courses.py) has one video, in the course's language; the noting and drafting video is
the ~60-second one the benchmark transcodes, the others are ~20-40 s. Written for this project from the
public Acts, Rules and manuals the courses name (no copied text)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slide:
    title: str
    lines: tuple[str, ...]  # what the slide shows
    narration: str  # what is said while it shows
    gloss: str = ""  # an English title, shown when no Devanagari font is installed


@dataclass(frozen=True)
class Video:
    course_id: str
    content_id: str
    course_title: str  # in the footer of every slide
    language: str  # "en" | "hi" (the espeak-ng voice)
    handout_id: str  # the course's pdf content: these slides with their narration
    slides: tuple[Slide, ...]
    fps: int = 10  # slides change every few seconds: 10 frames a second encode fast and play smoothly


NOTING = Video(
    course_id="noting-drafting",
    content_id="nd-m1-c1",
    course_title="Noting and Drafting in Government",
    language="en",
    handout_id="nd-m1-c2",
    fps=25,  # the benchmark's video: the common frame rate of real recordings
    slides=(
        Slide("What a good note contains",
              ("Noting on files", "Central Secretariat Manual of Office Procedure"),
              "Welcome. In this short lesson we look at what a good note on a file contains, "
              "following the Central Secretariat Manual of Office Procedure. It takes about a minute."),
        Slide("1. The issue",
              ("State the issue for consideration", "One or two sentences"),
              "A note begins with a brief statement of the issue for consideration. State it in one or two "
              "sentences, so that the reader knows at once what is to be decided."),
        Slide("2. Facts, rules and precedents",
              ("Relevant facts only", "Rules and instructions that apply", "Refer to pages; do not repeat the file"),
              "Next, set out the relevant facts, the rules and instructions that apply, and any precedents. "
              "Refer to earlier notes and letters by their page numbers, and do not repeat what is already on the file."),
        Slide("3. The point for decision",
              ("Analyse the options", "Bring out the point for decision", "Suggest a course of action"),
              "Then analyse the issue, weigh the options, and bring out clearly the point for decision. "
              "Where you can, suggest a course of action."),
        Slide("4. Sign and date",
              ("Name, designation, date", "Simple words, short sentences"),
              "Finally, sign the note with your name, designation and the date. Keep the language simple, "
              "the sentences short, and the note as brief as the case allows. Thank you."),
    ),
)

RTI = Video(
    course_id="rti-parichay-hi",
    content_id="rtih-m1-c1",
    course_title="सूचना का अधिकार अधिनियम, 2005",
    language="hi",
    handout_id="rtih-m1-c2",
    slides=(
        Slide("सूचना का अधिकार", ("अधिनियम, 2005",),
              "सूचना का अधिकार अधिनियम, दो हज़ार पाँच, हर नागरिक को सरकारी सूचना माँगने का अधिकार देता है।",
              gloss="The Right to Information"),
        Slide("आवेदन और शुल्क", ("लोक सूचना अधिकारी", "शुल्क: दस रुपये"),
              "आवेदन लोक सूचना अधिकारी को लिखित में या ऑनलाइन दिया जाता है। केंद्र सरकार के लिए शुल्क दस रुपये है।",
              gloss="Application and fee"),
        Slide("समय-सीमा", ("तीस दिन", "जीवन या स्वतंत्रता: अड़तालीस घंटे"),
              "सूचना तीस दिन में दी जानी चाहिए। जीवन या स्वतंत्रता से जुड़े मामले में अड़तालीस घंटे में।",
              gloss="Time limits"),
        Slide("अपील", ("प्रथम अपील: तीस दिन", "द्वितीय अपील: नब्बे दिन"),
              "उत्तर न मिलने पर प्रथम अपील तीस दिन में, और द्वितीय अपील सूचना आयोग को नब्बे दिन में की जा सकती है।",
              gloss="Appeals"),
    ),
)

E_OFFICE = Video(
    course_id="intro-e-office", content_id="eo-m1-c3", course_title="Introduction to e-Office", language="en",
    handout_id="eo-m3-c1",
    slides=(
        Slide("The e-Office suite", ("Built by the National Informatics Centre", "eFile, eLeave, eTour, KMS"),
              "e-Office is the National Informatics Centre's product for paperless government. Its main modules "
              "are eFile for files, eLeave and eTour for leave and tours, and a knowledge management system."),
        Slide("Receipts and e-files", ("Diarise every receipt", "Open an e-file, write a green note"),
              "In eFile every letter that arrives is diarised as a receipt, attached to an e-file, and noted on "
              "in the green note sheet."),
        Slide("Moving and signing", ("Forward the file electronically", "Sign with DSC or eSign"),
              "The file then moves from desk to desk electronically, and each officer signs with a digital "
              "signature certificate or eSign."),
    ),
)

POSH = Video(
    course_id="posh-workplace", content_id="posh-m1-c1", course_title="Prevention of Sexual Harassment (POSH)",
    language="en", handout_id="posh-m3-c1",
    slides=(
        Slide("The POSH Act, 2013", ("Prevention, prohibition, redressal", "Every workplace, every woman"),
              "The Sexual Harassment of Women at Workplace Act of two thousand thirteen protects every woman at "
              "work, whatever her employment, and makes prevention the employer's duty."),
        Slide("What harassment is", ("Unwelcome physical contact or advances", "Sexual remarks, requests for favours"),
              "Sexual harassment includes unwelcome physical contact and advances, a demand for sexual favours, "
              "sexually coloured remarks, and any other unwelcome conduct of a sexual nature."),
        Slide("Where to complain", ("Internal Complaints Committee: 10 or more staff", "Complain within three months"),
              "An office with ten or more employees must have an Internal Complaints Committee. A complaint is "
              "made within three months, and the inquiry ends within ninety days."),
    ),
)

RTI_ACT = Video(
    course_id="rti-act-2005", content_id="rti-m1-c1", course_title="Right to Information Act 2005",
    language="en", handout_id="rti-m1-c3",
    slides=(
        Slide("Why the Act exists", ("Transparency and accountability", "Every citizen may ask"),
              "The Right to Information Act of two thousand five lets every citizen ask a public authority for "
              "information, to make government transparent and accountable."),
        Slide("The request and its fee", ("Apply to the Public Information Officer", "Fee: ten rupees (RTI Rules, 2012)"),
              "A request goes to the Central Public Information Officer. Under the RTI Rules of two thousand "
              "twelve the fee is ten rupees; applicants below the poverty line pay nothing."),
        Slide("Time limits and appeals", ("Reply within 30 days; 48 hours for life or liberty",
                                          "First appeal 30 days, second appeal 90 days"),
              "The reply is due within thirty days, or forty eight hours where life or liberty is at stake. "
              "Appeals go to the First Appellate Authority, then to the Central Information Commission."),
    ),
)

CYBER = Video(
    course_id="cyber-security-awareness", content_id="cyb-m1-c1", course_title="Cyber Security Awareness",
    language="en", handout_id="cyb-m3-c1",
    slides=(
        Slide("Phishing", ("Urgent mail asking you to click or pay", "Check the sender and the link"),
              "Most attacks start with a phishing message: an urgent mail or text asking you to click a link, "
              "open an attachment or share a password. Check the sender and the address before you act."),
        Slide("Malware and social engineering", ("No unknown pen drives or software", "Nobody genuine asks for your OTP"),
              "Do not plug in unknown pen drives or install software from outside the approved list. "
              "No genuine caller ever needs your password or one-time code."),
        Slide("Report at once", ("Tell your IT team and CERT-In", "Cyber crime helpline: 1930"),
              "If something goes wrong, report it at once to your IT team and CERT-In. Citizens can call the "
              "cyber crime helpline, one nine three zero."),
    ),
)

GEM = Video(
    course_id="gem-procurement", content_id="gem-m1-c1", course_title="Public Procurement on GeM",
    language="en", handout_id="gem-m3-c1",
    slides=(
        Slide("Principles of public buying", ("Efficiency, economy, transparency", "Fair treatment, competition"),
              "The General Financial Rules of two thousand seventeen ask every buyer to bring efficiency, "
              "economy and transparency to public procurement, treat suppliers fairly and promote competition."),
        Slide("The Government e-Marketplace", ("GeM: online since 2016", "Goods and services on GeM: buy there"),
              "The Government e-Marketplace, GeM, is the national online market for public buyers. Goods and "
              "services available on GeM are to be bought through it."),
        Slide("Ways to buy", ("Direct purchase, L1 purchase", "Bids and reverse auctions"),
              "Depending on the value, a buyer uses direct purchase, purchase from the lowest offer, a bid, "
              "or a reverse auction."),
    ),
)

SAPTAH = Video(
    course_id="karmayogi-saptah-self-awareness", content_id="ks-m1-c1", course_title="Karmayogi Saptah: Self-awareness",
    language="en", handout_id="ks-m1-c2",
    slides=(
        Slide("Mission Karmayogi", ("National Programme for Civil Services Capacity Building", "Approved in 2020"),
              "Mission Karmayogi, the National Programme for Civil Services Capacity Building, was approved by "
              "the Union Cabinet in two thousand twenty."),
        Slide("From rule-based to role-based", ("Competencies for each role", "Learning all through a career"),
              "It moves the civil service from rule based to role based work: each role has its competencies, "
              "and every official keeps learning throughout a career."),
        Slide("The institutions", ("Capacity Building Commission", "Karmayogi Bharat and the iGOT platform"),
              "The Capacity Building Commission guides the training plans, and Karmayogi Bharat runs the iGOT "
              "learning platform."),
    ),
)

CITIZEN = Video(
    course_id="citizen-centric-governance", content_id="ccg-m1-c1", course_title="Citizen Centric Governance",
    language="en", handout_id="ccg-m3-c1",
    slides=(
        Slide("Citizens first", ("Design services around the citizen", "Simple, timely, accountable"),
              "Citizen centric governance designs every service around the people who use it: simple "
              "procedures, timely delivery, and clear accountability."),
        Slide("Charters and Sevottam", ("Citizen's Charter: standards and remedies", "Sevottam: a model of service excellence"),
              "A Citizen's Charter states the standards of service and the remedy when they are not met. "
              "The Sevottam model helps an office measure and improve its service delivery."),
        Slide("Grievance redress", ("CPGRAMS: lodge, track, close", "A reasoned reply, on time"),
              "Grievances are lodged and tracked on CPGRAMS. Each one deserves a reasoned reply within the "
              "time allowed."),
    ),
)

GFR = Video(
    course_id="gfr-2017", content_id="gfr-m1-c1", course_title="Financial Management in Government (GFR 2017)",
    language="en", handout_id="gfr-m2-c1",
    slides=(
        Slide("Consolidated Fund of India", ("Article 266 (1)", "No withdrawal without appropriation by Parliament"),
              "All revenues and loans of the Union go into the Consolidated Fund of India. Nothing is withdrawn "
              "from it without an appropriation by Parliament."),
        Slide("Contingency Fund of India", ("Article 267", "Urgent, unforeseen expenditure"),
              "The Contingency Fund is at the disposal of the President for urgent and unforeseen expenditure, "
              "and is made good once Parliament approves."),
        Slide("Public Account of India", ("Article 266 (2)", "Money the government holds as a banker"),
              "Other public money, such as provident funds and small savings, is kept in the Public Account, "
              "where the government acts as a banker. The General Financial Rules govern how all of it is spent."),
    ),
)

EMOTIONS = Video(
    course_id="emotional-intelligence", content_id="ei-m1-c1", course_title="Emotional Intelligence for Public Servants",
    language="en", handout_id="ei-m3-c1",
    slides=(
        Slide("What emotional intelligence is", ("Recognise emotions", "Manage them, in yourself and in others"),
              "Emotional intelligence is the ability to recognise emotions, in yourself and in others, and to "
              "manage them well."),
        Slide("Five components", ("Self-awareness, self-regulation, motivation", "Empathy, social skills"),
              "Daniel Goleman describes five components: self awareness, self regulation, motivation, empathy "
              "and social skills."),
        Slide("At work", ("Listen before you answer", "Stay calm under pressure"),
              "At the counter and in meetings, listen before you answer, name the feeling, and stay calm under "
              "pressure."),
    ),
)

DISASTER = Video(
    course_id="disaster-management-essentials", content_id="dm-m1-c1", course_title="Disaster Management Essentials",
    language="en", handout_id="dm-m3-c1",
    slides=(
        Slide("The Disaster Management Act, 2005", ("A framework for the nation, states and districts",),
              "The Disaster Management Act of two thousand five set up a framework for preparedness, response "
              "and recovery at every level of government."),
        Slide("The authorities", ("NDMA: chaired by the Prime Minister", "SDMA: Chief Minister; DDMA: Collector"),
              "The National Disaster Management Authority is chaired by the Prime Minister, a state authority "
              "by the Chief Minister, and a district authority by the Collector."),
        Slide("The response force", ("National Disaster Response Force", "Plans aligned with the Sendai Framework"),
              "The National Disaster Response Force responds to disasters, and the national plan follows the "
              "Sendai Framework for disaster risk reduction."),
    ),
)

DATA = Video(
    course_id="data-driven-decision-making", content_id="ddm-m1-c1", course_title="Data-driven Decision Making",
    language="en", handout_id="ddm-m3-c1",
    slides=(
        Slide("Averages", ("Mean, median, mode", "The median resists extreme values"),
              "An average summarises data. The mean adds and divides; the median is the middle value, and is "
              "not pulled by a few extreme values."),
        Slide("Spread", ("Range and standard deviation", "Two districts, the same mean, different stories"),
              "Spread matters too. Two districts can have the same mean and very different ranges and standard "
              "deviations."),
        Slide("Outliers", ("Check before you drop", "An error, or the most important case"),
              "An outlier may be a data entry error, or the most important case in the data. Check it before "
              "you drop it."),
    ),
)

LEADING = Video(
    course_id="leading-teams", content_id="lt-m1-c1", course_title="Leading Teams in Government",
    language="en", handout_id="lt-m2-c2",
    slides=(
        Slide("From doing to leading", ("Your results come through your team",),
              "When you lead a section, your results come through your team, not only through your own files."),
        Slide("Priorities and delegation", ("Agree the priorities", "Delegate with a deadline, then follow up"),
              "Agree the priorities, delegate each task with a clear deadline, and follow up without taking "
              "the work back."),
        Slide("Review and feedback", ("Short, regular review meetings", "Specific feedback, early"),
              "Hold short and regular review meetings with an agenda and recorded action points, and give "
              "specific feedback early."),
    ),
)

PARLIAMENT = Video(
    course_id="parliamentary-procedures", content_id="pp-m1-c1", course_title="Parliamentary Procedures",
    language="en", handout_id="pp-m1-c2",
    slides=(
        Slide("Starred questions", ("Answered orally in the House", "Supplementaries follow"),
              "A starred question is answered orally by the Minister in the House, and members may ask "
              "supplementary questions."),
        Slide("Unstarred and short notice questions", ("Unstarred: a written answer", "Short notice: urgent public importance"),
              "An unstarred question gets a written answer. A short notice question is on a matter of urgent "
              "public importance and is asked at shorter notice."),
        Slide("Drafting the reply", ("Accurate, complete, to the point", "Notes for supplementaries"),
              "The ministry drafts a reply that is accurate, complete and to the point, with notes that prepare "
              "the Minister for supplementaries."),
    ),
)

RAJBHASHA = Video(
    course_id="rajbhasha-hi", content_id="rbh-m1-c1", course_title="राजभाषा नीति एवं सरकारी कामकाज में हिंदी",
    language="hi", handout_id="rbh-m1-c2",
    slides=(
        Slide("अनुच्छेद 343", ("संघ की राजभाषा: देवनागरी लिपि में हिंदी",),
              "संविधान के अनुच्छेद तीन सौ तैंतालीस के अनुसार संघ की राजभाषा देवनागरी लिपि में हिंदी है।",
              gloss="Article 343"),
        Slide("अनुच्छेद 351", ("हिंदी के प्रसार का निदेश",),
              "अनुच्छेद तीन सौ इक्यावन संघ को हिंदी भाषा का प्रसार और विकास करने का निदेश देता है।",
              gloss="Article 351"),
        Slide("अधिनियम और नियम", ("राजभाषा अधिनियम 1963: धारा 3(3)", "राजभाषा नियम 1976: क, ख, ग क्षेत्र"),
              "राजभाषा अधिनियम की धारा तीन तीन के अंतर्गत कुछ दस्तावेज़ हिंदी और अंग्रेज़ी दोनों में जारी होते हैं। "
              "राजभाषा नियम, उन्नीस सौ छिहत्तर, देश को क, ख और ग क्षेत्रों में बाँटते हैं।",
              gloss="The Act and the Rules"),
    ),
)

YOGA = Video(
    course_id="yoga-tanav-prabandhan-hi", content_id="yoga-m1-c1", course_title="कर्मयोगी के लिए योग एवं तनाव प्रबंधन",
    language="hi", handout_id="yoga-m1-c2",
    slides=(
        Slide("तनाव के लक्षण", ("नींद की कमी, चिड़चिड़ापन", "सिरदर्द और थकान"),
              "नींद की कमी, चिड़चिड़ापन, सिरदर्द और लगातार थकान तनाव के सामान्य लक्षण हैं।",
              gloss="Signs of stress"),
        Slide("तनाव के कारण", ("काम का बोझ और समय-सीमा", "आपसी मतभेद"),
              "काम का अधिक बोझ, कड़ी समय-सीमा और सहकर्मियों से मतभेद तनाव के आम कारण हैं।",
              gloss="Causes of stress"),
        Slide("संतुलन", ("नियमित विराम और व्यायाम", "पूरी नींद, परिवार के साथ समय"),
              "काम के बीच छोटे विराम, नियमित योग और व्यायाम, पूरी नींद और परिवार के साथ समय संतुलन बनाए रखते हैं।",
              gloss="Balance"),
    ),
)

# One video per seed course, in the order of local/seed/data/courses.py's COURSES.
VIDEOS: tuple[Video, ...] = (NOTING, E_OFFICE, POSH, RTI_ACT, CYBER, GEM, SAPTAH, CITIZEN, GFR, EMOTIONS, DISASTER,
                             DATA, LEADING, PARLIAMENT, RTI, RAJBHASHA, YOGA)
BENCHMARK_VIDEO = NOTING  # the ~60-second English video (docs/benchmarks.md: the local HLS ladder)


# The audio talk of the noting and drafting course ("Drafting for signature").
TALK_COURSE_ID = "noting-drafting"
TALK_CONTENT_ID = "nd-m2-c2"
TALK = (
    "A short talk on drafting for signature. A good draft says who is writing, to whom, and why, in its first "
    "lines. Quote the references in full, keep one subject to a letter, and list the enclosures at the end. "
    "Read the draft once more as the person who will receive it."
)

# The SCORM 1.2 package: the noting and drafting quiz, played by the package itself.
SCORM_COURSE_ID = "noting-drafting"
SCORM_CONTENT_ID = "nd-scorm"
SCORM_QUIZ_ID = "nd-quiz"
