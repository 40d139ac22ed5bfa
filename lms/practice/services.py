"""Rules for supervised practice: logging, editing, deciding, observed sign-off, totals, export."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import OwnRecord, refuse_own
from lms.accounts.models import Person, PersonRole, Role
from lms.audit.services import record
from lms.db import utcnow
from lms.events import practice_decided
from lms.practice.checklist import CHECKLIST_IDS
from lms.practice.dates import before_joining_problem, logged_date_problem
from lms.practice.errors import InvalidEntry, PracticeError, StaleEntry
from lms.practice.models import (
    CONFIRMED,
    PENDING,
    PRACTICE_PATHWAYS,
    REJECTED,
    SESSION_KINDS,
    WITHDRAWN,
    ObservationSignoff,
    PracticeEntry,
)
from lms.practice.observation import (
    ItemResult,
    Observation,
    audit_details,
    new_signoff,
    observation_problems,
)
from lms.practice.queue_filter import queue_statement
from lms.practice.totals import PracticeTotals, totals  # noqa: F401 (callers use services.totals)
from lms.ukdates import uk_today

MIN_REFLECTION_WORDS = 40
STEP_MINUTES = 15
MAX_MINUTES = 12 * 60
EDITABLE = (PENDING, REJECTED)
STATUS_LABELS = {
    PENDING: "Waiting",
    CONFIRMED: "Confirmed",
    REJECTED: "Sent back",
    WITHDRAWN: "Withdrawn",
}


# ---------------------------------------------------------------------------
# The rules for one session's details, shared with the form so messages match.


def word_count(text: str | None) -> int:
    return len((text or "").split())


def date_problem(value: date | None, today: date) -> str | None:
    if value is None:
        return "Enter the date of the session"
    if value > today:
        return "The date of the session must be today or in the past"
    return None


def duration_problem(minutes: int | None) -> str | None:
    if not minutes or minutes <= 0:
        return "Choose how long the session was"
    if minutes > MAX_MINUTES:
        return "A session can be 12 hours at most"
    if minutes % STEP_MINUTES:
        return "Choose a time in steps of 15 minutes"
    return None


def kind_problem(kind: str | None) -> str | None:
    return None if kind in SESSION_KINDS else "Choose the type of session"


def pathway_problem(pathway: str | None) -> str | None:
    return (
        None if not pathway or pathway in PRACTICE_PATHWAYS else "Choose who the session was with"
    )


def location_problem(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return "Enter where the session took place"
    if len(text) > 200:
        return "Where the session took place must be 200 characters or fewer"
    return None


def reflection_problem(text: str | None) -> str | None:
    words = word_count(text)
    if words == 0:
        return "Write what you did and what you learned"
    if words < MIN_REFLECTION_WORDS:
        return (
            f"Write at least {MIN_REFLECTION_WORDS} words about the session. "
            f"You have written {words}."
        )
    return None


def duration_label(minutes: int) -> str:
    """'45 minutes', '1 hour', '2 hours 30 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minutes")
    return " ".join(parts)


def duration_choices() -> list[tuple[int, str]]:
    return [(m, duration_label(m)) for m in range(STEP_MINUTES, MAX_MINUTES + 1, STEP_MINUTES)]


