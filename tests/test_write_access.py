"""Every state-changing route, page and API, against every role and status.

Generated from the URL map: a new POST, PUT, PATCH or DELETE route fails
`test_every_write_route_is_classified` until someone writes down who may use
it and what it changes. Each viewer runs every write once, in an order that
keeps earlier writes from getting in the way of later ones (sign-out and
account deletion last), with a valid body. Around each request a probe reads
the state the write acts on: "allowed" means the write went through and changed
it as it should; a refused or denied write leaves it as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from forum.accounts.models import ApiToken, Block, SafetyPlan, SignInSession, User
from forum.audit.models import LogEntry
from forum.care.models import CareMessage, Conversation
from forum.community.models import Category, Draft, Post, Reaction, ReadPosition, Thread
from forum.extensions import db
from forum.memorials.models import Memorial, MemorialCheck
from forum.moderation.models import Flag, MemberNote, QueueItem, ReviewHold, Sanction
from forum.notifications.models import Notification, ThreadSubscription
from forum.oncall.models import PushSubscription
from forum.safety.models import CrisisPanel, WatchedWord
from forum.settings.models import CommunitySetting
from forum.staff.models import Announcement, AnnouncementDismissal
from tests import probe
from tests.conftest import ANSWERS, PASSWORD, Api, application_form
from tests.routes import fill, write_rules
from tests.viewers import (
    EVERYONE, MODS, NOBODY, READERS, SIGNED_IN_ANY, SIGNED_OUT, STAFF, VIEWERS, WRITERS, api_for, refusal,
    session_for,
)

SETTINGS_DESCRIPTION = "A place the access tests described."
# A member's own safety plan: moderator and staff accounts keep none, and find nothing there.
OWN_SAFETY_PLAN = READERS - {"moderator", "staff"}
NO_SAFETY_PLAN = (("moderator", "404"), ("staff", "404"))
# A browser's push subscription keys (a P-256 public key and a 16-byte secret), as a page would send them.
PUSH_KEYS = {"p256dh": "BLU-cAgudWFMT_AtVhZVFnPTx5Gb1PxpIAN9JLoHn_QtMDswyF9HTMFKPLP9ZTqbADRLdCWQ4dlXhhfQKJOprg8",
             "auth": "c2l4dGVlbiBieXRlcyEhIQ"}
GOES_THROUGH = {"done", "waiting"}


@dataclass(frozen=True)
class Write:
    path: str
    allowed: set[str]
    body: dict | str | None = None
    # Lower runs first; writes that end the session or the account run last.
    order: int = 0
    # What an allowed viewer gets: "done"; "waiting" for an application; or
    # "refused"/"404" where the request is deliberately one the rules turn down
    # after letting the viewer in (then nothing changes).
    when_allowed: str = "done"
    # Denials that aren't the usual ones for that viewer.
    denied_as: tuple[tuple[str, str], ...] = ()
    # The state it acts on, read before and after (tests/probe.py). Every write has one.
    changes: probe.Probe | None = None


@dataclass(frozen=True)
class Id:
    """An id from the world that a JSON body sends as a number."""

    name: str


# (endpoint, method) → the write. Paths, bodies and probes use the ids `write_world`
# makes, and the viewer's own: {kind}, {me}, {my_name}, {spare_token}, {notification}.
WRITES: dict[tuple[str, str], Write] = {
    # --- accounts ---
    ("accounts.sign_in", "POST"): Write(
        "/sign-in", EVERYONE, {"username": "nobody_here", "password": "x" * 12}, order=11, when_allowed="refused",
        changes=probe.count(SignInSession)),
    # After signing out (order 10) everyone may apply, and waits for approval.
    ("accounts.apply", "POST"): Write(
        "/apply", EVERYONE, application_form("{kind}_applies"), order=11, when_allowed="waiting",
        changes=probe.value(User.status, username="{kind}_applies", to="pending")),
    # The same answer whoever asks and whatever they name; nothing is stored (no email is set up here).
    ("accounts.forgot_password", "POST"): Write(
        "/forgot-password", EVERYONE, {"username": "nobody_here"}, changes=probe.count(User, by=0)),
    # A garbled link: refused, whoever follows it; the password stays.
    ("accounts.reset_password", "POST"): Write(
        "/reset-password?token=garbled", EVERYONE, {"new_password": "a brand new passphrase"},
        when_allowed="refused", changes=probe.value(User.password_hash, id="{me}")),
    ("accounts.profile", "POST"): Write(
        "/account", SIGNED_IN_ANY, {"display_name": "Someone", "bio": ""},
        changes=probe.count(User, display_name="Someone")),
    ("accounts.preferences_page", "POST"): Write(
        "/account/preferences", SIGNED_IN_ANY, {"content_warnings": "shown", "text_size": "normal"},
        changes=probe.value(User.preferences, id="{me}")),
    # Someone else's warning: not found, whoever asks.
    ("accounts.standing", "POST"): Write(
        "/account/standing", SIGNED_IN_ANY, {"sanction_id": "{sanction}"}, when_allowed="404",
        changes=probe.value(Sanction.acknowledged_at, id="{sanction}")),
    ("accounts.tokens", "POST"): Write(
        "/account/tokens", SIGNED_IN_ANY, {"label": "laptop"}, changes=probe.count(ApiToken, label="laptop")),
    ("accounts.revoke_token", "POST"): Write(
        "/account/tokens/{spare_token}/revoke", SIGNED_IN_ANY, {},
        changes=probe.count(ApiToken, id="{spare_token}", by=-1)),
    ("accounts.block_member", "POST"): Write(
        "/u/{author_name}/block", READERS, {}, changes=probe.count(Block, blocked_id="{author}")),
    ("accounts.safety_plan_page", "POST"): Write(
        "/account/safety-plan", OWN_SAFETY_PLAN, {"reasons_for_living": "My dog."}, denied_as=NO_SAFETY_PLAN,
        changes=probe.count(SafetyPlan, user_id="{me}")),
    # A break from the community, and its end; forms still work during it, so later writes run.
    ("breaks.take_break", "POST"): Write(
        "/account/break", SIGNED_IN_ANY, {"break_until_preset": "1d"}, order=6,
        changes=probe.value(User.preferences, id="{me}")),
    ("breaks.end_break", "POST"): Write(
        "/account/break/end", SIGNED_IN_ANY, {}, order=7, changes=probe.value(User.preferences, id="{me}")),
    # The viewer's own alert devices: anyone signed in may remove theirs.
    ("oncall.remove_device", "POST"): Write(
        "/account/alert-devices/{my_page_device}/remove", SIGNED_IN_ANY, {},
        changes=probe.count(PushSubscription, id="{my_page_device}", by=-1)),
    ("accounts.change_password", "POST"): Write(
        "/account/password", SIGNED_IN_ANY, {"current_password": PASSWORD, "new_password": PASSWORD + " again"},
        order=8, changes=probe.value(User.password_hash, id="{me}")),
    # A wrong password: the account stays, and later writes can still run.
    ("accounts.my_data", "POST"): Write(
        "/account/data", SIGNED_IN_ANY, {"password": "not my password"}, order=9, when_allowed="refused",
        changes=probe.count(User)),
    # A suspended or banned session doesn't load, but signing out still ends it (or it would work
    # again once the sanction ends); anonymous has no session, so nothing ends.
    ("accounts.sign_out", "POST"): Write(
        "/sign-out", EVERYONE - {"anonymous"}, {}, order=10, denied_as=(("anonymous", "done"),),
        changes=probe.count(SignInSession, ended_at=None, by=-1)),
    # --- reading and writing ---
    ("community.new_thread", "POST"): Write(
        "/c/coping/new", WRITERS, {"title": "A new thread", "body": "Hello."},
        changes=probe.count(Thread, title="A new thread")),
    ("community.reply", "POST"): Write(
        "/t/{thread}/reply", WRITERS, {"body": "A reply."}, changes=probe.count(Post, thread_id="{thread}")),
    ("community.react", "POST"): Write(
        "/p/{post}/react/hope", WRITERS, {}, changes=probe.count(Reaction, post_id="{post}", kind="hope")),
    ("community.edit_post", "POST"): Write(
        "/p/{post}/edit", MODS, {"body": "Edited by a moderator."},
        changes=probe.value(Post.body, id="{post}", to="Edited by a moderator.")),
    ("moderation.flag", "POST"): Write(
        "/p/{flaggable_post}/flag", READERS, {"reason": "other", "note": ""},
        changes=probe.count(Flag, post_id="{flaggable_post}")),
    # One of the viewer's two unread notifications; the API marks the other.
    ("notifications.mark_read", "POST"): Write(
        "/notifications/read", READERS, {"id": "{notification}"},
        changes=probe.count(Notification, read_at=None, by=-1)),
    # Muted members too: a mute never stops anyone asking for help.
    ("care.talk", "POST"): Write(
        "/talk", READERS, {"about": "me", "body": "Could we talk?", "post": ""},
        changes=probe.count(Conversation, member_id="{me}")),
    ("notifications.thread_level", "POST"): Write(
        "/t/{thread}/notifications", READERS, {"level": "watch"},
        changes=probe.count(ThreadSubscription, thread_id="{thread}", level="watch")),
    ("pages.dismiss_welcome", "POST"): Write(
        "/welcome/dismiss", READERS, {}, changes=probe.value(User.welcome_dismissed_at, id="{me}")),
    ("staff.dismiss", "POST"): Write(
        "/announcements/{announcement}/dismiss", READERS, {},
        changes=probe.count(AnnouncementDismissal, announcement_id="{announcement}")),
    # Each viewer has help open under a crisis post of the thread (write_world) and closes it.
    ("community.dismiss_crisis_help", "POST"): Write(
        "/t/{thread}/crisis-help/dismiss", READERS, {},
        changes=probe.count(CrisisPanel, user_id="{me}", dismissed_at=None, by=-1)),
    ("community.withdraw_post", "POST"): Write(  # the author's only
        "/p/{spare_post}/withdraw", NOBODY, {}, order=5,
        changes=probe.value(Post.status, id="{spare_post}", to="withdrawn")),
    # Undoing the withdrawal above (order 5): the author's only, like withdrawing.
    ("community.undo_withdraw", "POST"): Write(
        "/p/{spare_post}/undo-withdraw", NOBODY, {}, order=6, changes=probe.value(Post.status, id="{spare_post}")),
    # Drafts without JavaScript: the reply box and the new-thread form posted to keep their text.
    ("community.reply_draft", "POST"): Write(
        "/t/{thread}/draft", WRITERS, {"body": "Half a thought.", "draft": "save"},
        changes=probe.count(Draft, user_id="{me}", thread_id="{thread}")),
    ("community.thread_draft", "POST"): Write(
        "/c/coping/draft", WRITERS, {"title": "Half a title", "body": "Half a thought.", "draft": "save"},
        changes=probe.count(Draft, user_id="{me}", title="Half a title")),
    ("community.remove_post", "POST"): Write(
        "/p/{removable_post}/remove", MODS, {"reason": "Off topic."}, order=5,
        changes=probe.value(Post.status, id="{removable_post}", to="removed")),
    # --- moderation ---
    ("moderation.claim", "POST"): Write(
        "/moderation/items/{item}/claim", MODS, {},
        changes=probe.value(QueueItem.claimed_by_id, id="{item}", to="{me}")),
    ("moderation.item_page", "POST"): Write(
        "/moderation/items/{item}", MODS, {"action": "dismiss", "reason": "Checked in with them."}, order=1,
        changes=probe.value(QueueItem.resolution, id="{item}", to="dismiss")),
    ("moderation.member_standing", "POST"): Write(
        "/moderation/members/{author}", MODS, {"kind": "warn", "reason": "Please be kind.", "until": ""},
        changes=probe.count(Sanction, user_id="{author}")),
    ("moderation.issue_reset_link", "POST"): Write(
        "/moderation/members/{author}/reset-link", STAFF, {},
        changes=probe.count(LogEntry, action="password_reset_link_issued", target_id="{author}")),
    ("moderation.add_note", "POST"): Write(
        "/moderation/members/{author}/notes", MODS, {"body": "Doing better."},
        changes=probe.count(MemberNote, user_id="{author}")),
    ("moderation.lift_sanction", "POST"): Write(
        "/moderation/sanctions/{sanction}/lift", MODS, {"reason": "Served."}, order=1,
        changes=probe.value(Sanction.lifted_at, id="{sanction}")),
    ("moderation.lift_review_hold", "POST"): Write(
        "/moderation/members/{held_member}/review-hold/lift", MODS, {"reason": "Read their posts."},
        changes=probe.value(ReviewHold.lifted_at, user_id="{held_member}")),
    ("moderation.thread_actions", "POST"): Write(
        "/t/{other_thread}/moderate", MODS, {"action": "lock", "reason": "Cooling off.", "category": "coping"},
        order=2, changes=probe.value(Thread.locked, id="{other_thread}", to=True)),
    # Moderators aren't held back by slow mode; the API turns it off again (order 1).
    ("moderation.slow_mode", "POST"): Write(
        "/t/{thread}/slow-mode", MODS, {"seconds": "30", "reason": "Calm."},
        changes=probe.value(Thread.slow_mode_seconds, id="{thread}", to=30)),
    # The conversation is another member's: the team answers in it, other members find nothing.
    ("care.conversation", "POST"): Write(
        "/talk/{conversation}", MODS, {"body": "We're here."}, denied_as=(("member", "404"), ("muted", "404")),
        changes=probe.count(CareMessage, conversation_id="{conversation}")),
    # Naming an anonymous post's author: the moderation log keeps each look.
    ("moderation.reveal_author", "POST"): Write(
        "/moderation/posts/{anonymous_post}/author", MODS, {"reason": "Checking in."},
        changes=probe.count(LogEntry, action="anonymous_author_revealed", target_id="{anonymous_post}")),
    ("moderation.write_to_member", "POST"): Write(
        "/moderation/items/{item}/messages", MODS, {"body": "Checking in with you."}, changes=probe.count(CareMessage)),
    ("membership.decide", "POST"): Write(
        "/membership/applicants/{applicant}/approve", MODS, {"reason": ""},
        changes=probe.value(User.status, id="{applicant}", to="active")),
    # --- staff ---
    ("staff.announce", "POST"): Write(
        "/announcements/new", STAFF, {"title": "News", "body": "Hi.", "expires_at": ""},
        changes=probe.count(Announcement, title="News")),
    ("staff.withdraw", "POST"): Write(
        "/announcements/{announcement}/withdraw", STAFF, {}, order=1,
        changes=probe.value(Announcement.withdrawn_at, id="{announcement}")),
    ("staff.category_list", "POST"): Write(
        "/staff/categories", STAFF,
        {"slug": "new-{kind}", "name": "New place", "description": "", "posting": "members", "position": "9"},
        changes=probe.count(Category, slug="new-{kind}")),
    ("staff.category_edit", "POST"): Write(
        "/staff/categories/off-topic", STAFF,
        {"slug": "off-topic", "name": "Off topic", "description": "Anything.", "posting": "members", "position": "9"},
        changes=probe.value(Category.description, slug="off-topic", to="Anything.")),
    ("staff.community_settings", "POST"): Write(
        "/staff/settings", STAFF, "settings",
        changes=probe.value(CommunitySetting.value, key="community_description", to=SETTINGS_DESCRIPTION)),
    ("staff.pin_thread", "POST"): Write(
        "/t/{thread}/pin", STAFF, {"scope": "category", "until": ""},
        changes=probe.value(Thread.pinned_scope, id="{thread}", to="category")),
    ("care.message_templates_page", "POST"): Write(
        "/staff/care-messages", STAFF, {"templates-0-title": "Hello", "templates-0-body": "We're glad you're here.",
                                        "reason": "Checking access."},
        changes=probe.value(CommunitySetting.value, key="care_message_templates")),
    # The API makes them a member again (order 1).
    ("membership.set_role", "POST"): Write(
        "/staff/members/{promotable}/role", STAFF, {"role": "moderator", "reason": ""},
        changes=probe.value(User.role, id="{promotable}", to="moderator")),
    ("moderation.watched_words_page", "POST"): Write(
        "/staff/watched-words", STAFF, {"pattern": "sell* pills", "action": "flag", "explanation": ""},
        changes=probe.count(WatchedWord, pattern="sell* pills")),
    ("moderation.remove_watched_word", "POST"): Write(
        "/staff/watched-words/{rule}/remove", STAFF, {}, order=1, changes=probe.count(WatchedWord, id="{rule}", by=-1)),
    # --- a member who died: staff only ---
    ("memorials.open_memorial", "POST"): Write(
        "/moderation/members/{to_remember}/memorial", STAFF,
        {"title": "Remembering them", "body": "We are sad to share this news.", "category": "announcements",
         "until_preset": "default", "until": ""},
        changes=probe.count(Memorial, member_id="{to_remember}")),
    ("memorials.tick", "POST"): Write(
        "/memorials/{memorial}/checklist", STAFF, {"item": "moderators_informed", "done": "1"},
        changes=probe.count(MemorialCheck, memorial_id="{memorial}")),
    ("memorials.close_account", "POST"): Write(
        "/moderation/members/{closable}/close", STAFF, {"reason": "The family told the clinic."},
        changes=probe.value(User.status, id="{closable}", to="closed")),
    # --- API: accounts ---
    ("api.register", "POST"): Write(
        "/users", EVERYONE, {"username": "{kind}_api_applies", "password": PASSWORD, "answers": ANSWERS}, order=11,
        changes=probe.value(User.status, username="{kind}_api_applies", to="pending")),
    # With the viewer's own password: accounts that may not sign in get no token.
    ("api.create_token", "POST"): Write(
        "/tokens", SIGNED_IN_ANY, {"username": "{my_name}", "password": PASSWORD}, order=7,
        denied_as=(("suspended", "403"), ("banned", "403")), changes=probe.count(ApiToken)),
    ("api.change_preferences", "PATCH"): Write(
        "/me/preferences", SIGNED_IN_ANY, {"text_size": "large"}, changes=probe.value(User.preferences, id="{me}")),
    # The page wrote the plan (order 0): the API replaces it.
    ("api.replace_safety_plan", "PUT"): Write(
        "/me/safety-plan", OWN_SAFETY_PLAN, {"warning_signs": "Not sleeping."}, order=1, denied_as=NO_SAFETY_PLAN,
        changes=probe.value(SafetyPlan.warning_signs, user_id="{me}", to="Not sleeping.")),
    ("api.read_notifications", "POST"): Write(
        "/notifications/read", READERS, {"all": True}, changes=probe.count(Notification, read_at=None, by=-1)),
    ("api.block_member", "PUT"): Write(
        "/users/{other_author_name}/block", READERS, changes=probe.count(Block, blocked_id="{other_author}")),
    ("api.block_member", "DELETE"): Write(
        "/users/{other_author_name}/block", READERS, order=1,
        changes=probe.count(Block, blocked_id="{other_author}", by=-1)),
    ("api.add_push_subscription", "POST"): Write(
        "/me/push-subscriptions", MODS, {"endpoint": "https://push.example.test/{kind}", "keys": PUSH_KEYS},
        changes=probe.count(PushSubscription, endpoint="https://push.example.test/{kind}")),
    ("api.remove_push_subscription", "DELETE"): Write(
        "/me/push-subscriptions/{my_device}", SIGNED_IN_ANY,
        changes=probe.count(PushSubscription, id="{my_device}", by=-1)),
    ("api.delete_me", "DELETE"): Write(
        "/me", SIGNED_IN_ANY, {"password": "not my password"}, order=9, when_allowed="refused",
        changes=probe.count(User)),
    ("api.revoke_current_token", "DELETE"): Write(
        "/tokens/current", SIGNED_IN_ANY, order=10, changes=probe.count(ApiToken, by=-1)),
    # --- API: community ---
    ("api.start_thread", "POST"): Write(
        "/categories/coping/threads", WRITERS, {"title": "From the API", "body": "Hi"},
        changes=probe.count(Thread, title="From the API")),
    ("api.reply", "POST"): Write(
        "/threads/{thread}/posts", WRITERS, {"body": "A reply"}, changes=probe.count(Post, thread_id="{thread}")),
    ("api.mark_thread_read", "PUT"): Write(
        "/threads/{other_thread}/read", READERS, {"post_id": Id("other_post")},
        changes=probe.count(ReadPosition, user_id="{me}", thread_id="{other_thread}")),
    ("api.add_reaction", "PUT"): Write(
        "/posts/{post}/reactions/support", WRITERS, changes=probe.count(Reaction, post_id="{post}", kind="support")),
    ("api.remove_reaction", "DELETE"): Write(
        "/posts/{post}/reactions/support", WRITERS, order=1,
        changes=probe.count(Reaction, post_id="{post}", kind="support", by=-1)),
    ("api.edit_post", "PATCH"): Write(
        "/posts/{post}", MODS, {"body": "Edited through the API."},
        changes=probe.value(Post.body, id="{post}", to="Edited through the API.")),
    ("api.delete_post", "DELETE"): Write(
        "/posts/{deletable_post}", MODS, {"reason": "Off topic."}, order=5,
        changes=probe.value(Post.status, id="{deletable_post}", to="removed")),
    # The drafts the pages saved (order 0) are replaced, then discarded. A muted member
    # may throw a draft away (theirs was never saved, so nothing changes).
    ("api.thread_draft", "PUT"): Write(
        "/drafts/thread/{thread}", WRITERS, {"body": "From the API."}, order=1,
        changes=probe.value(Draft.body, user_id="{me}", thread_id="{thread}", to="From the API.")),
    ("api.thread_draft", "DELETE"): Write(
        "/drafts/thread/{thread}", WRITERS, order=2, denied_as=(("muted", "done"),),
        changes=probe.count(Draft, user_id="{me}", thread_id="{thread}", by=-1)),
    ("api.category_draft", "PUT"): Write(
        "/drafts/category/coping", WRITERS, {"title": "API title", "body": "From the API."}, order=1,
        changes=probe.count(Draft, user_id="{me}", title="API title")),
    ("api.category_draft", "DELETE"): Write(
        "/drafts/category/coping", WRITERS, order=2, denied_as=(("muted", "done"),),
        changes=probe.count(Draft, user_id="{me}", title="API title", by=-1)),
    ("api.flag_post", "POST"): Write(
        "/posts/{api_flaggable_post}/flags", READERS, {"reason": "other"},
        changes=probe.count(Flag, post_id="{api_flaggable_post}")),
    # It only reads the draft: nothing is stored or queued, whoever asks.
    ("api.crisis_check", "POST"): Write(
        "/safety/crisis-check", READERS, {"text": "a quiet day"}, changes=probe.count(QueueItem, by=0)),
    ("api.start_conversation", "POST"): Write(
        "/me/conversations", READERS, {"about": "someone", "body": "I'm worried about a friend here."},
        changes=probe.count(Conversation, member_id="{me}")),
    # Someone else's conversation: under /me, nobody finds it, the team included.
    ("api.write_my_message", "POST"): Write(
        "/me/conversations/{conversation}/messages", NOBODY, {"body": "Hello?"},
        denied_as=tuple((kind, "404") for kind in sorted(READERS)),
        changes=probe.count(CareMessage, conversation_id="{conversation}")),
    ("api.dismiss_announcement", "POST"): Write(
        "/announcements/{api_announcement}/dismiss", READERS,
        changes=probe.count(AnnouncementDismissal, announcement_id="{api_announcement}")),
    # --- API: moderation ---
    ("api.claim_item", "POST"): Write(
        "/moderation/queue/{api_item}/claim", MODS,
        changes=probe.value(QueueItem.claimed_by_id, id="{api_item}", to="{me}")),
    ("api.resolve_item", "POST"): Write(
        "/moderation/queue/{api_item}/resolve", MODS, {"action": "dismiss", "reason": "Checked in."}, order=1,
        changes=probe.value(QueueItem.resolution, id="{api_item}", to="dismiss")),
    ("api.write_item_message", "POST"): Write(
        "/moderation/queue/{api_item}/messages", MODS, {"body": "How are you doing?"},
        changes=probe.count(CareMessage)),
    # The page locked it (order 2): the API unlocks it.
    ("api.lock_thread", "POST"): Write(
        "/threads/{other_thread}/unlock", MODS, {"reason": "All calm."}, order=3,
        changes=probe.value(Thread.locked, id="{other_thread}", to=False)),
    ("api.move_thread", "POST"): Write(
        "/threads/{other_thread}/move", MODS, {"category": "off-topic", "reason": "Better there."}, order=3,
        changes=probe.value(Thread.category_id, id="{other_thread}")),
    ("api.thread_slow_mode", "PUT"): Write(
        "/threads/{thread}/slow-mode", MODS, {"seconds": 0, "reason": "Calm."}, order=1,
        changes=probe.value(Thread.slow_mode_seconds, id="{thread}", to=0)),
    ("api.impose_sanction", "POST"): Write(
        "/users/{author}/sanctions", MODS, {"kind": "warn", "reason": "Be kind"},
        changes=probe.count(Sanction, user_id="{author}")),
    ("api.lift_sanction", "DELETE"): Write(
        "/sanctions/{api_sanction}", MODS, {"reason": "Served."}, order=1,
        changes=probe.value(Sanction.lifted_at, id="{api_sanction}")),
    ("api.lift_review_hold", "DELETE"): Write(
        "/users/{api_held_member}/review-hold", MODS, {"reason": "Read their posts."},
        changes=probe.value(ReviewHold.lifted_at, user_id="{api_held_member}")),
    ("api.decide", "POST"): Write(
        "/users/{api_applicant}/approve", MODS, {"reason": ""},
        changes=probe.value(User.status, id="{api_applicant}", to="active")),
    # --- API: staff ---
    ("api.set_role", "PUT"): Write(
        "/users/{promotable}/role", STAFF, {"role": "member"}, order=1,
        changes=probe.value(User.role, id="{promotable}", to="member")),
    ("api.add_watched_word", "POST"): Write(
        "/watched-words", STAFF, {"pattern": "buy* online", "action": "flag"},
        changes=probe.count(WatchedWord, pattern="buy* online")),
    ("api.remove_watched_word", "DELETE"): Write(
        "/watched-words/{api_rule}", STAFF, order=1, changes=probe.count(WatchedWord, id="{api_rule}", by=-1)),
    ("api.pin_thread", "PUT"): Write(
        "/threads/{thread}/pin", STAFF, {"scope": "global"},
        changes=probe.value(Thread.pinned_scope, id="{thread}", to="global")),
    ("api.unpin_thread", "DELETE"): Write(
        "/threads/{thread}/pin", STAFF, order=1, changes=probe.value(Thread.pinned_scope, id="{thread}", to=None)),
    ("api.post_announcement", "POST"): Write(
        "/announcements", STAFF, {"title": "Notice", "body": "x"}, changes=probe.count(Announcement, title="Notice")),
    ("api.withdraw_announcement", "DELETE"): Write(
        "/announcements/{api_announcement}", STAFF, order=1,
        changes=probe.value(Announcement.withdrawn_at, id="{api_announcement}")),
    ("api.create_category", "POST"): Write(
        "/categories", STAFF, {"slug": "api-{kind}", "name": "From the API"},
        changes=probe.count(Category, slug="api-{kind}")),
    ("api.update_category", "PATCH"): Write(
        "/categories/coping", STAFF, {"description": "Updated"},
        changes=probe.value(Category.description, slug="coping", to="Updated")),
}
# Where an argument changes who may write: the route again, at another path.
OTHER_PATHS: list[tuple[tuple[str, str], Write]] = [
    (("community.new_thread", "POST"), Write(
        "/c/announcements/new", STAFF, {"title": "Staff news", "body": "Hi."},
        changes=probe.count(Thread, title="Staff news"))),
    (("api.start_thread", "POST"), Write(
        "/categories/announcements/threads", STAFF, {"title": "News today", "body": "Hi"},
        changes=probe.count(Thread, title="News today"))),
    # The API unlocked it (order 3): lock it again.
    (("api.lock_thread", "POST"), Write(
        "/threads/{other_thread}/lock", MODS, {"reason": "Calm down"}, order=4,
        changes=probe.value(Thread.locked, id="{other_thread}", to=True))),
]


def test_every_write_route_is_classified(app):
    routes = {(rule.endpoint, method) for rule, method in write_rules(app)}
    assert routes - set(WRITES) == set()
    assert set(WRITES) - routes == set()


def test_every_write_says_what_it_changes():
    unprobed = [key for key, write in [*WRITES.items(), *OTHER_PATHS] if not isinstance(write.changes, probe.Probe)]
    assert unprobed == []


@pytest.fixture
def write_world(app, world, make_person, thread_in):
    """The world of the read matrix, plus one of everything a write acts on."""
    staff = Api(app.test_client()).as_(make_person("world_staff", role="staff"))
    author = make_person("world_author")
    other_thread, other_post = thread_in(author, title="Another thread")
    thread_in(author, body="i want to die tonight")  # a second queue item
    writer = Api(app.test_client()).as_(author)

    def reply(body):
        return writer.post(f"/threads/{world['thread']}/posts", json={"body": body}).get_json()["post"]["id"]

    replies = [reply(f"Reply {n}") for n in range(5)]
    everyone = " ".join(f"@{person.username}" for person in world["people"].values())
    for _ in range(2):  # two unread notifications for each viewer
        reply(f"Thinking of you, {everyone}.")

    def made(path, body, key):
        response = staff.post(path, json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()[key]["id"]

    with app.app_context():  # a memorial already open, for its checklist
        from forum.community import queries
        from forum.memorials import service as memorials

        staff_user = db.session.scalar(db.select(User).where(User.username == "world_staff"))
        remembered = db.session.get(User, make_person("world_remembered").id)
        memorial = memorials.open_memorial(staff_user, remembered, queries.category("announcements"),
                                           "Remembering", "We are sad to share this news.").id
    with app.app_context():  # as if each viewer had written crisis language in the thread
        db.session.add_all(CrisisPanel(user_id=person.id, post_id=world["post"]) for person in world["people"].values())
        db.session.commit()
    applicants = [Api(app.test_client()).post("/users", json={"username": f"applicant_{n}", "password": PASSWORD,
                                                                    "answers": ANSWERS})
                  .get_json()["user"]["id"] for n in range(2)]
    items = staff.get("/moderation/queue").get_json()["items"]
    staff.patch("/categories/off-topic", json={"allow_anonymous": True})
    anonymous_post = writer.post("/categories/off-topic/threads", json={
        "title": "Quietly", "body": "Unsigned.", "anonymous": True}).get_json()["post"]["id"]
    held = [make_person(f"held_member_{n}").id for n in range(2)]
    with app.app_context():  # as the out-of-hours protection leaves them
        db.session.add_all(ReviewHold(user_id=user_id, reason="Reported while moderators were away")
                           for user_id in held)
        db.session.commit()
    return {
        **world, "other_thread": other_thread, "other_post": other_post,
        "other_author": author.id, "other_author_name": author.username,
        "spare_post": replies[0], "removable_post": replies[1], "deletable_post": replies[2],
        "flaggable_post": replies[3], "api_flaggable_post": replies[4],
        "item": items[0]["id"], "api_item": items[1]["id"],
        "announcement": made("/announcements", {"title": "One", "body": "x"}, "announcement"),
        "api_announcement": made("/announcements", {"title": "Two", "body": "x"}, "announcement"),
        "sanction": made(f"/users/{world['author']}/sanctions", {"kind": "warn", "reason": "a"}, "sanction"),
        "api_sanction": made(f"/users/{world['author']}/sanctions", {"kind": "warn", "reason": "b"}, "sanction"),
        "rule": made("/watched-words", {"pattern": "rule one", "action": "flag"}, "watched_word"),
        "api_rule": made("/watched-words", {"pattern": "rule two", "action": "flag"}, "watched_word"),
        "applicant": applicants[0], "api_applicant": applicants[1],
        "promotable": make_person("world_promotable").id,
        "held_member": held[0], "api_held_member": held[1], "anonymous_post": anonymous_post,
        "memorial": memorial, "to_remember": make_person("world_to_remember").id,
        "closable": make_person("world_closable").id,
    }


def _own_ids(app, kind: str, person) -> dict:
    """The viewer's own ids: a second token, for the page that revokes one,
    their oldest notification, for the page that marks one read, and two alert
    devices, one for the page and one for the API to remove. Anonymous has
    none, and is given someone else's."""
    if person is None:
        return {"kind": kind, "me": None, "my_name": "nobody_here", "spare_token": 1, "notification": 1,
                "my_device": 1, "my_page_device": 1}
    from forum.accounts import services

    with app.app_context():
        _, token = services.issue_token(db.session.get(User, person.id), "spare")
        notification = db.session.scalar(db.select(db.func.min(Notification.id))
                                         .where(Notification.user_id == person.id))
        devices = [PushSubscription(user_id=person.id, endpoint=f"https://push.example.test/{kind}-{n}",
                                    p256dh=PUSH_KEYS["p256dh"], auth=PUSH_KEYS["auth"]) for n in range(2)]
        db.session.add_all(devices)
        db.session.commit()
        return {"kind": kind, "me": person.id, "my_name": person.username, "spare_token": token.id,
                "notification": notification, "my_device": devices[0].id, "my_page_device": devices[1].id}


