"""Headers, CSRF, cookies and request limits."""
import re

import pytest

from tests.conftest import PASSWORD, Api, csrf_token


def test_security_headers_on_every_page(client):
    for path in ["/", "/rules", "/help", "/sign-in", "/static/css/hearth.css", "/nowhere"]:
        with client.get(path) as response:
            headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_not_cached(client, auth, member):
    auth.login(member)
    for path in ("/", "/account", "/notifications", "/search?q=hope"):
        assert "no-store" in client.get(path).headers["Cache-Control"], path


def test_thread_and_category_pages_are_kept_only_by_the_browser_and_only_until_sign_out(client, auth, member,
                                                                                     thread_in):
    thread_id, _ = thread_in(member, title="Revalidated")
    auth.login(member, remember=True)  # a member who keeps their sign-in on this device
    for path in ("/c/coping", f"/t/{thread_id}"):
        assert client.get(path).headers["Cache-Control"] == "private, no-cache", path
    signed_out = client.post("/sign-out")
    assert signed_out.headers["Clear-Site-Data"] == '"cache"'


def test_session_cookie_flags(client, member):
    response = client.post("/sign-in", data={"username": member.username, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session = next(cookie for cookie in cookies if cookie.startswith("session="))
    remember = next(cookie for cookie in cookies if cookie.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_inline_scripts_or_styles_in_templates():
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert " style=" not in text and "<style" not in text, template
        assert not re.search(r"""(src|href)=["']https?://""", text.replace('href="{{ resource.url }}"', "")), template


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
class TestWithCsrf:
    def test_forms_need_the_token(self, client, member):
        refused = client.post("/sign-in", data={"username": member.username, "password": PASSWORD})
        assert refused.status_code == 400
        accepted = client.post("/sign-in", data={"username": member.username, "password": PASSWORD,
                                                 "csrf_token": csrf_token(client)})
        assert accepted.status_code == 302

    def test_sign_out_needs_the_token(self, client, auth, member):
        assert auth.login(member).status_code == 302
        client.post("/sign-out")
        assert client.get("/c/coping").status_code == 200

    def test_cookie_api_calls_need_the_header_but_tokens_do_not(self, app, client, auth, member):
        assert auth.login(member).status_code == 302
        body = {"title": "Hello there", "body": "Hi"}
        refused = client.post("/api/v1/categories/coping/threads", json=body)
        assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
        page_token = csrf_token(client, "/c/coping/new")
        accepted = client.post("/api/v1/categories/coping/threads", json=body, headers={"X-CSRFToken": page_token})
        assert accepted.status_code == 201
        bearer = Api(app.test_client()).as_(member)
        assert bearer.post("/categories/coping/threads", json=body).status_code == 201


class TestRateLimits:
    @pytest.fixture
    def app_config(self, rate_limits_on):
        return rate_limits_on

    def test_sign_in_is_rate_limited(self, client, member):
        statuses = [client.post("/sign-in", data={"username": member.username, "password": "wrong guess!"}).status_code
                    for _ in range(11)]
        assert statuses[:10] == [200] * 10 and statuses[10] == 429

    def test_guessing_one_account_from_many_addresses_is_limited(self, client, make_person):
        member = make_person("guessed_member")
        statuses = [client.post("/sign-in", data={"username": member.username, "password": "wrong guess!"},
                                environ_base={"REMOTE_ADDR": f"10.0.{n // 200}.{n % 200 + 1}"}).status_code
                    for n in range(21)]
        assert statuses[:20] == [200] * 20 and statuses[20] == 429
        other = client.post("/sign-in", data={"username": "someone_else", "password": "wrong guess!"},
                            environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert other.status_code == 200

    def test_api_rate_limit_answers_json_with_retry_after(self, client, member):
        for _ in range(10):
            client.post("/api/v1/tokens", json={"username": member.username, "password": "wrong guess!"})
        response = client.post("/api/v1/tokens", json={"username": member.username, "password": "wrong guess!"})
        assert response.status_code == 429 and response.get_json()["error"]["code"] == "rate_limited"
        assert int(response.headers["Retry-After"]) > 0
