"""Helpers shared by the security tests: matrix rows grouped by feature, clients per role, counts.

The rows and the object builders are the authorisation matrix's own
(tests/functional/test_authorisation_matrix.py), so a route added there is covered here too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from lms.accounts.models import Role
from lms.extensions import db
from tests.access import ANON, API_KEY
from tests.conftest import sign_in
from tests.functional.test_authorisation_matrix import MATRIX, OWNER, core_objects

Row = tuple[str, str, str, tuple[str, ...]]
PLACEHOLDER = re.compile(r"{([a-z_]+)}")
CORE = "core"


def feature_name(row: Row) -> str:
    """The feature module that owns a row ("assessment", "practice" …) or "core"."""
    owner = OWNER.get(row[:3])
    return owner.__name__.rsplit(".", 1)[-1] if owner is not None else CORE


def rows_by_feature(method: str) -> dict[str, list[Row]]:
    """Matrix rows of one HTTP method, grouped by the feature that makes their objects.

    Grouping lets one test build a feature's objects once and walk all its routes, which keeps
    the security suite fast; every failure still names the route.
    """
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in MATRIX:
        if row[1] == method:
            grouped[feature_name(row)].append(row)
    return dict(sorted(grouped.items()))


def placeholders(path: str) -> set[str]:
    return set(PLACEHOLDER.findall(path))


def build_objects(people: dict, rows: Iterable[Row]) -> dict[str, object]:
    """The ids and keys the rows' paths take, made by the matrix's own builders."""
    rows = list(rows)
    owners = {OWNER.get(row[:3]) for row in rows}
    assert len(owners) == 1, "rows of one feature only"
    owner = owners.pop()
    if owner is not None:
        return owner.objects(people)
    return core_objects(people, "".join(row[2] for row in rows))


def client_as(app: Flask, people: dict, role: str) -> FlaskClient:
    """A fresh client, signed in as ``people[role]`` (anonymous for ANON)."""
    client = app.test_client()
    if role != ANON:
        response = sign_in(client, people[role].email)
        assert response.status_code == 302, f"could not sign in as {role}"
    return client


def api_key_for(person) -> str:
    """A live scheme API key for the person's scheme, made by a coordinator or the CLI path."""
    from lms.api.keys import create_key

    actor = person if person.has_role(Role.COORDINATOR) else None
    _, key = create_key(db.session, actor, person.scheme, "Security tests")
    db.session.commit()
    return key


def request_roles(allowed: tuple[str, ...]) -> list[str]:
    """The roles a row is used as: every allowed role, or the API key for key routes."""
    return [API_KEY[0]] if allowed == API_KEY else list(allowed)


def table_counts() -> dict[str, int]:
    """Rows in every table, in one round trip."""
    tables = list(db.metadata.sorted_tables)
    stmt = select(*[select(func.count()).select_from(t).scalar_subquery() for t in tables])
    db.session.rollback()  # see other connections' commits
    values = db.session.execute(stmt).one()
    db.session.rollback()
    return {t.name: v for t, v in zip(tables, values, strict=True)}


def count_changes(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}


class PageScan(HTMLParser):
    """Finds what a strict Content-Security-Policy would block, and the names of form fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.fields: dict[str, set[str]] = defaultdict(set)
        self._in_script = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: inline event handler")
            if name.lower() == "style":
                self.problems.append(f"<{tag} style={value!r}>: inline style (style-src 'self')")
            if (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>: javascript: URL")
        if tag == "script":
            self._in_script = True
            self._script_text = []
        if tag == "style":
            self.problems.append("<style> element (style-src 'self')")
        name = attributes.get("name")
        if tag in {"input", "textarea", "select", "button"} and name and name != "csrf_token":
            self.fields[name]
            value = attributes.get("value")
            if value is not None and tag in {"input", "button"}:
                self.fields[name].add(value)
        if tag == "option" and self._last_select is not None and attributes.get("value"):
            self.fields[self._last_select].add(attributes["value"] or "")
        if tag == "select":
            self._last_select = name

    _last_select: str | None = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            text = "".join(self._script_text).strip()
            if text:
                self.problems.append(f"inline <script> with content: {text[:60]!r}")
            self._in_script = False
        if tag == "select":
            self._last_select = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_text.append(data)


def scan_html(html: str) -> PageScan:
    scan = PageScan()
    scan.feed(html)
    scan.close()
    return scan


def assert_no_failures(failures: list[str]) -> None:
    assert not failures, "\n".join(failures)
