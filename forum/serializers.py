"""Domain objects as the JSON API and real-time events present them. Both
layers use these; it lives outside either so neither depends on the other."""
from __future__ import annotations

from flask import url_for

from forum import clock
from forum.accounts import safety_plan as safety_plans
from forum.care.models import Conversation
from forum.community import anonymity
from forum.extensions import db
from forum.clock import isoformat
from forum.notifications import wording
from forum.settings import crisis_resources

FORMER_MEMBER = {"username": None, "display_name": "former member"}
# To a member, the moderation team writes as one.
TEAM = {"username": None, "display_name": "The moderation team"}


def author(user) -> dict:
    """A member as an author: `anonymity.ANONYMOUS` and None (a former member) name nobody."""
    if user is None:
        return dict(FORMER_MEMBER)
    if getattr(user, "anonymous", False):
        return dict(anonymity.ANONYMOUS_JSON)
    return {"username": user.username, "display_name": user.display_name}


def user(account, private: bool = False) -> dict:
    data = {
        "id": account.id,
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "status": account.status,
        "created_at": isoformat(account.created_at),
    }
    if private:
        data.update(email=account.email, bio=account.bio)
    return data


def public_profile(account) -> dict:
    return {
        "id": account.id,
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "bio": account.bio,
        "created_at": isoformat(account.created_at),
    }


def category(found) -> dict:
    return {
        "id": found.id,
        "slug": found.slug,
        "name": found.name,
        "description": found.description,
        "posting": found.posting,
        "archived": found.archived,
        "allow_anonymous": found.allow_anonymous,
        "thread_count": found.thread_count,
        "last_post_at": isoformat(found.last_post_at),
    }


def thread(found, pinned: bool, reading=None) -> dict:
    """`reading`: the caller's ThreadReading, adding their unread count and position."""
    return {
        "id": found.id,
        "title": found.title,
        "url": url_for("community.thread", thread_id=found.id),
        "author": author(anonymity.shown_author(found)),
        "anonymous": found.anonymous,
        "category": found.category.slug,
        "reply_count": found.reply_count,
        "created_at": isoformat(found.created_at),
        "last_post_at": isoformat(found.last_post_at),
        "pinned": pinned,
        "pin_scope": found.pinned_scope if pinned else None,
        "locked": found.locked,
        "slow_mode_seconds": found.slow_mode_seconds,
        "status": found.status,
        "content_warning": found.content_warning,
        **({} if reading is None else {"unread": reading.unread, "last_read_post_id": reading.last_read_post_id,
                                       "first_unread_post_id": reading.first_unread_post_id}),
    }


def post(view) -> dict:
    """A PostView: held, hidden, removed and withdrawn posts carry no text for readers."""
    found = view.post
    return {
        "id": found.id,
        "thread_id": found.thread_id,
        "position": found.position,
        "author": author(anonymity.shown_author(found)),
        "anonymous": found.anonymous,
        "body": found.body if view.show_text else "",
        "html": view.html,
        "created_at": isoformat(found.created_at),
        "edited_at": isoformat(found.edited_at),
        "status": found.status,
        "content_warning": found.content_warning,
        "reactions": dict(view.reactions),
        "my_reactions": sorted(view.my_reactions),
        "author_blocked": view.author_blocked,
        # The reader's own filters collapse it: why, never the words they muted.
        "filtered": {"reason": view.filtered} if view.filtered else None,
    }


def draft(found) -> dict:
    """A member's own draft: a reply to a thread, or a new thread in a category."""
    from forum.community import drafts

    return {
        "kind": "thread" if found.thread_id is not None else "category",
        "thread_id": found.thread_id,
        "category_id": found.category_id,
        "title": found.title,
        "body": found.body,
        "content_warning": found.content_warning,
        "updated_at": isoformat(found.updated_at),
        "expires_at": isoformat(drafts.expires_at(found)),
    }


def sanction(found) -> dict:
    return {
        "id": found.id,
        "user": {"id": found.user.id, "username": found.user.username},
        "kind": found.kind,
        "reason": found.reason,
        "until": isoformat(found.until),
        "created_at": isoformat(found.created_at),
        "lifted_at": isoformat(found.lifted_at),
    }


def review_hold(found) -> dict:
    return {
        "id": found.id,
        "user": {"id": found.user.id, "username": found.user.username},
        "reason": found.reason,
        "created_at": isoformat(found.created_at),
        "lifted_at": isoformat(found.lifted_at),
        "lifted_by": found.lifted_by.username if found.lifted_by else None,
        "lift_reason": found.lift_reason,
    }