def supervisors_for(session: Session, trainee: Person) -> list[Person]:
    """Trainers who may supervise ``trainee``: active, signed up, same scheme, not themself."""
    if trainee.scheme_id is None:
        return []
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(
            PersonRole.role == Role.TRAINER.value,
            Person.scheme_id == trainee.scheme_id,
            Person.active.is_(True),
            Person.password_hash.is_not(None),
            Person.id != trainee.id,
        )
        .order_by(func.lower(Person.name), Person.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class EntryDetails:
    """What a trainee says about one session."""

    session_date: date | None
    duration_minutes: int | None
    kind: str
    location: str
    reflection: str
    supervisor_id: int | None
    pathway: str | None = None  # a pathway's code when the session was with its people


def check_details(
    session: Session,
    trainee: Person,
    details: EntryDetails,
    today: date | None = None,
    by_trainer: bool = False,
    entry: PracticeEntry | None = None,
) -> EntryDetails:
    """The details tidied, or ``InvalidEntry`` naming every problem. A trainer recording a
    session may date it further back than a trainee may, and a changed ``entry`` counts its
    backdating limit from the day it was first logged (lms/practice/dates.py)."""
    today = today or uk_today()
    problems = {
        "session_date": date_problem(details.session_date, today)
        or logged_date_problem(trainee, details.session_date, today, by_trainer, entry),
        "duration": duration_problem(details.duration_minutes),
        "kind": kind_problem(details.kind),
        "location": location_problem(details.location),
        "supervisor": None,
        "reflection": reflection_problem(details.reflection),
        "pathway": pathway_problem(details.pathway),
    }
    allowed = {p.id for p in supervisors_for(session, trainee)}
    if not allowed:
        problems["supervisor"] = "There is no trainer in your scheme yet. Ask your coordinator."
    elif details.supervisor_id not in allowed:
        problems["supervisor"] = "Choose the trainer from your scheme who supervised the session"
    found = {name: message for name, message in problems.items() if message}
    if found:
        raise InvalidEntry(found)
    return EntryDetails(
        session_date=details.session_date,
        duration_minutes=details.duration_minutes,
        kind=details.kind,
        location=details.location.strip(),
        reflection=details.reflection.strip(),
        supervisor_id=details.supervisor_id,
        pathway=details.pathway or None,
    )


# ---------------------------------------------------------------------------
# The trainee: log, edit (or correct and send again), withdraw.


def audit_entry(
    session: Session, actor: Person, action: str, entry: PracticeEntry, reason: str = "", **extra
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        subject_type="practice_entry",
        subject_id=entry.id,
        scheme_id=entry.scheme_id,
        reason=reason,
        details={
            "trainee_id": entry.person_id,
            "supervisor_id": entry.supervisor_id,
            "session_date": entry.session_date.isoformat(),
            "minutes": entry.duration_minutes,
            "kind": entry.kind,
            **extra,
        },
    )


def locked_message(entry: PracticeEntry) -> str:
    if entry.status == CONFIRMED:
        return "A trainer has already confirmed this session, so it cannot be changed now."
    if entry.status == WITHDRAWN:
        return "This session was withdrawn, so it cannot be changed now."
    return "This session changed while you were working on it. Check it, then try again."


def log_entry(
    session: Session, trainee: Person, details: EntryDetails, today: date | None = None
) -> PracticeEntry:
    """Log a session for a trainer to confirm; it starts as pending."""
    if not trainee.has_role(Role.TRAINEE):
        raise PracticeError("Only trainees log supervised practice.")
    clean = check_details(session, trainee, details, today)
    entry = PracticeEntry(person_id=trainee.id, scheme_id=trainee.scheme_id, status=PENDING)
    for name, value in asdict(clean).items():
        setattr(entry, name, value)
    session.add(entry)
    session.flush()
    audit_entry(session, trainee, "practice.submitted", entry)
    return entry


def update_entry(
    session: Session,
    trainee: Person,
    entry: PracticeEntry,
    details: EntryDetails,
    today: date | None = None,
) -> PracticeEntry:
    """Change a pending entry, or correct a sent-back one and send it again (pending again).

    The UPDATE only matches while the entry is still in the state it was read in, so a
    trainer deciding at the same moment and this edit cannot both win.
    """
    if entry.person_id != trainee.id:
        raise PracticeError("You can only change your own practice log.")
    was = entry.status
    if was not in EDITABLE:
        raise StaleEntry(locked_message(entry))
    clean = check_details(session, trainee, details, today, entry=entry)
    previous_reason = entry.decision_reason or ""
    result = session.execute(
        update(PracticeEntry)
        .where(
            PracticeEntry.id == entry.id,
            PracticeEntry.person_id == trainee.id,
            PracticeEntry.status == was,
        )
        .values(
            **asdict(clean),
            status=PENDING,
            updated_at=utcnow(),
            decided_by_id=None,
            decided_at=None,
            decision_reason=None,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(entry)
    if result.rowcount != 1:
        raise StaleEntry(locked_message(entry))
    if was == REJECTED:
        audit_entry(
            session, trainee, "practice.resubmitted", entry, previous_reason=previous_reason
        )
    else:
        audit_entry(session, trainee, "practice.edited", entry)
    return entry


def withdraw_entry(session: Session, trainee: Person, entry: PracticeEntry) -> PracticeEntry:
    """Take back a pending or sent-back entry; it stays in the log as withdrawn."""
    if entry.person_id != trainee.id:
        raise PracticeError("You can only change your own practice log.")
    was = entry.status
    if was not in EDITABLE:
        raise StaleEntry(locked_message(entry))
    result = session.execute(
        update(PracticeEntry)
        .where(PracticeEntry.id == entry.id, PracticeEntry.status == was)
        .values(status=WITHDRAWN, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(entry)
    if result.rowcount != 1:
        raise StaleEntry(locked_message(entry))
    audit_entry(session, trainee, "practice.withdrawn", entry)
    return entry


# ---------------------------------------------------------------------------
# The named trainer: confirm, reject, sign off an observed session.


def _decided_message(entry: PracticeEntry) -> str:
    if entry.status == CONFIRMED:
        return "This session has already been confirmed. Nothing was changed."
    if entry.status == REJECTED:
        return "This session has already been sent back to the trainee. Nothing was changed."
    if entry.status == WITHDRAWN:
        return "The trainee has withdrawn this session. Nothing was changed."
    return (
        "The trainee changed this session after you opened it. "
        "Check the new details, then decide again."
    )


def _check_decider(trainer: Person, entry: PracticeEntry) -> None:
    refuse_own(trainer, entry.person_id, "practice")
    if not trainer.has_role(Role.TRAINER) or entry.scheme_id != trainer.scheme_id:
        raise PracticeError("Only a trainer in this scheme can decide practice sessions.")
    if entry.supervisor_id != trainer.id:
        raise PracticeError(
            f"Only {entry.supervisor.name}, the trainer named on this session, can decide it."
        )
    if entry.status != PENDING:
        raise StaleEntry(_decided_message(entry))


def _refuse_before_joining(entry: PracticeEntry) -> None:
    problem = before_joining_problem(entry.person, entry.session_date)
    if problem:  # logged before the rule, or the trainee's account was made again
        raise PracticeError(f"{problem}. Send it back instead.")


def decision_problem(trainer: Person, entry: PracticeEntry) -> str | None:
    """Why ``trainer`` may not decide this entry now, or None if they may."""
    try:
        _check_decider(trainer, entry)
    except (PracticeError, OwnRecord) as exc:
        return exc.message
    return None


def _claim(
    session: Session,
    trainer: Person,
    entry: PracticeEntry,
    status: str,
    reason: str,
    seen: datetime | None,
) -> None:
    """Move a pending entry to ``status`` in one conditional UPDATE; only one caller can win.

    ``seen`` is when the trainer read the entry: if the trainee changed it after that, the
    decision is refused, so nobody confirms details they have not seen.
    """
    now = utcnow()
    stmt = update(PracticeEntry).where(
        PracticeEntry.id == entry.id,
        PracticeEntry.status == PENDING,
        PracticeEntry.supervisor_id == trainer.id,
        PracticeEntry.person_id != trainer.id,
    )
    if seen is not None:
        stmt = stmt.where(PracticeEntry.updated_at <= seen)
    result = session.execute(
        stmt.values(
            status=status,
            decided_by_id=trainer.id,
            decided_at=now,
            decision_reason=reason or None,
            updated_at=now,
        ).execution_options(synchronize_session=False)
    )
    session.refresh(entry)
    if result.rowcount != 1:
        if entry.status == PENDING and entry.supervisor_id != trainer.id:
            _check_decider(trainer, entry)
        raise StaleEntry(_decided_message(entry))


def confirm_entry(
    session: Session,
    trainer: Person,
    entry: PracticeEntry,
    reason: str = "",
    seen: datetime | None = None,
) -> PracticeEntry:
    """The named trainer confirms the session happened as logged; its hours now count."""
    _check_decider(trainer, entry)
    _refuse_before_joining(entry)
    if entry.kind == "observed":
        raise PracticeError(
            "Observed sessions are signed off with the checklist, not confirmed on their own."
        )
    reason = (reason or "").strip()
    _claim(session, trainer, entry, CONFIRMED, reason, seen)
    audit_entry(session, trainer, "practice.confirmed", entry, reason=reason)
    practice_decided.send(entry, session=session, actor=trainer, signoff=None)
    return entry


def reject_entry(
    session: Session,
    trainer: Person,
    entry: PracticeEntry,
    reason: str,
    seen: datetime | None = None,
) -> PracticeEntry:
    """The named trainer sends the session back with a reason; the trainee may correct it."""
    _check_decider(trainer, entry)
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(
            "Say why you are sending it back, so the trainee can put it right", field="reason"
        )
    _claim(session, trainer, entry, REJECTED, reason, seen)
    audit_entry(session, trainer, "practice.rejected", entry, reason=reason)
    practice_decided.send(entry, session=session, actor=trainer, signoff=None)
    return entry


@dataclass
class BulkResult:
    """What a bulk confirmation did: the entries confirmed, and a message for each refused."""

    confirmed: list[PracticeEntry] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def confirm_many(
    session: Session, trainer: Person, entry_ids: Iterable[int], seen: datetime | None = None
) -> BulkResult:
    """Confirm each chosen entry that may be confirmed; say why for each one that may not."""
    ids = list(dict.fromkeys(entry_ids))
    if not ids:
        raise PracticeError("Choose at least one session to confirm", field="entries")
    found = {
        e.id: e for e in session.scalars(select(PracticeEntry).where(PracticeEntry.id.in_(ids)))
    }
    result = BulkResult()
    for entry_id in ids:
        entry = found.get(entry_id)
        if entry is None or entry.scheme_id is None or entry.scheme_id != trainer.scheme_id:
            result.refused.append("One of the sessions you chose could not be found.")
            continue
        try:
            confirm_entry(session, trainer, entry, seen=seen)
        except (PracticeError, OwnRecord) as exc:
            who = f"{entry.person.name}, {entry.session_date:%d/%m/%Y}"
            result.refused.append(f"{who}: {exc.message}")
        else:
            result.confirmed.append(entry)
    return result


def sign_off_observation(
    session: Session,
    trainer: Person,
    entry: PracticeEntry,
    results: Mapping[str, ItemResult],
    outcome: str,
    comments: str,
    seen: datetime | None = None,
) -> ObservationSignoff:
    """Sign off an observed session against the checklist, confirming its hours in the same go.

    A session passes only when every item is met; "not yet" needs comments saying what to
    work on. Either way the hours are confirmed: the session was supervised.
    """
    refuse_own(trainer, entry.person_id, "practice")
    if entry.kind != "observed":
        raise PracticeError("Only observed sessions are signed off with the checklist.")
    _check_decider(trainer, entry)
    _refuse_before_joining(entry)
    if set(results) != CHECKLIST_IDS:
        raise PracticeError("Say whether each item on the checklist was met.")
    found = Observation(results, outcome, comments or "")
    problems = observation_problems(found)
    if problems:
        raise InvalidEntry(problems)
    comments = found.comments.strip()
    _claim(session, trainer, entry, CONFIRMED, comments, seen)
    signoff = new_signoff(entry, trainer.id, found)
    session.add(signoff)
    session.flush()
    audit_entry(
        session, trainer, "practice.signed_off", entry, reason=comments, **audit_details(found)
    )
    session.refresh(entry)
    practice_decided.send(entry, session=session, actor=trainer, signoff=signoff)
    return signoff


# ---------------------------------------------------------------------------
# Reading: own log, queues, the scheme's entries, totals.


def own_entries(session: Session, trainee: Person) -> list[PracticeEntry]:
    """The trainee's whole log, newest session first."""
    stmt = (
        select(PracticeEntry)
        .where(PracticeEntry.person_id == trainee.id)
        .options(selectinload(PracticeEntry.supervisor), selectinload(PracticeEntry.observation))
        .order_by(PracticeEntry.session_date.desc(), PracticeEntry.id.desc())
    )
    return list(session.scalars(stmt))


def queue(session: Session, trainer: Person) -> list[PracticeEntry]:
    """Entries waiting for this trainer's decision, the longest-waiting first."""
    return list(session.scalars(queue_statement(trainer)))


def scheme_entries(viewer: Person, status: str = "", trainee_id: int = 0) -> Select:
    """Entries of the viewer's scheme (admins: every scheme), newest first, filtered."""
    stmt = select(PracticeEntry).options(
        selectinload(PracticeEntry.person), selectinload(PracticeEntry.supervisor)
    )
    if not viewer.has_role(Role.ADMIN):
        if viewer.scheme_id is None:
            return stmt.where(PracticeEntry.id.is_(None))
        stmt = stmt.where(PracticeEntry.scheme_id == viewer.scheme_id)
    if status in STATUS_LABELS:
        stmt = stmt.where(PracticeEntry.status == status)
    if trainee_id:
        stmt = stmt.where(PracticeEntry.person_id == trainee_id)
    return stmt.order_by(PracticeEntry.session_date.desc(), PracticeEntry.id.desc())


def trainees_with_entries(session: Session, viewer: Person) -> list[Person]:
    """People with practice entries the viewer may see, for the trainee filter."""
    ids = scheme_entries(viewer).with_only_columns(PracticeEntry.person_id).distinct()
    ids = ids.order_by(None)
    stmt = select(Person).where(Person.id.in_(ids)).order_by(func.lower(Person.name), Person.id)
    return list(session.scalars(stmt))
