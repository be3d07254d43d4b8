"""Shared form helpers: services validate, forms carry fields and CSRF."""
from __future__ import annotations

from flask_wtf import FlaskForm

from forum.errors import DomainError


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change state."""


# Where a service's field is entered as several form fields, errors go to the first.
FIELD_ALIASES = {"moderated_hours": "hours_days", "crisis_resources": "crisis_resources_0_name"}


def show_errors(form: FlaskForm, error: DomainError) -> None:
    """Put a service's field errors next to the matching form fields."""
    placed = False
    for name, message in error.fields.items():
        # "answers.0" from a service is the form's "answers_0" field.
        field_name = FIELD_ALIASES.get(name, name.replace(".", "_"))
        if field_name in form:
            form[field_name].errors = [*form[field_name].errors, message]
            placed = True
    if not placed:
        form.form_errors.append(error.message)


NOT_SUBMITTED = object()


def submit(form: FlaskForm, action):
    """Run `action()` for a posted, valid form and return its result.

    A domain error is shown on the form instead and NOT_SUBMITTED returned, as
    it is when the form wasn't posted: the page is then rendered again with
    the member's input kept.
    """
    if not form.validate_on_submit():
        return NOT_SUBMITTED
    try:
        return action()
    except DomainError as error:
        show_errors(form, error)
        form.error_status = error.status
        return NOT_SUBMITTED
