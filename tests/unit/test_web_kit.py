"""The shared web kit (lms/web): loading with authorisation, show_error, paginate, ActionForm."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_login import login_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, NotFound
from wtforms import StringField

from lms.accounts.models import Person, Role, Scheme
from lms.domain import DomainError
from lms.extensions import db
from lms.web.forms import ActionForm, flash_error, show_error
from lms.web.loading import get_in_scheme_or_404, get_or_404, get_own_or_404, in_scheme
from lms.web.paging import paginate
from tests.factories import make_person, make_practice_entry, make_scheme


@pytest.fixture
def other(app):
    """A trainee in a second scheme."""
    return make_person("far@example.org", "Far Away", [Role.TRAINEE], make_scheme("far", "Far"))


def _as(app, person: Person, path: str = "/", **kwargs):
    """A request context in which ``person`` is signed in."""
    context = app.test_request_context(path, **kwargs)
    context.push()
    login_user(person)
    return context


def test_get_or_404_answers_404_for_a_missing_id(app, people):
    """An id with no row is a 404, whoever asks."""
    assert get_or_404(Person, people["trainee"].id) is people["trainee"]
    with pytest.raises(NotFound):
        get_or_404(Person, 999_999)


def test_in_scheme_loads_own_scheme_and_hides_other_schemes_as_404(app, people, other):
    """A coordinator loads their scheme's people; another scheme's look missing (404, not 403)."""
    context = _as(app, people["coordinator"])
    try:
        assert get_in_scheme_or_404(Person, people["trainee"].id) is people["trainee"]
        with pytest.raises(NotFound):
            get_in_scheme_or_404(Person, other.id)
        with pytest.raises(NotFound):
            get_in_scheme_or_404(Person, 999_999)
    finally:
        context.pop()


def test_admins_load_objects_of_every_scheme(app, people, other):
    """The default check lets an admin see another scheme's object."""
    context = _as(app, people["admin"])
    try:
        assert get_in_scheme_or_404(Person, other.id) is other
    finally:
        context.pop()


def test_no_scheme_matches_nothing_by_default(app, people):
    """Someone without a scheme is not "in the same scheme" as people without one."""
    loner = make_person("loner@example.org", "Lone Trainer", [Role.TRAINER], None)
    unplaced = make_person("unplaced@example.org", "No Scheme", [Role.TRAINEE], None)
    assert not in_scheme(loner, None)
    context = _as(app, loner)
    try:
        with pytest.raises(NotFound):
            get_in_scheme_or_404(Person, unplaced.id)
    finally:
        context.pop()


def test_may_decides_and_is_given_the_actor_and_the_scheme(app, people, other):
    """``may=`` replaces the same-scheme check and is called with the actor and the scheme id."""
    calls = []

    def only_far(actor, scheme_id):
        calls.append((actor.id, scheme_id))
        return scheme_id == other.scheme_id

    context = _as(app, people["coordinator"])
    try:
        assert get_in_scheme_or_404(Person, other.id, may=only_far) is other
        with pytest.raises(NotFound):
            get_in_scheme_or_404(Person, people["trainee"].id, may=only_far)
    finally:
        context.pop()
    assert calls == [
        (people["coordinator"].id, other.scheme_id),
        (people["coordinator"].id, people["trainee"].scheme_id),
    ]


def test_scheme_of_finds_the_scheme_of_objects_without_a_scheme_column(app, people, other):
    """``scheme_of`` says where an object belongs when it has no ``scheme_id`` of its own."""
    context = _as(app, people["coordinator"])
    try:
        found = get_in_scheme_or_404(
            Person, other.id, scheme_of=lambda p: people["trainee"].scheme_id
        )
        assert found is other
    finally:
        context.pop()


def test_own_objects_load_and_someone_elses_are_404(app, people):
    """A trainee's own entry loads; another trainee's looks missing."""
    trainee, trainer = people["trainee"], people["trainer"]
    entry = make_practice_entry(trainee, trainer)
    from lms.practice.models import PracticeEntry

    context = _as(app, trainee)
    try:
        assert get_own_or_404(PracticeEntry, entry.id) is entry
    finally:
        context.pop()
    second = make_person("second@example.org", "Second Trainee", [Role.TRAINEE], trainee.scheme)
    context = _as(app, second)
    try:
        with pytest.raises(NotFound):
            get_own_or_404(PracticeEntry, entry.id)
        with pytest.raises(NotFound):
            get_own_or_404(PracticeEntry, 999_999)
    finally:
        context.pop()


class NameForm(FlaskForm):
    name = StringField("Name")


def _form() -> NameForm:
    return NameForm(meta={"csrf": False}, formdata=MultiDict({"name": "x"}))


