from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, PasswordField, RadioField, SelectChoice, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import Length, Optional
from wtforms.widgets import TimeInput

from forum import clock, times
from forum.accounts import passwords, safety_plan
from forum.accounts.services import BIO_MAX, DISPLAY_NAME_MAX, TOKEN_LABEL_MAX, USERNAME_RULE
from forum.forms import ZonedForm, ends_at


class SignInForm(FlaskForm):
    username = StringField("Username", render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField("Password", render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device")


class ForgotPasswordForm(FlaskForm):
    # Named "username" so the per-account limit counts the account it names.
    username = StringField("Your username or email address",
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField("New password", description=f"At least {passwords.MIN_LENGTH} characters.",
                                 render_kw={"autocomplete": "new-password"})


class ProfileForm(FlaskForm):
    display_name = StringField("Display name", validators=[Length(max=DISPLAY_NAME_MAX)])
    bio = TextAreaField("About you (optional)", validators=[Optional(), Length(max=BIO_MAX)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", render_kw={"autocomplete": "current-password"})
    new_password = PasswordField("New password", render_kw={"autocomplete": "new-password"})


class TokenForm(FlaskForm):
    label = StringField("What is this token for?", validators=[Optional(), Length(max=TOKEN_LABEL_MAX)])


def application_form(questions: list[str]) -> FlaskForm:
    """The sign-up form, with one answer field per join question."""

    class ApplicationForm(FlaskForm):
        username = StringField("Pseudonym", description=f"{USERNAME_RULE}. Not your real name.",
                               render_kw={"autocomplete": "username", "autocapitalize": "none"})
        password = PasswordField("Password", description=f"At least {passwords.MIN_LENGTH} characters.",
                                 render_kw={"autocomplete": "new-password"})
        email = EmailField("Email (optional)", description="Only used if you ask for a password reset.",
                           render_kw={"autocomplete": "email"})

    for index, question in enumerate(questions):
        setattr(ApplicationForm, f"answers_{index}", TextAreaField(question))
    form = ApplicationForm()
    form.answer_fields = [form[f"answers_{index}"] for index in range(len(questions))]
    return form


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", render_kw={"autocomplete": "current-password"})
    erase_posts = BooleanField("Also erase my posts (otherwise they stay, shown as by “former member”)")


NOTIFY_LABELS = {"reply": "Replies in my threads", "quote": "Someone quotes me", "mention": "Someone @mentions me",
                 "reaction": "Reactions to my posts", "moderation": "Moderators' decisions about my posts",
                 "membership": "My membership"}


class PreferencesForm(FlaskForm):
    content_warnings = RadioField("Posts with a content warning", choices=[
        SelectChoice("collapsed", "Collapsed until I open them"), SelectChoice("shown", "Shown open")])
    text_size = RadioField("Text size", choices=[SelectChoice("normal", "Normal"), SelectChoice("large", "Large"),
                                                 SelectChoice("larger", "Larger")])
    reduced_motion = BooleanField("Reduce motion")
    quiet_mode = BooleanField("Quiet mode: hide reaction counts and who is writing")
    hide_presence = BooleanField("Don't show me as reading or writing")
    email_notifications = BooleanField("Also email me notifications (when the community sends email)")
    # Choices are filled in by preferences_form; the service checks the value.
    time_zone = SelectField("Your time zone", description="Times on Hearth are shown in this zone.",
                            validate_choice=False)
    # Quiet hours on the member's clock (labels name the zone); both empty: none.
    quiet_hours_start = StringField("Quiet from", widget=TimeInput())
    quiet_hours_end = StringField("Until", widget=TimeInput())
    # Moderators and staff only (the page removes it for others); the service checks the value.
    crisis_alerts = RadioField("When an urgent crisis item waits and no moderator is online, alert me", choices=[
        SelectChoice("email", "By email"), SelectChoice("push", "On my devices (Web Push)"),
        SelectChoice("both", "Both"), SelectChoice("off", "Don't alert me")], validate_choice=False)
    # Reader filters: choices are the topics staff keep (filled in by preferences_form).
    muted_topics = SelectMultipleField("Topics", widget=ListWidget(prefix_label=False),
                                       option_widget=CheckboxInput(), validate_choice=False)
    muted_words = TextAreaField(
        "Muted words and phrases (one per line)", render_kw={"rows": 4},
        description="Matched however they are written (capitals, accents, s.p.a.c.e.d out). End a word with * for "
                    "every word that starts so. Nobody else sees this list.")


for _kind, _label in NOTIFY_LABELS.items():
    setattr(PreferencesForm, f"notify_{_kind}", BooleanField(_label))


class SafetyPlanForm(FlaskForm):
    """One box per step of the plan, each with its gentle prompt."""


for _section in safety_plan.SECTIONS:
    setattr(SafetyPlanForm, _section.key, TextAreaField(
        _section.title, description=_section.prompt, render_kw={"rows": 3, "maxlength": safety_plan.SECTION_MAX}))


def preferences_form(on_call: bool, **kwargs) -> PreferencesForm:
    """The preferences form; the on-call alert choice only for those who get alerts."""
    form = PreferencesForm(**kwargs)
    form.time_zone.choices = {region: [(name, name.partition("/")[2].replace("_", " ").replace("/", " / ") or name)
                                       for name in names] for region, names in times.choices().items()}
    from forum.community import filters

    form.muted_topics.choices = [SelectChoice(topic["key"], topic["label"]) for topic in filters.topics()]
    if not on_call:
        del form.crisis_alerts
    zone = clock.zone_label(times.zone_of(current_user))
    form.quiet_hours_start.label.text = f"Quiet from ({zone})"
    form.quiet_hours_end.label.text = f"Until ({zone})"
    return form


class BreakForm(ZonedForm):
    """How long a break lasts: one tap, or until a date and time on the member's own clock."""

    break_until_preset = RadioField("How long", choices=[
        SelectChoice("1d", "1 day"), SelectChoice("1w", "1 week"), SelectChoice("at", "Until a date and time I choose")],
        validate_choice=False)  # nothing chosen: a typed date counts, even without JavaScript
    break_until = ends_at()

    def clock_zone(self) -> str:
        return times.zone_of(current_user)
