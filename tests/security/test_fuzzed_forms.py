"""Hypothesis-generated input to every form and JSON endpoint: never a 5xx, never a half-record.

Every POST row of the authorisation matrix is sent generated field values as the first role
allowed to use it: the fields of the form on the same page (with the values its radios and
selects offer), plus any field name of any form in the app, holding unicode, control characters,
very long strings, numbers, dates, empty strings and repeated values. CSRF is off here: it is
tested in tests/functional/test_security.py, and with it on every post would stop at the token.
"""

from __future__ import annotations

import json
import operator
from datetime import date

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from lms.api import openapi
from tests.access import ANON, API_KEY
from tests.functional.test_authorisation_matrix import MATRIX
from tests.security.support import (
    Row,
    api_key_for,
    assert_no_failures,
    build_objects,
    client_as,
    count_changes,
    rows_by_feature,
    scan_html,
    table_counts,
)

FUZZ = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "y",
    "on",
    "2026-02-30",
    "9999-12-31",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "\x00",
    "\u202e\u200b\ufeff",
    "\U0001d54b\U0001d556\U0001d564\U0001d565 \U0001f469\U0001f3fd\u200d\U0001f9b1",
]
CHARS = st.characters(codec="utf-8")  # any code point that can be sent (no lone surrogates)
TEXT = st.one_of(
    st.text(CHARS, max_size=30),
    st.text(st.characters(categories=("Cc",)), min_size=1, max_size=5),
    st.builds(operator.mul, st.text(CHARS, min_size=1, max_size=3), st.integers(500, 20_000)),
    st.integers(-(10**12), 10**12).map(str),
    st.floats().map(str),
    st.dates().map(date.isoformat),
    st.sampled_from(TRICKY),
)


def form_fields() -> dict[str, set[str]]:
    """Every field name of every form in the app, with the fixed choices it offers."""
    found: dict[str, set[str]] = {}
    todo = list(FlaskForm.__subclasses__())
    while todo:
        form = todo.pop()
        todo += form.__subclasses__()
        for name in dir(form):
            field = getattr(form, name, None)
            if isinstance(field, UnboundField) and name != "csrf_token":
                values = found.setdefault(name, set())
                for choice in field.kwargs.get("choices") or []:
                    values.add(str(choice[0] if isinstance(choice, tuple) else choice))
    return found


def field_value(known: set[str]) -> st.SearchStrategy:
    one = st.one_of(st.sampled_from(sorted(known)), TEXT) if known else TEXT
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def form_data(page_fields: dict[str, set[str]], all_fields: dict[str, set[str]]):
    """A form body: the page's own fields (each maybe left out) and a few from other forms."""
    own = st.fixed_dictionaries(
        {}, optional={name: field_value(values) for name, values in page_fields.items()}
    )
    names = sorted(all_fields)
    stray = st.dictionaries(st.sampled_from(names), TEXT, max_size=4 if page_fields else 8)
    return st.builds(lambda a, b: {**b, **a}, own, stray)


