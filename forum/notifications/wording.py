"""What a notification says, in one line a person can read: the list, live
updates, the API and emails all use these words."""
from __future__ import annotations

from forum.notifications.models import Notification

REACTION_WORDS = {"support": "sent support", "me_too": "said me too", "hope": "sent hope"}
# What the out-of-hours protection did, said without blame: nobody decided
# against the member, a moderator will look.
PROTECTION_WORDS = {
    "out_of_hours_hidden": "Your post is waiting for a moderator to look at it",
    "review_hold_placed": "For now, your new posts wait for a moderator before they appear",
    "review_hold_lifted": "A moderator has looked: your new posts appear straight away again",
}


def describe(notification: Notification) -> str:
    """One line a person can read, as the list and emails show it."""
    who = notification.actor.display_name if notification.actor else "Someone"
    if notification.kind == "reaction":
        label = REACTION_WORDS.get(notification.detail, "reacted")
        people = f"{notification.count} people" if notification.count > 1 else who
        return f"{people} {label} on your post"
    if notification.kind == "moderation" and notification.detail in PROTECTION_WORDS:
        return PROTECTION_WORDS[notification.detail]
    return {
        "reply": f"{who} replied in your thread",
        "quote": f"{who} quoted you",
        "mention": f"{who} mentioned you",
        "moderation": f"Moderators reviewed your post: {notification.detail}",
        "membership": "Your membership was approved. Welcome!",
    }.get(notification.kind, notification.kind)

