"""The scheme's list of certificates: its filters read from the query string (search, status,
expiring, review overdue, certificate, scheme), its sort orders, and its CSV export (the same
certificates as the list shows, across every page)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.functions import FunctionElement

from lms.accounts.models import Person, Role, Scheme
from lms.certificates import queries
from lms.certificates import status as st
from lms.certificates.models import Certificate, CertificateDefinition
from lms.numbers import query_int
from lms.ukdates import UK

# Query-string value -> (what the sort select says, the ORDER BY); ids break ties, so paging
# never shows a certificate twice or skips one.
SORTS = {
    "newest": ("Issued, newest first", (Certificate.issued_at.desc(), Certificate.id.desc())),
    "oldest": ("Issued, oldest first", (Certificate.issued_at, Certificate.id)),
    "holder": ("Holder's name, A to Z", (func.lower(Certificate.holder_name), Certificate.id)),
    "valid_until": ("Valid until, soonest first", (Certificate.valid_until, Certificate.id)),
}
DEFAULT_SORT = "newest"
CURRENT, ANY = "", "any"  # the default (not replaced or revoked) and every certificate
STATUSES = {
    CURRENT: "Current (not replaced or revoked)",
    st.VALID: st.LABELS[st.VALID],
    st.EXPIRING: st.LABELS[st.EXPIRING],
    st.EXPIRED: st.LABELS[st.EXPIRED],
    st.SUSPENDED: st.LABELS[st.SUSPENDED],
    st.REVOKED: st.LABELS[st.REVOKED],
    st.SUPERSEDED: st.LABELS[st.SUPERSEDED],
    ANY: "Any status, including replaced and revoked",
}
EXPIRING_ARG = ("expiring", str(queries.EXPIRY_WARNING_DAYS))
REVIEW_ARG = ("review", "overdue")


class days_after(FunctionElement):
    """``day`` plus ``days`` (an integer column) as a date, on SQLite and PostgreSQL."""

    inherit_cache = True
    type = Certificate.valid_until.type


@compiles(days_after)
def _days_after_postgresql(element, compiler, **kw):
    day, days = element.clauses
    return f"(CAST({compiler.process(day, **kw)} AS DATE) + {compiler.process(days, **kw)})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element, compiler, **kw):
    day, days = element.clauses
    return f"date({compiler.process(day, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


def _window() -> ColumnElement[int]:
    """The renewal window (days) of the certificate's definition."""
    return (
        select(CertificateDefinition.renewal_window_days)
        .where(CertificateDefinition.id == Certificate.definition_id)
        .scalar_subquery()
    )


def status_condition(status: str, today: date) -> ColumnElement[bool]:
    """Certificates whose ``status_on`` is ``status`` on ``today``, in SQL."""
    live = and_(
        Certificate.revoked_at.is_(None),
        Certificate.superseded_at.is_(None),
        Certificate.suspended_at.is_(None),
    )
    window_opens = Certificate.valid_until <= days_after(today, _window())
    return {
        CURRENT: Certificate.current.is_(True),
        ANY: true(),
        st.REVOKED: Certificate.revoked_at.is_not(None),
        st.SUPERSEDED: and_(
            Certificate.revoked_at.is_(None), Certificate.superseded_at.is_not(None)
        ),
        st.SUSPENDED: and_(
            Certificate.revoked_at.is_(None),
            Certificate.superseded_at.is_(None),
            Certificate.suspended_at.is_not(None),
        ),
        st.EXPIRED: and_(live, Certificate.valid_until < today),
        st.EXPIRING: and_(live, Certificate.valid_until >= today, window_opens),
        st.VALID: and_(live, Certificate.valid_until >= today, ~window_opens),
    }[status]


