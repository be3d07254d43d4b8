import re

from flask_wtf import FlaskForm
from wtforms import (BooleanField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.widgets import CheckboxInput, ListWidget, TimeInput

from forum.forms import ZonedForm, ends_at, ends_preset
from forum.settings import crisis_resources
from forum.staff import announcements

POSTING = [SelectChoice("members", "Members"), SelectChoice("staff", "Staff only")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class AnnouncementForm(ZonedForm):
    title = StringField("Title", render_kw={"maxlength": announcements.TITLE_MAX})
    body = TextAreaField("Announcement (Markdown)", render_kw={"rows": 5})
    expires_at_preset = ends_preset("Shown for", "Until withdrawn")
    expires_at = ends_at()


class PinForm(ZonedForm):
    scope = RadioField("Pin", choices=[SelectChoice("category", "In its category"),
                                       SelectChoice("global", "Everywhere (every category and the home page)")],
                       default="category")
    until_preset = ends_preset("Pinned for", "Until unpinned")
    until = ends_at()


class CategoryForm(FlaskForm):
    slug = StringField("Address (slug, optional)",
                       description="Lower-case letters, digits and hyphens; used in links. Left empty, it is made "
                                   "from the name.")
    name = StringField("Name")
    description = TextAreaField("Description", render_kw={"rows": 2})
    posting = SelectField("Who may start threads", choices=POSTING)
    position = IntegerField("Order (smaller first)", default=0)
    archived = BooleanField("Archived (read-only)")
    allow_anonymous = BooleanField(
        "Members may post anonymously here",
        description="Their posts show as “Anonymous member”; moderators can still find out who wrote one, "
                    "and each time is logged.")


class SettingsForm(FlaskForm):
    community_name = StringField("Community name")
    community_description = TextAreaField("Description (on the landing page)", render_kw={"rows": 2})
    membership_mode = RadioField("Joining", choices=[SelectChoice("approval", "Moderators approve each applicant"),
                                                     SelectChoice("open", "Anyone can join at once")])
    join_questions = TextAreaField("Join questions (one per line, at most 5)", render_kw={"rows": 4})
    rules = TextAreaField("Community rules (Markdown)", render_kw={"rows": 12})
    welcome_message = TextAreaField(
        "Welcome for newly approved members (Markdown)", render_kw={"rows": 5},
        description="Shown once at the top of their home page, with links to the rules, Introductions, "
                    "reading preferences and crisis help.")
    # Checkboxes, Monday first; stored as the weekday numbers (0 = Monday) the API uses.
    hours_days = SelectMultipleField("Moderated days", choices=[SelectChoice(str(number), day)
                                                                for number, day in enumerate(DAYS)],
                                     widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                     validate_choice=False)
    hours_start = StringField("Moderated from (HH:MM)", widget=TimeInput())
    hours_end = StringField("Moderated until (HH:MM)", widget=TimeInput())
    hours_timezone = StringField("Time zone (e.g. America/New_York)")
    auto_hide_threshold = IntegerField("Flags from distinct members that hide a post for review")
    new_member_review_count = IntegerField("Hold a new member's first N posts for approval (0 = off)")
    crisis_overdue_minutes = IntegerField("Minutes before an unclaimed crisis item is overdue")
    crisis_claim_target_minutes = IntegerField(
        "Target: minutes to claim an urgent crisis item",
        description="Insights and the staff home show how many urgent items were claimed within it.")
    followup_hours = IntegerField(
        "Hours until a follow-up after a crisis closed with a check-in or referral (0 = none)",
        description="A follow-up item then asks moderators to check on the member again.")
    out_of_hours_flag_threshold = IntegerField(
        "Outside these hours: flags from distinct members that hide a post for review",
        description="Usually lower than the auto-hide threshold. Crisis posts are never hidden by it.")
    out_of_hours_member_flags = IntegerField(
        "Outside these hours: members who flag one person's posts within 24 hours before that person's next "
        "posts wait for review",
        description="Until a moderator lifts the hold on the member's standing page. Crisis posts are still "
                    "published.")
    crisis_phrases = TextAreaField(
        "Extra crisis phrases (one per line)", render_kw={"rows": 3},
        description="Each is urgent; start a line with “concern:” for a concern-tier phrase.")
    crisis_concern_to_queue = BooleanField(
        "Concern-tier crisis language opens a queue item (below urgent ones)",
        description="Off: the writer still sees the crisis resources at once, but no item opens.")
    filter_topics = TextAreaField(
        "Topics members can filter out (one per line: key | label | words, separated by commas)",
        render_kw={"rows": 6},
        description="Recognised in a post's content warning and text, as watched words are matched; the crisis "
                    "detector's reading counts as suicide and self-harm. Keep a topic's key: members' choices "
                    "keep it.")
    memorial_title = StringField(
        "Title of a memorial thread", description="{name} becomes the member's name.")
    memorial_body = TextAreaField(
        "Opening words of a memorial thread (Markdown)", render_kw={"rows": 10},
        description="Staff make them their own for each memorial. Follow the #chatsafe guidance: no cause or "
                    "method, an invitation to share memories, where to find support. {name} becomes the "
                    "member's name.")
    memorial_pin_days = IntegerField("Days a memorial stays pinned everywhere")
    memorial_category = StringField("Category a memorial opens in (its address, e.g. announcements)")
    anonymous_posts_held = BooleanField(
        "Anonymous posts wait for a moderator's approval",
        description="In categories that allow anonymous posts. Crisis posts are still published at once.")
    reason = StringField("Why this change (for the log)")


RESOURCE_LABELS = {
    "name": "Name", "call": "Number to call (e.g. 988)", "text": "Number to text (e.g. 741741)",
    "text_keyword": "Word to text, if the line asks for one (e.g. HOME)",
    "chat_url": "Chat or website (https://…)", "hours": "Hours (e.g. 24/7)", "region": "Where it serves (e.g. US)",
}


def resource_field(index: int, detail: str) -> str:
    """The form field of one detail of one resource row; a service's error for
    "crisis_resources.<index>.<detail>" lands on it (see forum/forms.py)."""
    return f"crisis_resources_{index}_{detail}"


SENT_ROW = re.compile(r"crisis_resources_(\d{1,2})_name")


def rows_sent(formdata) -> int:
    """How many resource rows a posted settings form carries; no more than
    twice the most there may be, so a crafted post can't ask for thousands."""
    indexes = [int(match.group(1)) for key in formdata if (match := SENT_ROW.fullmatch(key))]
    return min(max(indexes, default=-1) + 1, 2 * crisis_resources.MAX_ROWS)


def settings_form(resource_rows: int, **values) -> SettingsForm:
    """The settings form with this many crisis-resource rows, each a set of
    labelled inputs; `form.resource_rows` lists each row's fields in order."""

    class RowsForm(SettingsForm):
        pass

    for index in range(resource_rows):
        for detail in crisis_resources.FIELDS:
            setattr(RowsForm, resource_field(index, detail), StringField(RESOURCE_LABELS[detail]))
    form = RowsForm(**values)
    form.resource_rows = [[form[resource_field(index, detail)] for detail in crisis_resources.FIELDS]
                          for index in range(resource_rows)]
    return form
