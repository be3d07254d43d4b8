"""API: care conversations. A member's own, under /me; the moderation team's
view, from a queue item."""
from __future__ import annotations

from flask import jsonify

from forum import serializers
from forum.api import bp
from forum.api.helpers import json_body, member, paging, signed_in, text_fields
from forum.care import conversations
from forum.rate_limits import STARTING_CONVERSATIONS, WRITING_CARE_MESSAGES, limited


def _messages_page(conversation, for_team: bool):
    after, limit = paging()
    rows, next_cursor = conversations.messages_in(conversation, after, limit)
    return [serializers.care_message(message, for_team) for message in rows], next_cursor


@bp.get("/me/conversations")
def my_conversations():
    before, limit = paging(cursor="before")
    rows, next_cursor = conversations.of_member(member(), before, limit)
    return jsonify(items=[serializers.conversation(found) for found in rows], next=next_cursor)


@bp.post("/me/conversations")
@limited(STARTING_CONVERSATIONS)
def start_conversation():
    body = json_body()
    values = text_fields(body, required=("about", "body"))
    started = conversations.start(member(), values["about"], values["body"], body.get("post_id"))
    return jsonify(conversation=serializers.conversation(started.conversation),
                   message=serializers.care_message(started.message, for_team=False), notices=started.notices), 201


@bp.get("/me/conversations/<int:conversation_id>/messages")
def my_conversation_messages(conversation_id: int):
    items, next_cursor = _messages_page(conversations.own(member(), conversation_id), for_team=False)
    return jsonify(items=items, next=next_cursor)


@bp.post("/me/conversations/<int:conversation_id>/messages")
@limited(WRITING_CARE_MESSAGES)
def write_my_message(conversation_id: int):
    viewer = member()
    found = conversations.own(viewer, conversation_id)
    text = text_fields(json_body(), required=("body",))["body"]
    written = conversations.write(viewer, found, text)
    return jsonify(message=serializers.care_message(written.message, for_team=False), notices=written.notices), 201


@bp.get("/moderation/queue/<int:item_id>/messages")
def item_messages(item_id: int):
    found = conversations.of_item(signed_in(), item_id)
    if found is None:
        return jsonify(items=[], next=None, conversation=None)
    items, next_cursor = _messages_page(found, for_team=True)
    return jsonify(items=items, next=next_cursor, conversation=serializers.conversation(found, item_id))


@bp.post("/moderation/queue/<int:item_id>/messages")
@limited(WRITING_CARE_MESSAGES)
def write_item_message(item_id: int):
    actor = signed_in()
    text = text_fields(json_body(), required=("body",))["body"]
    written = conversations.write_from_item(actor, item_id, text)
    found = conversations.of_item(actor, item_id)
    return jsonify(message=serializers.care_message(written, for_team=True),
                   conversation=serializers.conversation(found, item_id)), 201
