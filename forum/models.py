"""Imports every model, so the metadata (and Alembic) sees the whole schema."""
from forum.accounts.models import ApiToken, Block, SafetyPlan, SignInSession, User  # noqa: F401
from forum.audit.models import LogEntry  # noqa: F401
from forum.care.models import CareMessage, Conversation, FollowUp  # noqa: F401
from forum.community.models import Category, Draft, Post, PostRevision, Reaction, ReadPosition, Thread  # noqa: F401
from forum.membership.models import Application  # noqa: F401
from forum.moderation.models import Flag, MemberNote, QueueItem, Sanction  # noqa: F401
from forum.safety.models import CrisisPanel, WatchedWord  # noqa: F401
from forum.notifications.models import Notification, ThreadSubscription  # noqa: F401
from forum.oncall.models import PushSubscription  # noqa: F401
from forum.settings.models import CommunitySetting  # noqa: F401
from forum.staff.models import Announcement, AnnouncementDismissal  # noqa: F401
from forum.memorials.models import Memorial, MemorialCheck  # noqa: F401
from forum.revisions import Revision  # noqa: F401  (and the listener that moves revisions)
