"""The scheme's certificates list (issue 17, item 9): search by holder or number, each status,
the home-page expiring and review filters at their boundary days, the certificate and scheme
filters, sorting, paging, and a CSV of exactly the certificates the list shows."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from lms.accounts.models import Role
from lms.certificates.status import LABELS
from lms.db import utcnow
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import make_definition, make_mentor, make_person, make_scheme

HEADER = [
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


def _cert(scheme, name: str, **kwargs):
    email = re.sub(r"[^a-z]", "", name.lower()) + "@example.org"
    return make_mentor(make_person(email, name, [Role.TRAINEE], scheme), **kwargs)


def _numbers(client, query: str = "") -> list[str]:
    response = client.get(f"/certificates/scheme{query}")
    assert response.status_code == 200, query
    return re.findall(r'data-certificate="([^"]+)"', response.get_data(as_text=True))


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/certificates/scheme.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _lifecycle(scheme):
    """One certificate in each status (the definition's renewal window is 60 days)."""
    made = {
        "valid": _cert(scheme, "Val Valid", valid_days_left=61),
        "expiring": _cert(scheme, "Eve Expiring", valid_days_left=60),
        "expired": _cert(scheme, "Ed Expired", valid_days_left=-1),
        "suspended": _cert(scheme, "Sue Suspended"),
        "revoked": _cert(scheme, "Rev Revoked"),
        "superseded": _cert(scheme, "Sam Superseded"),
    }
    made["suspended"].suspended_at, made["suspended"].review_date = utcnow(), uk_today()
    made["revoked"].revoked_at, made["revoked"].current = utcnow(), False
    made["superseded"].superseded_at, made["superseded"].current = utcnow(), False
    db.session.commit()
    return made


def test_search_finds_one_holder_by_name_or_number_and_not_another(client, login, people):
    """A search matches the holder's name (any case) or the certificate number, nothing else."""
    scheme = people["coordinator"].scheme
    ann, bob = _cert(scheme, "Ann Able"), _cert(scheme, "Bob Baker")
    login("coordinator")
    assert _numbers(client, "?q=aBLe") == [ann.number]
    assert _numbers(client, f"?q={bob.number.lower()}") == [bob.number]
    assert _numbers(client, "?q=nobody") == []
    assert "No certificates match your search." in client.get("/certificates/scheme?q=x").text


def test_current_by_default_and_each_status_filter_finds_exactly_its_certificates(
    client, login, people
):
    """The default is current certificates; every status reaches exactly its own, by the same
    rule as ``status_on`` (60 days left is renewal due, 61 valid, -1 expired)."""
    made = _lifecycle(people["coordinator"].scheme)
    login("coordinator")
    current = {made[k].number for k in ("valid", "expiring", "expired", "suspended")}
    assert set(_numbers(client)) == current
    for status, cert in made.items():
        assert _numbers(client, f"?status={status}") == [cert.number], status
    assert set(_numbers(client, "?status=any")) == {c.number for c in made.values()}
    page = client.get("/certificates/scheme?status=expiring").text
    assert f'<option value="expiring" selected>{LABELS["expiring"]}</option>' in page


def test_expiring_and_review_filters_keep_their_banner_and_boundary_days(client, login, people):
    """``?expiring=60``: 0 to 60 days left, not 61, not expired, not suspended; ``?review=
    overdue``: a review date before today, not today; each says it is on and can be cleared."""
    scheme = people["coordinator"].scheme
    last_day = _cert(scheme, "Lee Lastday", valid_days_left=0)
    sixty = _cert(scheme, "Sid Sixty", valid_days_left=60)
    _cert(scheme, "Syd Sixtyone", valid_days_left=61)
    _cert(scheme, "Ex Pired", valid_days_left=-1)
    late = _cert(scheme, "Rae Late", valid_days_left=30)
    due_today = _cert(scheme, "Ray Today", valid_days_left=30)
    late.suspended_at, late.review_date = utcnow(), uk_today() - timedelta(days=1)
    due_today.suspended_at, due_today.review_date = utcnow(), uk_today()
    db.session.commit()
    login("coordinator")
    assert set(_numbers(client, "?expiring=60")) == {last_day.number, sixty.number}
    assert _numbers(client, "?review=overdue") == [late.number]
    page = client.get("/certificates/scheme?expiring=60&q=s").text
    assert "data-filter-on" in page and "certificates expiring in the next 60 days" in page
    assert 'href="/certificates/scheme?q=s">Clear the filter' in page
    assert "data-filter-on" not in client.get("/certificates/scheme?expiring=9999").text


def test_sort_orders_with_an_id_tie_break(client, login, people):
    """Holder A to Z, issued newest or oldest first, valid until soonest first."""
    scheme = people["coordinator"].scheme
    zed = _cert(scheme, "Zed Zulu", valid_days_left=200)
    amy = _cert(scheme, "amy Able", valid_days_left=100)
    max_ = _cert(scheme, "Max Mid", valid_days_left=300)
    for days, cert in enumerate((zed, amy, max_)):
        cert.issued_at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=days)
    db.session.commit()
    login("coordinator")
    assert _numbers(client, "?sort=holder") == [amy.number, max_.number, zed.number]
    assert _numbers(client) == [max_.number, amy.number, zed.number]  # newest first by default
    assert _numbers(client, "?sort=oldest") == [zed.number, amy.number, max_.number]
    assert _numbers(client, "?sort=valid_until") == [amy.number, zed.number, max_.number]


