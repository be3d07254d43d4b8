"""Rate limits: each is named once in forum.rate_limits and counts an action
whichever way it comes, so a page and its API twin share one count."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from limits import parse_many

from forum import rate_limits
from forum.rate_limits import Limit


@pytest.fixture
def app_config(rate_limits_on):
    return rate_limits_on


@dataclass
class Twins:
    """The ways one limited action can be done: page forms and API calls."""

    pages: list[Callable]
    calls: list[Callable]
    allowed: int


def _fewest(rule: str) -> int:
    return min(item.amount for item in parse_many(rule))


def _signed_in(client, auth, api, person) -> object:
    auth.login(person)
    return api.as_(person)


def applying(client, **_):
    return Twins([lambda n: client.post("/apply", data={"username": f"applicant_{n}"})],
                 [lambda n: client.post("/api/v1/users", json={"username": f"applicant_{n}"})],
                 _fewest(rate_limits.APPLYING.rule))


def signing_in(client, **_):
    guess = {"username": "nobody_here", "password": "wrong guess!"}
    return Twins([lambda n: client.post("/sign-in", data=guess)],
                 [lambda n: client.post("/api/v1/tokens", json=guess)],
                 _fewest(rate_limits.SIGNING_IN.rule))


def signing_in_per_account(client, member, **_):
    """From a new address each time, so only the per-account count fills."""
    guess = {"username": member.username, "password": "wrong guess!"}

    def address(n):
        return {"REMOTE_ADDR": f"10.1.{n // 200}.{n % 200 + 1}"}

    return Twins([lambda n: client.post("/sign-in", data=guess, environ_base=address(n))],
                 [lambda n: client.post("/api/v1/tokens", json=guess, environ_base=address(n))],
                 _fewest(rate_limits.SIGNING_IN_PER_ACCOUNT.rule))


def posting(client, auth, api, member, thread_in, other_member, **_):
    thread_id, _ = thread_in(other_member)
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post("/c/coping/new", data={"title": f"Page thread {n}", "body": "Words."}),
                  lambda n: client.post(f"/t/{thread_id}/reply", data={"body": f"Page reply {n}"})],
                 [lambda n: sam.post("/categories/coping/threads", json={"title": f"API thread {n}", "body": "Words."}),
                  lambda n: sam.post(f"/threads/{thread_id}/posts", json={"body": f"API reply {n}"})],
                 _fewest("10 per hour;3 per minute"))  # a new member's


def reacting(client, auth, api, member, thread_in, other_member, **_):
    _, post_id = thread_in(other_member)
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post(f"/p/{post_id}/react/support")],
                 [lambda n: sam.put(f"/posts/{post_id}/reactions/support"),
                  lambda n: sam.delete(f"/posts/{post_id}/reactions/support")],
                 _fewest(rate_limits.REACTING.rule))


def flagging(client, auth, api, member, thread_in, other_member, **_):
    _, post_id = thread_in(other_member)
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post(f"/p/{post_id}/flag", data={"reason": "spam"})],
                 [lambda n: sam.post(f"/posts/{post_id}/flags", json={"reason": "spam"})],
                 _fewest(rate_limits.FLAGGING.rule))


def drafting(client, auth, api, member, thread_in, other_member, **_):
    thread_id, _ = thread_in(other_member)
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post(f"/t/{thread_id}/draft", data={"body": f"Page draft {n}"}),
                  lambda n: client.post("/c/coping/draft", data={"title": "Maybe", "body": f"Page draft {n}"})],
                 [lambda n: sam.put(f"/drafts/thread/{thread_id}", json={"body": f"API draft {n}"}),
                  lambda n: sam.delete("/drafts/category/coping")],
                 _fewest(rate_limits.DRAFTING.rule))


def deleting_account(client, auth, api, member, **_):
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post("/account/data", data={"password": "wrong guess!"})],
                 [lambda n: sam.delete("/me", json={"password": "wrong guess!"})],
                 _fewest(rate_limits.DELETING_ACCOUNT.rule))


def changing_password(client, auth, member, **_):
    auth.login(member)
    return Twins([lambda n: client.post("/account/password", data={"current_password": "wrong guess!",
                                                                   "new_password": "another long one"})],
                 [], _fewest(rate_limits.CHANGING_PASSWORD.rule))


def requesting_password_reset(client, **_):
    return Twins([lambda n: client.post("/forgot-password", data={"username": f"someone_{n}"})], [],
                 _fewest(rate_limits.REQUESTING_PASSWORD_RESET.rule))


def requesting_password_reset_per_account(client, member, **_):
    """From a new address each time, so only the count for the account named fills."""
    return Twins([lambda n: client.post("/forgot-password", data={"username": member.username},
                                        environ_base={"REMOTE_ADDR": f"10.2.0.{n + 1}"})], [],
                 _fewest(rate_limits.REQUESTING_PASSWORD_RESET_PER_ACCOUNT.rule))


def resetting_password(client, **_):
    return Twins([lambda n: client.post("/reset-password?token=garbled", data={"new_password": "x"})], [],
                 _fewest(rate_limits.RESETTING_PASSWORD.rule))


def checking_crisis_language(api, member, **_):
    sam = api.as_(member)
    return Twins([], [lambda n: sam.post("/safety/crisis-check", json={"text": "a quiet day"})],
                 _fewest(rate_limits.CHECKING_CRISIS_LANGUAGE.rule))


def starting_conversations(client, auth, api, member, **_):
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post("/talk", data={"about": "me", "body": f"Page {n}"})],
                 [lambda n: sam.post("/me/conversations", json={"about": "me", "body": f"API {n}"})],
                 _fewest(rate_limits.STARTING_CONVERSATIONS.rule))


def writing_care_messages(app, client, auth, api, member, **_):
    from forum.accounts.models import User
    from forum.care import conversations
    from forum.extensions import db

    with app.app_context():
        conversation_id = conversations.start(db.session.get(User, member.id), "me", "Hello").conversation.id
    sam = _signed_in(client, auth, api, member)
    return Twins([lambda n: client.post(f"/talk/{conversation_id}", data={"body": f"Page {n}"})],
                 [lambda n: sam.post(f"/me/conversations/{conversation_id}/messages", json={"body": f"API {n}"})],
                 _fewest(rate_limits.WRITING_CARE_MESSAGES.rule))


ACTIONS = [applying, signing_in, signing_in_per_account, posting, reacting, flagging, drafting, deleting_account,
           changing_password, requesting_password_reset, requesting_password_reset_per_account, resetting_password,
           checking_crisis_language, starting_conversations, writing_care_messages]


def test_every_named_limit_is_tested_here():
    named = {value.name for value in vars(rate_limits).values() if isinstance(value, Limit)}
    assert named == {action.__name__ for action in ACTIONS}


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_pages_and_their_api_twins_share_one_count(app, client, auth, api, member, other_member, thread_in, action):
    twins = action(app=app, client=client, auth=auth, api=api, member=member, other_member=other_member,
                   thread_in=thread_in)
    ways = twins.pages + twins.calls
    statuses = [ways[n % len(ways)](n).status_code for n in range(twins.allowed)]
    assert 429 not in statuses, statuses
    n = twins.allowed
    for page in twins.pages:
        refused = page(n)
        assert refused.status_code == 429 and "Too many requests" in refused.get_data(as_text=True)
    for call in twins.calls:
        refused = call(n)
        assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["Retry-After"]) > 0


def test_limits_are_written_only_in_rate_limits():
    """Routes name a limit; none writes its own rule."""
    for path in Path("forum").rglob("*.py"):
        if path.name == "rate_limits.py" or "realtime" in path.parts:
            continue
        source = path.read_text()
        assert "limiter.limit(" not in source and "shared_limit(" not in source, path
        assert not re.search(r"\d+ per (second|minute|hour|day)", source), path


def test_a_reply_refused_for_speed_keeps_its_words_at_the_reply_box(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member)
    auth.login(member)
    for n in range(_fewest("10 per hour;3 per minute")):
        client.post(f"/t/{thread_id}/reply", data={"body": f"Reply {n}"})
    refused = client.post(f"/t/{thread_id}/reply", data={"body": "Words I took a long time to find."})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    box = page.split('id="reply-form"')[1]
    assert "posting faster than this community allows" in box and "Words I took a long time to find." in box
