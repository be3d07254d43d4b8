from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, RadioField, SelectChoice, StringField, TextAreaField

from forum.care.messages import MESSAGE_MAX

ABOUT_LABELS = {"me": "Me: I'd like to talk with someone", "someone": "Someone else I'm worried about"}


class TalkForm(FlaskForm):
    # The service says what is missing, in words, rather than "Not a valid choice".
    about = RadioField("Who is this about?", choices=[SelectChoice(key, label) for key, label in ABOUT_LABELS.items()],
                       validate_choice=False)
    body = TextAreaField("What would you like the moderators to know?",
                         render_kw={"rows": 6, "maxlength": MESSAGE_MAX})
    post = StringField("A post it's about (optional)",
                       description="Paste the post's link, or its number. Leave it empty if there isn't one.")


class MessageForm(FlaskForm):
    body = TextAreaField("Your message", render_kw={"rows": 4, "maxlength": MESSAGE_MAX})


class TemplateFields(Form):
    title = StringField("Title")
    body = TextAreaField("Words", render_kw={"rows": 5})


class TemplatesForm(FlaskForm):
    templates = FieldList(FormField(TemplateFields))
    reason = StringField("Why this change (for the log)")
