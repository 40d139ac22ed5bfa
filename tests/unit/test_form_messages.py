"""No form in lms answers with one of WTForms' own messages ("Not a valid integer value.",
"Not a valid choice.", "Field cannot be longer than 200 characters."): every form is filled
with nothing, with junk and with out-of-range values, and every message it gives must be the
project's plain words (issue 17, review item 9)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import flask_wtf
import pytest
import wtforms
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FloatField,
    IntegerField,
    SelectChoice,
    SelectFieldBase,
    SelectMultipleField,
    SubmitField,
)

from lms.assessment.forms import mark_form, oral_form
from lms.web.forms import Form
from tests.forms_walk import form_classes

RUBRIC = [{"criterion": "Keeps to the boundaries of the role"}]
# What a view does to a form before validating it (fills its choices from the database).
SETUP = {
    "ChooseOralForm": lambda form: form.setup([], [], show_schemes=False),
    "EntryForm": lambda form: form.setup([]),
    "RecordForm": lambda form: form.setup([]),
    "OralFields": lambda form: setattr(form, "trainee", None),
}


def _library_messages() -> list[re.Pattern[str]]:
    """Every message WTForms and Flask-WTF pass through gettext, as a pattern that matches it
    with its %(min)d-style values filled in."""
    found: set[str] = set()
    for package in (wtforms, flask_wtf):
        for path in Path(package.__file__).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("gettext", "ngettext", "lazy_gettext"):
                    found.update(
                        a.value for a in node.args if isinstance(a, ast.Constant) and a.value
                    )
    return [
        re.compile(re.sub(r"%\\\(\w+\\\)[dsr]", ".+?", re.escape(text)) + r"\Z")
        for text in sorted(found)
        if isinstance(text, str)
    ]


LIBRARY = _library_messages()


def _is_library(message: str) -> bool:
    return any(p.match(str(message)) for p in LIBRARY)


def _junk(form, mode: str) -> MultiDict:
    """Values each field cannot take: words for numbers, a choice not offered, a non-date and
    text far too long ("junk"); -5 and one character ("low"); a huge number ("high")."""
    data: MultiDict = MultiDict()
    for field in form:
        if isinstance(field, (SubmitField, BooleanField)):
            continue
        if isinstance(field, (IntegerField, DecimalField, FloatField)):
            data.add(field.name, {"junk": "twelve", "low": "-5", "high": "99999999999"}[mode])
        elif isinstance(field, SelectMultipleField):
            data.setlist(field.name, ["not-offered", "also-not"])
        elif isinstance(field, SelectFieldBase):
            data.add(field.name, "not-offered")
        elif isinstance(field, DateField):
            data.add(field.name, "next week")
        else:
            data.add(field.name, "x" if mode == "low" else f"{field.name} " + "x" * 30000)
    return data


def _messages(app, make) -> list[tuple[str, str]]:
    """(field, message) for every message the form gives to empty, junk, low and high input."""
    seen = []
    for mode in ("empty", "junk", "low", "high"):
        with app.test_request_context("/", method="POST"):
            form = make(None)
            form = make(MultiDict() if mode == "empty" else _junk(form, mode))
            SETUP.get(type(form).__name__, lambda form: None)(form)
            for field in form:
                if isinstance(field, SelectFieldBase) and field.choices is None:
                    field.choices = [SelectChoice("1", "One")]
            form.validate()
            # (CSRF is checked before any view runs: lms/errors.py answers a failure.)
            seen += [(n, m) for n, errs in form.errors.items() for m in errs if n != "csrf_token"]
            seen += [("(form)", m) for m in form.form_errors]
    return seen


def _makers():
    """A way to build each form from form data: every form class, and the built ones."""

    def plain(cls):
        return lambda data: cls(formdata=data, meta={"csrf": False})

    def oral(data):
        with_data = oral_form(RUBRIC, trainee=None)
        with_data.process(formdata=data)
        return with_data

    makers = [(f"{c.__module__}.{c.__qualname__}", plain(c)) for c in form_classes()]
    makers.append(("lms.assessment.forms.mark_form", plain(mark_form(RUBRIC))))
    makers.append(("lms.assessment.forms.oral_form", oral))
    return makers


# Built once: building mark_form makes a new form class, which a second walk would find too.
MAKERS = _makers()


def test_the_library_messages_are_known():
    """The patterns hold the messages reviewers saw, so an empty list cannot pass."""
    for seen in ("Not a valid integer value.", "Not a valid choice.", "This field is required."):
        assert _is_library(seen)
    assert _is_library("Field cannot be longer than 200 characters.")
    assert not _is_library("Supervised hours required must be a whole number")


def test_the_walk_reaches_the_forms_people_saw_raw_messages_on():
    names = {name for name, _ in MAKERS}
    assert {
        "lms.admin.forms.SchemeSettingsForm",
        "lms.matching.conflicts.forms.ConflictForm",
        "lms.matching.mine.forms.ContactForm",
        "lms.assessment.forms.mark_form",
    } <= names, names


def test_every_form_is_built_on_the_plain_words_form():
    """Every form in lms inherits lms.web.forms.Form, which words WTForms' messages plainly."""
    assert [c.__qualname__ for c in form_classes() if not issubclass(c, Form)] == []


@pytest.mark.parametrize(("name", "make"), MAKERS, ids=[n for n, _ in MAKERS])
def test_no_form_gives_a_wtforms_message(app, name, make):
    """Every message a form gives for empty, junk or out-of-range input is the project's own."""
    raw = [(field, m) for field, m in _messages(app, make) if _is_library(m)]
    assert raw == [], f"{name}: give these fields plain messages (lms/web/forms.py)"


def test_the_plain_words_name_the_field(app):
    """What a field without its own message says: its label, what is wrong, how to put it right."""
    from wtforms import RadioField, SelectField, StringField
    from wtforms.validators import InputRequired, Length, NumberRange

    from lms.forms import choices

    class _Form(Form):
        class Meta:
            csrf = False

        weeks = IntegerField("Supervision interval, in weeks")
        hours = IntegerField("Hours (optional)", validators=[NumberRange(min=1, max=200)])
        scheme = SelectField("Scheme", choices=choices([("1", "Leeds")]))
        kind = RadioField("What is the conflict?", choices=choices([("family", "Family")]))
        name = StringField("Full name", validators=[InputRequired(), Length(max=2000)])

    typed = {"weeks": "six", "hours": "500", "scheme": "9", "kind": "cousin", "name": "x" * 2001}
    with app.test_request_context("/"):
        form = _Form(formdata=MultiDict(typed))
        assert not form.validate()
        assert form.errors == {
            "weeks": ["Supervision interval must be a whole number of weeks"],
            "hours": ["Hours must be from 1 to 200"],
            "scheme": ["Scheme must be one of the options shown"],
            "kind": ["Choose one of the answers shown"],
            "name": ["Full name must be 2,000 characters or fewer"],
        }
        form = _Form(formdata=MultiDict({"weeks": "6"}))
        assert not form.validate() and form.name.errors == ["Enter full name"]