def refused(client, response) -> bool:
    """A 4xx, the form shown again with an error summary, or a redirect with a warning."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200:
        return "govuk-error-summary" in response.get_data(as_text=True)
    if response.status_code in (302, 303):
        with client.session_transaction() as session:
            flashes = session.get("_flashes", [])
        return any(category != "success" for category, _ in flashes)
    return False


# Values that reach the database unless something stops them first: a NUL (PostgreSQL text
# cannot hold one) and numbers beyond 64 bits. Tried explicitly in every field, every time.
HOSTILE = ["a\x00b", "99999999999999999999", "-99999999999999999999"]


def run_examples(strategy, send, explicit=(), how=FUZZ) -> str | None:
    """Run Hypothesis over ``send`` (after the ``explicit`` bodies); the failure, or None."""

    @how
    @given(strategy)
    def examples(body):
        send(body)

    for body in explicit:
        examples = example(body)(examples)

    try:
        examples()
    except Exception as exc:  # report every route, not only the first that fails
        notes = "\n    ".join(getattr(exc, "__notes__", []))
        return f"{type(exc).__name__}: {exc}\n    {notes}"
    return None


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = False
    return app_config


def form_rows() -> dict[str, list[Row]]:
    """POST rows taken by forms (not the JSON API), grouped by feature."""
    grouped = {}
    for feature, rows in rows_by_feature("POST").items():
        keep = [r for r in rows if r[3] != API_KEY and not r[2].startswith("/api/")]
        if keep:
            grouped[feature] = keep
    return grouped


FORM_ROWS = form_rows()
GET_PATHS = {row[2] for row in MATRIX if row[1] == "GET"}


@pytest.mark.parametrize("feature", sorted(FORM_ROWS))
def test_fuzzed_forms_never_crash_or_leave_half_records(app, people, feature):
    """Generated values to each form: no 5xx, and a refused post changes no table."""
    rows = FORM_ROWS[feature]
    objects = build_objects(people, rows)
    all_fields = form_fields()
    failures = []
    for _endpoint, _method, path, allowed in rows:
        role = allowed[0]
        url = path.format(**objects)
        client = client_as(app, people, role)
        page_fields: dict[str, set[str]] = {}
        if path in GET_PATHS:
            page = client.get(url)
            if page.status_code == 200 and page.mimetype == "text/html":
                page_fields = dict(scan_html(page.get_data(as_text=True)).fields)

        def send(body, client=client, url=url, role=role):
            before = table_counts()
            response = client.post(url, data=body)
            where = f"POST {url} as {role}: {response.status_code}"
            assert response.status_code < 500, f"{where}: server error"
            if refused(client, response):
                changed = count_changes(before, table_counts())
                assert not changed, f"{where}: refused, but rows changed {changed}"

        names = page_fields or all_fields
        explicit = [dict.fromkeys(names, value) for value in HOSTILE]
        failure = run_examples(form_data(page_fields, all_fields), send, explicit)
        if failure:
            failures.append(f"POST {url} as {role}: {failure}")
    assert_no_failures(failures)


# ---------------------------------------------------------------------------------------------
# JSON endpoints

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(CHARS, max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
JSON_STATUSES = {200, 201, 400, 401, 404, 409, 422}


def body_properties(path: str) -> dict[str, dict]:
    """The properties of the request body the OpenAPI document gives for ``POST path``."""
    document = openapi.document("https://lms.test")
    operation = document["paths"].get(path, {}).get("post", {})
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = schema.get("schema", {}).get("$ref", "")
    if not ref:
        return {}
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("properties", {})


def body_fields(path: str) -> list[str]:
    """The documented body fields, or every field of every API body model if none are."""
    from pydantic import BaseModel

    from lms.api import bodies

    documented = body_properties(path)
    if documented:
        return sorted(documented)
    models = [v for v in vars(bodies).values() if isinstance(v, type) and v is not BaseModel]
    return sorted({f for m in models if issubclass(m, BaseModel) for f in m.model_fields})


def typed_hostile_bodies() -> list[dict]:
    """One body per API body model, each field holding a hostile value of its own type, so
    the body passes validation and the value reaches the database."""
    from pydantic import BaseModel

    from lms.api import bodies

    hostile = {int: 10**20, str: "a\x00b", list[str]: ["a\x00b"], bool: True}
    made = []
    for model in vars(bodies).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not BaseModel:
            fields = model.model_fields.items()
            made.append({n: hostile[f.annotation] for n, f in fields if f.annotation in hostile})
    return made


def json_bodies(path: str):
    """Any JSON at all, objects with the documented fields holding anything, and broken JSON."""
    properties = body_fields(path)
    shaped = st.fixed_dictionaries({}, optional=dict.fromkeys(properties, JSON_VALUES))
    raw = st.one_of(JSON_VALUES, shaped).map(lambda v: json.dumps(v, allow_nan=False))
    broken = st.sampled_from(['{"a": ', "[1, 2", "\x00", "{}}", "nul", '{"numbers": NaN}'])
    return st.one_of(raw, shaped.map(json.dumps), broken, st.binary(max_size=50))


API_POSTS = [row for row in MATRIX if row[1] == "POST" and row[2].startswith("/api/")]


def test_api_post_rows_exist():
    """The JSON fuzzing below has endpoints to work on."""
    assert API_POSTS


def test_fuzzed_json_never_crashes(app, client, people):
    """Random JSON with a live scheme key to every POST under /api/: a JSON answer, never a
    5xx, and a refusal changes nothing."""
    headers = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    failures = []
    for endpoint, method, path, allowed in API_POSTS:
        objects = build_objects(people, [(endpoint, method, path, allowed)])
        url = path.format(**objects)

        def send(body, url=url):
            before = table_counts()
            response = client.post(url, data=body, headers=headers, content_type="application/json")
            where = f"POST {url} {body[:80]!r}: {response.status_code}"
            assert response.status_code in JSON_STATUSES, where
            assert response.is_json and isinstance(response.json, dict), f"{where}: not JSON"
            if response.status_code >= 400:
                assert "error" in response.json, where
                changed = count_changes(before, table_counts())
                assert not changed, f"{where}: refused, but rows changed {changed}"

        names = body_fields(path)
        explicit = [json.dumps(dict.fromkeys(names, v)) for v in (*HOSTILE, 10**20, -(10**20), [])]
        explicit += [json.dumps(body) for body in typed_hostile_bodies()]
        failure = run_examples(json_bodies(path), send, explicit, settings(FUZZ, max_examples=15))
        if failure:
            failures.append(f"POST {url}: {failure}")
    assert_no_failures(failures)


# ---------------------------------------------------------------------------------------------
# Query strings: the filters and page numbers of every list page

QUERY_NAMES = ["q", "page", "scheme", "role", "status", "module", "show", "next", "blind"]


@pytest.mark.parametrize("feature", sorted(rows_by_feature("GET")))
def test_hostile_query_strings_never_crash(app, people, feature):
    """Every GET route, as its first allowed role, with each hostile value in every filter."""
    rows = rows_by_feature("GET")[feature]
    objects = build_objects(people, rows)
    headers = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    names = sorted({*QUERY_NAMES, *form_fields()})
    clients: dict[str, object] = {}
    failures = []
    for _endpoint, _method, path, allowed in rows:
        role = ANON if allowed == API_KEY else allowed[0]
        client = clients.setdefault(role, client_as(app, people, role))
        url = path.format(**objects)
        for value in [*HOSTILE, "", "x" * 5000, "\u202e\U0001d54b"]:
            response = client.get(url, query_string=dict.fromkeys(names, value), headers=headers)
            if response.status_code >= 500:
                failures.append(f"GET {url} as {role} with {value[:20]!r}: {response.status_code}")
            response.close()
    assert_no_failures(failures)


def test_values_no_database_can_hold_are_refused_plainly(app, people):
    """A NUL or an out-of-range number answers 400 (404 in a path), on SQLite and PostgreSQL."""
    admin = client_as(app, people, "admin")
    assert admin.get("/admin/people", query_string={"q": "a\x00b"}).status_code == 400
    assert admin.get("/admin/people", query_string={"page": "9" * 20}).status_code == 400
    assert admin.get(f"/admin/people/{'9' * 20}").status_code == 404
    from tests.factories import make_mentee

    make_mentee(people["coordinator"].scheme, "M-1", created_by=people["coordinator"])
    headers = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    before = table_counts()
    body = {"mentor_id": 10**20, "mentee_reference": "M-1"}  # beyond any id: refused up front
    response = admin.post("/api/v1/matches", json=body, headers=headers)
    assert response.status_code == 422 and response.json["fields"][0]["field"] == "mentor_id"
    assert count_changes(before, table_counts()) == {}
