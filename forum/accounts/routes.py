"""Pages for applying, signing in and out, and managing one's own account."""
from __future__ import annotations


from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forum import policy, times
from forum.accounts import blocks, data_rights, forms, password_reset, preferences, safety_plan, services
from forum.accounts.models import User
from forum.errors import NotFound
from forum.community import queries
from forum.moderation import flags, sanctions
from forum.notifications import email
from forum.oncall import devices as alert_devices
from forum.forms import NOT_SUBMITTED, ConfirmForm, submit
from forum.rate_limits import (APPLYING, CHANGING_PASSWORD, DELETING_ACCOUNT, REQUESTING_PASSWORD_RESET,
                               REQUESTING_PASSWORD_RESET_PER_ACCOUNT, RESETTING_PASSWORD, SIGNING_IN,
                               SIGNING_IN_PER_ACCOUNT, limited)
from forum.membership import services as membership
from forum.settings import service as settings
from forum.web import same_site_path

bp = Blueprint("accounts", __name__)


def _start_session(user: User, remember: bool) -> None:
    # A fresh session on sign-in, so a session id planted earlier is worthless.
    session.clear()
    session[services.SESSION_KEY] = services.start_session(user)
    login_user(user, remember=remember)


def _landing_for(user: User, next_url: str | None) -> str:
    if user.status == "pending":
        return url_for("accounts.waiting")
    return same_site_path(next_url, url_for("pages.home"))


@bp.route("/apply", methods=["GET", "POST"])
@limited(APPLYING)
def apply():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    questions = settings.get("join_questions")
    form = forms.application_form(questions)
    answers = [field.data or "" for field in form.answer_fields]
    user = submit(form, lambda: services.register(form.username.data or "", form.password.data or "",
                                                  form.email.data, answers))
    if user is not NOT_SUBMITTED:
        _start_session(user, remember=False)
        if user.status == "active":
            flash("Welcome! You're in.", "success")
            return redirect(url_for("pages.home"))
        return redirect(url_for("accounts.waiting"))
    return render_template("accounts/apply.html", form=form, open_mode=membership.is_open())


@bp.route("/sign-in", methods=["GET", "POST"])
@limited(SIGNING_IN)
@limited(SIGNING_IN_PER_ACCOUNT)
def sign_in():
    if current_user.is_authenticated:
        return redirect(_landing_for(current_user, request.args.get("next")))
    form = forms.SignInForm()
    user = submit(form, lambda: services.authenticate(form.username.data or "", form.password.data or ""))
    if user is not NOT_SUBMITTED:
        _start_session(user, remember=bool(form.remember.data))
        return redirect(_landing_for(user, request.args.get("next")))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limited(REQUESTING_PASSWORD_RESET)
