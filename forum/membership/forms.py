from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from forum.accounts.models import ROLES


class DecisionForm(FlaskForm):
    reason = TextAreaField("Reason (shown to the applicant)", render_kw={"rows": 2})


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(role, role.title()) for role in ROLES])
    reason = StringField("Reason")
