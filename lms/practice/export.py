"""Supervised practice as spreadsheet rows: a trainee's own log, and a scheme's entries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lms.practice.checklist import OUTCOMES
from lms.practice.models import PRACTICE_PATHWAYS, SESSION_KINDS, PracticeEntry
from lms.practice.services import STATUS_LABELS, duration_label
from lms.ukdates import UK

CSV_HEADER = [
    "Date",
    "Type",
    "Minutes",
    "Duration",
    "Where",
    "Supervisor",
    "Status",
    "Decided by",
    "Decided at (UK time)",
    "Reason",
    "Observation outcome",
    "Reflection",
    "With",
]


def _csv_row(entry: PracticeEntry) -> list[str]:
    decided_at = (
        entry.decided_at.astimezone(UK).strftime("%Y-%m-%d %H:%M") if entry.decided_at else ""
    )
    observation = entry.observation
    return [
        entry.session_date.isoformat(),
        SESSION_KINDS[entry.kind],
        str(entry.duration_minutes),
        duration_label(entry.duration_minutes),
        entry.location,
        entry.supervisor.name,
        STATUS_LABELS[entry.status],
        entry.decided_by.name if entry.decided_by else "",
        decided_at,
        entry.decision_reason or "",
        OUTCOMES[observation.outcome] if observation else "",
        entry.reflection,
        PRACTICE_PATHWAYS.get(entry.pathway or "", "Adults: general mentoring practice"),
    ]


def log_csv_rows(entries: Iterable[PracticeEntry]) -> list[list[str]]:
    """A trainee's log as spreadsheet rows, header first (``lms.exports`` makes cells safe)."""
    return [CSV_HEADER, *(_csv_row(e) for e in entries)]


def scheme_csv_rows(entries: Iterable[PracticeEntry]) -> Iterator[list[str]]:
    """A scheme's entries as spreadsheet rows, with who logged each one, header first; rows
    are made as ``entries`` yields them (a national list never sits in memory at once)."""
    yield ["Trainee", "Email", "Scheme", *CSV_HEADER]
    for e in entries:
        scheme = e.person.scheme.name if e.person.scheme else ""
        yield [e.person.name, e.person.email, scheme, *_csv_row(e)]
