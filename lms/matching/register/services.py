"""The accreditation register: each mentor's certificates, DBS recheck, last supervision and
load, as CSV rows for the scheme, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.certificates.models import Certificate
from lms.certificates.status import LABELS, status_on
from lms.matching.gate import loads
from lms.matching.matches.services import mentors_of
from lms.matching.mentors.services import profiles_of
from lms.matching.supervision.services import last_supervision
from lms.vetting.services import latest_checks

REGISTER_HEADER = [
    "Mentor",
    "Certificate number",
    "Certificate",
    "Status",
    "Expiry",
    "DBS recheck due",
    "Last supervision",
    "Load",
]


def _latest_certificates(session: Session, person_ids: list[int]) -> dict[int, list[Certificate]]:
    """Each mentor's newest certificate per definition (current, or the last one they had)."""
    if not person_ids:
        return {}
    stmt = (
        select(Certificate)
        .where(Certificate.person_id.in_(person_ids), Certificate.superseded_at.is_(None))
        .options(selectinload(Certificate.definition))
        .order_by(Certificate.person_id, Certificate.issued_at.desc(), Certificate.id.desc())
    )
    found: dict[int, list[Certificate]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for cert in session.scalars(stmt):
        key = (cert.person_id, cert.definition_slug)
        if key not in seen:
            seen.add(key)
            found[cert.person_id].append(cert)
    return found


def register_rows(session: Session, scheme_id: int, today: date) -> list[list[str]]:
    """The scheme's accreditation register as CSV rows, for ``lms.exports.csv_response``, which
    makes every cell spreadsheet-safe (its only caller is the register download)."""
    mentors = mentors_of(session, scheme_id)
    ids = [m.id for m in mentors]
    certificates = _latest_certificates(session, ids)
    checks = latest_checks(session, ids)
    supervised = last_supervision(session, ids)
    taken = loads(session, ids)  # the gate's load: paused matches hold a place too
    profiles = profiles_of(session, ids)
    rows = [REGISTER_HEADER]
    for mentor in mentors:
        check = checks.get(mentor.id)
        held = supervised.get(mentor.id)
        profile = profiles.get(mentor.id)
        load = f"{taken.get(mentor.id, 0)}/{profile.capacity if profile else 0}"
        for cert in certificates.get(mentor.id, []) or [None]:
            status = status_on(cert, today, cert.definition.renewal_window_days) if cert else ""
            row = [
                mentor.name,
                cert.number if cert else "",
                cert.definition.title if cert else "",
                LABELS.get(status, ""),
                cert.valid_until.isoformat() if cert else "",
                check.effective_recheck_due.isoformat() if check else "",
                held.isoformat() if held else "",
                load,
            ]
            rows.append(row)
    return rows
