"""Membership: applications, approval and rejection, roles."""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from forum import clock, events, policy
from forum.accounts.models import ROLES, User
from forum.audit import log, reasons
from forum.errors import Conflict, NotAllowed, NotFound, invalid
from forum.extensions import db
from forum.membership.models import Application
from forum.settings import service as settings

ANSWER_MAX = 2000


def is_open() -> bool:
    return settings.get("membership_mode") == "open"


def check_answers(answers: list) -> list[dict]:
    """Pair each join question with its answer; every question needs one."""
    questions = settings.get("join_questions")
    if not isinstance(answers, list) or not all(isinstance(answer, str) for answer in answers):
        raise invalid({"answers": "Answers must be a list of text, one per join question."})
    fields = {}
    paired = []
    for index, question in enumerate(questions):
        answer = answers[index].strip() if index < len(answers) else ""
        if not answer:
            fields[f"answers.{index}"] = "Please answer this question."
        elif len(answer) > ANSWER_MAX:
            fields[f"answers.{index}"] = f"Keep your answer under {ANSWER_MAX} characters."
        paired.append({"question": question, "answer": answer})
    if fields:
        raise invalid(fields)
    return paired


def file_application(user: User, answers: list[dict]) -> Application:
    application = Application(user=user, answers=answers)
    db.session.add(application)
    return application


def application_for(user: User) -> Application | None:
    return db.session.scalar(db.select(Application).where(Application.user_id == user.id))


def pending_applications() -> list[Application]:
    query = (
        db.select(Application)
        .join(Application.user)
        .where(User.status == "pending")
        .options(joinedload(Application.user))
        .order_by(Application.created_at, Application.id)
    )
    return list(db.session.scalars(query))


def _pending_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such member.")
    if user.status != "pending":
        raise Conflict(f"This member is {user.status}, not waiting for a decision.", code="not_pending")
    return user


def _decide(actor: User, user_id: int, decision: str, reason: str) -> User:
    policy.require(policy.decide_membership(actor))
    reason = reasons.reason(reason, required=None)
    user = _pending_user(user_id)
    user.status = "active" if decision == "approved" else "rejected"
    if decision == "approved":
        user.approved_at = clock.now()
    application = application_for(user) or file_application(user, [])
    application.decision = decision
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = clock.now()
    log.record(actor, "member_" + decision, "user", user.id, reason)
    events.publish("member_" + decision, user_id=user.id)
    events.commit()
    return user


def approve(actor: User, user_id: int, reason: str = "") -> User:
    return _decide(actor, user_id, "approved", reason)


def reject(actor: User, user_id: int, reason: str = "") -> User:
    return _decide(actor, user_id, "rejected", reason)


def change_role(actor: User, user_id: int, role: str, reason: str = "") -> User:
    """Promote or demote; the community always keeps at least one staff account."""
    policy.require(policy.manage_roles(actor))
    if role not in ROLES:
        raise invalid({"role": "Choose member, moderator or staff."})
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such member.")
    if user.role == "staff" and role != "staff" and _active_staff_count() <= 1:
        raise Conflict("The last staff account can't be demoted.", code="last_staff")
    if user.status not in {"active", "muted"} and role != "member":
        raise NotAllowed("Only active members can be given a role.", code="not_active")
    previous = user.role
    user.role = role
    log.record(actor, "role_changed", "user", user.id, reasons.reason(reason, required=None),
               previous=previous, role=role)
    events.publish("role_changed", user_id=user.id, role=role)
    events.commit()
    return user


def _active_staff_count() -> int:
    query = db.select(db.func.count()).select_from(User).where(User.role == "staff", User.status == "active")
    return db.session.scalar(query)


def members(limit: int = 200) -> list[User]:
    query = db.select(User).where(User.status != "rejected").order_by(User.username_key).limit(limit)
    return list(db.session.scalars(query))
