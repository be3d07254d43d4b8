"""What a notification says, in one line a person can read: the list, live
updates, the API and emails all use these words."""
from __future__ import annotations

from forum.community import anonymity
from forum.notifications.models import CARE_MESSAGE, Notification

REACTION_WORDS = {"support": "sent support", "me_too": "said me too", "hope": "sent hope"}
# What the out-of-hours protection did, said without blame: nobody decided
# against the member, a moderator will look.
PROTECTION_WORDS = {
    "out_of_hours_hidden": "Your post is waiting for a moderator to look at it",
    "review_hold_placed": "For now, your new posts wait for a moderator before they appear",
    "review_hold_lifted": "A moderator has looked: your new posts appear straight away again",
}
# What moderators did with a post, said to its author; never the bare action name.
MODERATION_WORDS = {
    "dismiss": "Moderators looked at your post, and it stays up",
    "approve": "Your post was approved and is published now",
    "hide": "Moderators hid your post",
    "remove": "Moderators removed your post",
    "reject": "Moderators didn't publish your post",
}
# About a memorial thread: nobody is named outside it, nor its title or words shown.
MEMORIAL_WORDS = {"reply": "A reply in a memorial thread", "quote": "Someone quoted you in a memorial thread",
                  "mention": "Someone mentioned you in a memorial thread"}
QUOTED_MAX = 200
# `detail` of a reply, quote or mention notification about an anonymous post.
ANONYMOUS_DETAIL = "anonymous"


def actor(notification: Notification):
    """Who the notification names: a member, "Anonymous member" for an
    anonymous post (whose author is never stored on it), or None."""
    if notification.detail == ANONYMOUS_DETAIL:
        return anonymity.ANONYMOUS
    return notification.actor if notification.actor_id else None


def headline(notification: Notification) -> str:
    """The line without anyone's words: what an email subject may say, since
    mailboxes are no place for health information."""
    who = actor(notification).display_name if actor(notification) is not None else "Someone"
    if notification.kind == "reaction":
        label = REACTION_WORDS.get(notification.detail, "reacted")
        people = f"{notification.count} people" if notification.count > 1 else who
        return f"{people} {label} on your post"
    if notification.detail == "memorial" and notification.kind in MEMORIAL_WORDS:
        return MEMORIAL_WORDS[notification.kind]
    if notification.kind == "moderation" and notification.detail in PROTECTION_WORDS:
        return PROTECTION_WORDS[notification.detail]
    return {
        "reply": f"{who} replied in your thread",
        "quote": f"{who} quoted you",
        "mention": f"{who} mentioned you",
        "moderation": MODERATION_WORDS.get(notification.detail, "Moderators reviewed your post"),
        "membership": "Your membership was approved. Welcome!",
        CARE_MESSAGE: "The moderation team wrote to you",
    }.get(notification.kind, notification.kind)


def message(notification: Notification) -> str | None:
    """The moderators' own words to the member, when the notification carries
    them: the team writing, or what a moderator said about the member's post."""
    carries = notification.kind == CARE_MESSAGE or (notification.kind == "moderation"
                                                     and notification.detail in MODERATION_WORDS)
    return notification.excerpt if carries and notification.excerpt else None


def describe(notification: Notification) -> str:
    """One line a person can read, as the list and live updates show it: with
    the moderators' words, when there are some."""
    words = message(notification)
    if words is None:
        return headline(notification)
    quoted = words if len(words) <= QUOTED_MAX else words[:QUOTED_MAX - 1].rstrip() + "…"
    return f"{headline(notification)}: “{quoted}”"