def test_show_error_puts_the_message_on_the_named_field_and_rolls_back(app):
    """The error goes next to its field and what the failed call added is undone."""
    with app.test_request_context("/", method="POST"):
        form = _form()
        pending = Scheme(slug="half-done", name="Half done")
        db.session.add(pending)
        show_error(form, DomainError("That name is taken", field="name"))
        assert form.name.errors == ["That name is taken"]
        assert form.form_errors == []
        assert pending not in db.session
        assert db.session.scalars(select(Scheme).where(Scheme.slug == "half-done")).first() is None


def test_show_error_uses_the_default_field_when_the_error_names_none(app):
    """``default`` is the field for errors that name no field."""
    with app.test_request_context("/", method="POST"):
        form = _form()
        show_error(form, DomainError("Enter a name"), "name")
        assert form.name.errors == ["Enter a name"]


def test_show_error_sends_other_messages_to_the_summary(app):
    """An error naming no field of the form goes to the error summary, never lost."""
    with app.test_request_context("/", method="POST"):
        form = _form()
        show_error(form, DomainError("Something else", field="not_here"))
        assert form.form_errors == ["Something else"]
        assert not form.name.errors
        assert get_flashed_messages() == []


def test_show_error_flashes_when_asked(app):
    """With ``"flash"``, a message for no field of the form is a flashed "important" banner."""
    with app.test_request_context("/", method="POST"):
        form = _form()
        show_error(form, DomainError("Not now"), "flash")
        assert get_flashed_messages(with_categories=True) == [("important", "Not now")]
        assert form.form_errors == []
        show_error(form, DomainError("Too long", field="name"), "flash")
        assert form.name.errors == ["Too long"]


def test_flash_error_rolls_back_and_flashes_the_message_as_important(app):
    """A view that redirects after a refusal undoes the failed call and shows an "important"
    banner with the error's message."""
    with app.test_request_context("/", method="POST"):
        pending = Scheme(slug="half-done", name="Half done")
        db.session.add(pending)
        flash_error(DomainError("Not now"))
        assert get_flashed_messages(with_categories=True) == [("important", "Not now")]
        assert pending not in db.session


@pytest.fixture
def schemes(app):
    """Three schemes (page size 2, so two pages)."""
    app.config["PAGE_SIZE"] = 2
    for slug in ("a-one", "a-two", "a-three"):
        make_scheme(slug, slug.title())
    return select(Scheme).order_by(Scheme.slug)


@pytest.mark.parametrize(
    ("query", "page", "count"), [("", 1, 2), ("?page=", 1, 2), ("?page=0", 1, 2), ("?page=2", 2, 1)]
)
def test_paginate_reads_the_page_and_the_site_page_size(app, schemes, query, page, count):
    """A missing, empty or 0 page is page 1; ``PAGE_SIZE`` rows a page."""
    with app.test_request_context(f"/{query}"):
        shown = paginate(schemes)
        assert (shown.page, len(shown.items), shown.total, shown.per_page) == (page, count, 3, 2)


def test_paginate_past_the_end_is_an_empty_page_not_a_404(app, schemes):
    """A huge page number shows an empty page."""
    with app.test_request_context("/?page=999999999"):
        shown = paginate(schemes)
        assert shown.items == [] and shown.total == 3


@pytest.mark.parametrize("page", ["abc", "-1", "²", "1" * 10])
def test_paginate_refuses_a_page_that_is_not_ascii_digits(app, schemes, page):
    """Anything but 1 to 9 ASCII digits is a 400 saying so."""
    with app.test_request_context("/", query_string={"page": page}), pytest.raises(BadRequest):
        paginate(schemes)


def test_paginate_takes_its_own_page_size(app, schemes):
    """``per_page`` overrides the site's page size."""
    with app.test_request_context("/"):
        assert len(paginate(schemes, per_page=3).items) == 3


def test_action_form_refuses_a_post_without_its_csrf_token(app):
    """The empty form is there for CSRF: a POST without the token does not validate."""
    assert app.config.get("WTF_CSRF_ENABLED", True)
    with app.test_request_context("/", method="POST", data={}):
        form = ActionForm()
        assert [field.name for field in form] == ["csrf_token"]
        assert not form.validate_on_submit()
        assert "csrf_token" in form.errors
    with app.test_request_context("/", method="POST", data={"csrf_token": "forged"}):
        assert not ActionForm().validate_on_submit()


def test_action_form_accepts_a_post_with_its_csrf_token(app):
    """With the session's token the POST validates."""
    with app.test_request_context("/", method="POST"):
        token = generate_csrf()
        assert ActionForm(formdata=MultiDict({"csrf_token": token})).validate_on_submit()
