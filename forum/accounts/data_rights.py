"""A member's data rights: take everything stored about them, or leave.

The export holds the member's own data and what they could read anyway
(thread titles and ids around their posts), nothing else about other people.
Deleting an account removes the person: their posts stay as "former member"
unless they ask for them to be erased too; their conversations with the
moderation team go with them.
"""
from __future__ import annotations

from forum import events, policy, serializers
from forum.accounts import passwords, preferences, safety_plan
from forum.accounts.models import ApiToken, User
from forum.care import conversations
from forum.clock import isoformat
from forum.community import drafts, reading
from forum.community import status as post_status
from forum.community.models import Post, PostRevision, Reaction
from forum.errors import Conflict, invalid
from forum.extensions import db
from forum.membership.models import Application
from forum.memorials import service as memorials
from forum.moderation.models import Flag, ReviewHold, Sanction
from forum.safety import crisis_panel
from forum.notifications.models import Notification, ThreadSubscription
from forum.oncall import devices as alert_devices
from forum.staff.models import AnnouncementDismissal


def export(user: User) -> dict:
    posts = db.session.scalars(db.select(Post).where(Post.author_id == user.id).order_by(Post.id)).all()
    revisions: dict[int, list] = {}
    for revision in db.session.scalars(db.select(PostRevision).where(
            PostRevision.post_id.in_([p.id for p in posts])).order_by(PostRevision.id)):
        revisions.setdefault(revision.post_id, []).append(
            {"body": revision.body, "written_at": isoformat(revision.written_at),
             "replaced_at": isoformat(revision.replaced_at)})
    application = db.session.scalar(db.select(Application).where(Application.user_id == user.id))
    return {
        "profile": {
            "id": user.id, "username": user.username, "display_name": user.display_name, "email": user.email,
            "bio": user.bio, "role": user.role, "status": user.status, "created_at": isoformat(user.created_at),
            "approved_at": isoformat(user.approved_at), "welcome_dismissed_at": isoformat(user.welcome_dismissed_at),
        },
        "application": None if application is None else {
            "answers": application.answers, "decision": application.decision,
            "decision_reason": application.decision_reason, "created_at": isoformat(application.created_at)},
        "posts": [{
            "id": post.id, "thread_id": post.thread_id, "thread_title": post.thread.title, "body": post.body,
            "status": post.status, "content_warning": post.content_warning, "anonymous": post.anonymous,
            "created_at": isoformat(post.created_at), "edited_at": isoformat(post.edited_at),
            "history": revisions.get(post.id, []),
        } for post in posts],
        "reactions": [{"post_id": r.post_id, "kind": r.kind, "created_at": isoformat(r.created_at)}
                      for r in db.session.scalars(db.select(Reaction).where(Reaction.user_id == user.id))],
        "flags": [{"post_id": f.post_id, "reason": f.reason, "note": f.note, "outcome": f.outcome,
                   "created_at": isoformat(f.created_at)}
                  for f in db.session.scalars(db.select(Flag).where(Flag.user_id == user.id))],
        "notifications": [{"kind": n.kind, "thread_id": n.thread_id, "post_id": n.post_id, "excerpt": n.excerpt,
                           "created_at": isoformat(n.created_at), "read_at": isoformat(n.read_at),
                           "delivered_at": isoformat(n.delivered_at)}
                          for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id))],
        "sanctions": [{"kind": s.kind, "reason": s.reason, "until": isoformat(s.until),
                       "created_at": isoformat(s.created_at), "lifted_at": isoformat(s.lifted_at)}
                      for s in db.session.scalars(db.select(Sanction).where(Sanction.user_id == user.id))],
        "review_holds": [{"reason": h.reason, "created_at": isoformat(h.created_at),
                          "lifted_at": isoformat(h.lifted_at)}
                         for h in db.session.scalars(db.select(ReviewHold).where(ReviewHold.user_id == user.id))],
        "settings": preferences.of(user),
        "safety_plan": serializers.safety_plan(plan) if (plan := safety_plan.stored(user)) else None,
        "crisis_panels": [{"post_id": panel.post_id, "shown_from": isoformat(panel.created_at),
                           "closed_at": isoformat(panel.dismissed_at)} for panel in crisis_panel.of_member(user)],
        "read_positions": reading.export(user),
        "thread_subscriptions": [{"thread_id": s.thread_id, "level": s.level} for s in db.session.scalars(
            db.select(ThreadSubscription).where(ThreadSubscription.user_id == user.id))],
        "api_tokens": [{"label": t.label, "created_at": isoformat(t.created_at),
                        "last_used_at": isoformat(t.last_used_at)}
                       for t in db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id))],
        "dismissed_announcements": list(db.session.scalars(db.select(AnnouncementDismissal.announcement_id).where(
            AnnouncementDismissal.user_id == user.id))),
        "conversations_with_moderators": conversations.export(user),
        # Replies and threads being written: the member's own words, not yet posted.
        "drafts": [serializers.draft(draft) for draft in drafts.of_member(user)],
        # Staff: the memorial checklist items they ticked (forum/memorials), and memorials they opened.
        "memorial_checks": memorials.export(user),
        "alert_devices": [{"label": d.label, "service": d.service, "created_at": isoformat(d.created_at),
                           "last_used_at": isoformat(d.last_used_at)} for d in alert_devices.of_member(user)],
    }


def delete_account(user: User, password, erase_posts: bool = False) -> None:
    """After re-entering the password: sessions, tokens and sockets end at once;
    the person's data is gone; posts stay as "former member" or are erased."""
    if not isinstance(password, str) or not passwords.verify(user.password_hash, password):
        raise invalid({"password": "That is not your password."})
    if policy.is_staff(user):
        staff_left = db.session.scalar(db.select(db.func.count()).select_from(User).where(
            User.role == "staff", User.status == "active", User.id != user.id))
        if not staff_left:
            raise Conflict("The last staff account can't be deleted; make someone else staff first.",
                           code="last_staff")
    posts = db.session.scalars(db.select(Post).where(Post.author_id == user.id)).all()
    for post in posts:
        if erase_posts:
            db.session.execute(db.delete(PostRevision).where(PostRevision.post_id == post.id))
            post.body, post.html, post.content_warning = "", "", ""
            if post.status == "visible":
                post_status.change(post, "withdrawn")
            else:  # already off the page; its erased words leave every derived copy too
                events.publish("post_hidden", thread_id=post.thread_id, post_id=post.id)
        post.author_id = None
    conversations.forget(user)
    drafts.forget(user)
    events.publish("sessions_ended", user_id=user.id)
    db.session.delete(user)
    events.commit()
