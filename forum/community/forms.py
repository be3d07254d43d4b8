from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField

from forum.community.services import CONTENT_WARNING_MAX, TITLE_MAX

CONTENT_WARNING_HELP = "Optional. Readers see this first and choose whether to open the post."
ANONYMOUS_LABEL = "Post as “Anonymous member”"


class ThreadForm(FlaskForm):
    title = StringField("Title", render_kw={"maxlength": TITLE_MAX})
    # Set once the writer was offered a content warning (forum/community/filters.py): not asked again.
    warning_offered = HiddenField()
    content_warning = StringField("Content warning", description=CONTENT_WARNING_HELP, render_kw={"maxlength": CONTENT_WARNING_MAX})
    body = TextAreaField("Your post", description="Markdown works: **bold**, *italic*, > quote, - lists.",
                         render_kw={"rows": 10})
    anonymous = BooleanField(ANONYMOUS_LABEL)


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", description="Markdown works: **bold**, *italic*, > quote, - lists.",
                         render_kw={"rows": 6})
    warning_offered = HiddenField()
    content_warning = StringField("Content warning", description=CONTENT_WARNING_HELP, render_kw={"maxlength": CONTENT_WARNING_MAX})
    anonymous = BooleanField(ANONYMOUS_LABEL)


class EditForm(ReplyForm):
    anonymous = None  # chosen when posting; an edit keeps it


class RemoveForm(FlaskForm):
    reason = TextAreaField("Reason (the author is told)", render_kw={"rows": 3})
