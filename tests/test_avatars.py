"""Initials avatars: drawn by the server, the same every time, never markup
from a name, and neutral for a former member."""
import re
from types import SimpleNamespace

import pytest

from forum.accounts import avatars
from forum.accounts.models import User
from forum.extensions import db


def person(username: str, display_name: str | None = None):
    return SimpleNamespace(username=username, display_name=display_name or username)


@pytest.mark.parametrize("display_name, username, letters", [
    ("Sam River", "sam", "SR"), ("sam_member", "sam_member", "SM"), ("quiet", "quiet", "Q"),
    ("Ana María de la Cruz", "ana", "AM"), ("  ", "blank_name", "B"), ("***", "stars", "S"),
    ("élodie", "elodie", "É"), ("Дарья", "darya", "Д"),
])
def test_initials(display_name, username, letters):
    assert avatars.initials(display_name, username) == letters


@pytest.mark.parametrize("display_name", [
    '<script>alert(1)</script>', '"><svg onload=alert(1)>', "&lt;b&gt;", "Bo</text><script>x</script>",
])
def test_a_name_cannot_inject_markup(display_name):
    svg = str(avatars.svg(person("writer", display_name)))
    assert "<script" not in svg and "onload" not in svg and "alert" not in svg
    assert re.findall(r"<(/?\w+)", svg) == ["svg", "circle", "text", "/text", "/svg"]
    text = re.search(r"<text[^>]*>(.*?)</text>", svg).group(1)
    assert re.fullmatch(r"[^<>&\"]{1,2}", text)


def test_the_same_member_always_gets_the_same_colour():
    first = str(avatars.svg(person("river_member", "River")))
    assert first == str(avatars.svg(person("river_member", "River")))
    assert avatars.colour_index("River_Member") == avatars.colour_index("river_member")
    colours = {avatars.colour_index(f"member_{n}") for n in range(60)}
    assert colours == set(range(avatars.PALETTE_SIZE))  # the palette is used


def test_a_former_member_has_a_neutral_avatar():
    svg = str(avatars.svg(None))
    assert 'class="avatar avatar-none"' in svg and "<text" not in svg


def test_avatars_are_decorative_and_sized():
    svg = str(avatars.svg(person("sam"), "large"))
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg and 'width="64"' in svg


def test_avatars_show_beside_posts_lists_and_profiles(app, client, auth, member, other_member, thread_in):
    with app.app_context():
        db.session.get(User, other_member.id).display_name = "River Stone"
        db.session.commit()
    thread_id, post_id = thread_in(other_member)
    auth.login(member)
    thread = client.get(f"/t/{thread_id}").get_data(as_text=True)
    article = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', thread, re.S).group(0)
    assert re.search(r'<svg class="avatar avatar-\d"[^>]*width="32"[^>]*>.*?>RS</text>', article)
    row = re.search(rf'<li id="thread-{thread_id}".*?</li>', client.get("/c/coping").get_data(as_text=True), re.S)
    assert 'class="avatar avatar-' in row.group(0)
    assert 'width="64"' in client.get(f"/u/{other_member.username}").get_data(as_text=True)
    assert 'width="64"' in client.get("/account").get_data(as_text=True)
