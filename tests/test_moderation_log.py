"""The moderation log page: who and what by name, with links, and filters that
follow every page of results."""
from __future__ import annotations

import html
import re
from datetime import timedelta

from forum import clock
from forum.audit.models import LogEntry
from forum.community.models import Post
from forum.extensions import db


def _page(client, path: str = "/moderation/log", **args) -> str:
    return html.unescape(client.get(path, query_string=args or None).get_data(as_text=True))


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<td.*?</tr>", page, re.S)


def test_members_posts_and_threads_by_name_with_links(app, client, auth, api, moderator, member, thread_in):
    thread_id, post_id = thread_in(member, title="Hard days")
    mod = api.as_(moderator)
    mod.post(f"/users/{member.id}/sanctions", json={"kind": "warn", "reason": "Be kind"})
    mod.delete(f"/posts/{post_id}", json={"reason": "Off topic"})
    mod.post(f"/threads/{thread_id}/lock", json={"reason": "Cooling off"})
    auth.login(moderator)
    page = _page(client)
    assert f'member <a href="/moderation/members/{member.id}">{member.username}</a>' in page
    assert f'<a href="/p/{post_id}">post by {member.username}</a> in “Hard days”' in page
    assert f'thread <a href="/t/{thread_id}">“Hard days”</a>' in page
    assert "user " + str(member.id) not in page and f"post {post_id}" not in page


def test_a_post_that_is_gone_is_named_without_a_link(app, client, auth, api, moderator, member, thread_in):
    _, post_id = thread_in(member)
    api.as_(moderator).delete(f"/posts/{post_id}", json={"reason": "Off topic"})
    with app.app_context():
        db.session.add(LogEntry(actor_id=None, actor_name="system", action="post_removed", target_type="post",
                                target_id=999_999, reason="", details={}))
        db.session.commit()
    auth.login(moderator)
    page = _page(client)
    assert 'post 999999 <span class="muted">(no longer exists)</span>' in page and 'href="/p/999999"' not in page


def test_filters_are_choices_and_follow_the_pages(app, client, auth, api, moderator, staff, member, other_member):
    for person, count in ((member, 30), (other_member, 30)):
        for number in range(count):
            api.as_(moderator).post(f"/users/{person.id}/sanctions",
                                    json={"kind": "warn", "reason": f"{person.username} {number}"})
    api.as_(staff).post(f"/users/{member.id}/sanctions", json={"kind": "warn", "reason": "From staff"})
    auth.login(moderator)
    page = _page(client)
    assert '<select id="action" name="action">' in page and '<option value="sanction_warn">sanction warn</option>' \
        in page
    assert f'<option value="{staff.username}">{staff.username}</option>' in page
    assert 'type="date"' in page and 'name="member"' in page

    first = _page(client, action="sanction_warn", actor=moderator.username, member=member.username)
    rows = _rows(first)
    assert len(rows) == 30 and all(f"{member.username} " in row for row in rows)
    assert f'<option selected value="{moderator.username}">' in first and f'value="{member.username}"' in first

    everything = _page(client, member=member.username)
    assert len(_rows(everything)) == 31
    older = re.search(r'href="(/moderation/log\?[^"]+)">Older entries', _page(client)).group(1)
    assert "before=" in older
    filtered_older = re.search(r'href="(/moderation/log\?[^"]+)">Older entries', _page(client, actor=moderator.username))
    assert filtered_older and f"actor={moderator.username}" in filtered_older.group(1)
    second = _page(client, filtered_older.group(1).replace("&amp;", "&"))
    assert _rows(second) and all(staff.username not in row for row in _rows(second))


def test_date_filters_use_the_community_day(app, client, auth, api, moderator, member):
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "warn", "reason": "Today"})
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry))
        old = LogEntry(actor_id=entry.actor_id, actor_name=entry.actor_name, action="sanction_warn",
                       target_type="user", target_id=member.id, reason="Long ago", details={},
                       created_at=clock.now() - timedelta(days=40))
        db.session.add(old)
        db.session.commit()
    auth.login(moderator)
    today = (clock.now() - timedelta(days=1)).date().isoformat()
    recent = _page(client, since=today)
    assert "Today" in recent and "Long ago" not in recent
    early = _page(client, until=(clock.now() - timedelta(days=20)).date().isoformat())
    assert "Long ago" in early and "Today" not in early


def test_bad_filters_are_explained(client, auth, moderator):
    auth.login(moderator)
    page = _page(client, member="nobody_here", since="last week")
    assert "No member is called nobody_here." in page and "Choose a date, such as 2026-12-31." in page
    assert 'aria-invalid="true"' in page


def test_members_cannot_read_the_log(client, auth, member):
    auth.login(member)
    assert client.get("/moderation/log").status_code == 403


def test_post_author_filter_includes_their_posts(app, client, auth, api, moderator, member, other_member, thread_in):
    _, mine = thread_in(member, title="Mine")
    _, theirs = thread_in(other_member, title="Theirs")
    mod = api.as_(moderator)
    mod.delete(f"/posts/{mine}", json={"reason": "Mine removed"})
    mod.delete(f"/posts/{theirs}", json={"reason": "Theirs removed"})
    auth.login(moderator)
    page = _page(client, member=member.username)
    assert "Mine removed" in page and "Theirs removed" not in page
    with app.app_context():
        assert db.session.get(Post, mine).status == "removed"
