"""The guessability table ``content check`` prints per module, fitting an 80-column terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from lms.content.guessing import GuessReport

ORDINALS = ("longest", "2nd", "3rd", "4th", "5th", "6th")
PLACES = ("1st", "2nd", "3rd", "4th", "5th", "6th")
WIDTH = 80
LENGTH_ADVICE = (
    "write wrong options as long, careful and plausible as the right one, so the right answer "
    "is not given away by its length."
)
# What to change in the bank when a blind strategy fails, by strategy.
ADVICE = {
    "longest option": LENGTH_ADVICE,
    "second-longest option": LENGTH_ADVICE,
    "third-longest option": LENGTH_ADVICE,
    "shortest option": LENGTH_ADVICE,
    "second-shortest option": LENGTH_ADVICE,
    "cue word": (
        "use the cue words (coordinator, same day, 999 ...) in wrong options too; don't let only "
        "the right answer name the safe person or the time."
    ),
    "all of the above": (
        "an 'all/none of the above' option is mostly the right one: make it wrong as often as "
        "right, or write the options out."
    ),
    "first as shown": "write as many true statements as false ones (true/false keeps its order).",
    "last as shown": "write as many true statements as false ones (true/false keeps its order).",
}


def _shares(labels: Sequence[str], values: Sequence[float]) -> str:
    return "  ".join(f"{label} {value:.0f}%" for label, value in zip(labels, values, strict=False))


def guess_table(module: str, report: GuessReport) -> list[str]:
    """The module's blind-strategy scores against chance, and where its correct options sit."""
    lines = [
        f"{module}: {report.questions} questions, {report.one_answer} with one answer",
        f"  {'blind strategy':<24}{'score':>7}{'chance':>8}{'limit':>8}",
    ]
    for strategy in report.strategies:
        verdict = "FAIL" if strategy.failed else "ok"
        lines.append(
            f"  {strategy.name:<24}{strategy.score:>6.1f}%{strategy.chance:>7.1f}%"
            f"{strategy.limit:>7.1f}%  {verdict}"
        )
    if report.one_answer:
        lines.append(f"  correct option by length:   {_shares(ORDINALS, report.by_length)}")
        lines.append(f"  correct option as written:  {_shares(PLACES, report.by_position)}")
    advice: dict[str, list[str]] = {}  # strategies sharing advice get it once, together
    for strategy in report.failures:
        text = ADVICE.get(strategy.name, "rewrite the items this strategy answers right.")
        advice.setdefault(text, []).append(strategy.name)
    for text, names in advice.items():
        lines += textwrap.wrap(
            f"FAIL {', '.join(names)}: {text}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
        )
    return lines
