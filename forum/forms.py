"""Shared form helpers: services validate, forms carry fields and CSRF."""
from __future__ import annotations

from flask_wtf import FlaskForm

from forum.errors import DomainError


def show_errors(form: FlaskForm, error: DomainError) -> None:
    """Put a service's field errors next to the matching form fields."""
    placed = False
    for name, message in error.fields.items():
        # "answers.0" from a service is the form's "answers_0" field.
        field_name = name.replace(".", "_")
        if field_name in form:
            form[field_name].errors = [*form[field_name].errors, message]
            placed = True
    if not placed:
        form.form_errors.append(error.message)