def queue_item(details) -> dict:
    """A queue item with its post in context (text included: moderators only).
    A concern raised without naming a post has `post` and `thread` null."""
    from forum.community.queries import PostView

    found = details.item
    member = details.member
    # An anonymous post's author is found through the logged reveal, not here.
    anonymous = details.post is not None and details.post.anonymous
    return {
        "id": found.id,
        "kind": found.kind,
        "severity": found.severity,
        "tier": found.tier,
        "evidence": found.evidence or [],
        "score": found.score,
        "post": post(PostView(details.post, True)) if details.post is not None else None,
        "thread": {"id": details.thread.id, "title": details.thread.title,
                   "url": url_for("community.thread", thread_id=details.thread.id)} if details.thread else None,
        "conversation_id": found.conversation_id,
        "member": author(details.shown_member) if details.shown_member is not None else None,
        "anonymous": anonymous,
        "reasons": details.reasons,
        "notes": details.notes,
        "author_history": None if anonymous else {
            "flags_on_other_posts": details.author_flags,
            "sanctions": [sanction(s) for s in details.author_sanctions],
            "joined_at": isoformat(member.created_at) if member is not None else None,
        },
        "first_at": isoformat(found.first_at),
        "waiting_seconds": None if found.resolved_at else max(0, int((clock.now() - found.first_at).total_seconds())),
        "claimed_by": found.claimed_by.username if found.claimed_by else None,
        "overdue": details.overdue,
        "resolved_at": isoformat(found.resolved_at),
        "resolution": found.resolution,
        "outcome": found.resolution,
        "message": found.resolution_message or None,
    }


def conversation(found, item_id: int | None = None) -> dict:
    """A care conversation; `item_id` (the queue item moderators answer it
    from) only for the moderation team."""
    data = {
        "id": found.id,
        "about": found.about,
        "started_by": found.started_by,
        "post_id": found.post_id,
        "created_at": isoformat(found.created_at),
        "last_message_at": isoformat(found.last_message_at),
    }
    if item_id is not None:
        data.update(item_id=item_id, member=author(anonymity.shown_member(found)))
    return data



def care_message(found, for_team: bool) -> dict:
    """A message as the member sees it (the team speaks as one) or as the team
    does (who wrote each one)."""
    if found.from_team and not for_team:
        writer = dict(TEAM)
    elif found.from_team:
        writer = author(found.author)
    else:
        writer = author(anonymity.shown_member(db.session.get(Conversation, found.conversation_id)))
    return {
        "id": found.id,
        "conversation_id": found.conversation_id,
        "from": "team" if found.from_team else "member",
        "author": writer,
        "body": found.body,
        "created_at": isoformat(found.created_at),
    }


def log_entry(entry) -> dict:
    return {
        "id": entry.id,
        "actor": entry.actor_name,
        "action": entry.action,
        "target": {"type": entry.target_type, "id": entry.target_id},
        "reason": entry.reason,
        "details": entry.details,
        "created_at": isoformat(entry.created_at),
    }


def watched_word(rule) -> dict:
    return {"id": rule.id, "pattern": rule.pattern, "action": rule.action, "explanation": rule.explanation,
            "created_at": isoformat(rule.created_at)}


def flag(found) -> dict:
    return {"id": found.id, "post_id": found.post_id, "reason": found.reason, "note": found.note,
            "created_at": isoformat(found.created_at), "outcome": found.outcome}


def announcement(found, dismissed: bool = False) -> dict:
    return {"id": found.id, "title": found.title, "body": found.body, "html": found.html,
            "created_at": isoformat(found.created_at), "expires_at": isoformat(found.expires_at),
            "dismissed": dismissed}


def notification(found) -> dict:
    return {
        "id": found.id,
        "kind": found.kind,
        "actor": author(wording.actor(found)) if wording.actor(found) is not None else None,
        "thread_id": found.thread_id,
        "post_id": found.post_id,
        "conversation_id": found.conversation_id,
        "excerpt": found.excerpt,
        "message": wording.message(found),
        "text": wording.describe(found),
        "count": found.count,
        "created_at": isoformat(found.created_at),
        "read_at": isoformat(found.read_at),
    }


def crisis_resource(resource: dict) -> dict:
    """A crisis resource row; details staff left empty are null. `contact` and
    `url` are the human line and the best link, derived from the row, for
    clients that show one line and one link."""
    return {
        "name": resource["name"],
        **{detail: resource.get(detail) or None for detail in crisis_resources.DETAILS},
        "contact": crisis_resources.contact_line(resource),
        "url": crisis_resources.best_link(resource),
    }


def safety_plan(plan) -> dict:
    """A member's safety plan (or the empty one they haven't written): each section's text."""
    return {**{key: getattr(plan, key) if plan else "" for key in safety_plans.KEYS},
            "updated_at": isoformat(plan.updated_at) if plan else None}


def community(about) -> dict:
    """The community's public settings (a settings.PublicSettings); text with no
    value is null, lists with nothing in them are empty."""
    hours = about.moderated_hours
    return {
        "name": about.name,
        "description": about.description or None,
        "membership_mode": about.membership_mode,
        "join_questions": list(about.join_questions),
        "rules": {"markdown": about.rules, "html": about.rules_html},
        "crisis_resources": [crisis_resource(resource) for resource in about.crisis_resources],
        "moderated_hours": {"days": list(hours["days"]), "start": hours["start"], "end": hours["end"],
                            "timezone": hours["timezone"]},
    }


def push_subscription(found) -> dict:
    """A device with on-call alerts on. The endpoint itself is a secret of
    sorts (whoever has it can push to the device), so only its service shows."""
    return {"id": found.id, "label": found.label, "service": found.service,
            "created_at": isoformat(found.created_at), "last_used_at": isoformat(found.last_used_at)}
