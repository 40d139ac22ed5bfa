"""One escalation rule in every text: a risk of harm goes to the safeguarding lead the same day.

The agreed wording (modules/README.md, "One escalation rule"): a risk of harm goes to the
scheme's safeguarding lead, or the named deputy, the same day; 999 first if someone is in danger
now; the coordinator handles everything else. These patterns refuse, sentence by sentence, the
phrases that taught other routes: a risk sent to the coordinator, a later deadline, an absolute
"never report to probation", and a list of what to pass on narrowed to "the one thing".

Sentences with a negation ("do not wait until the next day") are read as warnings against the
phrase and left alone by the routing and deadline patterns. Wrong options of a question and
failing calibration answers are meant to be wrong, so the loader does not pass them here.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from lms.content.reader import Reader, line_at
from lms.content.schema import QuestionSpec, ScenarioSpec

RULE = "escalation"
THE_RULE = (
    "the one rule is: a risk of harm goes to the safeguarding lead (or the named deputy) the "
    "same day, 999 first if someone is in danger now"
)

_RISK = re.compile(
    r"\b(?:harm(?:ed|ing)?|hurt(?:ing)?|danger(?:ous)?|abus\w*|neglect\w*|exploit\w*|"
    r"threat\w*|suicid\w*|self-harm\w*|safeguarding (?:concern|worry|worries|issue)s?|"
    r"risk of (?:harm|abuse|being)|at risk|risk to)\b",
    re.IGNORECASE,
)
_PASS_ON = re.compile(
    r"\b(?:tell|tells|told|report\w*|pass\w* (?:it |this |that )?on|pass\w*|rais\w*|shar\w*|"
    r"let \w+ know|contact\w*|call\w*|ring\w*|speak\w*|talk\w*|go(?:es)? to|escalat\w*)\b",
    re.IGNORECASE,
)
_COORDINATOR = re.compile(r"\bco-?ordinators?\b", re.IGNORECASE)
_LEAD = re.compile(r"\bsafeguarding leads?\b|\bdeputy\b", re.IGNORECASE)
_LATER = re.compile(
    r"\b(?:next (?:day|working day|morning|week|session|supervision|meeting)|"
    r"within (?:24|48|72|a few) (?:hours|days)|within a (?:day|week)|"
    r"(?:in|after) a (?:day|few days) or two|by the end of the (?:day|week)|"
    r"when you next|at your next|tomorrow)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|don't|do not|doesn't|does not|isn't|instead of|rather than|without)\b"
    r"|n't\b",
    re.IGNORECASE,
)
_ALWAYS_REFUSED = [
    (
        re.compile(r"\bsame or (?:the )?next (?:working )?day\b", re.IGNORECASE),
        "'same or next day' leaves a day's wait",
    ),
    (
        re.compile(
            r"\bnever\b[^.?!]*\b(?:report|tell|pass|share|inform)\w*\b[^.?!]*\bprobation\b"
            r"|\bnothing\b[^.?!]*\bto (?:your |the |their )?probation\b"
            r"|\b(?:do not|don't|will not|won't)\s+(?:report|tell|pass|inform)\w*\s+(?:on\s+)?"
            r"(?:your mentee|them|him|her|anything|things)\b[^.?!]*\bprobation\b",
            re.IGNORECASE,
        ),
        "an absolute rule never to tell probation: mentors do not report technical breaches, "
        "but a risk of harm goes to the safeguarding lead, who decides with the scheme's "
        "information-sharing agreement whether probation is told",
    ),
    (
        re.compile(
            r"\b(?:the )?(?:one|only) (?:thing|time) (?:you )?(?:must|have to|need to|should)\b",
            re.IGNORECASE,
        ),
        "'the one thing you must ...' narrows what must be passed on: anything that suggests "
        "someone may be harmed is passed on",
    ),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_MARKDOWN = MarkdownIt("commonmark")


def sentences(text: str) -> list[str]:
    """The sentences of a piece of plain text (one paragraph or field)."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def sentence_problem(sentence: str) -> str | None:
    """Why this sentence teaches another escalation route than the agreed one, or None."""
    for pattern, why in _ALWAYS_REFUSED:
        if pattern.search(sentence):
            return why
    if not _RISK.search(sentence) or not _PASS_ON.search(sentence) or _NEGATION.search(sentence):
        return None
    if _COORDINATOR.search(sentence) and not _LEAD.search(sentence):
        return "a risk of harm is sent to the coordinator"
    if _LATER.search(sentence):
        return "a risk of harm is given a later deadline than the same day"
    return None


def text_problems(text: str) -> list[tuple[str, str]]:
    """(sentence, why) for every sentence of plain text that breaks the escalation rule."""
    found = []
    for sentence in sentences(text):
        why = sentence_problem(sentence)
        if why is not None:
            found.append((sentence, why))
    return found


def _message(sentence: str, why: str) -> str:
    sentence = sentence.replace("**", "")
    shown = sentence if len(sentence) <= 90 else sentence[:87] + "..."
    return f'escalation: "{shown}": {why}; {THE_RULE}'


def check_lesson_text(reader: Reader, path: Path, markdown: str) -> None:
    """Every paragraph, list item and heading of a lesson, at its line."""
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline":
            continue
        line = token.map[0] + 1 if token.map else None
        for sentence, why in text_problems(token.content):
            reader.add(path, line, _message(sentence, why), RULE)


def _check_field(
    reader: Reader, path: Path, node: yaml.Node | None, loc: tuple, text: str | None, key: str = ""
) -> None:
    for sentence, why in text_problems(text or ""):
        reader.add(path, line_at(node, loc), _message(sentence, why), RULE, key)


def check_questions(
    reader: Reader, path: Path, node: yaml.Node | None, questions: list[QuestionSpec]
) -> None:
    """The right options and every option's feedback (wrong options are meant to be wrong)."""
    for index, question in enumerate(questions):
        for number, option in enumerate(question.options):
            loc = ("questions", index, "options", number)
            if option.correct:
                _check_field(reader, path, node, (*loc, "text"), option.text, question.id)
            _check_field(reader, path, node, (*loc, "feedback"), option.feedback, question.id)


def check_scenario_text(
    reader: Reader, path: Path, node: yaml.Node | None, spec: ScenarioSpec
) -> None:
    """The task, each criterion and its "met" descriptor, and the passing example's answer."""
    _check_field(reader, path, node, ("task",), spec.task)
    for index, criterion in enumerate(spec.rubric):
        _check_field(reader, path, node, ("rubric", index, "criterion"), criterion.criterion)
        _check_field(reader, path, node, ("rubric", index, "met"), criterion.met)
    for index, example in enumerate(spec.examples):
        if example.outcome == "pass":
            _check_field(reader, path, node, ("examples", index, "answer"), example.answer)
