"""Shared form helpers: services validate, forms carry fields and CSRF."""
from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.widgets import DateTimeLocalInput

from forum import clock, times
from forum.errors import DomainError


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change state."""


# Where a service's field is entered as several form fields, errors go to the first.
FIELD_ALIASES = {"moderated_hours": "hours_days", "crisis_resources": "crisis_resources_0_name",
                 "quiet_hours": "quiet_hours_start"}


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


# --- when something ends: a preset or a date and time in the community's zone -------

def ends_preset(legend: str, no_end: str) -> RadioField:
    """One tap for how long (clock.PRESETS), or "at" the date and time typed
    in the companion field; posted as `<name>_preset` next to `<name>`."""
    return RadioField(legend, choices=[SelectChoice("1d", "1 day"), SelectChoice("3d", "3 days"),
                                       SelectChoice("1w", "1 week"), SelectChoice("none", no_end),
                                       SelectChoice("at", "On a date and time")],
                      default="none", validate_choice=False)


def ends_at() -> StringField:
    """The date and time of an end, as the browser's date-time picker sends it."""
    return StringField("Date and time", widget=DateTimeLocalInput())


class ZonedForm(FlaskForm):
    """A form whose times are chosen on the community's wall clock; the page
    names the zone and the server converts to UTC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = self.clock_zone()
        self.zone_label = clock.zone_label(self.zone)

    def clock_zone(self) -> str:
        """The zone its times are chosen in; a member's own choices use theirs."""
        return times.community_zone()

    def end(self, name: str) -> datetime | None:
        """The UTC end chosen with the `<name>_preset` and `<name>` fields."""
        return clock.chosen_end(self[f"{name}_preset"].data, self[name].data, self.zone, name)
