"""Announcements: staff write them; every member sees them until they expire,
are withdrawn, or the member dismisses them."""
from __future__ import annotations

from datetime import datetime

from forum import caching, clock, events, policy
from forum.audit import log, reasons
from forum.content import markdown
from forum.errors import NotFound, invalid
from forum.extensions import db
from forum.staff.models import Announcement, AnnouncementDismissal

TITLE_MAX, BODY_MAX = 160, 5000


def create(actor, title, body, expires_at: datetime | None = None) -> Announcement:
    policy.require(policy.manage_community(actor))
    title = " ".join(title.split()) if isinstance(title, str) else ""
    body = body.strip() if isinstance(body, str) else ""
    fields = {}
    if not 3 <= len(title) <= TITLE_MAX:
        fields["title"] = f"Titles are 3 to {TITLE_MAX} characters."
    if not body or len(body) > BODY_MAX:
        fields["body"] = f"Write 1 to {BODY_MAX:,} characters."
    if expires_at is not None and expires_at <= clock.now():
        fields["expires_at"] = "Choose a time in the future."
    if fields:
        raise invalid(fields)
    announcement = Announcement(title=title, body=body, html=markdown.render(body), expires_at=expires_at,
                                created_by_id=actor.id)
    db.session.add(announcement)
    db.session.flush()
    log.record(actor, "announcement_posted", "announcement", announcement.id, "", title=title)
    events.publish("announcement_created", announcement_id=announcement.id)
    events.commit()
    return announcement


def withdraw(actor, announcement_id: int, reason="") -> None:
    policy.require(policy.manage_community(actor))
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None or announcement.withdrawn_at is not None:
        raise NotFound("No such announcement.")
    announcement.withdrawn_at = clock.now()
    log.record(actor, "announcement_withdrawn", "announcement", announcement.id, reasons.reason(reason, None))
    events.publish("announcement_withdrawn", announcement_id=announcement.id)
    events.commit()


def dismiss(member, announcement_id: int) -> None:
    policy.require(policy.read_community(member))
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None:
        raise NotFound("No such announcement.")
    if db.session.get(AnnouncementDismissal, (announcement_id, member.id)) is None:
        db.session.add(AnnouncementDismissal(announcement_id=announcement_id, user_id=member.id))
        events.commit()


def _active_query(now):
    return db.select(Announcement).where(
        Announcement.withdrawn_at.is_(None),
        (Announcement.expires_at.is_(None)) | (Announcement.expires_at > now))


def active() -> list[Announcement]:
    return list(db.session.scalars(_active_query(clock.now()).order_by(Announcement.id.desc())))


# (id, expires_at) of every active announcement: most pages have none to show.
_active_ends = caching.Region("active_announcements", seconds=60, size=1,
                              forget_on={"announcement_created": None, "announcement_withdrawn": None})


def active_ids() -> tuple[int, ...]:
    ends = _active_ends.get(None, lambda: tuple(map(tuple, db.session.execute(
        _active_query(clock.now()).with_only_columns(Announcement.id, Announcement.expires_at)))))
    now = clock.now()
    return tuple(announcement_id for announcement_id, expires_at in ends if expires_at is None or expires_at > now)


def banners_for(member) -> list[Announcement]:
    """Active announcements this member hasn't dismissed: no query while none
    is active, one otherwise."""
    if not policy.read_community(member) or not active_ids():
        return []
    dismissed = db.select(AnnouncementDismissal.announcement_id).where(AnnouncementDismissal.user_id == member.id)
    query = _active_query(clock.now()).where(Announcement.id.not_in(dismissed)).order_by(Announcement.id.desc())
    return list(db.session.scalars(query.limit(3)))


def past(limit: int = 100) -> list[Announcement]:
    query = db.select(Announcement).where(Announcement.withdrawn_at.is_(None)).order_by(Announcement.id.desc())
    return list(db.session.scalars(query.limit(limit)))
