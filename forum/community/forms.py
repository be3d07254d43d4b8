from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from forum.community.services import CONTENT_WARNING_MAX, TITLE_MAX

CONTENT_WARNING_HELP = "Optional. Readers see this first and choose whether to open the post."


class ThreadForm(FlaskForm):
    title = StringField("Title", render_kw={"maxlength": TITLE_MAX})
    # Set once the writer was offered a content warning (forum/community/filters.py): not asked again.
    warning_offered = HiddenField()
    content_warning = StringField("Content warning", description=CONTENT_WARNING_HELP, render_kw={"maxlength": CONTENT_WARNING_MAX})
    body = TextAreaField("Your post", description="Markdown works: **bold**, *italic*, > quote, - lists.",
                         render_kw={"rows": 10})


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", description="Markdown works: **bold**, *italic*, > quote, - lists.",
                         render_kw={"rows": 6})
    warning_offered = HiddenField()
    content_warning = StringField("Content warning", description=CONTENT_WARNING_HELP, render_kw={"maxlength": CONTENT_WARNING_MAX})


class EditForm(ReplyForm):
    pass


class RemoveForm(FlaskForm):
    reason = TextAreaField("Reason (the author is told)", render_kw={"rows": 3})
