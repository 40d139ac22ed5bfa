"""Demo matching data: mentees, mentors in every certificate state and blocked for each gate
reason, and matches that are active, paused (certificate suspended) and ended.

Idempotent: once the first demo mentee exists in the scheme, a second run changes nothing.
Records are made through the same services the site uses (profiles, DBS checks, supervision,
mentees, conflicts, matches, suspension), so the audit trail reads as it would in real use.
Certificates are made as rows with dates chosen for each state, each with a real PDF so that
downloads and the QR code work (a placeholder PDF in tests, unless ``DEMO_REAL_PDFS`` is set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.certificates import number as numbers
from lms.certificates import services as certificates
from lms.certificates.competences import competence_label
from lms.certificates.definitions import design_dir, find_definition
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.pdf import (
    CertificateData,
    placeholder_certificate,
    sha256_hex,
)
from lms.certificates.printer import printed as print_certificate
from lms.db import utcnow
from lms.matching.conflicts.services import add_conflict
from lms.matching.matches import services
from lms.matching.mentees.services import MenteeDetails, register_mentee
from lms.matching.mentors.services import ProfileDetails, save_profile
from lms.matching.models import Mentee
from lms.matching.supervision.services import record_supervision
from lms.ukdates import uk_today
from lms.vetting import services as vetting

FIRST_REFERENCE = "DEMO-001"
CORE, YOUNG_PEOPLE = "core-peer-mentor", "young-people-endorsement"


@dataclass(frozen=True)
class DemoMentor:
    """One demo certificate holder and what makes them matchable or blocked."""

    key: str
    name: str
    gender: str
    area: str
    needs: tuple[str, ...]
    certificate: str = "valid"  # valid, expiring, expired, suspended, revoked
    endorsed: bool = False  # also holds the young people endorsement
    vetting: str | None = "enhanced"  # None: no DBS check recorded
    recheck_overdue: bool = False
    supervised_days_ago: int = 14
    available: bool = True
    capacity: int = 2
    languages: tuple[str, ...] = ("English",)
    interests: str = ""


DEMO_MENTORS = [
    DemoMentor(
        "mo",
        "Mo Mensah",
        "man",
        "Leeds",
        ("housing", "employment", "substance_use"),
        capacity=3,
        interests="Football, cooking",
    ),
    DemoMentor(
        "nia",
        "Nia Newton",
        "woman",
        "Leeds",
        ("family", "literacy", "mental_health"),
        endorsed=True,
        vetting="enhanced_barred",
        languages=("English", "Polish"),
        interests="Music, running",
    ),
    DemoMentor("eve", "Eve Ellis", "woman", "Bradford", ("debt",), certificate="expiring"),
    DemoMentor("ed", "Ed Evans", "man", "Leeds", ("housing",), certificate="expired"),
    DemoMentor("sam", "Sam Shah", "man", "Leeds", ("employment",), certificate="suspended"),
    DemoMentor("rae", "Rae Reid", "woman", "Wakefield", ("family",), certificate="revoked"),
    DemoMentor("vic", "Vic Vaughan", "man", "Leeds", ("housing",), vetting=None),
    DemoMentor("rita", "Rita Rowe", "woman", "Leeds", ("debt",), recheck_overdue=True),
    DemoMentor("stu", "Stu Stone", "man", "Bradford", ("literacy",), supervised_days_ago=70),
    DemoMentor("una", "Una Usher", "woman", "Leeds", ("mental_health",), available=False),
    DemoMentor("cal", "Cal Carter", "man", "Leeds", ("substance_use",), capacity=1),
]


@dataclass(frozen=True)
class DemoMentee:
    reference: str
    area: str
    needs: tuple[str, ...]
    gender: str = "man"
    details: dict = field(default_factory=dict)


def _mentees(today: date) -> list[DemoMentee]:
    return [
        # Released within 14 days with no mentor: top of the coordinator's dashboard.
        DemoMentee(
            "DEMO-001",
            "Leeds",
            ("housing", "substance_use"),
            details={"in_custody": True, "release_date": today + timedelta(days=6)},
        ),
        # Under 18: only a mentor with the young people endorsement and a barred-list check.
        DemoMentee("DEMO-002", "Leeds", ("family", "literacy"), details={"under_18": True}),
        # MAPPA case without probation's agreement: nobody can be matched yet.
        DemoMentee(
            "DEMO-003",
            "Bradford",
            ("employment",),
            details={"mappa_level": 2, "probation_agreed": False},
        ),
        DemoMentee("DEMO-004", "Leeds", ("housing", "employment")),  # active match with Mo
        DemoMentee("DEMO-005", "Leeds", ("substance_use",)),  # Cal's only place: at capacity
        DemoMentee("DEMO-006", "Leeds", ("employment",)),  # paused: Sam's certificate suspended
        DemoMentee("DEMO-007", "Leeds", ("debt",), gender="woman"),  # ended her match with Mo
        DemoMentee("DEMO-008", "Leeds", ("housing",)),  # conflict declared with Mo
        DemoMentee(
            "DEMO-009",
            "Bradford",
            ("mental_health",),
            gender="woman",
            details={"gender_preference": "woman", "languages": ["English", "Polish"]},
        ),
    ]


def seed_matching(session: Session, scheme: Scheme, coordinator: Person, trainer: Person) -> None:
    """Make the demo mentees, mentors and matches once; later runs change nothing."""
    exists = select(Mentee.id).where(
        Mentee.scheme_id == scheme.id, Mentee.reference == FIRST_REFERENCE
    )
    if session.scalar(exists) is not None:
        return
    today = uk_today()
    mentors = {
        spec.key: _mentor(session, scheme, coordinator, trainer, spec, today)
        for spec in DEMO_MENTORS
    }
    mentees = {
        spec.reference: _mentee(session, scheme, coordinator, spec, today)
        for spec in _mentees(today)
    }

    def matched(mentor_key: str, reference: str):
        match = services.propose_match(
            session, coordinator, mentors[mentor_key][0], mentees[reference], today
        )
        return services.activate(session, coordinator, match, today)

    matched("mo", "DEMO-004")
    matched("cal", "DEMO-005")
    matched("sam", "DEMO-006")
    ended = matched("mo", "DEMO-007")
    services.end_match(
        session, coordinator, ended, "She moved to Bradford and asked for a mentor there.", "mentee"
    )
    add_conflict(session, coordinator, mentees["DEMO-008"], mentors["mo"][0].id, "associate")
    # Suspending the certificate pauses Sam's active match through the real cascade.
    certificates.suspend(
        session,
        coordinator,
        mentors["sam"][1],
        "A concern was raised about contact outside agreed times; being looked into.",
        today + timedelta(days=14),
        today=today,
    )
    session.flush()


def _mentor(
    session: Session,
    scheme: Scheme,
    coordinator: Person,
    trainer: Person,
    spec: DemoMentor,
    today: date,
) -> tuple[Person, Certificate]:
    email = f"{spec.key}.mentor@demo.example"
    person = accounts.find_by_email(session, email) or accounts.create_person(
        session,
        email=email,
        name=spec.name,
        roles=[Role.TRAINEE],
        scheme=scheme,
        password=None,
    )
    session.flush()
    cert = _certificate(session, person, trainer, find_definition(session, CORE), spec, today)
    if spec.endorsed:
        _certificate(session, person, trainer, find_definition(session, YOUNG_PEOPLE), spec, today)
    if spec.vetting is not None:
        checked = today - timedelta(days=3 * 365 + 30 if spec.recheck_overdue else 300)
        vetting.record_check(
            session,
            coordinator,
            person,
            vetting.CheckDetails(
                level=spec.vetting,
                certificate_date=checked,
                update_service=False,
                recheck_due=checked + timedelta(days=3 * 365),
            ),
            today,
        )
    record_supervision(
        session,
        trainer,
        person,
        today - timedelta(days=spec.supervised_days_ago),
        "Feeling settled and confident. Finds Monday gate pick-ups tiring; we talked about "
        "rest days and who to call after a hard meeting.",
        "Swap one early gate pick-up a month with another mentor.",
        today,
    )
    save_profile(
        session,
        coordinator,
        person,
        ProfileDetails(
            available=spec.available,
            capacity=spec.capacity,
            area=spec.area,
            languages=list(spec.languages),
            gender=spec.gender,
            needs_experience=list(spec.needs),
            interests=spec.interests,
        ),
    )
    return person, cert


def _certificate(
    session: Session,
    person: Person,
    trainer: Person,
    definition: CertificateDefinition | None,
    spec: DemoMentor,
    today: date,
) -> Certificate:
    if definition is None:
        raise RuntimeError("Certificate definitions are missing: sync the content first.")
    months = definition.validity_months
    valid_until = {
        "expiring": today + timedelta(days=30),
        "expired": today - timedelta(days=20),
    }.get(spec.certificate, certificates.add_months(today - timedelta(days=200), months))
    valid_from = certificates.add_months(valid_until, -months)
    now = utcnow()
    cert = Certificate(
        number=numbers.new_number(),
        person_id=person.id,
        scheme_id=person.scheme_id,
        definition_id=definition.id,
        definition_slug=definition.slug,
        holder_name=person.name,
        competences=list(definition.competences),
        module_hashes={},
        issued_by_id=trainer.id,
        issued_at=now - timedelta(days=(today - valid_from).days),
        valid_from=valid_from,
        valid_until=valid_until,
        current=spec.certificate != "revoked",
        reminders_sent=[],
    )
    if spec.certificate == "expired":
        cert.expiry_recorded_at = now  # the sweep has nothing left to do for it
    if spec.certificate == "revoked":
        cert.revoked_at = now - timedelta(days=30)
        cert.revoked_reason = "Broke the boundaries agreement after a warning."
    printed = CertificateData(
        holder_name=person.name,
        certificate_title=definition.title,
        competences=[competence_label(c) for c in definition.competences],
        issued_on=valid_from,
        valid_until=valid_until,
        scheme_name=person.scheme.name if person.scheme else "",
        issuer_name=trainer.name,
        number=cert.number,
        verify_url=f"{current_app.config['BASE_URL']}/verify/{cert.number}",
    )
    if current_app.config["DEMO_REAL_PDFS"]:
        cert.pdf = print_certificate(design_dir(definition.slug), printed, current_app.config)
    else:  # tests: the same bytes-and-hash handling without WeasyPrint's seconds
        cert.pdf = placeholder_certificate(printed)
    cert.pdf_sha256 = sha256_hex(cert.pdf)
    session.add(cert)
    session.flush()
    return cert


def _mentee(
    session: Session, scheme: Scheme, coordinator: Person, spec: DemoMentee, today: date
) -> Mentee:
    values = {
        "reference": spec.reference,
        "area": spec.area,
        "gender": spec.gender,
        "needs": list(spec.needs),
        "languages": ["English"],
        **spec.details,
    }
    return register_mentee(session, coordinator, scheme.id, MenteeDetails(**values), today)
