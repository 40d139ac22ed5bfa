"""Conflicts declared before a declaration paused the pair's match: find every proposed or active
match that sits beside a declared conflict and pause it, as a new declaration would."""

# Run once by ``flask --app lms matching pause-conflicted`` and every night by the worker, so a
# match left running beside a conflict (declared before issue 17, or by a path that forgot to
# pause) is caught. Each mentor's row is locked before their matches are read again, as
# declaring a conflict and every path to a live match do; a match already paused or ended is
# not live, so a second run finds nothing and changes nothing.

from __future__ import annotations

import logging
from dataclasses import dataclass

from huey import crontab
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from lms.accounts.locks import lock_person
from lms.extensions import db
from lms.jobs import periodic_task
from lms.matching.matches.services import pause
from lms.matching.models import ACTIVE, PROPOSED, DeclaredConflict, Match

log = logging.getLogger(__name__)

# The pause's reason (coordinators and the audit trail see it; the mentor reads neutral words
# and the notifications and emails say only "paused").
EARLIER_REASON = (
    "A conflict is declared between the mentor and the mentee; the match was still running "
    "beside it, so it was paused by the check of earlier declarations."
)

_BESIDE_CONFLICT = exists().where(
    DeclaredConflict.mentor_id == Match.mentor_id, DeclaredConflict.mentee_id == Match.mentee_id
)
_LIVE = Match.status.in_((PROPOSED, ACTIVE))


@dataclass(frozen=True)
class Paused:
    """One match the check paused: its id and whom it joined (no conflict detail)."""

    match_id: int
    mentor: str
    mentee: str
    scheme_id: int

    def line(self) -> str:
        return f"match {self.match_id} ({self.mentor} with {self.mentee})"


def pause_earlier_conflicts(session: Session) -> list[Paused]:
    """Pause every proposed or active match beside a declared conflict, as the system: each
    pause is audited with ``EARLIER_REASON`` and the mentor and the scheme's coordinators are
    told on the site and by email (the outbox), without the detail. The caller commits."""
    mentors = (
        select(Match.mentor_id).where(_LIVE, _BESIDE_CONFLICT).distinct().order_by(Match.mentor_id)
    )
    paused: list[Paused] = []
    for mentor_id in list(session.scalars(mentors)):
        lock_person(session, mentor_id)
        live = (
            select(Match)
            .where(Match.mentor_id == mentor_id, _LIVE, _BESIDE_CONFLICT)
            .order_by(Match.id)
            .execution_options(populate_existing=True)
        )
        for match in session.scalars(live).all():
            pause(session, None, match, EARLIER_REASON, email=True)
            paused.append(
                Paused(match.id, match.mentor.name, match.mentee.reference, match.scheme_id)
            )
    return paused


def summary(paused: list[Paused]) -> str:
    """What a run did, in a sentence."""
    if not paused:
        return "No live match sits beside a conflict."
    noun = "match" if len(paused) == 1 else "matches"
    return f"Paused {len(paused)} {noun}: " + ", ".join(p.line() for p in paused) + "."


@periodic_task(crontab(hour="6", minute="45"))
def nightly_conflict_check() -> None:
    """Every morning at 06:45 UTC (after the accreditation sweep), committed at once."""
    paused = pause_earlier_conflicts(db.session)
    db.session.commit()
    if paused:
        log.warning(summary(paused))
