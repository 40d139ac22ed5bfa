"""Names for the audit trail's pages: the people and records an event is about, by name and
linked to their pages (the trail is for admins, who may open all of them), never a bare id.

Everything a page of events names is loaded in at most three statements (people, mentees,
scenario answers), however many events the page shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.admin import audit_details as words
from lms.assessment.models import ScenarioSubmission
from lms.audit import labels
from lms.audit.models import AuditEvent
from lms.certificates.models import CertificateDefinition
from lms.content.models import Module, ModuleVersion, ScenarioAssessment
from lms.matching.models import Mentee

# Details holding certificate numbers: linked to the certificate's page.
CERTIFICATE_DETAILS = {"supersedes": "Renews certificate", "certificates_to_review": "To review"}
# Details holding a slug or key whose title is in the database (read only for one event's page).
TITLED_DETAILS = ("definition", "module", "scenario")


@dataclass(frozen=True)
class Named:
    """Something an event names: the words to show and, where it has a page, its link."""

    text: str
    href: str = ""


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    return [int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())]


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@dataclass
class AuditNames:
    """The names on one page of events; ``subject(e)`` and ``details(e)`` read from them."""

    schemes: dict[int, str]
    people: dict[int, str] = field(default_factory=dict)
    mentees: dict[int, str] = field(default_factory=dict)
    answers: dict[int, str] = field(default_factory=dict)
    session: Session | None = None

    @classmethod
    def load(cls, session: Session, events: Iterable[AuditEvent], schemes: dict[int, str]):
        events = list(events)
        people: set[int] = set()
        mentees: set[int] = set()
        answers: set[int] = set()
        for e in events:
            number = _number(e.subject_id)
            if e.subject_type == "person" and number:
                people.add(number)
            elif e.subject_type == "mentee" and number:
                mentees.add(number)
            elif e.subject_type == "scenario_submission" and number:
                answers.add(number)
            for key, value in (e.details or {}).items():
                if key in labels.PERSON_DETAILS:
                    people.update(_ids(value))
                elif key in labels.MENTEE_DETAILS:
                    mentees.update(_ids(value))
        names = cls(schemes=schemes, session=session)
        if answers:
            rows = session.execute(
                select(ScenarioSubmission.id, Person.name, ScenarioAssessment.title)
                .join(Person, Person.id == ScenarioSubmission.person_id)
                .join(ScenarioAssessment, ScenarioAssessment.id == ScenarioSubmission.scenario_id)
                .where(ScenarioSubmission.id.in_(answers))
            )
            names.answers = {i: f"{person}'s answer to “{title}”" for i, person, title in rows}
        if people:
            rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(people)))
            names.people = dict(rows.all())
        if mentees:
            rows = session.execute(
                select(Mentee.id, Mentee.reference).where(Mentee.id.in_(mentees))
            )
            names.mentees = {i: f"Mentee {reference}" for i, reference in rows}
        return names

    def person(self, person_id: int) -> Named:
        name = self.people.get(person_id)
        if name is None:
            return Named("A person no longer on record")
        return Named(name, url_for("admin.person", person_id=person_id))

    def mentee(self, mentee_id: int) -> Named:
        name = self.mentees.get(mentee_id)
        if name is None:
            return Named("A mentee no longer on record")
        return Named(name, url_for("matching.mentee", mentee_id=mentee_id))

    def scheme(self, scheme_id: Any) -> Named:
        number = _ids(scheme_id)
        return Named(self.schemes.get(number[0] if number else 0, "A scheme no longer on record"))

    def subject(self, e: AuditEvent) -> Named:
        """The record the event is about, by name, linked where it has a page."""
        kind, number, details = e.subject_type, _number(e.subject_id), e.details or {}
        label = labels.subject_label(kind)
        if kind == "person" and number:
            return self.person(number)
        if kind == "scheme" and number:
            name = self.schemes.get(number, "A scheme no longer on record")
            return Named(name, url_for("admin.edit_scheme", scheme_id=number))
        if kind == "mentee" and number:
            return self.mentee(number)
        if kind == "certificate":
            return Named(
                f"Certificate {e.subject_id}",
                url_for("certificates.certificate", number=e.subject_id),
            )
        if kind == "scenario_submission" and number:
            text = self.answers.get(number, "A scenario answer")
            return Named(text, url_for("assessment.submission", submission_id=number))
        if kind == "match" and number:
            mentor = self.people.get(details.get("mentor_id"), "a mentor")
            mentee = self.mentees.get(details.get("mentee_id"), "a mentee").replace(
                "Mentee ", "mentee ", 1
            )
            return Named(
                f"Match of {mentor} with {mentee}", url_for("matching.match", match_id=number)
            )
        if kind == "practice_entry" and number:
            trainee = self.people.get(details.get("trainee_id"))
            on = details.get("session_date")
            text = (
                "Practice session"
                + (f" of {trainee}" if trainee else "")
                + (f" on {words.day(on)}" if on else "")
            )
            return Named(text, url_for("practice.review", entry_id=number))
        if kind == "expense_claim":
            mentor = self.people.get(details.get("mentor_id"))
            return Named("Expense claim" + (f" by {mentor}" if mentor else ""))
        if kind == "quiz_attempt":
            module = details.get("module")
            return Named("Quiz" + (f" on the module “{module}”" if module else ""))
        if kind == "api_key":
            return Named(f"API key “{details['name']}”" if details.get("name") else "An API key")
        if kind == "outbox_message":
            return Named("An email in the outbox", url_for("outbox.index"))
        return Named(label)

    def _titles(self, details: dict[str, Any]) -> dict[tuple[str, str], str]:
        """Titles for the definition, module and scenario an event names (one event's page)."""
        wanted = {k: str(details[k]) for k in TITLED_DETAILS if details.get(k)}
        if not wanted or self.session is None:
            return {}
        found: dict[tuple[str, str], str] = {}
        if "definition" in wanted:
            stmt = select(CertificateDefinition.title).where(
                CertificateDefinition.slug == wanted["definition"]
            )
            title = self.session.scalars(stmt.order_by(CertificateDefinition.number.desc())).first()
            if title:
                found["definition", wanted["definition"]] = title
        if "module" in wanted:
            stmt = (
                select(ModuleVersion.title)
                .join(Module, Module.current_version_id == ModuleVersion.id)
                .where(Module.slug == wanted["module"])
            )
            if title := self.session.scalars(stmt).first():
                found["module", wanted["module"]] = title
        if "scenario" in wanted:
            stmt = select(ScenarioAssessment.title).where(
                ScenarioAssessment.key == wanted["scenario"]
            )
            if title := self.session.scalars(stmt.order_by(ScenarioAssessment.id.desc())).first():
                found["scenario", wanted["scenario"]] = title
        return found

    def _rows(self, key: str, value: Any, action: str, titles) -> list[tuple[str, list[Named]]]:
        if key in labels.HIDDEN_DETAILS:
            return []
        if key in labels.PERSON_DETAILS:
            named = [self.person(i) for i in _ids(value)] or [Named("Nobody")]
            return [(labels.detail_label(key), named)]
        if words.empty(value):
            return []
        if key in labels.MENTEE_DETAILS:
            return [(labels.detail_label(key), [self.mentee(i) for i in _ids(value)])]
        if key in CERTIFICATE_DETAILS:
            numbers = value if isinstance(value, list | tuple) else [value]
            return [
                (
                    CERTIFICATE_DETAILS[key],
                    [Named(str(n), url_for("certificates.certificate", number=n)) for n in numbers],
                )
            ]
        if key == "scheme_id":
            return [("Scheme", [self.scheme(value)])]
        if key == "by_scheme" and isinstance(value, dict):
            return [(f"In {self.scheme(s).text}", [Named(str(n))]) for s, n in value.items()]
        if key in ("before", "after") and isinstance(value, dict):
            prefix = key.capitalize()
            return [
                (f"{prefix}: {label[:1].lower()}{label[1:]}", shown)
                for inner, inner_value in value.items()
                for label, shown in self._rows(str(inner), inner_value, action, titles)
            ]
        if key in TITLED_DETAILS and (key, str(value)) in titles:
            return [(words.DETAILS[key][0], [Named(titles[key, str(value)])])]
        return [(label, [Named(text)]) for label, text in words.detail_rows(key, value, action)]

    def details(self, e: AuditEvent) -> list[tuple[str, list[Named]]]:
        """The event's details as rows of (label, values): people, mentees, schemes and
        certificates by name, dates in UK words, codes in words, empty values left out."""
        details = e.details or {}
        titles = self._titles(details)
        rows: list[tuple[str, list[Named]]] = []
        for key, value in details.items():
            rows += self._rows(key, value, e.action, titles)
        return rows
