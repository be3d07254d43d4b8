from flask_wtf import FlaskForm  # noqa: F401  (re-exported for bare CSRF forms)
from wtforms import Form, IntegerField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import DateInput

from forum.care.messages import MESSAGE_MAX
from forum.forms import ZonedForm, ends_at, ends_preset
from forum.moderation.models import FLAG_LABELS, FLAG_REASONS

RESOLUTION_LABELS = {
    "checked_in": "Checked in: I wrote to the member (your message below is sent to them)",
    "referred": "Referred: pointed to the clinic or a crisis line, or the clinic's escalation protocol followed",
    "no_action_needed": "No action needed",
    "dismiss": "Dismiss: keep the post up",
    "approve": "Approve: publish the held post",
    "hide": "Hide the post",
    "remove": "Remove the post",
    "reject": "Reject: keep the held post unpublished",
}


# Where the same action reads differently for the post's status.
STATUS_LABELS = {
    ("dismiss", "hidden"): "Restore: show the post again",
    ("dismiss", "removed"): "Restore: show the post again",
    ("hide", "hidden"): "Keep it hidden (the author is told why and can edit it)",
    ("remove", "removed"): "Keep it removed",
    ("remove", "withdrawn"): "Keep it down: remove the withdrawn post",
    ("remove", "rejected"): "Keep it down",
}


def resolution_label(action: str, post_status: str | None) -> str:
    return STATUS_LABELS.get((action, post_status), RESOLUTION_LABELS[action])


class FlagForm(FlaskForm):
    reason = RadioField("Why does this post worry you?", choices=[SelectChoice(r, FLAG_LABELS[r]) for r in FLAG_REASONS],
                        validators=[InputRequired("Choose what worries you about this post.")])
    note = TextAreaField("Anything moderators should know (optional)", render_kw={"rows": 3})


class ResolveForm(FlaskForm):
    # Choices are the item's own (queue.offered_actions), set by the page; the
    # service refuses any other with its reason, so the form doesn't judge them.
    action = RadioField("Decision", choices=[SelectChoice(key, label) for key, label in RESOLUTION_LABELS.items()],
                        validate_choice=False)
    reason = TextAreaField("Reason, for the moderation log", render_kw={"rows": 2},
                           description="Moderators and staff read it. If you hide or remove a post without a "
                                       "message, the member reads this instead.")
    template = SelectField("Start from a template", choices=[], validate_choice=False)
    message = TextAreaField("Message to the member (optional; needed to check in)",
                            render_kw={"rows": 6, "maxlength": MESSAGE_MAX},
                            description="Your own words, sent privately. They can answer, and the whole "
                                        "moderation team sees the conversation.")


class ReasonForm(FlaskForm):
    reason = StringField("Reason")


class RevealAuthorForm(FlaskForm):
    reason = StringField("Why you need to know (optional; kept in the moderation log)")


class ThreadActionForm(FlaskForm):
    category = SelectField("Move to", choices=[])
    reason = StringField("Reason")


class SanctionForm(ZonedForm):
    kind = SelectField("Sanction", choices=[SelectChoice("warn", "Warn"), SelectChoice("mute", "Mute (read-only)"),
                                            SelectChoice("suspend", "Suspend (cannot sign in)"),
                                            SelectChoice("ban", "Ban")])
    until_preset = ends_preset("How long (mute or suspend)", "Until lifted")
    until = ends_at()
    reason = TextAreaField("Reason (the member is told)", render_kw={"rows": 2})


class NoteForm(FlaskForm):
    body = TextAreaField("Private note (moderators and staff only)", render_kw={"rows": 3})


class SlowModeForm(FlaskForm):
    seconds = IntegerField("Seconds between one member's posts (0 turns slow mode off)", default=0)
    reason = StringField("Reason")


class WatchedWordForm(FlaskForm):
    pattern = StringField("Pattern", description="Words match whole words; word* matches words that start so; "
                                                  "* is any one word; # is any number.")
    action = SelectField("Action", choices=[SelectChoice("block", "Block (refused, with the explanation)"),
                                            SelectChoice("hold", "Hold for approval"),
                                            SelectChoice("flag", "Publish and flag")])
    explanation = StringField("Explanation shown to the writer (for block)")


class LogFilterForm(Form):
    """The moderation log's filters: read from the address, so every page of
    results keeps them (no CSRF: it changes nothing)."""
    action = SelectField("Action", choices=[], validate_choice=False)
    actor = SelectField("By", choices=[], validate_choice=False)
    member = StringField("Member (username)", render_kw={"autocapitalize": "none", "autocomplete": "off"})
    since = StringField("From", widget=DateInput())
    until = StringField("To", widget=DateInput())
