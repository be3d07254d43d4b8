"""Blocking: a member stops hearing from another. Their posts collapse for the
blocker, and (with notifications) nothing of theirs reaches the blocker."""
from __future__ import annotations

from forum import caching, events, policy
from forum.accounts.models import Block, User
from forum.errors import NotAllowed, NotFound
from forum.extensions import db


# Every thread page and every notification asks; blocks change rarely. Keyed by
# the member's page revision, which every block of theirs moves
# (forum/revisions.py): no process can keep an old list.
_blocked = caching.Region("blocked", seconds=3600, size=4096)


def blocked_ids(viewer) -> frozenset[int]:
    if not getattr(viewer, "is_authenticated", False) or viewer.id is None:
        return frozenset()
    return _blocked.get((viewer.id, viewer.page_revision), lambda: frozenset(db.session.scalars(
        db.select(Block.blocked_id).where(Block.blocker_id == viewer.id))))


def set_blocked(actor: User, target_id: int, blocked: bool) -> None:
    policy.require(policy.read_community(actor))
    target = db.session.get(User, target_id)
    if target is None:
        raise NotFound("No such member.")
    if target.id == actor.id:
        raise NotAllowed("You can't block yourself.", code="own_account")
    if target.role != "member" and blocked:
        # Moderators and staff must stay reachable: their notices keep people safe.
        raise NotAllowed("Moderators and staff can't be blocked.", code="cannot_block_team")
    existing = db.session.get(Block, (actor.id, target.id))
    if blocked and existing is None:
        db.session.add(Block(blocker_id=actor.id, blocked_id=target.id))
    elif not blocked and existing is not None:
        db.session.delete(existing)
    events.commit()
