"""Form pieces every blueprint shares: the base of every form (WTForms' own messages in plain
words), the empty form behind POST-only buttons, a checkbox list, the date field every form
uses, showing a domain error on its field or in a banner, and the status of a page that shows
a form (400 when the form sent failed, never 200)."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, widgets

from lms.domain import DomainError
from lms.extensions import db
from lms.ukdates import parse_uk_date
from lms.web.plain_words import DATE_EXAMPLE as DATE_EXAMPLE
from lms.web.plain_words import NOT_A_DATE, PlainWords


class Form(FlaskForm):
    """The base of every form in lms: a message WTForms would give in its own words ("Not a
    valid choice.") is said plainly about the field instead (lms/web/plain_words.py)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            field._translations = PlainWords(field)
            return field


class ActionForm(Form):
    """No fields: a POST-only button (confirm, withdraw, resend) still carries a CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (GOV.UK checkboxes are rendered by the forms macro).

    ``validate_choice=False`` accepts values outside ``choices`` (ids the service checks).
    """

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def flash_error(exc: DomainError, category: str = "important") -> None:
    """Roll back what the failed service call did and flash its message as a banner, for a
    view that answers with a redirect (the page shown next has no form to put it on)."""
    db.session.rollback()
    flash(exc.message, category)


def show_error(form: FlaskForm, exc: DomainError, default: str | None = None) -> None:
    """Roll back what the failed service call did and show its message on the named field.

    The field is ``exc.field`` or ``default``; a message for no field of this form goes to the
    error summary (``form_errors``), or, when ``default`` is ``"flash"``, to a flashed banner.
    """
    name = exc.field or default
    field = form._fields.get(name) if name else None
    form._refused = True  # the page shown again answers 400 (form_status)
    if field is None and default == "flash":
        flash_error(exc)
        return
    db.session.rollback()
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


SENT_BY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def form_status(*forms: FlaskForm, refused: bool = False, sent: bool | None = None) -> int:
    """The status of a page showing ``forms``: 400 when this request sent a form and it failed
    (a message on a field or in the error summary, a refusal ``show_error`` showed or flashed,
    or ``refused``: the page says why it cannot be done), else 200. A GET of the page is 200.

    ``sent`` is for a form sent by GET (a search, a choice): whether this request carries it.
    """
    if sent is None:
        sent = request.method in SENT_BY
    failed = refused or any(form.errors or getattr(form, "_refused", False) for form in forms)
    return 400 if sent and failed else 200


def render_form(template: str, form: FlaskForm, *, refused: bool = False, **context):
    """``render_template(template, form=form, **context)`` with the status ``form_status``
    gives: the one way a form page answers, 200 when shown and 400 when what was sent failed."""
    return render_template(template, form=form, **context), form_status(form, refused=refused)


# Every date is a native <input type="date">: its picker sends 2026-03-27, and en-GB browsers
# show and take dd/mm/yyyy, so that is the example every hint and message gives (never the
# day, month and year boxes' own example: that input is not used here). A browser
# without a picker shows a text box, so what a person types there is read as every date box
# reads it (lms.ukdates.parse_uk_date: day, month and year with slashes, spaces or dots).
# DATE_EXAMPLE and NOT_A_DATE live in lms/web/plain_words.py (WTForms' date message is that too).


class NativeDateField(DateField):
    """A date from ``<input type="date">``; something that is not a date gets a clear message."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", NOT_A_DATE)
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_uk_date(" ".join(valuelist))
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_value_message) from None


def on_its_field(form: FlaskForm, exc: DomainError) -> bool:
    """Show ``exc`` on the form's field it names and say True (the view shows the form again,
    400); an error about no field of the form (the record changed meanwhile) is rolled back
    and flashed instead, and False tells the view to redirect."""
    if exc.field and exc.field in form._fields:
        show_error(form, exc)
        return True
    flash_error(exc)
    return False


class PlainDateField(NativeDateField):
    """A date whose problems (missing, not a real date) are reported by the form's own check."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