def _settings_form(client) -> dict:
    """The staff settings form as it stands, with a new description."""
    page = client.get("/staff/settings").get_data(as_text=True)
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    values.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\s*([^<]*)</textarea>', page))
    values["membership_mode"] = "approval"
    values["community_description"] = SETTINGS_DESCRIPTION
    values["reason"] = "Checking access."
    return values


def _body(value, ids: dict):
    if isinstance(value, Id):
        return ids[value.name]
    if isinstance(value, str):
        return fill(value, ids)
    if isinstance(value, dict):
        return {key: _body(item, ids) for key, item in value.items()}
    return value


def _flashed_error(browser) -> bool:
    """Whether the page flashed an error (and takes the messages, so none is left for the next write)."""
    with browser.session_transaction() as session:
        return any(category == "error" for category, _ in session.pop("_flashes", []))


def _outcome(response, api: bool, browser) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    flashed_error = not api and _flashed_error(browser)
    if (status == 401) if api else (status == 302 and "/sign-in" in location):
        return "signed out"
    if status == 302 and "/waiting" in location:
        return "waiting"
    if status in {403, 404} or status >= 500:
        return str(status)
    if status >= 400 or flashed_error or (
            status == 200 and re.search(r'class="(form-errors|field[^"]*has-error)', response.text)):
        return "refused"  # allowed past the policy, but the write didn't happen
    return "done"


