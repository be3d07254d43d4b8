"""Every permission question Hearth asks, answered in one place.

Views, the JSON API, Socket.IO handlers and templates all ask these functions;
none of them re-states a rule. A check returns a `Verdict`, which is truthy
when allowed and otherwise carries the error to report, so a template can say
`{% if can.reply(thread) %}` and a service can `require(...)` the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import and_, or_, true

from forum import clock
from forum.errors import Conflict, DomainError, NotAllowed, NotFound, NotSignedIn

READING_STATUSES = frozenset({"active", "muted"})
POSTS_HIDDEN_FROM_READERS = frozenset({"pending", "hidden", "removed", "withdrawn", "rejected"})
# How long an author may take back the withdrawal of their post.
UNDO_WITHDRAW_SECONDS = 10


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    error: type[DomainError] = NotAllowed
    code: str = "forbidden"
    message: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Verdict(True)

# Every check below that takes the viewer first, by name: templates reach them
# as `can.<name>(...)` through `Permissions`, so there is no second list.
RULES: dict[str, Callable[..., Verdict | bool]] = {}


def rule(check):
    RULES[check.__name__] = check
    return check


def deny(code: str, message: str, error: type[DomainError] = NotAllowed) -> Verdict:
    return Verdict(False, error, code, message)


def require(verdict: Verdict) -> None:
    """Raise the verdict's error when it does not allow."""
    if not verdict:
        raise verdict.error(verdict.message, code=verdict.code)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_moderator(user) -> bool:
    return _signed_in(user) and user.role in {"moderator", "staff"} and user.status == "active"


def is_staff(user) -> bool:
    return _signed_in(user) and user.role == "staff" and user.status == "active"


# --- membership ---------------------------------------------------------------

@rule
def read_community(user) -> Verdict:
    """Approved members (muted ones too) read the community; nobody else does."""
    if not _signed_in(user):
        return deny("unauthenticated", "Sign in to read the community.", NotSignedIn)
    if user.status == "pending":
        return deny("pending_approval", "Your application is waiting for approval.")
    if user.status not in READING_STATUSES:
        return deny("account_" + user.status, f"Your account is {user.status}.")
    return ALLOW


@rule
def write(user) -> Verdict:
    verdict = read_community(user)
    if not verdict:
        return verdict
    if user.status == "muted":
        return deny("muted", "You are muted for now and can read but not write.")
    return ALLOW


