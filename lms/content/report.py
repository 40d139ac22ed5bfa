"""The guessability table ``content check`` prints per module, fitting an 80-column terminal."""

from __future__ import annotations

from collections.abc import Sequence

from lms.content.guessing import GuessReport

ORDINALS = ("longest", "2nd", "3rd", "4th", "5th", "6th")
PLACES = ("1st", "2nd", "3rd", "4th", "5th", "6th")
ADVICE = "write wrong options as long, careful and plausible as the right one."


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
    if report.failures:
        lines.append("  FAIL: " + ADVICE)
    return lines
