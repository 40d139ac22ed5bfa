"""One escalation rule in every text: a risk of harm goes to the safeguarding lead the same day.

The agreed wording (modules/README.md, "One escalation rule"): a risk of harm goes to the
scheme's safeguarding lead, or the named deputy, the same day; 999 first if someone is in danger
now; the coordinator handles everything else. These patterns refuse, sentence by sentence, the
phrases that taught other routes: a risk sent to the coordinator, a later deadline, an absolute
"never report to probation", and a list of what to pass on narrowed to "the one thing".

A sentence is read clause by clause: a negation ("do not wait until the next day") excuses only
its own clause. Wrong options, false true/false statements and failing calibration answers are
meant to be wrong, so the loader does not pass them here (modules/README.md lists what is read).
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
    r"\b(?:harm(?:ed|ing|s)?|hurt(?:ing|s)?|danger(?:ous)?|abus\w*|neglect\w*|exploit\w*|"
    r"threat\w*|suicid\w*|self-harm\w*|safeguarding (?:concern|worry|worries|issue)s?|"
    r"at risk|risks? (?:of|to)|risks? (?:go|goes|are passed|should go)|in danger)\b",
    re.IGNORECASE,
)
# Risks that are not a risk of harm to pass on: the mentor's own recovery, harm reduction advice.
_NOT_A_RISK = re.compile(
    r"\bharm reduction\b|\brecovery (?:\w+ ){0,3}(?:at risk|in danger)\b|"
    r"\b(?:at risk|in danger) (?:\w+ ){0,3}recovery\b|\brisk of relapse\b",
    re.IGNORECASE,
)
_PASS_ON = re.compile(
    r"\b(?:tell|tells|told|report\w*|pass\w*|rais\w*|shar\w*|let (?:[\w'-]+ ){1,3}know|"
    r"contact\w*|call\w*|ring\w*|phon\w*|text\w*|e-?mail\w*|messag\w*|speak\w*|talk\w*|"
    r"ask\w*|writ\w*|hear\w*|inform\w*|alert\w*|flag\w*|go(?:es)? to|goes? straight to|"
    r"escalat\w*|bring\w*|mention\w*)\b",
    re.IGNORECASE,
)
_COORDINATOR = re.compile(r"\bco-?ordinators?\b", re.IGNORECASE)
_LEAD = re.compile(r"\bsafeguarding leads?\b|\bdeputy\b", re.IGNORECASE)
_EITHER = re.compile(
    r"\bco-?ordinators? or (?:the |your )?(?:scheme's )?safeguarding lead|"
    r"\bsafeguarding lead or (?:the |your )?co-?ordinator",
    re.IGNORECASE,
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)"
_LATER = re.compile(
    r"\b(?:next (?:day|working day|morning|week|session|supervision|meeting|visit)|"
    r"(?:the )?following (?:day|morning|week)|"
    r"within (?:\d+|one|two|three|a few|a couple of|several) (?:hours|days|weeks)|"
    r"within a (?:day|week)|(?:in|after) a (?:day|few days) or two|"
    r"(?:by|at) the end of the (?:day|week)|this week|by " + _DAYS + r"|"
    r"when you next|at your next|tomorrow|when you get (?:a )?chance|as soon as you can|"
    r"when it suits|in (?:your|the) next)\b",
    re.IGNORECASE,
)
_TODAY = re.compile(r"\b(?:same day|today|straight away|at once|right away|now)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no|don't|do not|doesn't|does not|isn't|instead of|rather than|without|"
    r"wrong|mistake)\b|n't\b",
    re.IGNORECASE,
)
# A sentence is read clause by clause, so "do not tell probation yourself" cannot excuse
# "tell your coordinator" in the same sentence.
_CLAUSE = re.compile(r"[;:,()]|\s[-\u2013\u2014]\s|\bbut\b|\band then\b|\bthen\b", re.IGNORECASE)
_NEVER_PROBATION = re.compile(
    r"\bnever\b[^.?!]*\b(?:report|tell|pass|share|inform|speak|talk|go|contact|ring|call)\w*"
    r"\b[^.?!]*\bprobation\b|\bnever goes? (?:on )?to (?:your |the |their )?probation\b"
    r"|\bnothing\b[^.?!]*\bto (?:your |the |their )?probation\b"
    r"|\b(?:do not|don't|will not|won't)\s+(?:report|tell|pass|inform|speak|talk)\w*\s+"
    r"(?:on\s+|to\s+)?(?:(?:your mentee|them|him|her|anything|things)\b[^.?!]*\b)?probation\b"
    r"|\bkeep\w* (?:it|this|that|things|anything|everything|them) from (?:your |the |their )?"
    r"probation\b",
    re.IGNORECASE,
)
# What makes "do not tell probation" right: the lead decides, or only small breaches are meant.
_QUALIFIED = re.compile(
    r"\bsafeguarding leads?\b|\bdeputy\b|\byourself\b|\btechnical\b|\bbreach\w*|\bmissed\b|"
    r"\blate\b|\bslips?\b|\bsmall\b|\bminor\b",
    re.IGNORECASE,
)
_ALWAYS_REFUSED = [
    (
        re.compile(r"\bsame or (?:the )?(?:next|following) (?:working )?day\b", re.IGNORECASE),
        "'same or next day' leaves a day's wait",
    ),
    (
        re.compile(
            r"\b(?:the )?(?:one|only) thing (?:that )?(?:you )?(?:must|have to|need to|should)"
            r"(?: always)? (?:pass on|report|tell|share|do)\b",
            re.IGNORECASE,
        ),
        "'the one thing you must ...' narrows what must be passed on: anything that suggests "
        "someone may be harmed is passed on",
    ),
]
_PROBATION_WHY = (
    "an absolute rule never to tell probation: mentors do not report technical breaches, "
    "but a risk of harm goes to the safeguarding lead, who decides with the scheme's "
    "information-sharing agreement whether probation is told"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_MARKDOWN = MarkdownIt("commonmark")


def sentences(text: str) -> list[str]:
    """The sentences of a piece of plain text (one paragraph or field)."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _risky(text: str) -> bool:
    return _RISK.search(_NOT_A_RISK.sub(" ", text)) is not None


