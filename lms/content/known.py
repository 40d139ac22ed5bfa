"""modules/known-problems.yaml: problems of today's content left for the curriculum rewrite.

Each entry names a module, a rule and (for a rule about one question) the question. A problem an
entry matches is reported as known instead of failing the check; an entry that matches nothing is
itself a problem, so the list only shrinks. Only the rules in ``LISTABLE`` may be listed.

A guessing entry also lists the score each failing blind strategy is allowed (today's, to one
decimal). It matches only while every failing strategy is listed and scores no more than that;
guessing that gets worse fails, and a listed strategy that no longer fails must be taken off.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from lms.content.guessing import STRATEGIES, GuessReport
from lms.content.reader import Problem, Reader, line_at
from lms.content.schema import Key, Slug, _Strict

KNOWN_FILE = "known-problems.yaml"
# Only these two may wait on a list: the escalation rule, reading age, trainer notes and the rest
# are fixed in the content, never listed, so no module can teach another route meanwhile.
LISTABLE = ("guessing", "must-pass-true-false")
MODULE_WIDE = ("guessing",)
STRATEGY_NAMES = tuple(name for name, _ in STRATEGIES)
# Listed scores are rounded to one decimal: a score within rounding of its listed value is no worse.
ROUNDING = 0.05


class KnownEntry(_Strict):
    """One known problem: the module's folder name, the rule, and the question if about one."""

    module: Slug
    rule: str = Field(min_length=1, max_length=80)
    question: Key | None = None
    scores: dict[str, float] | None = None


class KnownList(_Strict):
    """The whole file: ``known:`` followed by the entries (an empty list is fine)."""

    known: list[KnownEntry]


def _about(entry: KnownEntry) -> str:
    question = f", question '{entry.question}'" if entry.question else ""
    return f"known problem (module '{entry.module}', rule '{entry.rule}'{question})"


def _listable() -> str:
    return ", ".join(LISTABLE[:-1]) + " and " + LISTABLE[-1] if len(LISTABLE) > 1 else LISTABLE[0]


def _refusal(entry: KnownEntry) -> str | None:
    if entry.rule not in LISTABLE:
        return (
            f"{_about(entry)} cannot be listed: only {_listable()} problems may wait "
            "for the curriculum rewrite; fix this one in the content"
        )
    if entry.rule in MODULE_WIDE and entry.question:
        return f"{_about(entry)}: {entry.rule} is about the whole bank; leave out 'question'"
    if entry.rule == "guessing" and not entry.scores:
        return (
            f"{_about(entry)}: list the score each failing strategy may keep, for example "
            "'scores: {longest option: 52.9}' (today's scores, from content check)"
        )
    if entry.rule != "guessing" and entry.scores is not None:
        return f"{_about(entry)}: only guessing entries carry 'scores'; leave them out"
    unknown = [name for name in entry.scores or {} if name not in STRATEGY_NAMES]
    if unknown:
        return (
            f"{_about(entry)}: '{unknown[0]}' is not a blind strategy; the strategies are "
            f"{', '.join(STRATEGY_NAMES)}"
        )
    return None


def _worse(entry: KnownEntry, report: GuessReport | None) -> list[str]:
    """How the module's guessing goes beyond what a guessing entry allows (empty if it does not)."""
    allowed = entry.scores or {}
    worse = []
    for strategy in report.failures if report else []:
        if strategy.name not in allowed:
            worse.append(f"guessing got worse in {entry.module}: {strategy.name} now fails too")
        elif strategy.score > allowed[strategy.name] + ROUNDING:
            worse.append(
                f"guessing got worse in {entry.module}: {strategy.name} scores "
                f"{strategy.score:.1f}%, the known list allows {allowed[strategy.name]:.1f}%"
            )
    return worse


def _stale_scores(entry: KnownEntry, report: GuessReport | None) -> list[str]:
    failing = {strategy.name for strategy in report.failures} if report else set()
    return [
        f"{_about(entry)}: {name} no longer fails: take it off the entry's scores"
        for name in entry.scores or {}
        if name not in failing
    ]


def apply_known(
    reader: Reader, path: Path, reports: dict[str, GuessReport] | None = None
) -> tuple[list[Problem], list[Problem]]:
    """Split the problems read so far into those that fail and those the list marks as known.

    ``reports`` are the modules' guessability, by folder name, for the scores guessing entries
    allow. Problems with the list itself (its shape, a rule that may not be listed, an entry that
    no longer matches anything, guessing worse than an entry allows) are added to the failing ones.
    """
    reports = reports or {}
    found = list(reader.problems)
    parsed = reader.yaml(path, prose=False)
    if parsed is None:
        return reader.problems, []
    data, node = parsed
    listing = reader.validate(KnownList, path, data, node)
    if listing is None:
        return reader.problems, []
    matched: set[int] = set()
    for index, entry in enumerate(listing.known):
        refusal = _refusal(entry)
        if refusal is not None:
            line = line_at(node, ("known", index, "rule"))
            reader.add(path, line, refusal, "known-list")
            continue
        hits = {
            number
            for number, problem in enumerate(found)
            if problem.rule == entry.rule
            and problem.module == entry.module
            and (entry.question is None or problem.question == entry.question)
        }
        if not hits:
            message = f"{_about(entry)} no longer happens: remove it from the list"
            reader.add(path, line_at(node, ("known", index)), message, "known-list")
            continue
        if entry.rule == "guessing":
            report = reports.get(entry.module)
            worse = _worse(entry, report)
            for message in worse + _stale_scores(entry, report):
                line = line_at(node, ("known", index, "scores"))
                reader.add(path, line, message, "known-list")
            if worse:
                continue
        matched |= hits
    known = [problem for number, problem in enumerate(found) if number in matched]
    failing = [problem for number, problem in enumerate(found) if number not in matched]
    return failing + reader.problems[len(found) :], known
