"""Every state-changing route, page and API, against every role and status.

Generated from the URL map: a new POST, PUT, PATCH or DELETE route fails
`test_every_write_route_is_classified` until someone writes down who may use
it. Each viewer runs every write once, in an order that keeps earlier writes
from getting in the way of later ones (sign-out and account deletion last),
with a valid body, so "allowed" means the write went through.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from forum.extensions import db
from tests.conftest import PASSWORD, Api
from tests.routes import fill, write_rules
from tests.viewers import (
    EVERYONE, MODS, NOBODY, READERS, SIGNED_IN_ANY, STAFF, VIEWERS, WRITERS, api_for, refusal, session_for,
)

ANSWERS = ["Support.", "A patient."]


@dataclass(frozen=True)
class Write:
    path: str
    allowed: set[str]
    body: dict | str | None = None
    # Lower runs first; writes that end the session or the account run last.
    order: int = 0
    # What an allowed viewer gets: "done", or "refused" where the request is
    # deliberately one the rules turn down after letting the viewer in.
    when_allowed: str = "done"
    # Denials that aren't the usual ones for that viewer.
    denied_as: tuple[tuple[str, str], ...] = ()


# (endpoint, method) → the write. Paths use the ids `world` makes.
WRITES: dict[tuple[str, str], Write] = {
    # --- accounts ---
    ("accounts.sign_in", "POST"): Write("/sign-in", EVERYONE, {"username": "nobody_here", "password": "x" * 12},
                                        order=11, when_allowed="refused"),
    # After signing out (order 10) everyone may apply, and waits for approval.
    ("accounts.apply", "POST"): Write("/apply", EVERYONE, order=11, when_allowed="waiting",
                                      body={"username": "{kind}_applies", "password": PASSWORD,
                                                                "answers_0": "Support.", "answers_1": "A patient."}),
    ("accounts.profile", "POST"): Write("/account", SIGNED_IN_ANY, {"display_name": "Someone", "bio": ""}),
    ("accounts.preferences_page", "POST"): Write("/account/preferences", SIGNED_IN_ANY,
                                                 {"content_warnings": "shown", "text_size": "normal"}),
    # Someone else's warning: not found, whoever asks.
    ("accounts.standing", "POST"): Write("/account/standing", SIGNED_IN_ANY, {"sanction_id": "{sanction}"},
                                         when_allowed="404"),
    ("accounts.tokens", "POST"): Write("/account/tokens", SIGNED_IN_ANY, {"label": "laptop"}),
    ("accounts.revoke_token", "POST"): Write("/account/tokens/{spare_token}/revoke", SIGNED_IN_ANY, {}),
    ("accounts.block_member", "POST"): Write("/u/{author_name}/block", READERS, {}),
    ("accounts.change_password", "POST"): Write("/account/password", SIGNED_IN_ANY,
                                                {"current_password": PASSWORD, "new_password": PASSWORD + " again"},
                                                order=8),
    # A wrong password: the account stays, and later writes can still run.
    ("accounts.my_data", "POST"): Write("/account/data", SIGNED_IN_ANY, {"password": "not my password"}, order=9,
                                        when_allowed="refused"),
    ("accounts.sign_out", "POST"): Write("/sign-out", EVERYONE, {}, order=10),
    # --- reading and writing ---
    ("community.new_thread", "POST"): Write("/c/coping/new", WRITERS, {"title": "A new thread", "body": "Hello."}),
    ("community.reply", "POST"): Write("/t/{thread}/reply", WRITERS, {"body": "A reply."}),
    ("community.react", "POST"): Write("/p/{post}/react/hope", WRITERS, {}),
    ("community.edit_post", "POST"): Write("/p/{post}/edit", MODS, {"body": "Edited by a moderator."}),
    ("moderation.flag", "POST"): Write("/p/{flaggable_post}/flag", READERS, {"reason": "other", "note": ""}),
    ("notifications.mark_read", "POST"): Write("/notifications/read", READERS, {}),
    ("notifications.thread_level", "POST"): Write("/t/{thread}/notifications", READERS, {"level": "watch"}),
    ("staff.dismiss", "POST"): Write("/announcements/{announcement}/dismiss", READERS, {}),
    ("community.withdraw_post", "POST"): Write("/p/{spare_post}/withdraw", NOBODY, {}, order=5),  # the author's only
    ("community.remove_post", "POST"): Write("/p/{removable_post}/remove", MODS, {"reason": "Off topic."}, order=5),
    # --- moderation ---
    ("moderation.claim", "POST"): Write("/moderation/items/{item}/claim", MODS, {}),
    ("moderation.item_page", "POST"): Write("/moderation/items/{item}", MODS,
                                            {"action": "dismiss", "reason": "Checked in with them."}, order=1),
    ("moderation.member_standing", "POST"): Write("/moderation/members/{author}", MODS,
                                                  {"kind": "warn", "reason": "Please be kind.", "until": ""}),
    ("moderation.add_note", "POST"): Write("/moderation/members/{author}/notes", MODS, {"body": "Doing better."}),
    ("moderation.lift_sanction", "POST"): Write("/moderation/sanctions/{sanction}/lift", MODS,
                                                {"reason": "Served."}, order=1),
    ("moderation.thread_actions", "POST"): Write("/t/{other_thread}/moderate", MODS,
                                                 {"action": "lock", "reason": "Cooling off.", "category": "coping"},
                                                 order=2),
    ("moderation.slow_mode", "POST"): Write("/t/{thread}/slow-mode", MODS, {"seconds": "0", "reason": "Calm."}),
    ("membership.decide", "POST"): Write("/membership/applicants/{applicant}/approve", MODS, {"reason": ""}),
    # --- staff ---
    ("staff.announce", "POST"): Write("/announcements/new", STAFF, {"title": "News", "body": "Hi.", "expires_at": ""}),
    ("staff.withdraw", "POST"): Write("/announcements/{announcement}/withdraw", STAFF, {}, order=1),
    ("staff.category_list", "POST"): Write("/staff/categories", STAFF,
                                           {"slug": "new-{kind}", "name": "New place", "description": "",
                                            "posting": "members", "position": "9"}),
    ("staff.category_edit", "POST"): Write("/staff/categories/off-topic", STAFF,
                                           {"slug": "off-topic", "name": "Off topic", "description": "Anything.",
                                            "posting": "members", "position": "9"}),
    ("staff.community_settings", "POST"): Write("/staff/settings", STAFF, "settings"),
    ("staff.pin_thread", "POST"): Write("/t/{thread}/pin", STAFF, {"scope": "category", "until": ""}),
    ("membership.set_role", "POST"): Write("/staff/members/{author}/role", STAFF, {"role": "member", "reason": ""}),
    ("moderation.watched_words_page", "POST"): Write("/staff/watched-words", STAFF,
                                                     {"pattern": "sell* pills", "action": "flag", "explanation": ""}),
    ("moderation.remove_watched_word", "POST"): Write("/staff/watched-words/{rule}/remove", STAFF, {}, order=1),
    # --- API: accounts ---
    ("api.register", "POST"): Write("/users", EVERYONE, order=11,
                                    body={"username": "{kind}_api_applies", "password": PASSWORD,
                                                     "answers": ANSWERS}),
    # With the viewer's own password: accounts that may not sign in get no token.
    ("api.create_token", "POST"): Write("/tokens", SIGNED_IN_ANY, {"username": "{my_name}", "password": PASSWORD},
                                        order=7, denied_as=(("suspended", "403"), ("banned", "403"))),
    ("api.change_preferences", "PATCH"): Write("/me/preferences", SIGNED_IN_ANY, {"text_size": "large"}),
    ("api.read_notifications", "POST"): Write("/notifications/read", READERS, {"all": True}),
    ("api.block_member", "PUT"): Write("/users/{author_name}/block", READERS),
    ("api.block_member", "DELETE"): Write("/users/{author_name}/block", READERS, order=1),
    ("api.delete_me", "DELETE"): Write("/me", SIGNED_IN_ANY, {"password": "not my password"}, order=9,
                                       when_allowed="refused"),
    ("api.revoke_current_token", "DELETE"): Write("/tokens/current", SIGNED_IN_ANY, order=10),
    # --- API: community ---
    ("api.start_thread", "POST"): Write("/categories/coping/threads", WRITERS, {"title": "From the API", "body": "Hi"}),
    ("api.reply", "POST"): Write("/threads/{thread}/posts", WRITERS, {"body": "A reply"}),
    ("api.add_reaction", "PUT"): Write("/posts/{post}/reactions/support", WRITERS),
    ("api.remove_reaction", "DELETE"): Write("/posts/{post}/reactions/support", WRITERS, order=1),
    ("api.edit_post", "PATCH"): Write("/posts/{post}", MODS, {"body": "Edited through the API."}),
    ("api.delete_post", "DELETE"): Write("/posts/{deletable_post}", MODS, {"reason": "Off topic."}, order=5),
    ("api.flag_post", "POST"): Write("/posts/{api_flaggable_post}/flags", READERS, {"reason": "other"}),
    ("api.crisis_check", "POST"): Write("/safety/crisis-check", READERS, {"text": "a quiet day"}),
    ("api.dismiss_announcement", "POST"): Write("/announcements/{announcement}/dismiss", READERS),
    # --- API: moderation ---
    ("api.claim_item", "POST"): Write("/moderation/queue/{api_item}/claim", MODS),
    ("api.resolve_item", "POST"): Write("/moderation/queue/{api_item}/resolve", MODS,
                                        {"action": "dismiss", "reason": "Checked in."}, order=1),
    # The page locked it (order 2): the API unlocks it.
    ("api.lock_thread", "POST"): Write("/threads/{other_thread}/unlock", MODS, {"reason": "All calm."}, order=3),
    ("api.move_thread", "POST"): Write("/threads/{other_thread}/move", MODS,
                                       {"category": "off-topic", "reason": "Better there."}, order=3),
    ("api.thread_slow_mode", "PUT"): Write("/threads/{thread}/slow-mode", MODS, {"seconds": 0, "reason": "Calm."}),
    ("api.impose_sanction", "POST"): Write("/users/{author}/sanctions", MODS, {"kind": "warn", "reason": "Be kind"}),
    ("api.lift_sanction", "DELETE"): Write("/sanctions/{api_sanction}", MODS, {"reason": "Served."}, order=1),
    ("api.decide", "POST"): Write("/users/{api_applicant}/approve", MODS, {"reason": ""}),
    # --- API: staff ---
    ("api.set_role", "PUT"): Write("/users/{author}/role", STAFF, {"role": "member"}),
    ("api.add_watched_word", "POST"): Write("/watched-words", STAFF, {"pattern": "buy* online", "action": "flag"}),
    ("api.remove_watched_word", "DELETE"): Write("/watched-words/{api_rule}", STAFF, order=1),
    ("api.pin_thread", "PUT"): Write("/threads/{thread}/pin", STAFF, {"scope": "global"}),
    ("api.unpin_thread", "DELETE"): Write("/threads/{thread}/pin", STAFF, order=1),
    ("api.post_announcement", "POST"): Write("/announcements", STAFF, {"title": "Notice", "body": "x"}),
    ("api.withdraw_announcement", "DELETE"): Write("/announcements/{api_announcement}", STAFF, order=1),
    ("api.create_category", "POST"): Write("/categories", STAFF, {"slug": "api-{kind}", "name": "From the API"}),
    ("api.update_category", "PATCH"): Write("/categories/coping", STAFF, {"description": "Updated"}),
}
# Where an argument changes who may write: the route again, at another path.
OTHER_PATHS: list[tuple[tuple[str, str], Write]] = [
    (("community.new_thread", "POST"), Write("/c/announcements/new", STAFF, {"title": "Staff news", "body": "Hi."})),
    (("api.start_thread", "POST"), Write("/categories/announcements/threads", STAFF,
                                         {"title": "News today", "body": "Hi"})),
    # The API unlocked it (order 3): lock it again.
    (("api.lock_thread", "POST"), Write("/threads/{other_thread}/lock", MODS, {"reason": "Calm down"}, order=4)),
]


def test_every_write_route_is_classified(app):
    routes = {(rule.endpoint, method) for rule, method in write_rules(app)}
    assert routes - set(WRITES) == set()
    assert set(WRITES) - routes == set()


@pytest.fixture
def write_world(app, world, make_person, thread_in):
    """The world of the read matrix, plus one of everything a write acts on."""
    staff = Api(app.test_client()).as_(make_person("world_staff", role="staff"))
    author = make_person("world_author")
    other_thread, other_post = thread_in(author, title="Another thread")
    _, second_crisis = thread_in(author, body="i want to die tonight")
    replies = [staff.as_(author).post(f"/threads/{world['thread']}/posts", json={"body": f"Reply {n}"})
               .get_json()["post"]["id"] for n in range(5)]
    staff = Api(app.test_client()).as_(make_person("world_staff_again", role="staff"))

    def made(path, body, key):
        response = staff.post(path, json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()[key]["id"]

    applicants = [Api(app.test_client()).post("/users", json={"username": f"applicant_{n}", "password": PASSWORD,
                                                                    "answers": ANSWERS})
                  .get_json()["user"]["id"] for n in range(2)]
    items = staff.get("/moderation/queue").get_json()["items"]
    return {
        **world, "author_name": "thread_author", "other_thread": other_thread, "other_post": other_post,
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
    }


def _settings_form(client) -> dict:
    """The staff settings form as it stands, to send back unchanged."""
    page = client.get("/staff/settings").get_data(as_text=True)
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    values.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\s*([^<]*)</textarea>', page))
    values["membership_mode"] = "approval"
    values["reason"] = "Checking access."
    return values


def _body(value, ids: dict):
    if isinstance(value, str):
        return fill(value, ids)
    if isinstance(value, dict):
        return {key: _body(item, ids) for key, item in value.items()}
    return value


def _outcome(response, api: bool) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    if (status == 401) if api else (status == 302 and "/sign-in" in location):
        return "signed out"
    if status == 302 and "/waiting" in location:
        return "waiting"
    if status in {403, 404} or status >= 500:
        return str(status)
    if status >= 400 or (status == 200 and re.search(r'class="(form-errors|field[^"]*has-error)', response.text)):
        return f"refused ({status})"  # allowed past the policy, but the write didn't happen
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


def _token_for(app, person) -> int:
    """A second token of the viewer's own, for the page that revokes one."""
    from forum.accounts import services
    from forum.accounts.models import User

    with app.app_context():
        _, token = services.issue_token(db.session.get(User, person.id), "spare")
        return token.id