SHORT = 8  # words: "Tell your coordinator." after "A child may be at risk." is one instruction


def _states_a_risk(sentence: str) -> bool:
    """A bare statement of a risk, which the next sentence may act on."""
    quiet = not _PASS_ON.search(sentence) and not _NEGATION.search(sentence)
    return quiet and not _LEAD.search(sentence) and _risky(sentence)


def _routes(clause: str) -> str | None:
    """How one clause (not negated, passing something on) breaks the rule, or None."""
    if _NEGATION.search(clause) or not _PASS_ON.search(clause):
        return None
    if _COORDINATOR.search(clause) and not _LEAD.search(clause):
        return "a risk of harm is sent to the coordinator"
    return None


def sentence_problem(sentence: str, before: str = "") -> str | None:
    """Why this sentence teaches another escalation route than the agreed one, or None.

    ``before`` is the sentence before it: "A child may be at risk. Tell your coordinator." is
    read as one instruction when the first states a risk (passing nothing on, naming no lead,
    not negated) and the second is a short instruction naming no risk of its own.
    """
    for pattern, why in _ALWAYS_REFUSED:
        if pattern.search(sentence):
            return why
    if _NEVER_PROBATION.search(sentence) and not _QUALIFIED.search(sentence):
        return _PROBATION_WHY
    risky = _risky(sentence) or (_states_a_risk(before) and len(sentence.split()) <= SHORT)
    if not risky:
        return None
    if _EITHER.search(sentence):
        return (
            "'the coordinator or the safeguarding lead' leaves two routes: a risk of harm goes "
            "to the safeguarding lead"
        )
    clauses = [c for c in _CLAUSE.split(sentence) if c and c.strip()]
    for clause in clauses:
        why = _routes(clause)
        if why is not None and not _LEAD.search(sentence):
            return why
    later = _LATER.search(sentence) and not _TODAY.search(sentence)
    if later and any(_PASS_ON.search(c) and not _NEGATION.search(c) for c in clauses):
        return "a risk of harm is given a later deadline than the same day"
    return None


def text_problems(text: str) -> list[tuple[str, str]]:
    """(sentence, why) for every sentence of plain text that breaks the escalation rule."""
    found, before = [], ""
    for sentence in sentences(text):
        why = sentence_problem(sentence, before)
        if why is not None:
            found.append((sentence, why))
        before = sentence
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


def check_module_text(reader: Reader, path: Path, node: yaml.Node | None, raw: dict) -> None:
    """module.yaml's summary, each outcome's text and each lesson's title."""
    fields: list[tuple[tuple, object]] = [(("summary",), raw.get("summary"))]
    for key in ("outcomes", "lessons"):
        items = raw.get(key) if isinstance(raw.get(key), list) else []
        name = "text" if key == "outcomes" else "title"
        for index, item in enumerate(items):
            if isinstance(item, dict):
                fields.append(((key, index, name), item.get(name)))
    for loc, text in fields:
        if isinstance(text, str):
            _check_field(reader, path, node, loc, text)


def check_questions(
    reader: Reader, path: Path, node: yaml.Node | None, questions: list[QuestionSpec]
) -> None:
    """The right options and every option's feedback (wrong options are meant to be wrong), and
    the statement of a true/false question whose answer is True."""
    for index, question in enumerate(questions):
        if question.type == "true_false" and question.options[0].correct:
            loc = ("questions", index, "prompt")
            _check_field(reader, path, node, loc, question.prompt, question.id)
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
