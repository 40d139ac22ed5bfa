"""Answer text sent after its writer's sign-in had ended: held under a random token until the
same trainee signs in again on that browser, then put into their draft (never sent for them).

Only the token's SHA-256 is stored. Who may get the text back is the trainee the answer page
was shown to, named by a signed field of that page (``owner_token``): a page elsewhere cannot
name anyone else, so nobody can plant text in another person's draft. Each trainee has at most
``MAX_PER_PERSON`` held answers, each at most ``MAX_CHARS`` long, for at most a day.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment import services
from lms.assessment.answer_rules import MAX_CHARS
from lms.assessment.models import HeldAnswer

MAX_PER_PERSON = 3
# How long an answer page's owner field stays good: longer than any sign-in lasts.
OWNER_MAX_AGE = timedelta(days=7)
SALT = "held-answer-owner"

# What became of held text when its owner signed in again.
RESTORED, KEPT_NEWER, ALREADY_SENT = "restored", "kept_newer", "already_sent"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def owner_token(secret: str, person_id: int, module_slug: str, key: str) -> str:
    """The signed field an answer page carries: which trainee it was shown, for which scenario."""
    return URLSafeTimedSerializer(secret, salt=SALT).dumps([person_id, module_slug, key])


def read_owner(secret: str, token: str | None, module_slug: str, key: str) -> int | None:
    """The trainee ``token`` names for this scenario, or None if it is forged, old or another's."""
    if not token:
        return None
    try:
        person_id, slug, scenario_key = URLSafeTimedSerializer(secret, salt=SALT).loads(
            token, max_age=int(OWNER_MAX_AGE.total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    if slug != module_slug or scenario_key != key or not isinstance(person_id, int):
        return None
    return person_id


def drop_expired(session: Session, now: datetime) -> None:
    session.execute(delete(HeldAnswer).where(HeldAnswer.expires_at <= now))


def hold(
    session: Session,
    *,
    person_id: int,
    module_slug: str,
    key: str,
    text: str,
    replacing: str | None,
    now: datetime,
    hours: int,
) -> str | None:
    """Keep ``text`` and return the new token for the browser's cookie (None: nothing kept,
    because the text is empty or too long to be a draft). The browser's earlier held text
    (``replacing``) goes, and so does the trainee's oldest beyond ``MAX_PER_PERSON``."""
    if not text.strip() or len(text) > MAX_CHARS:
        return None
    drop_expired(session, now)
    if replacing:
        session.execute(delete(HeldAnswer).where(HeldAnswer.token_hash == _digest(replacing)))
    older = session.scalars(
        select(HeldAnswer.id)
        .where(HeldAnswer.person_id == person_id)
        .order_by(HeldAnswer.created_at.desc(), HeldAnswer.id.desc())
        .offset(MAX_PER_PERSON - 1)
    ).all()
    if older:
        session.execute(delete(HeldAnswer).where(HeldAnswer.id.in_(older)))
    token = secrets.token_urlsafe(32)
    session.add(
        HeldAnswer(
            token_hash=_digest(token),
            person_id=person_id,
            module_slug=module_slug,
            scenario_key=key,
            answer=text,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class Restored:
    """What became of held text: RESTORED, KEPT_NEWER or ALREADY_SENT, and the scenario."""

    outcome: str
    scenario_title: str
    module_slug: str
    key: str


def restore(
    session: Session,
    person: Person,
    token: str,
    settings: services.Settings,
    now: datetime,
) -> Restored | None:
    """On sign-in: the text held under ``token`` goes into ``person``'s draft if they are its
    owner (never sent for them). The held row is deleted whoever signs in; someone else gets
    nothing. A draft saved after the text was held is newer, so it is kept as it is."""
    drop_expired(session, now)
    held = session.scalars(
        select(HeldAnswer).where(HeldAnswer.token_hash == _digest(token))
    ).first()
    if held is None:
        return None
    session.delete(held)
    session.flush()
    if held.person_id != person.id:
        return None
    scenario = services.find_scenario(session, held.module_slug, held.scenario_key)
    if scenario is None:
        return None
    found = Restored("", scenario.title, held.module_slug, held.scenario_key)
    history = services.attempts(session, person, held.scenario_key)
    allowed, _ = services.can_write(history, settings)
    if not allowed:
        return Restored(ALREADY_SENT, found.scenario_title, found.module_slug, found.key)
    draft = services.unsent_draft(history)
    if draft is not None and draft.updated_at > held.created_at:
        return Restored(KEPT_NEWER, found.scenario_title, found.module_slug, found.key)
    services.save_answer(
        session,
        person,
        scenario,
        scenario.module_version.module,
        held.answer,
        submit=False,
        settings=settings,
        now=now,
    )
    return Restored(RESTORED, found.scenario_title, found.module_slug, found.key)
