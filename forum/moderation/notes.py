"""Private notes moderators keep about a member; never shown to the member."""
from __future__ import annotations

from forum import events, policy
from forum.accounts.models import User
from forum.audit import log
from forum.errors import NotFound, invalid
from forum.extensions import db
from forum.moderation.models import MemberNote

NOTE_MAX = 2000


def add(actor: User, user_id: int, body) -> MemberNote:
    policy.require(policy.moderate(actor))
    if db.session.get(User, user_id) is None:
        raise NotFound("No such member.")
    body = body.strip() if isinstance(body, str) else ""
    if not body or len(body) > NOTE_MAX:
        raise invalid({"body": f"Write a note of 1 to {NOTE_MAX} characters."})
    note = MemberNote(user_id=user_id, author_id=actor.id, body=body)
    db.session.add(note)
    db.session.flush()
    log.record(actor, "member_note_added", "user", user_id, "", note_id=note.id)
    events.commit()
    return note


def for_member(viewer: User, user_id: int) -> list[MemberNote]:
    policy.require(policy.moderate(viewer))
    query = db.select(MemberNote).where(MemberNote.user_id == user_id).order_by(MemberNote.id.desc())
    return list(db.session.scalars(query))
