"""Date hints match the control (issue 17, item 11): every date field in every form is a native
``<input type="date">`` that takes what its picker sends (2026-03-27) and what en-GB browsers
show (27/03/2026); no hint or message gives an example it would not take, such as the
three-field "27 3 2026"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.fields.core import UnboundField

from lms.web.forms import DATE_EXAMPLE, NOT_A_DATE, NativeDateField
from tests.forms_walk import form_classes

# A date written as three numbers: 27 3 2026, 27/3/2026, 27-03-2026, 27.03.2026.
EXAMPLE = re.compile(r"\b\d{1,2}[ /.-]\d{1,2}[ /.-]\d{4}\b")
# The one date parser (lms/ukdates.py) and the audit-trail filter's text box still take
# "27 3 2026" (their docstrings and comments say so); every hint and message gives 27/03/2026.
TEXT_DATE_INPUTS = {Path("lms/admin/audit_forms.py"), Path("lms/ukdates.py")}
ROOT = Path(__file__).resolve().parents[2]


def _date_fields(app, form_class) -> list:
    """The form's date fields, bound (instantiated in a request) where the form allows it."""
    with app.test_request_context("/"):
        try:
            form = form_class(formdata=None)
        except TypeError:  # a form that needs arguments: read its declared fields instead
            unbound = [v for v in vars(form_class).values() if isinstance(v, UnboundField)]
            form = None
        if form is not None:
            return [f for f in form if isinstance(f, DateField)]
    return [
        u.field_class(*u.args, **u.kwargs).bind(FlaskForm(formdata=None), "x")
        for u in unbound
        if issubclass(u.field_class, DateField)
    ]


def _words(field) -> list[str]:
    texts = [str(field.description or ""), str(field.invalid_value_message or "")]
    texts += [str(getattr(v, "message", None) or "") for v in field.validators]
    return [t for t in texts if t]


def _takes(field, text: str) -> bool:
    """Whether the field reads ``text`` as a date, as it would from a form."""
    try:
        field.process_formdata([text])
    except ValueError:
        return False
    return field.data is not None


def test_every_form_with_a_date_is_found(app):
    """The walk finds the date fields this test exists for (so an empty walk cannot pass)."""
    names = {f"{c.__name__}.{f.name}" for c in form_classes() for f in _date_fields(app, c)}
    assert {
        "SuspendForm.review_date",
        "VettingForm.certificate_date",
        "SupervisionForm.held_on",
        "ContactForm.held_on",
        "EntryForm.session_date",
        "RecordForm.session_date",
        "OralFields.oral_on",
        "MenteeForm.release_date",
    } <= names, names


def test_every_date_field_is_a_native_date_input_that_takes_its_own_examples(app):
    """A date input, taking the picker's 2026-03-27 and a typed 27/03/2026; every example
    in its hint or messages is one it takes."""
    problems = []
    for form_class in form_classes():
        for field in _date_fields(app, form_class):
            where = f"{form_class.__module__}.{form_class.__name__}.{field.name}"
            if not isinstance(field, NativeDateField):
                problems.append(f"{where}: use lms.web.forms.NativeDateField")
            if field.widget.input_type != "date":
                problems.append(f"{where}: renders type={field.widget.input_type}")
            for needed in ("2026-03-27", DATE_EXAMPLE):
                if not _takes(field, needed):
                    problems.append(f"{where}: does not take {needed}")
            for text in _words(field):
                for example in EXAMPLE.findall(text):
                    if not _takes(field, example):
                        problems.append(f"{where}: {text!r} gives {example!r}")
    assert problems == []


def test_no_date_message_in_lms_gives_the_three_field_example():
    """Messages raised by form checks and services ("Enter a real date, ...") give 27/03/2026,
    never "27 3 2026", except the audit filter's own text box."""
    found = []
    for path in sorted((ROOT / "lms").rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel in TEXT_DATE_INPUTS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for example in EXAMPLE.findall(line):
                if example != DATE_EXAMPLE and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", example):
                    found.append(f"{rel}:{number}: {example}")
    assert found == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-27", date(2026, 3, 27)),
        ("27/03/2026", date(2026, 3, 27)),
        ("27/3/2026", date(2026, 3, 27)),
    ],
)
def test_a_date_field_reads_the_picker_and_a_typed_date(app, typed, expected):
    from werkzeug.datastructures import MultiDict

    class _Form(FlaskForm):
        day = NativeDateField("Day")

    with app.test_request_context("/"):
        form = _Form(formdata=MultiDict({"day": typed}), meta={"csrf": False})
        assert form.validate() and form.day.data == expected


def test_a_date_that_is_not_real_says_so_with_the_example(app):
    from werkzeug.datastructures import MultiDict

    class _Form(FlaskForm):
        day = NativeDateField("Day")

    with app.test_request_context("/"):
        form = _Form(formdata=MultiDict({"day": "31/02/2026"}), meta={"csrf": False})
        assert not form.validate() and form.day.errors == [NOT_A_DATE]
    assert NOT_A_DATE == "Enter a real date, for example 27/03/2026"


@pytest.mark.parametrize(
    "typed", ["27/03/2026", "27/3/2026", "27 3 2026", "27-03-2026", "27.03.2026", "2026-03-27"]
)
def test_the_audit_filter_still_takes_what_it_took(typed):
    """Changing the audit filter's hint did not narrow its parser."""
    from lms.admin.audit_forms import parse_uk_date

    assert parse_uk_date(typed) == date(2026, 3, 27)


def test_the_audit_filter_hint_and_messages_give_27_03_2026(app):
    """The audit filter's date boxes say "For example, 27/03/2026" as every date field does,
    and a date it cannot read is answered with the same example, never "27 3 2026"."""
    from werkzeug.datastructures import MultiDict

    from lms.admin.audit_forms import AuditFilterForm

    typed = MultiDict({"date_from": "next week", "date_to": "27 3 10000"})
    with app.test_request_context("/"):
        form = AuditFilterForm(formdata=typed)
        form.action.choices = form.subject_type.choices = [("", "All")]
        form.scheme.choices = [(0, "All")]
        assert not form.validate()
        assert form.date_from.description == form.date_to.description == "For example, 27/03/2026"
        assert form.date_from.errors == [
            "From date must be a date in numbers, day then month then year, for example 27/03/2026"
        ]
        assert form.date_to.errors == [
            "To date must be a date in numbers, day then month then year, for example 27/03/2026"
        ]


@pytest.mark.parametrize("typed", ["27 3 2026", "27.3.2026", " 27/03/2026 "])
def test_every_date_box_reads_dates_as_the_audit_filter_does(app, typed):
    """One parser for every date: a date box (a browser without a picker shows a text box) and
    the practice list's date filter take what the audit filter takes."""
    from werkzeug.datastructures import MultiDict

    from lms.practice.scheme_list import _day

    class _Form(FlaskForm):
        day = NativeDateField("Day")

    with app.test_request_context("/"):
        form = _Form(formdata=MultiDict({"day": typed}), meta={"csrf": False})
        assert form.validate() and form.day.data == date(2026, 3, 27)
    assert _day(typed) == date(2026, 3, 27)