def _member_who(user, qualifies, message: str) -> Verdict:
    """Readers of the community who also meet a role test."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    return ALLOW if qualifies(user) else deny("forbidden", message)


@rule
def decide_membership(user) -> Verdict:
    return _member_who(user, is_moderator, "Only moderators and staff decide applications.")


@rule
def manage_roles(user) -> Verdict:
    return _member_who(user, is_staff, "Only staff change roles.")


@rule
def manage_community(user) -> Verdict:
    """Community settings, watched words, categories: staff."""
    return _member_who(user, is_staff, "Only staff change community settings.")


@rule
def view_insights(user) -> Verdict:
    """Community and safety figures: staff (they show every member's activity in aggregate)."""
    return _member_who(user, is_staff, "Only staff see the community's insights.")


@rule
def moderate(user) -> Verdict:
    return _member_who(user, is_moderator, "Only moderators and staff can do this.")


@rule
def receive_crisis_alerts(user) -> Verdict:
    """On-call alerts off the site about urgent crisis items: whoever may act on them."""
    return _member_who(user, is_moderator, "Only moderators and staff receive on-call alerts.")


def crisis_alert_recipients_clause(user_model):
    """The SQL form of `receive_crisis_alerts`, to find who to alert."""
    return and_(user_model.role.in_(("moderator", "staff")), user_model.status == "active")


@rule
def sanction(user, target) -> Verdict:
    """Moderators sanction members; only staff sanction moderators; nobody
    sanctions staff or themselves."""
    verdict = _member_who(user, is_moderator, "Only moderators and staff apply sanctions.")
    if not verdict:
        return verdict
    if target.id == user.id:
        return deny("own_account", "You can't sanction your own account.")
    if target.role == "staff" or (target.role == "moderator" and not is_staff(user)):
        return deny("forbidden", f"A {user.role} can't sanction a {target.role}.")
    if target.status == "closed":
        return deny("account_closed", "This account is closed: there is no one to sanction.", Conflict)
    return ALLOW


@rule
def issue_password_reset(user, target) -> Verdict:
    """Staff hand a one-time reset link to a member who has no email, or whose
    email doesn't reach them; never for their own account (they change it)."""
    verdict = _member_who(user, is_staff, "Only staff issue password reset links.")
    if not verdict:
        return verdict
    if target.id == user.id:
        return deny("own_account", "Change your own password from your account page.")
    if target.status == "closed":
        return deny("account_closed", "This account is closed.", Conflict)
    if target.role == "staff":
        # A link signs its holder in: one staff member must not become another.
        return deny("staff_account", "Staff reset their own passwords from the sign-in page.")
    return ALLOW


@rule
def keep_safety_plan(user) -> Verdict:
    """A safety plan is a member's own and private to them: each member reads
    and writes their own, and nobody else's exists for anyone. Moderator and
    staff accounts, which act for the community, keep none; to them the page
    is not found, so it never looks like a door to members' plans."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    if user.role != "member":
        return deny("not_found", "There's nothing here.", NotFound)
    return ALLOW


# --- when a member dies ---------------------------------------------------------

@rule
def keep_memorials(user) -> Verdict:
    """Memorials (opening one, its checklist, who may be at risk) are staff's:
    they speak for the community, know the family's wishes and carry the care."""
    return _member_who(user, is_staff, "Only staff open and look after memorials.")


@rule
def open_memorial(user, member) -> Verdict:
    verdict = keep_memorials(user)
    if not verdict:
        return verdict
    if member.id == user.id:
        return deny("own_account", "You can't open a memorial for your own account.")
    return ALLOW


@rule
def close_account(user, member) -> Verdict:
    """Staff close the account of a member who died: nobody signs in to it
    again, and what they wrote stays. Not a sanction, and not a deletion."""
    verdict = keep_memorials(user)
    if not verdict:
        return verdict
    if member.id == user.id:
        return deny("own_account", "You can't close your own account this way.")
    if member.status == "closed":
        return deny("already_closed", "This account is already closed.", Conflict)
    return ALLOW


# --- threads and posts --------------------------------------------------------

@rule
def read_thread(user, thread) -> Verdict:
    """A thread whose opening post is held or hidden is seen only by its author
    and moderators; to everyone else it does not exist (404, not 403)."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    if open_to_every_reader(thread) or is_moderator(user) or thread.author_id == user.id:
        return ALLOW
    return deny("not_found", "No such thread.", NotFound)


def open_to_every_reader(thread) -> bool:
    """A thread every member may read: its live events can go to the whole room."""
    return thread.status == "visible"


def readable_threads_clause(user, thread_model):
    """The SQL form of `read_thread` for lists and search."""
    if is_moderator(user):
        return true()
    return or_(thread_model.status == "visible", thread_model.author_id == user.id)


def readable_posts_clause(user, post_model, thread_model):
    """The SQL form of `read_thread` and `see_post_text` together, for search:
    a post is found by whoever may read its thread and see its text. In the
    threads they can read, members find published posts and their own posts
    whatever their status; moderators and staff find everything."""
    if is_moderator(user):
        return true()
    return and_(readable_threads_clause(user, thread_model),
                or_(post_model.status.not_in(sorted(POSTS_HIDDEN_FROM_READERS)), post_model.author_id == user.id))


@rule
def start_thread(user, category) -> Verdict:
    verdict = write(user)
    if not verdict:
        return verdict
    if category.archived:
        return deny("category_archived", "This category is archived and read-only.")
    if category.posting == "staff" and not is_staff(user):
        return deny("staff_only", "Only staff start threads here.")
    return ALLOW


@rule
def reply(user, thread) -> Verdict:
    verdict = write(user)
    if not verdict:
        return verdict
    verdict = read_thread(user, thread)
    if not verdict:
        return verdict
    if thread.category.archived:
        return deny("category_archived", "This category is archived and read-only.")
    if thread.locked and not is_moderator(user):
        return deny("thread_locked", "This thread is locked.", Conflict)
    return ALLOW


@rule
def post_anonymously(user, category) -> Verdict:
    """Posting as "Anonymous member", where staff allow it in the category
    (the rest of posting's rules apply as well)."""
    verdict = write(user)
    if not verdict:
        return verdict
    if not category.allow_anonymous:
        return deny("anonymous_not_allowed", "Anonymous posts aren't allowed in this category.")
    return ALLOW


@rule
def reveal_author(user, post) -> Verdict:
    """Moderators and staff may find out who wrote an anonymous post; each
    time is logged (forum/community/anonymity.py)."""
    verdict = _member_who(user, is_moderator, "Only moderators and staff can see who wrote an anonymous post.")
    if not verdict:
        return verdict
    if not post.anonymous:
        return deny("not_anonymous", "This post isn't anonymous: its author is named on it.", Conflict)
    return ALLOW


@rule
def see_post_text(user, post) -> bool:
    """Readers see a placeholder for held, hidden, removed and withdrawn posts;
    the author and moderators still see the text."""
    if post.status not in POSTS_HIDDEN_FROM_READERS:
        return True
    return _signed_in(user) and (post.author_id == user.id or is_moderator(user))


@rule
def edit_post(user, post) -> Verdict:
    verdict = write(user)
    if not verdict:
        return verdict
    if is_moderator(user) and post.status != "withdrawn":
        return ALLOW
    if post.author_id != user.id:
        return deny("not_author", "Only the author or a moderator can edit this post.")
    if post.status in {"removed", "withdrawn", "rejected"}:
        return deny("post_closed", f"This post was {post.status} and can no longer be edited.", Conflict)
    if post.thread.locked:
        return deny("thread_locked", "This thread is locked.", Conflict)
    return ALLOW


@rule
def withdraw_post(user, post) -> Verdict:
    verdict = read_community(user)
    if not verdict:
        return verdict
    if post.author_id != user.id:
        return deny("not_author", "Only the author can withdraw a post.")
    if post.status in {"withdrawn", "removed"}:
        return deny("post_closed", f"This post was already {post.status}.", Conflict)
    return ALLOW


@rule
def undo_withdraw(user, post) -> Verdict:
    """The author changed their mind within a few seconds of withdrawing."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    if post.author_id != user.id:
        return deny("not_author", "Only the author can undo withdrawing a post.")
    if post.status != "withdrawn" or post.withdrawn_at is None:
        return deny("not_withdrawn", "This post isn't withdrawn.", Conflict)
    if (clock.now() - post.withdrawn_at).total_seconds() > UNDO_WITHDRAW_SECONDS:
        return deny("too_late", "It's too late to undo: the post stays withdrawn.", Conflict)
    return ALLOW


@rule
def remove_post(user, post) -> Verdict:
    if not is_moderator(user):
        return deny("forbidden", "Only moderators remove posts.")
    if post.status == "removed":
        return deny("post_closed", "This post was already removed.", Conflict)
    return ALLOW


@rule
def react(user, post) -> Verdict:
    verdict = write(user)
    if not verdict:
        return verdict
    if post.status != "visible":
        return deny("post_unavailable", "You can only react to a published post.", Conflict)
    if post.author_id == user.id:
        return deny("own_post", "You can't react to your own post.")
    return ALLOW


@rule
def flag(user, post) -> Verdict:
    """Any reading member may flag someone else's post (muted members too:
    worry for someone is not speech that a mute should stop)."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    if post.author_id == user.id:
        return deny("own_post", "You can't flag your own post; you can edit or withdraw it.")
    if post.status in {"removed", "withdrawn", "rejected"}:
        return deny("post_unavailable", "This post is no longer shown.", Conflict)
    return ALLOW


# --- care conversations ---------------------------------------------------------

@rule
def talk_to_moderators(user) -> Verdict:
    """Any reading member may write to the moderation team, muted ones too: a
    mute stops speaking in the community, never asking for help."""
    return read_community(user)


@rule
def take_part_in_conversation(user, conversation) -> Verdict:
    """A care conversation is between its member and the moderation team: they
    read it and answer in it. To anyone else it does not exist (404, not 403)."""
    verdict = read_community(user)
    if not verdict:
        return verdict
    if conversation.member_id == user.id or is_moderator(user):
        return ALLOW
    return deny("not_found", "No such conversation.", NotFound)


class Permissions:
    """The policy bound to one viewer, for templates: `can.reply(thread)`."""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, name: str):
        check = RULES[name]
        return lambda *args: check(self.user, *args)
