"""Closing the account of a member who died.

Not a sanction and not a deletion: nobody signs in to the account again (its
sessions, tokens and live connections end at once), and everything the
member wrote stays, under their name, as the community remembers them.
"""
from __future__ import annotations

from forum import clock, events, policy
from forum.accounts.models import ApiToken, SignInSession, User
from forum.audit import log, reasons
from forum.extensions import db


def close(actor: User, member: User, reason) -> None:
    policy.require(policy.close_account(actor, member))
    reason = reasons.reason(reason, reasons.KEPT_IN_LOG)
    member.status, member.status_until = "closed", None
    member.session_version += 1
    db.session.execute(db.update(SignInSession).where(SignInSession.user_id == member.id,
                                                      SignInSession.ended_at.is_(None)).values(ended_at=clock.now()))
    db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == member.id))
    log.record(actor, "account_closed", "user", member.id, reason)
    events.publish("sessions_ended", user_id=member.id)  # their open pages disconnect
    events.commit()
