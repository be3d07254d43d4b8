"""Hostile input on forms and endpoints: always a clear 4xx, never a 5xx."""
from collections import defaultdict

import pytest

from tests.routes import fill, page_write_rules

HUGE_UNICODE = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 3000 + "\u202e\u200b" * 500


FIELDS = ("username", "password", "email", "title", "body", "content_warning", "display_name", "bio",
          "current_password", "new_password", "answers_0", "answers_1", "text_size", "reason", "note", "action",
          "kind", "until", "pattern", "explanation", "slug", "name", "description", "posting", "position", "role",
          "scope", "expires_at", "seconds", "level", "category", "community_name", "rules", "crisis_resources",
          "hours_days", "hours_start", "hours_end", "hours_timezone", "auto_hide_threshold", "label", "id", "next")


@pytest.mark.parametrize("value", ["\x00", "a\x00b", HUGE_UNICODE, "x" * 100_000, "-1", "2999-99-99T99:99"])
def test_every_form_takes_hostile_values(app, client, auth, staff, member, thread_in, value):
    """Every state-changing page route, as staff (who reach them all): never a 5xx."""
    thread_id, post_id = thread_in(member)
    auth.login(staff)
    ids = defaultdict(lambda: 1, thread=thread_id, post=post_id, author=member.id, category="coping",
                      author_name=member.username)
    tried = 0
    for rule in page_write_rules(app):
        if rule.endpoint in {"accounts.sign_out", "accounts.my_data"}:
            continue
        path = fill(rule.rule, ids)
        response = client.post(path, data={name: value for name in FIELDS})
        assert response.status_code < 500, (path, response.status_code)
        tried += 1
    assert tried >= 25


API_WRITES = [("post", "/api/v1/users"), ("post", "/api/v1/tokens"), ("post", "/api/v1/categories/coping/threads"),
              ("patch", "/api/v1/me/preferences"), ("post", "/api/v1/notifications/read"),
              ("post", "/api/v1/safety/crisis-check")]


@pytest.mark.parametrize("method, path", API_WRITES)
@pytest.mark.parametrize("payload", [
    b"\xff\xfe\xfd invalid utf-8",
    b'{"body": "\\u0000", "title": "ok title", "text": "\\u0000"}',
    b"[" * 50_000 + b"]" * 50_000,
    b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    ("{" + '"k": 1,' * 20_000 + '"z": 2}').encode(),
    b"",
    b"null",
    b'{"body": 12345, "title": ["x"], "ids": [99999999999999999999], "all": "yes"}',
])
def test_api_takes_hostile_bodies(api, member, method, path, payload):
    caller = api.as_(member)
    response = getattr(caller.client, method)(path, data=payload, content_type="application/json",
                                              headers={"Authorization": f"Bearer {caller.token}"})
    # A clear answer, never a failure: a 4xx with a JSON error (an empty PATCH is simply "no change").
    assert response.status_code < 500 and response.is_json, (path, payload[:30], response.status_code)
    if response.status_code >= 400:
        assert response.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["q=%00", "q=" + "%F0%9F%92%9B" * 500, "after=99999999999999999999",
                                   "limit=-1", "page=%FF"])
def test_query_strings(api, member, query):
    response = api.as_(member).get(f"/search?{query}")
    assert response.status_code in (200, 400, 422)


SUPERSCRIPT_TWO = "\u00b2"  # str.isdigit() says yes; int() says no


def test_numbers_in_query_strings_that_only_look_like_digits(app, client, auth, staff, member, thread_in):
    """Every page, as staff, with each number-taking argument set to "²": never a 5xx."""
    from tests.routes import get_rules

    thread_id, post_id = thread_in(member)
    auth.login(staff)
    ids = defaultdict(lambda: 1, thread=thread_id, post=post_id, author=member.id, category="coping",
                      author_name=member.username, chart="crisis", memorial_id=1)
    query = "&".join(f"{name}={SUPERSCRIPT_TWO}" for name in ("page", "quote", "after", "days", "post", "before"))
    for rule in get_rules(app):
        path = fill(rule.rule, ids)
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, response.status_code)


def test_a_read_position_beyond_any_id_is_refused(api, member, thread_in):
    thread_id, _ = thread_in(member)
    response = api.as_(member).put(f"/threads/{thread_id}/read", json={"post_id": 10**20})
    assert response.status_code == 422
