"""Cached post fragments: one member's view of a post never shows up on
another's page, and every change to a post or its reactions shows at once."""
import re

import pytest

from tests.conftest import signed_in_browser

pytestmark = pytest.mark.app_config(WTF_CSRF_ENABLED=True)


def _article(page: str, post_id: int) -> str:
    return re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', page, re.S).group(0)


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html))


def test_each_viewer_gets_their_own_controls_and_token(app, member, other_member, moderator, thread_in):
    thread_id, post_id = thread_in(member, body="Words of mine.")
    pages = {}
    for person in (member, other_member, moderator, other_member):
        client = signed_in_browser(app, person)
        page = client.get(f"/t/{thread_id}").get_data(as_text=True)
        pages[person.username] = (page, _article(page, post_id))
    author_page, author_post = pages[member.username]
    reader_page, reader_post = pages[other_member.username]
    _, moderator_post = pages[moderator.username]
    assert "Withdraw" in author_post and "Flag" not in author_post and 'class="reaction"' not in author_post
    assert "Withdraw" not in reader_post and "Flag" in reader_post and 'class="reaction"' in reader_post
    assert "Remove" in moderator_post and "Remove" not in reader_post
    # The post's forms carry the page's own token, never another member's.
    assert _tokens(reader_post) == _tokens(reader_page) and len(_tokens(reader_page)) == 1
    assert _tokens(author_post) == _tokens(author_page) and _tokens(author_page) != _tokens(reader_page)


def test_reactions_and_edits_show_at_once(app, member, other_member, make_person, thread_in):
    thread_id, post_id = thread_in(member, body="First version.")
    third = make_person("third_reader")
    reactor, onlooker, author = signed_in_browser(app, other_member), signed_in_browser(app, third), signed_in_browser(app, member)
    for client in (reactor, onlooker, author):
        client.get(f"/t/{thread_id}")  # warm every viewer's fragment

    token = _tokens(reactor.get(f"/t/{thread_id}").get_data(as_text=True)).pop()
    reactor.post(f"/p/{post_id}/react/support", data={"csrf_token": token})
    mine = _article(reactor.get(f"/t/{thread_id}").get_data(as_text=True), post_id)
    theirs = _article(onlooker.get(f"/t/{thread_id}").get_data(as_text=True), post_id)
    assert re.search(r'data-kind="support" aria-pressed="true">\s*Sending support <span class="count">1', mine)
    assert re.search(r'data-kind="support" aria-pressed="false">\s*Sending support <span class="count">1', theirs)

    token = _tokens(author.get(f"/p/{post_id}/edit").get_data(as_text=True)).pop()
    author.post(f"/p/{post_id}/edit", data={"body": "Second version.", "csrf_token": token})
    for client in (reactor, onlooker, author):
        post = _article(client.get(f"/t/{thread_id}").get_data(as_text=True), post_id)
        assert "Second version." in post and "First version." not in post and ">edited<" in post


def test_links_from_patterns_match_url_for(app):
    from flask import url_for

    from forum.links import link

    with app.test_request_context("/"):
        for endpoint, values in [("community.post", {"post_id": 12}),
                                 ("community.react", {"post_id": 3, "kind": "hope"}),
                                 ("community.thread", {"thread_id": 5, "quote": 9}),
                                 ("moderation.claim", {"item_id": 4, "change": "claim"}),
                                 ("accounts.member_profile", {"username": "name with space"})]:
            assert link(endpoint, **values) == url_for(endpoint, **values)
            assert link(endpoint, **values) == url_for(endpoint, **values)  # from the cached pattern


def test_a_removed_post_leaves_no_rendering_behind(app, member, other_member, moderator, thread_in):
    from forum.accounts.models import User
    from forum.community import services
    from forum.community.models import Post, Thread
    from forum.extensions import db

    thread_id, _ = thread_in(member, body="Opening words.")
    with app.app_context():
        replier = db.session.get(User, other_member.id)
        reply_id = services.reply(replier, db.session.get(Thread, thread_id), "Call me on 555-0199.").post.id
    for person in (member, moderator):
        assert "555-0199" in signed_in_browser(app, person).get(f"/t/{thread_id}").get_data(as_text=True)
    cached = app.extensions["hearth_post_fragments"]._entries
    assert any("555-0199" in html for html in cached.values())

    with app.test_request_context("/"):
        services.remove_post(db.session.get(User, moderator.id), db.session.get(Post, reply_id), "Contact details")
    assert not any("555-0199" in html for html in cached.values())
