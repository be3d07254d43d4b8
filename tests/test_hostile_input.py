"""Hostile input on forms and endpoints: always a clear 4xx, never a 5xx."""
import pytest

HUGE_UNICODE = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 3000 + "\u202e\u200b" * 500


@pytest.fixture
def signed_in(client, auth, member):
    auth.login(member)
    return client


FORMS = ["/sign-in", "/apply", "/c/coping/new", "/account", "/account/password", "/account/preferences",
         "/account/data"]


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("value", ["\x00", "a\x00b", HUGE_UNICODE, "x" * 100_000])
def test_forms_take_hostile_values(signed_in, path, value):
    fields = {name: value for name in ("username", "password", "email", "title", "body", "content_warning",
                                       "display_name", "bio", "current_password", "new_password", "answers_0",
                                       "answers_1", "text_size")}
    response = signed_in.post(path, data=fields)
    assert response.status_code < 500, (path, response.status_code)


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