@dataclass(frozen=True)
class CertificateFilters:
    """What the viewer asked for; unknown values are ignored rather than refused."""

    query: str = ""
    status: str = CURRENT
    expiring: bool = False
    review: bool = False
    certificate: str = ""  # a definition's slug
    scheme_id: int = 0  # admins only
    sort: str = DEFAULT_SORT

    @classmethod
    def from_args(cls, args, slugs=(), admin: bool = False) -> CertificateFilters:
        """The filters ``args`` asks for; ``slugs`` are the certificates one may pick."""
        status, sort, certificate = args.get("status", ""), args.get("sort", ""), args.get("cert")
        return cls(
            query=args.get("q", "").strip(),
            status=status if status in STATUSES else CURRENT,
            expiring=args.get(EXPIRING_ARG[0]) == EXPIRING_ARG[1],
            review=args.get(REVIEW_ARG[0]) == REVIEW_ARG[1],
            certificate=certificate if certificate in slugs else "",
            scheme_id=(args.get("scheme", 0, type=query_int) or 0) if admin else 0,
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def args(self, **changes) -> dict[str, object]:
        """The query-string arguments that give this list again (for paging and the CSV)."""
        pairs: dict[str, object] = {"q": self.query, "status": self.status}
        pairs[EXPIRING_ARG[0]] = EXPIRING_ARG[1] if self.expiring else ""
        pairs[REVIEW_ARG[0]] = REVIEW_ARG[1] if self.review else ""
        pairs |= {"cert": self.certificate, "scheme": self.scheme_id}
        pairs["sort"] = "" if self.sort == DEFAULT_SORT else self.sort
        pairs |= changes
        return {key: value for key, value in pairs.items() if value}

    @property
    def home_filter(self) -> str:
        """What a home-page count's filter shows, in words ("" when neither is on)."""
        keys = [key for key, on in ((EXPIRING_ARG, self.expiring), (REVIEW_ARG, self.review)) if on]
        return " and ".join(queries.SCHEME_FILTERS[key] for key in keys)

    def statement(self, viewer: Person, today: date) -> Select[tuple[Certificate]]:
        """The certificates the viewer may see that match, in the order asked for."""
        stmt = select(Certificate).options(
            selectinload(Certificate.definition), selectinload(Certificate.scheme)
        )
        if not viewer.has_role(Role.ADMIN):
            stmt = stmt.where(Certificate.scheme_id == viewer.scheme_id)
        elif self.scheme_id:
            stmt = stmt.where(Certificate.scheme_id == self.scheme_id)
        stmt = stmt.where(status_condition(self.status, today))
        if self.query:
            wanted = self.query.lower()
            stmt = stmt.where(
                or_(
                    func.lower(Certificate.holder_name).contains(wanted, autoescape=True),
                    func.lower(Certificate.number).contains(wanted, autoescape=True),
                )
            )
        if self.certificate:
            stmt = stmt.where(Certificate.definition_slug == self.certificate)
        if self.expiring:
            stmt = stmt.where(Certificate.revoked_at.is_(None), queries.expiring_condition(today))
        if self.review:
            stmt = stmt.where(
                Certificate.revoked_at.is_(None), queries.overdue_review_condition(today)
            )
        return stmt.order_by(*SORTS[self.sort][1])


def certificate_choices(session: Session) -> list[tuple[str, str]]:
    """Every certificate (by slug) one may filter on, with its current title, by title."""
    rows = session.execute(
        select(CertificateDefinition.slug, CertificateDefinition.title).where(
            CertificateDefinition.current.is_(True)
        )
    )
    return sorted(dict(rows.all()).items(), key=lambda pair: (pair[1].lower(), pair[0]))


def scheme_choices(session: Session) -> list[tuple[int, str]]:
    """Every scheme an admin may pick, by name, after "All schemes"."""
    schemes = session.scalars(select(Scheme).order_by(Scheme.name, Scheme.id))
    return [(0, "All schemes")] + [(s.id, s.name) for s in schemes]


CSV_HEADER = [
    "Number",
    "Holder",
    "Certificate",
    "Scheme",
    "Status",
    "Issued (UK date)",
    "Valid until",
    "Suspended on (UK date)",
    "Review date",
]


def csv_rows(
    session: Session, filters: CertificateFilters, viewer: Person, today: date, batch: int = 500
) -> Iterator[list]:
    """The header, then every certificate the list shows, in its order, a batch at a time."""
    yield CSV_HEADER
    stmt = filters.statement(viewer, today).execution_options(yield_per=batch)
    for cert in session.scalars(stmt):
        yield [
            cert.number,
            cert.holder_name,
            cert.definition.title,
            cert.scheme.name if cert.scheme else "",
            st.LABELS[st.status_on(cert, today, cert.definition.renewal_window_days)],
            _uk_day(cert.issued_at),
            cert.valid_until.isoformat(),
            _uk_day(cert.suspended_at),
            cert.review_date.isoformat() if cert.review_date else "",
        ]


def _uk_day(moment) -> str:
    return moment.astimezone(UK).date().isoformat() if moment else ""
