"""Staff forms: opening a memorial, ticking its checklist, closing an account."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField

from forum.forms import ZonedForm, ends_at


class MemorialForm(ZonedForm):
    title = StringField("Title", render_kw={"maxlength": 160})
    body = TextAreaField("Opening words (Markdown)", render_kw={"rows": 14},
                         description="In your own voice. No cause or method of death; an invitation to share "
                                     "memories; where to find support. The crisis resources show above it.")
    category = SelectField("Category", choices=[], validate_choice=False)
    # A memorial's pin always ends: the community's default, a week, or a date.
    until_preset = RadioField("Pinned everywhere for", choices=[], default="default", validate_choice=False)
    until = ends_at()

    def set_pin_days(self, days: int) -> None:
        self.until_preset.choices = [SelectChoice("default", f"{days} days"), SelectChoice("1w", "1 week"),
                                     SelectChoice("at", "Until a date and time")]


class CheckForm(FlaskForm):
    item = HiddenField()
    done = HiddenField()


class CloseAccountForm(FlaskForm):
    reason = StringField("Why (kept in the moderation log)",
                         description="For example: “The family let the clinic know that they died.”")
