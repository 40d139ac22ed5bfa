"""The trainer's practice queue as one SQL statement, optionally narrowed to one kind
(``?kind=observed`` or ``?kind=practice``): what each count on the trainer's home page links to."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.practice.models import PENDING, PracticeEntry

OBSERVED = "observed"
# The ?kind= values (templates/practice/queue.html says which is on).
KINDS = (OBSERVED, "practice")


def queue_statement(trainer: Person, kind: str = "") -> Select[tuple[PracticeEntry]]:
    """Entries waiting for this trainer's decision, the longest-waiting first: pending, naming
    them as supervisor, not their own, in their scheme; only observed sessions (``kind``
    "observed") or only the others ("practice") when asked."""
    stmt = (
        select(PracticeEntry)
        .where(
            PracticeEntry.status == PENDING,
            PracticeEntry.supervisor_id == trainer.id,
            PracticeEntry.person_id != trainer.id,
            PracticeEntry.scheme_id == trainer.scheme_id,
        )
        .options(selectinload(PracticeEntry.person))
        .order_by(PracticeEntry.created_at, PracticeEntry.id)
    )
    if trainer.scheme_id is None:
        return stmt.where(false())
    if kind == OBSERVED:
        return stmt.where(PracticeEntry.kind == OBSERVED)
    if kind in KINDS:
        return stmt.where(PracticeEntry.kind != OBSERVED)
    return stmt


def entries(session: Session, trainer: Person, args: Mapping[str, str]) -> list[PracticeEntry]:
    """The trainer's queue, only observed sessions or only the others when ``args`` asks."""
    return list(session.scalars(queue_statement(trainer, args.get("kind", ""))))
