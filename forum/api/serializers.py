"""Domain objects as the API (and real-time events) present them."""
from __future__ import annotations

from flask import url_for

from forum.clock import isoformat

FORMER_MEMBER = {"username": None, "display_name": "former member"}


def author(user) -> dict:
    if user is None:
        return dict(FORMER_MEMBER)
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
        "thread_count": found.thread_count,
        "last_post_at": isoformat(found.last_post_at),
    }


def thread(found, pinned: bool) -> dict:
    return {
        "id": found.id,
        "title": found.title,
        "url": url_for("community.thread", thread_id=found.id),
        "author": author(found.author),
        "category": found.category.slug,
        "reply_count": found.reply_count,
        "created_at": isoformat(found.created_at),
        "last_post_at": isoformat(found.last_post_at),
        "pinned": pinned,
        "pin_scope": found.pinned_scope if pinned else None,
        "locked": found.locked,
        "status": found.status,
        "content_warning": found.content_warning,
    }


def post(view) -> dict:
    """A PostView: held, hidden, removed and withdrawn posts carry no text for readers."""
    found = view.post
    return {
        "id": found.id,
        "thread_id": found.thread_id,
        "position": found.position,
        "author": author(found.author),
        "body": found.body if view.show_text else "",
        "html": view.html,
        "created_at": isoformat(found.created_at),
        "edited_at": isoformat(found.edited_at),
        "status": found.status,
        "content_warning": found.content_warning,
        "reactions": dict(view.reactions),
        "my_reactions": sorted(view.my_reactions),
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
