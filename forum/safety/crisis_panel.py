"""The crisis panel: help where the writer is looking.

After a post that speaks of crisis, its writer sees a calm panel directly
under it on the thread page (the redirect lands on it and it takes focus):
that people care, what happens next, their own safety plan when they have
one, and the crisis resources. It stays there for them, on every visit to
the thread, for a day after the post, unless they close it. Nobody else sees
it. It is read from the database, so it survives reloads, other tabs and
devices.
"""
from __future__ import annotations

from datetime import timedelta

from forum import caching, clock, events
from forum.community.models import Post, Thread
from forum.extensions import db
from forum.safety.crisis import Verdict
from forum.safety.models import CrisisPanel

SHOWN_FOR = timedelta(hours=24)
ANCHOR = "crisis-help"


def remember(author, post: Post, verdict: Verdict) -> None:
    """After a crisis post, keep help in front of its writer; the caller
    commits. Panels past their day are cleared out here: they serve nothing."""
    if not verdict.crisis:
        return
    now = clock.now()
    db.session.execute(db.delete(CrisisPanel).where(CrisisPanel.created_at < now - SHOWN_FOR))
    db.session.add(CrisisPanel(user_id=author.id, post_id=post.id, created_at=now))


def _open_for(viewer, thread: Thread):
    return (db.select(CrisisPanel)
            .join(Post, Post.id == CrisisPanel.post_id)
            .where(CrisisPanel.user_id == viewer.id, Post.thread_id == thread.id,
                   CrisisPanel.dismissed_at.is_(None), CrisisPanel.created_at >= clock.now() - SHOWN_FOR))


# Keyed by the member's page revision, which every new or closed panel of
# theirs moves (forum/revisions.py): an entry can't outlive what it describes.
_latest_open = caching.Region("crisis_panel_opened", seconds=3600, size=4096)


def any_open(viewer) -> bool:
    """Whether the viewer has a panel open on any thread."""
    opened = _latest_open.get((viewer.id, viewer.page_revision), lambda: db.session.scalar(
        db.select(db.func.max(CrisisPanel.created_at)).where(
            CrisisPanel.user_id == viewer.id, CrisisPanel.dismissed_at.is_(None))))
    return opened is not None and opened >= clock.now() - SHOWN_FOR


def shown_to(viewer, thread: Thread) -> CrisisPanel | None:
    """The panel this viewer sees on this thread: under their latest crisis
    post here of the last day that they haven't closed; None for anyone else."""
    if not getattr(viewer, "is_authenticated", False) or not any_open(viewer):
        return None
    return db.session.scalar(_open_for(viewer, thread).order_by(CrisisPanel.created_at.desc()).limit(1))


def moderators_told(panel: CrisisPanel) -> bool:
    """Whether the post under the panel reached the moderation queue: staff may
    send concern-tier posts to no one but the writer (resources only), and the
    panel must not promise a moderator then."""
    from forum.moderation.models import QueueItem

    return db.session.scalar(db.select(QueueItem.id).where(QueueItem.post_id == panel.post_id).limit(1)) is not None


def dismiss(viewer, thread: Thread) -> int | None:
    """The viewer closes the help on this thread; a later crisis post brings
    it back. Returns the post it was under, to take them back there."""
    panels = list(db.session.scalars(_open_for(viewer, thread).order_by(CrisisPanel.created_at)))
    for panel in panels:
        panel.dismissed_at = clock.now()
    events.commit()
    return panels[-1].post_id if panels else None


def of_member(user) -> list[CrisisPanel]:
    """Every panel kept for this member, for their data export."""
    return list(db.session.scalars(db.select(CrisisPanel).where(CrisisPanel.user_id == user.id)
                                   .order_by(CrisisPanel.id)))
