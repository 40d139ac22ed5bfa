"""When a DBS check is marked as entered in error, pause the person's live matches the gate
would now refuse on their DBS check, for any of its reasons (none left, too low, or the one
left is due a recheck), audited and told through the usual pause path."""

from __future__ import annotations

from blinker import ANY
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.events import vetting_withdrawn
from lms.matching.gate import verdict
from lms.matching.gate.rules import KIND_OF_CODE, VETTING
from lms.matching.matches.services import pause
from lms.matching.models import ACTIVE, PROPOSED, Match
from lms.ukdates import uk_today

# Stored as the pause's reason (coordinators see it; the mentor reads neutral words and the
# notifications say only "paused").
PAUSE_REASON = "The DBS check this match relied on was marked as entered in error."
# Every reason of the gate's DBS check kind, read off its rule table.
VETTING_RULES = frozenset(code for code, kind in KIND_OF_CODE.items() if kind == VETTING.name)


# Connected once, when lms/setup.py first imports this module.
@vetting_withdrawn.connect_via(ANY, weak=False)
def _on_vetting_withdrawn(check, *, session: Session, actor: Person | None = None, **_) -> None:
    pause_for_vetting(session, check.person_id, actor)


def pause_for_vetting(session: Session, person_id: int, actor: Person | None) -> list[Match]:
    """Pause each proposed or active match of the person the gate now refuses on a DBS check
    reason (``VETTING_RULES``), under the person's lock (as proposing and activating take it)."""
    lock_person(session, person_id)
    live = (
        select(Match)
        .where(Match.mentor_id == person_id, Match.status.in_((PROPOSED, ACTIVE)))
        .order_by(Match.id)
        .execution_options(populate_existing=True)
    )
    today = uk_today()
    paused = []
    for match in session.scalars(live).all():
        result = verdict.check(session, match.mentor, match.mentee, today, ignore_match_id=match.id)
        if VETTING_RULES.intersection(result.codes):
            pause(session, actor, match, PAUSE_REASON)
            paused.append(match)
    return paused