def _expected(write: Write, kind: str, api: bool) -> str:
    if kind in write.allowed:
        return write.when_allowed
    return dict(write.denied_as).get(kind) or refusal(kind, api)


def _documented_success(document: dict, path: str, method: str) -> int:
    """What the API documents a call that went through answers: its lowest 2xx (a 202 is a held post)."""
    codes = {min(int(code) for code in operations[method.lower()]["responses"] if code.startswith("2"))
             for template, operations in document["paths"].items()
             if method.lower() in operations and re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", template), path)}
    assert len(codes) == 1, (method, path, codes)
    return codes.pop()


def _read(app, write: Write, ids: dict):
    with app.app_context():
        return write.changes.read(ids)


@pytest.mark.parametrize("kind", VIEWERS)
def test_every_write_route_by_viewer(app, write_world, kind):
    # Both signed in while active; then suspended and banned take effect for both.
    api = api_for(app, write_world, kind, give_status=False)
    pages = session_for(app, write_world, kind)
    ids = {**write_world, **_own_ids(app, kind, write_world["people"].get(kind))}
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    mismatches = []
    for (endpoint, method), write in sorted([*WRITES.items(), *OTHER_PATHS], key=lambda item: item[1].order):
        api_call = endpoint.startswith("api.")
        path = fill(write.path, ids)
        body = _settings_form(pages) if write.body == "settings" else _body(write.body, ids)
        before = _read(app, write, ids)
        if api_call:
            headers = {} if endpoint in {"api.register", "api.create_token"} else api._headers()
            response = api.client.open("/api/v1" + path, method=method, json=body, headers=headers)
        else:
            response = pages.open(path, method=method, data=body or {})
        after = _read(app, write, ids)
        expected = _expected(write, kind, api_call)
        outcome = _outcome(response, api_call, pages)
        if outcome == expected == "done" and api_call and kind in write.allowed:
            documented = _documented_success(document, path, method)
            outcome = "done" if response.status_code == documented else f"done, not the documented {documented}"
        # Allowed and going through: the probe shows it. Anything else: nothing changed.
        if kind in write.allowed and write.when_allowed in GOES_THROUGH:
            state_as_expected = write.changes.went_through(before, after, ids)
        else:
            state_as_expected = after == before
        if outcome != expected or not state_as_expected:
            mismatches.append(f"{endpoint} {method} {path}: {outcome} ({response.status_code}), expected {expected};"
                              f" {write.changes.what}: {before!r} -> {after!r}")
    assert mismatches == [], "\n".join(mismatches)
