"""form_status and render_form: a form page answers 200 when shown and 400 when what was sent
failed (a field, the error summary, a refusal shown or flashed), whatever the form."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired

from lms.domain import DomainError
from lms.web.forms import form_status, render_form, show_error


class NameForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired("Enter a name")])


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = False
    return app_config


def _sent(app, data: dict[str, str]):
    return app.test_request_context("/", method="POST", data=data)


def test_a_get_is_200_even_when_the_form_would_not_validate(app):
    with app.test_request_context("/"):
        form = NameForm()
        assert not form.validate_on_submit()
        assert form_status(form) == 200
        assert form_status(form, refused=True) == 200  # the page only says why, nothing sent


def test_a_post_that_fails_its_fields_is_400(app):
    with _sent(app, {"name": ""}):
        form = NameForm()
        assert not form.validate_on_submit()
        assert form.errors == {"name": ["Enter a name"]}
        assert form_status(form) == 400


def test_a_valid_post_shown_again_is_200(app):
    """A page that shows a result after a valid POST (a new API key, shown once) is 200."""
    with _sent(app, {"name": "CRM"}):
        form = NameForm()
        assert form.validate_on_submit()
        assert form_status(form) == 200


@pytest.mark.parametrize(
    ("field", "default"), [("name", None), (None, None), (None, "flash")], ids=str
)
def test_a_refusal_show_error_shows_is_400_wherever_it_is_shown(app, field, default):
    """On its field, in the summary or flashed as a banner: the page shown again is 400."""
    with _sent(app, {"name": "Sam"}):
        form = NameForm()
        assert form.validate_on_submit() and form_status(form) == 200
        show_error(form, DomainError("That name is taken", field=field), default)
        assert form_status(form) == 400
        if default == "flash":
            assert form.errors == {}
            assert get_flashed_messages(with_categories=True) == [
                ("important", "That name is taken")
            ]


def test_a_refused_post_and_one_of_several_forms_failing_are_400(app):
    with _sent(app, {"name": "Sam"}):
        good, bad = NameForm(), NameForm()
        assert good.validate_on_submit()
        bad.form_errors.append("Something for the summary")
        assert form_status(good, refused=True) == 400
        assert form_status(good, bad) == 400
        assert form_status(refused=True) == 400  # a page with no form, refusing a POST


def test_a_form_sent_by_get_is_400_only_when_sent(app):
    with app.test_request_context("/?name="):
        form = NameForm(formdata=None)
        form.name.errors = ["Enter a name"]
        assert form_status(form, sent=True) == 400
        assert form_status(form, sent=False) == 200


def test_render_form_gives_the_page_and_its_status(app, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "lms.web.forms.render_template", lambda name, **context: shown.append((name, context))
    )
    with app.test_request_context("/"):
        form = NameForm()
        assert render_form("page.html", form, who="Sam")[1] == 200
    with _sent(app, {"name": ""}):
        failed = NameForm()
        failed.validate_on_submit()
        assert render_form("page.html", failed, who="Sam")[1] == 400
    with _sent(app, {"name": "Sam"}):
        refused = NameForm()
        refused.validate_on_submit()
        assert render_form("page.html", refused, refused=True)[1] == 400
    assert shown == [
        ("page.html", {"form": form, "who": "Sam"}),
        ("page.html", {"form": failed, "who": "Sam"}),
        ("page.html", {"form": refused}),
    ]
