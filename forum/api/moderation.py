"""API: flags, the moderation queue and log, sanctions and review holds, thread actions, watched words."""
from __future__ import annotations

from flask import jsonify, request

from forum import clock, policy, serializers
from forum.accounts import blocks
from forum.accounts import services as accounts
from forum.api import bp
from forum.api.helpers import json_body, member, paging, signed_in, text_fields
from forum.audit import queries as log_queries
from forum.community import filters, queries
from forum.community.services import BODY_MAX
from forum.errors import NotFound
from forum.moderation import flags, out_of_hours, queue, sanctions, threads
from forum.rate_limits import CHECKING_CRISIS_LANGUAGE, FLAGGING, limited
from forum.safety import screening, watched_words


@bp.post("/users/<int:user_id>/sanctions")
def impose_sanction(user_id: int):
    values = text_fields(json_body(), required=("kind", "reason"), optional=("until",))
    until = clock.parse(values.get("until"), "until")
    created = sanctions.impose(signed_in(), user_id, values["kind"], values["reason"], until)
    return jsonify(sanction=serializers.sanction(created)), 201


@bp.delete("/sanctions/<int:sanction_id>")
def lift_sanction(sanction_id: int):
    values = text_fields(json_body(), required=("reason",))
    return jsonify(sanction=serializers.sanction(sanctions.lift(signed_in(), sanction_id, values["reason"])))


@bp.get("/users/<int:user_id>/review-hold")
def review_hold(user_id: int):
    found = out_of_hours.hold_of(signed_in(), user_id)
    return jsonify(review_hold=serializers.review_hold(found) if found else None)


@bp.delete("/users/<int:user_id>/review-hold")
def lift_review_hold(user_id: int):
    values = text_fields(json_body(), required=("reason",))
    return jsonify(review_hold=serializers.review_hold(out_of_hours.lift(signed_in(), user_id, values["reason"])))


# --- flags and the queue ----------------------------------------------------------

@bp.post("/posts/<int:post_id>/flags")
@limited(FLAGGING)
def flag_post(post_id: int):
    viewer = member()
    found = queries.post(viewer, post_id)
    values = text_fields(json_body(), required=("reason",), optional=("note",))
    created = flags.flag_post(viewer, found, values["reason"], values.get("note", ""))
    return jsonify(flag=serializers.flag(created),
                   message="Thank you. A moderator will look at this post; we'll let you know the outcome."), 201


@bp.get("/moderation/queue")
def moderation_queue():
    viewer = signed_in()
    policy.require(policy.moderate(viewer))
    return jsonify(items=[serializers.queue_item(details) for details in queue.details_many(queue.open_items())],
                   next=None)


@bp.post("/moderation/queue/<int:item_id>/<any(claim, unclaim):change>")
def claim_item(item_id: int, change: str):
    action = queue.claim if change == "claim" else queue.unclaim
    return jsonify(item=serializers.queue_item(queue.details(action(signed_in(), item_id))))


@bp.post("/moderation/queue/<int:item_id>/resolve")
def resolve_item(item_id: int):
    values = text_fields(json_body(), required=("action", "reason"), optional=("message",))
    resolved = queue.resolve(signed_in(), item_id, values["action"], values["reason"], values.get("message"))
    return jsonify(item=serializers.queue_item(queue.details(resolved)))


@bp.get("/moderation/log")
def moderation_log():
    before, limit = paging(cursor="before")
    rows, next_cursor = log_queries.entries(signed_in(), action=request.args.get("action"),
                                            actor=request.args.get("actor"),
                                            target_type=request.args.get("target_type"), before=before, limit=limit)
    return jsonify(items=[serializers.log_entry(entry) for entry in rows], next=next_cursor)


# --- thread actions -----------------------------------------------------------------

@bp.post("/threads/<int:thread_id>/<any(lock, unlock):change>")
def lock_thread(thread_id: int, change: str):
    viewer = signed_in()
    found = queries.thread(viewer, thread_id)
    reason = text_fields(json_body(), required=("reason",))["reason"]
    threads.set_locked(viewer, found, change == "lock", reason)
    return jsonify(thread=serializers.thread(found, queries.is_pinned(found)))


@bp.put("/threads/<int:thread_id>/slow-mode")
def thread_slow_mode(thread_id: int):
    viewer = signed_in()
    found = queries.thread(viewer, thread_id)
    body = json_body()
    reason = text_fields(body, required=("reason",))["reason"]
    threads.set_slow_mode(viewer, found, body.get("seconds"), reason)
    return jsonify(thread=serializers.thread(found, queries.is_pinned(found)))


@bp.post("/threads/<int:thread_id>/move")
def move_thread(thread_id: int):
    viewer = signed_in()
    found = queries.thread(viewer, thread_id)
    values = text_fields(json_body(), required=("category", "reason"))
    threads.move(viewer, found, queries.category(values["category"]), values["reason"])
    return jsonify(thread=serializers.thread(found, queries.is_pinned(found)))


# --- watched words (staff) --------------------------------------------------------------

@bp.get("/watched-words")
def list_watched_words():
    policy.require(policy.manage_community(signed_in()))
    return jsonify(items=[serializers.watched_word(rule) for rule in watched_words.rules()], next=None)


@bp.post("/watched-words")
def add_watched_word():
    values = text_fields(json_body(), required=("pattern", "action"), optional=("explanation",))
    rule = watched_words.add(signed_in(), values["pattern"], values["action"], values.get("explanation", ""))
    return jsonify(watched_word=serializers.watched_word(rule)), 201


@bp.delete("/watched-words/<int:rule_id>")
def remove_watched_word(rule_id: int):
    reason = text_fields(json_body(), optional=("reason",)).get("reason", "")
    watched_words.remove(signed_in(), rule_id, reason)
    return "", 204


# --- crisis language while writing ------------------------------------------------------

@bp.post("/safety/crisis-check")
@limited(CHECKING_CRISIS_LANGUAGE)
def crisis_check():
    """For the composer: show crisis resources before someone posts, and
    offer a content warning for a post that touches a filter topic."""
    member()
    given = text_fields(json_body(), required=("text",), optional=("content_warning",))
    text = given["text"][:BODY_MAX]
    verdict = screening.detect_crisis(text)
    return jsonify(crisis=verdict.crisis, tier=verdict.tier,
                   notice=screening.crisis_notice(verdict.tier) if verdict.crisis else None,
                   suggested_warning=filters.suggestion(text, given.get("content_warning", ""), verdict))


# --- blocking ---------------------------------------------------------------------------

@bp.route("/users/<username>/block", methods=["PUT", "DELETE"])
def block_member(username: str):
    viewer = member()
    target = accounts.find_by_username(username)
    if target is None:
        raise NotFound("No such member.")
    blocks.set_blocked(viewer, target.id, request.method == "PUT")
    return "", 204
