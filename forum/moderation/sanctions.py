"""Sanctions: warn, mute (read-only), suspend (cannot sign in), ban; and lifting them.

A member's `status` is kept equal to the most severe sanction in force, so
every permission check stays a cheap look at one column.
"""
from __future__ import annotations

from datetime import datetime

from forum import caching, clock, events, policy
from forum.accounts.models import User
from forum.audit import log, reasons
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.moderation.models import SANCTION_KINDS, Sanction

# Most severe first; a warning changes no status.
_STATUS_FOR = {"ban": "banned", "suspend": "suspended", "mute": "muted"}
_SEVERITY = ["ban", "suspend", "mute"]


def _clean_reason(value) -> str:
    return reasons.reason(value, reasons.TOLD_TO_MEMBER)


def in_force(user: User) -> list[Sanction]:
    now = clock.now()
    query = db.select(Sanction).where(Sanction.user_id == user.id, Sanction.lifted_at.is_(None))
    return [sanction for sanction in db.session.scalars(query) if sanction.in_force(now)]


def _refresh_status(user: User) -> None:
    if user.status not in {"active", *(_STATUS_FOR.values())}:
        return  # pending or rejected applicants have no standing to change
    current = in_force(user)
    for kind in _SEVERITY:
        matching = [s for s in current if s.kind == kind]
        if matching:
            user.status = _STATUS_FOR[kind]
            ends = [s.until for s in matching]
            user.status_until = None if None in ends else max(ends)
            return
    user.status, user.status_until = "active", None


def impose(actor: User, user_id: int, kind: str, reason, until: datetime | None = None) -> Sanction:
    target = db.session.get(User, user_id)
    if target is None:
        raise NotFound("No such member.")
    policy.require(policy.sanction(actor, target))
    if kind not in SANCTION_KINDS:
        raise invalid({"kind": "Choose warn, mute, suspend or ban."})
    reason = _clean_reason(reason)
    if until is not None and until <= clock.now():
        raise invalid({"until": "Choose a time in the future."})
    if kind in {"warn", "ban"} and until is not None:
        raise invalid({"until": f"A {kind} has no end date."})
    sanction = Sanction(user_id=target.id, kind=kind, reason=reason, until=until, created_by_id=actor.id)
    db.session.add(sanction)
    db.session.flush()
    _refresh_status(target)
    log.record(actor, f"sanction_{kind}", "user", target.id, reason,
               sanction_id=sanction.id, until=clock.isoformat(until))
    events.publish("sanction_imposed", user_id=target.id, sanction_id=sanction.id, kind=kind)
    if target.status in {"suspended", "banned"}:
        events.publish("account_restricted", user_id=target.id)
    events.commit()
    return sanction


def lift(actor: User, sanction_id: int, reason) -> Sanction:
    sanction = db.session.get(Sanction, sanction_id)
    if sanction is None:
        raise NotFound("No such sanction.")
    policy.require(policy.sanction(actor, sanction.user))
    reason = _clean_reason(reason)
    if sanction.lifted_at is not None:
        raise Conflict("This sanction was already lifted.", code="already_lifted")
    sanction.lifted_at, sanction.lifted_by_id, sanction.lift_reason = clock.now(), actor.id, reason
    _refresh_status(sanction.user)
    log.record(actor, f"sanction_{sanction.kind}_lifted", "user", sanction.user_id, reason, sanction_id=sanction.id)
    events.publish("sanction_lifted", user_id=sanction.user_id, sanction_id=sanction.id)
    events.commit()
    return sanction


def end_expired(user: User) -> None:
    """Sanctions end by themselves: when a timed one has run out, restore the
    member's standing (checked as they arrive, so no scheduler is needed)."""
    if user.status_until is not None and user.status_until <= clock.now():
        _refresh_status(user)
        events.publish("standing_changed", user_id=user.id)
        events.commit()


# Keyed by the member's page revision, which every sanction of theirs, imposed,
# lifted or acknowledged, moves (forum/revisions.py).
_warned = caching.Region("unread_warnings", seconds=3600, size=4096)


def has_unacknowledged_warnings(user: User) -> bool:
    """Every page asks; few members ever have one."""
    return _warned.get((user.id, user.page_revision), lambda: bool(unacknowledged_warnings(user)))


def unacknowledged_warnings(user: User) -> list[Sanction]:
    query = db.select(Sanction).where(Sanction.user_id == user.id, Sanction.kind == "warn",
                                      Sanction.acknowledged_at.is_(None), Sanction.lifted_at.is_(None))
    return list(db.session.scalars(query.order_by(Sanction.id)))


def acknowledge(user: User, sanction_id: int) -> None:
    sanction = db.session.get(Sanction, sanction_id)
    if sanction is None or sanction.user_id != user.id or sanction.kind != "warn":
        raise NotFound("No such warning.")
    sanction.acknowledged_at = sanction.acknowledged_at or clock.now()
    events.commit()


def history(user: User) -> list[Sanction]:
    return list(db.session.scalars(db.select(Sanction).where(Sanction.user_id == user.id)
                                   .order_by(Sanction.id.desc())))


def current_restriction(user: User) -> Sanction | None:
    """The sanction behind the member's status, to tell them why and until when."""
    kinds = {"banned": "ban", "suspended": "suspend", "muted": "mute"}
    kind = kinds.get(user.status)
    matching = [s for s in in_force(user) if s.kind == kind]
    return matching[-1] if matching else None
