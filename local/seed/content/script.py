"""What the seed media say: the slides and narration of each video, the audio talk, and which seed course
and content each file belongs to. The facts are those of the seed courses (local/seed/data/courses.py)."""

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
    slides: tuple[Slide, ...]


NOTING = Video(
    course_id="noting-drafting",
    content_id="nd-m1-c1",
    course_title="Noting and Drafting in Government",
    language="en",
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

VIDEOS: tuple[Video, ...] = (NOTING, RTI)

# The audio talk of the noting and drafting course.
TALK_COURSE_ID = "noting-drafting"
TALK_CONTENT_ID = "nd-talk"
TALK = (
    "A short talk on drafting for signature. A good draft says who is writing, to whom, and why, in its first "
    "lines. Quote the references in full, keep one subject to a letter, and list the enclosures at the end. "
    "Read the draft once more as the person who will receive it."
)

# The handout (a PDF of the video's slides and narration) replaces these document contents.
HANDOUT_CONTENT_IDS = {"noting-drafting": "nd-m1-c2", "rti-parichay-hi": "rtih-m1-c2"}

# The SCORM 1.2 package: the noting and drafting quiz, played by the package itself.
SCORM_COURSE_ID = "noting-drafting"
SCORM_CONTENT_ID = "nd-scorm"
SCORM_QUIZ_ID = "nd-quiz"