def test_the_csv_holds_every_matching_row_over_all_pages_escaped_in_uk_dates(
    app, client, login, people
):
    """Three certificates at two a page: the CSV holds all three in the list's order, the exact
    header, a formula-like name escaped, and the UK date a late-evening BST issue falls on."""
    app.config["PAGE_SIZE"] = 2
    scheme = people["coordinator"].scheme
    formula = _cert(scheme, "=HYPERLINK(1)")
    others = [_cert(scheme, "Bea Brown"), _cert(scheme, "Nina Cole")]
    _cert(scheme, "Pat Excluded")
    formula.issued_at = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 1 July in the UK (BST)
    formula.suspended_at = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    formula.review_date = formula.valid_until - timedelta(days=10)
    db.session.commit()
    login("coordinator")
    query = "?sort=holder&q=n"  # every holder with an "n": Pat Excluded is left out
    first, second = _numbers(client, query), _numbers(client, f"{query}&page=2")
    assert len(first) == 2 and len(second) == 1
    rows = _csv(client, query)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == first + second
    assert "Pat Excluded" not in str(rows) and len(rows) == 4
    row = next(r for r in rows if r[0] == formula.number)
    assert row[1:] == [
        "'=HYPERLINK(1)",
        "Certificate core-peer-mentor",
        "Demo Scheme",
        "Suspended",
        "2026-07-01",
        formula.valid_until.isoformat(),
        "2026-07-02",
        formula.review_date.isoformat(),
    ]
    assert {r[1] for r in rows[1:]} - {"'=HYPERLINK(1)"} == {o.holder_name for o in others}
    page = client.get(f"/certificates/scheme{query}").text
    assert (
        "3 certificates." in page and 'href="/certificates/scheme.csv?q=n&amp;sort=holder"' in page
    )
    assert _csv(client, "?q=nobody") == [HEADER]


def test_the_certificate_filter_keeps_one_definition(client, login, people):
    """Choosing a certificate shows only certificates of it; an unknown one is ignored."""
    scheme = people["coordinator"].scheme
    core = _cert(scheme, "Cora Core")
    women = make_definition("women-pathway")
    other = _cert(scheme, "Wyn Women", slug="women-pathway")
    other.definition_id = women.id
    db.session.commit()
    login("coordinator")
    assert _numbers(client, "?cert=women-pathway") == [other.number]
    assert _numbers(client, "?cert=core-peer-mentor") == [core.number]
    assert set(_numbers(client, "?cert=no-such-thing")) == {core.number, other.number}


def test_coordinators_see_only_their_scheme_and_admins_can_pick_one(app, client, login, people):
    """A coordinator's ``?scheme=`` changes nothing; an admin sees all schemes or the one chosen."""
    ours = _cert(people["coordinator"].scheme, "Our Olive")
    north = make_scheme("north", "North")
    theirs = _cert(north, "Their Theo")
    login("coordinator")
    assert _numbers(client) == [ours.number]
    assert _numbers(client, f"?scheme={north.id}") == [ours.number]
    assert [r[0] for r in _csv(client, f"?scheme={north.id}")[1:]] == [ours.number]
    admin = app.test_client()
    assert sign_in(admin, people["admin"].email).status_code == 302
    assert set(_numbers(admin)) == {ours.number, theirs.number}
    assert _numbers(admin, f"?scheme={north.id}") == [theirs.number]
    assert [r[3] for r in _csv(admin, f"?scheme={north.id}")[1:]] == ["North"]


def test_unknown_filter_values_are_ignored_not_errors(client, login, people):
    """Unknown status, sort, certificate and review values give the default list (200)."""
    cert = _cert(people["coordinator"].scheme, "Una Known")
    login("coordinator")
    odd = "?status=bogus&sort=sideways&cert=x&review=soon&expiring=yes"
    assert _numbers(client, odd) == [cert.number]
    assert len(_csv(client, odd)) == 2


def test_the_renewal_window_is_added_to_today_in_postgresql_too():
    """The status filter's "today plus the definition's window" is date arithmetic on both
    databases (SQLite's date() modifier; PostgreSQL's date + integer)."""
    from datetime import date

    from sqlalchemy import select
    from sqlalchemy.dialects import postgresql

    from lms.certificates.models import Certificate
    from lms.certificates.scheme_list import status_condition

    stmt = select(Certificate.id).where(status_condition("valid", date(2026, 12, 2)))
    sql = str(stmt.compile(dialect=postgresql.dialect()))
    added = r"\(CAST\(%\(\w+\)s(::DATE)? AS DATE\) \+ \(SELECT \w+.renewal_window_days"
    assert re.search(added, sql), sql
