"""Writing in a care conversation: the one place a message is stored and
announced. The caller commits, so a message can be part of a larger change
(a moderator checking in while resolving a queue item)."""
from __future__ import annotations

from forum import clock, events
from forum.care.models import CareMessage, Conversation
from forum.community.models import Post
from forum.errors import Conflict, invalid
from forum.extensions import db

MESSAGE_MAX = 4000
WRITE_SOMETHING = "Write a message first."


def clean_body(value, field: str = "body", required: str | None = WRITE_SOMETHING) -> str:
    """The message as it will be stored; `required=None` allows it to be empty."""
    text = value.strip() if isinstance(value, str) else ""
    if not text and required:
        raise invalid({field: required})
    if len(text) > MESSAGE_MAX:
        raise invalid({field: f"Keep it under {MESSAGE_MAX:,} characters."})
    return text


def add(conversation: Conversation, author, body: str, from_team: bool) -> CareMessage:
    message = CareMessage(conversation_id=conversation.id, author_id=author.id, from_team=from_team, body=body)
    db.session.add(message)
    conversation.last_message_at = clock.now()
    db.session.flush()
    events.publish("care_message_created", conversation_id=conversation.id, message_id=message.id,
                   member_id=conversation.member_id, from_team=from_team)
    return message


def _conversation_for(item) -> Conversation | None:
    """The item's conversation; failing that, a new one with the post's author."""
    if item.conversation_id is not None:
        return db.session.get(Conversation, item.conversation_id)
    post = db.session.get(Post, item.post_id) if item.post_id is not None else None
    if post is None or post.author_id is None:
        return None
    conversation = Conversation(member_id=post.author_id, about="me", started_by="team", post_id=post.id)
    db.session.add(conversation)
    db.session.flush()
    item.conversation_id = conversation.id
    return conversation


def write_from_item(actor, item, body: str) -> CareMessage:
    """A moderator writes to the member an item is about, for the team."""
    conversation = _conversation_for(item)
    if conversation is None:
        raise Conflict("There is nobody to write to: the member's account is gone.", code="no_member")
    return add(conversation, actor, body, from_team=True)
