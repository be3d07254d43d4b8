from flask_wtf import FlaskForm
from wtforms import (BooleanField, IntegerField, RadioField, SelectChoice, SelectField, StringField,
                     TextAreaField)

from forum.staff import announcements

POSTING = [SelectChoice("members", "Members"), SelectChoice("staff", "Staff only")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class AnnouncementForm(FlaskForm):
    title = StringField("Title", render_kw={"maxlength": announcements.TITLE_MAX})
    body = TextAreaField("Announcement (Markdown)", render_kw={"rows": 5})
    expires_at = StringField("Expires (optional, e.g. 2026-12-31T18:00 in UTC)")


class PinForm(FlaskForm):
    scope = RadioField("Pin", choices=[SelectChoice("category", "In its category"),
                                       SelectChoice("global", "Everywhere (every category and the home page)")],
                       default="category")
    until = StringField("Until (optional, UTC, e.g. 2026-12-31T18:00)")


class CategoryForm(FlaskForm):
    slug = StringField("Address (slug, optional)",
                       description="Lower-case letters, digits and hyphens; used in links. Left empty, it is made "
                                   "from the name.")
    name = StringField("Name")
    description = TextAreaField("Description", render_kw={"rows": 2})
    posting = SelectField("Who may start threads", choices=POSTING)
    position = IntegerField("Order (smaller first)", default=0)
    archived = BooleanField("Archived (read-only)")


class SettingsForm(FlaskForm):
    community_name = StringField("Community name")
    community_description = TextAreaField("Description (on the landing page)", render_kw={"rows": 2})
    membership_mode = RadioField("Joining", choices=[SelectChoice("approval", "Moderators approve each applicant"),
                                                     SelectChoice("open", "Anyone can join at once")])
    join_questions = TextAreaField("Join questions (one per line, at most 5)", render_kw={"rows": 4})
    rules = TextAreaField("Community rules (Markdown)", render_kw={"rows": 12})
    crisis_resources = TextAreaField(
        "Crisis resources (one per line: contact | name | web address)", render_kw={"rows": 6},
        description="Shown on every “Need help now?” panel, e.g. “Call or text 988 | 988 Lifeline | https://988lifeline.org/”.")
    hours_days = StringField("Moderated days (0 = Monday … 6 = Sunday, comma-separated)")
    hours_start = StringField("Moderated from (HH:MM)")
    hours_end = StringField("Moderated until (HH:MM)")
    hours_timezone = StringField("Time zone (e.g. America/New_York)")
    auto_hide_threshold = IntegerField("Flags from distinct members that hide a post for review")
    new_member_review_count = IntegerField("Hold a new member's first N posts for approval (0 = off)")
    crisis_overdue_minutes = IntegerField("Minutes before an unclaimed crisis item is overdue")
    crisis_claim_target_minutes = IntegerField(
        "Target: minutes to claim an urgent crisis item",
        description="Insights and the staff home show how many urgent items were claimed within it.")
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
    reason = StringField("Why this change (for the log)")