@limited(REQUESTING_PASSWORD_RESET_PER_ACCOUNT)
def forgot_password():
    """Ask for a reset link by email. The answer is the same whether or not
    the account exists or has an address."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.change_password"))
    form = forms.ForgotPasswordForm()
    asked = submit(form, lambda: password_reset.request_by_email(form.username.data)) is not NOT_SUBMITTED
    return render_template("accounts/forgot_password.html", form=form, asked=asked,
                           email_possible=email.is_configured(), minutes=password_reset.LINK_MINUTES)


@bp.route("/reset-password", methods=["GET", "POST"])
@limited(RESETTING_PASSWORD)
def reset_password():
    """Choose a new password with a reset link. The token rides in the query
    string, which logs leave out."""
    token = request.args.get("token", "")
    try:
        user = password_reset.account_for(token)
    except password_reset.LinkNotValid as error:
        return render_template("accounts/reset_link_not_valid.html", message=error.message,
                               minutes=password_reset.LINK_MINUTES), error.status
    form = forms.ResetPasswordForm()
    if submit(form, lambda: password_reset.reset(token, form.new_password.data)) is NOT_SUBMITTED:
        return render_template("accounts/reset_password.html", form=form, account=user)
    if user.is_active:
        _start_session(user, remember=False)
        flash("Your new password is set. You're signed in here and signed out everywhere else.", "success")
        return redirect(_landing_for(user, None))
    logout_user()
    session.clear()
    flash("Your new password is set, and every other sign-in has ended.", "success")
    return redirect(url_for("accounts.sign_in"))


@bp.post("/sign-out")
def sign_out():
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("pages.home"))
    had_session = current_user.is_authenticated or "_user_id" in session
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        services.sign_out(user, getattr(user, "session_key", None))
    else:  # suspended or banned: the session no longer loads, but it still ends
        services.end_session(session.get("_user_id"))
    if had_session:
        logout_user()
        session.clear()
        flash("You're signed out. Take care.", "info")
    return redirect(url_for("pages.home"))


@bp.route("/waiting")
@login_required
def waiting():
    if current_user.status != "pending" and current_user.status != "rejected":
        return redirect(url_for("pages.home"))
    application = membership.application_for(current_user)
    return render_template("accounts/waiting.html", application=application)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = forms.ProfileForm(obj=current_user)
    if submit(form, lambda: services.update_profile(current_user, form.display_name.data, form.bio.data)) \
            is not NOT_SUBMITTED:
        flash("Your profile is saved.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limited(CHANGING_PASSWORD)
def change_password():
    form = forms.PasswordForm()
    changed = submit(form, lambda: services.change_password(current_user, form.current_password.data or "",
                                                            form.new_password.data or ""))
    if changed is not NOT_SUBMITTED:
        # The session version moved on: sign this session in again under it.
        _start_session(current_user._get_current_object(), remember=False)
        flash("Password changed. You've been signed out everywhere else.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = forms.TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token, _ = services.issue_token(current_user, form.label.data or "")
    return render_template("accounts/tokens.html", form=form, new_token=new_token,
                           tokens=current_user.tokens, revoke_form=ConfirmForm())


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        services.revoke_token(current_user, token_id)
        flash("Token revoked.", "success")
    return redirect(url_for("accounts.tokens"))


@bp.route("/u/<username>")
def member_profile(username: str):
    policy.require(policy.read_community(current_user))
    user = services.find_by_username(username)
    if user is None or user.status in {"pending", "rejected"}:
        raise NotFound("No such member.")
    return render_template("accounts/member.html", member=user, post_count=queries.published_post_count(user),
                           is_blocked=user.id in blocks.blocked_ids(current_user), form=ConfirmForm())


@bp.post("/u/<username>/<any(block, unblock):change>")
def block_member(username: str, change: str):
    policy.require(policy.read_community(current_user))
    target = services.find_by_username(username)
    if target is None:
        raise NotFound("No such member.")
    if ConfirmForm().validate_on_submit():
        blocks.set_blocked(current_user, target.id, change == "block")
        flash(f"You won't see posts from {target.display_name} unless you open them." if change == "block"
              else f"You unblocked {target.display_name}.", "success")
    return redirect(url_for("accounts.member_profile", username=target.username))


@bp.route("/account/standing", methods=["GET", "POST"])
@login_required
def standing():
    """What moderators decided about me: warnings to acknowledge, sanctions, why."""
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        sanctions.acknowledge(current_user, request.form.get("sanction_id", type=int) or 0)
        flash("Thank you for reading it.", "success")
        return redirect(url_for("accounts.standing"))
    return render_template("accounts/standing.html", history=sanctions.history(current_user),
                           form=ConfirmForm())


@bp.route("/account/reports")
@login_required
def reports():
    """Posts I flagged, and what came of them (not the details)."""
    return render_template("accounts/reports.html", flags=flags.of_member(current_user))


@bp.route("/account/preferences", methods=["GET", "POST"])
@login_required
def preferences_page():
    current = preferences.of(current_user)
    on_call = policy.receive_crisis_alerts(current_user)
    quiet = current["quiet_hours"] or {}
    form = forms.preferences_form(on_call, data={**current, "time_zone": times.zone_of(current_user),
                                                 "muted_words": "\n".join(current["muted_words"]),
                                                 "quiet_hours_start": quiet.get("start"),
                                                 "quiet_hours_end": quiet.get("end"),
                                                 **{f"notify_{k}": v for k, v in current["notify"].items()}})
    if request.method == "POST":
        form = forms.preferences_form(on_call)
        changes = {
            "content_warnings": form.content_warnings.data, "text_size": form.text_size.data,
            **{flag: bool(form[flag].data) for flag in preferences.FLAGS},
            "notify": {kind: bool(form[f"notify_{kind}"].data) for kind in current["notify"]},
            "muted_topics": form.muted_topics.data or [],
            "muted_words": (form.muted_words.data or "").splitlines(),
        }
        if form.time_zone.data:  # a form without the field keeps the zone as it is
            changes["time_zone"] = form.time_zone.data
        if "quiet_hours_start" in request.form:  # both empty: no quiet hours
            start, end = form.quiet_hours_start.data or "", form.quiet_hours_end.data or ""
            changes["quiet_hours"] = {"start": start, "end": end} if start or end else None
        if on_call and form.crisis_alerts.data:
            changes["crisis_alerts"] = form.crisis_alerts.data
        if submit(form, lambda: preferences.update(current_user, changes)) is not NOT_SUBMITTED:
            flash("Preferences saved.", "success")
            return redirect(url_for("accounts.preferences_page"))
    return render_template("accounts/preferences.html", form=form, on_call=on_call,
                           alert_devices=alert_devices.of_member(current_user),
                           push_key=alert_devices.public_key() if on_call else "",
                           email_alerts_possible=email.is_configured())


@bp.route("/account/safety-plan", methods=["GET", "POST"])
def safety_plan_page():
    """The member's own plan for hard moments; nobody else can open it."""
    plan = safety_plan.of(current_user._get_current_object())
    form = forms.SafetyPlanForm(obj=plan)
    sections = lambda: {key: form[key].data or "" for key in safety_plan.KEYS}  # noqa: E731
    if submit(form, lambda: safety_plan.save(current_user._get_current_object(), sections())) is not NOT_SUBMITTED:
        flash("Your safety plan is saved. Only you can see it.", "success")
        return redirect(url_for("accounts.safety_plan_page"))
    return render_template("accounts/safety_plan.html", form=form, plan=plan)


@bp.route("/account/data", methods=["GET", "POST"])
@login_required
@limited(DELETING_ACCOUNT)
def my_data():
    form = forms.DeleteAccountForm()
    erase = bool(form.erase_posts.data)
    if submit(form, lambda: data_rights.delete_account(current_user._get_current_object(), form.password.data or "",
                                                       erase_posts=erase)) is not NOT_SUBMITTED:
        logout_user()
        session.clear()
        flash("Your account is deleted. Take good care of yourself.", "info")
        return redirect(url_for("pages.home"))
    return render_template("accounts/data.html", form=form)


@bp.route("/account/data/export")
@login_required
def export_data():
    response = jsonify(data_rights.export(current_user))
    response.headers["Content-Disposition"] = f"attachment; filename=hearth-{current_user.username}.json"
    return response