@pytest.mark.parametrize("kind", VIEWERS)
def test_every_write_route_by_viewer(app, write_world, kind):
    api = api_for(app, write_world, kind)
    pages = session_for(app, write_world, kind)
    person = write_world["people"].get(kind)
    ids = {**write_world, "kind": kind, "my_name": person.username if person else "nobody_here",
           "spare_token": _token_for(app, person) if person else 1}
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    mismatches = []
    for (endpoint, method), write in sorted([*WRITES.items(), *OTHER_PATHS], key=lambda item: item[1].order):
        api_call = endpoint.startswith("api.")
        path = fill(write.path, ids)
        body = _settings_form(pages) if write.body == "settings" else _body(write.body, ids)
        if api_call:
            if endpoint in {"api.register", "api.create_token"}:
                response = api.client.open("/api/v1" + path, method=method, json=body)
            else:
                response = api.client.open("/api/v1" + path, method=method, json=body, headers=api._headers())
        else:
            response = pages.open(path, method=method, data=body or {})
        expected = _expected(write, kind, api_call)
        outcome = _outcome(response, api_call)
        if outcome == expected == "done" and api_call and kind in write.allowed:
            documented = _documented_success(document, path, method)
            outcome = "done" if response.status_code == documented else f"done, not the documented {documented}"
        if outcome.split(" (")[0] != expected:
            mismatches.append((endpoint, method, path, response.status_code, outcome, expected))
    assert mismatches == [], "\n".join(map(str, mismatches))
