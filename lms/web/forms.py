"""Form pieces every blueprint shares: the empty form behind POST-only buttons, a checkbox list,
and showing a domain error on the field it names or in a flashed banner."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, widgets

from lms.domain import DomainError
from lms.extensions import db


class ActionForm(FlaskForm):
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
    if field is None and default == "flash":
        flash_error(exc)
        return
    db.session.rollback()
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


class PlainDateField(DateField):
    """A date whose problems (missing, not a real date) are reported by the form's own check."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
