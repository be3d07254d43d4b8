"""Writing safely and being told where you acted: withdrawing with Undo, the
flag page and "Posts you flagged", messages placed next to the post or the
reply box, a refused reply kept at the reply box."""
from datetime import timedelta

import pytest

from forum.community.models import Post
from forum.extensions import db
from forum.moderation.models import Flag


@pytest.fixture
def signed_in(client, auth, member):
    auth.login(member)
    return client


def _status(app, post_id):
    with app.app_context():
        return db.session.get(Post, post_id).status


def _message_after_post(page: str, post_id: int) -> str:
    """What the page shows between the post and the next one."""
    return page.split(f'id="post-{post_id}"')[1].split("</article>")[1].split("<article")[0]


def test_withdraw_says_so_next_to_the_post_with_undo(app, signed_in, member, thread_in, api):
    thread_id, _ = thread_in(member)
    reply = api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": "Too much, maybe."}).get_json()
    post_id = reply["post"]["id"]
    response = signed_in.post(f"/p/{post_id}/withdraw")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#post-{post_id}")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    beside = _message_after_post(page, post_id)
    assert "Your post was withdrawn." in beside and f'action="/p/{post_id}/undo-withdraw"' in beside
    assert 'role="status"' in beside and 'tabindex="-1"' in beside and "data-until=" in beside
    assert _status(app, post_id) == "withdrawn"
    undone = signed_in.post(f"/p/{post_id}/undo-withdraw")
    assert undone.headers["Location"].endswith(f"#post-{post_id}") and _status(app, post_id) == "visible"
    assert "Your post is back." in _message_after_post(signed_in.get(undone.headers["Location"]).get_data(
        as_text=True), post_id)


def test_undo_lasts_ten_seconds(app, signed_in, member, thread_in, moved_clock):
    _, post_id = thread_in(member, body="An opening post.")
    signed_in.post(f"/p/{post_id}/withdraw")
    moved_clock["by"] = timedelta(seconds=9)
    signed_in.post(f"/p/{post_id}/undo-withdraw")
    assert _status(app, post_id) == "visible"
    signed_in.post(f"/p/{post_id}/withdraw")
    moved_clock["by"] += timedelta(seconds=11)
    too_late = signed_in.post(f"/p/{post_id}/undo-withdraw")
    assert _status(app, post_id) == "withdrawn"
    page = signed_in.get(too_late.headers["Location"]).get_data(as_text=True)
    assert "too late to undo" in _message_after_post(page, post_id) and 'role="alert"' in page


def test_undo_puts_a_held_or_hidden_post_back_as_it_was(app, signed_in, member, moderator, thread_in, api):
    _, post_id = thread_in(member)
    api.as_(moderator).post(f"/posts/{post_id}/flags", json={"reason": "other"})  # a moderator's flag hides it
    assert _status(app, post_id) == "hidden"
    signed_in.post(f"/p/{post_id}/withdraw")
    signed_in.post(f"/p/{post_id}/undo-withdraw")
    assert _status(app, post_id) == "hidden"  # never a way round moderation


def test_only_the_author_undoes(app, client, auth, member, other_member, thread_in):
    _, post_id = thread_in(member)
    auth.login(member)
    client.post(f"/p/{post_id}/withdraw")
    auth.logout()
    auth.login(other_member)
    assert client.post(f"/p/{post_id}/undo-withdraw").status_code == 403
    assert _status(app, post_id) == "withdrawn"


def test_undo_tells_open_pages(app, signed_in, member, thread_in):
    from forum import events

    heard = []
    events.subscribe(heard.append)
    try:
        _, post_id = thread_in(member)
        signed_in.post(f"/p/{post_id}/withdraw")
        signed_in.post(f"/p/{post_id}/undo-withdraw")
    finally:
        events.unsubscribe(heard.append)
    names = [event.name for event in heard if event.data.get("post_id") == post_id]
    # Withdrawn: readers' pages take it away; undone: it comes back.
    assert names[-2:] == ["post_hidden", "post_updated"]


def test_withdraw_sits_apart_from_edit(signed_in, member, thread_in):
    thread_id, post_id = thread_in(member)
    page = signed_in.get(f"/t/{thread_id}").get_data(as_text=True)
    tools = page.split(f'id="post-{post_id}"')[1].split('class="post-tools"')[1].split("</ul>")[0]
    assert tools.index("Edit") < tools.index('class="tool-apart"') < tools.index("Withdraw")


def test_flag_thank_you_lands_next_to_the_post(app, client, auth, member, other_member, thread_in):
    thread_id, post_id = thread_in(other_member)
    auth.login(member)
    response = client.post(f"/p/{post_id}/flag", data={"reason": "harassment", "note": ""})
    assert response.headers["Location"].endswith(f"#post-{post_id}")
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Thank you. A moderator will look at this post" in _message_after_post(page, post_id)
    assert f'id="message-post-{post_id}"' in page


def test_the_flag_page_shows_the_post_behind_its_warning(client, auth, member, other_member, thread_in):
    _, post_id = thread_in(other_member, body="The *hard* part of today.", content_warning="self-harm")
    auth.login(member)
    page = client.get(f"/p/{post_id}/flag").get_data(as_text=True)
    shown = page.split('class="post post-preview"')[1].split("</article>")[0]
    assert other_member.username in shown and "<time" in shown
    assert "<em>hard</em>" in shown and "Content warning: self-harm" in shown and "<details" in shown
    # The reasons' labels, and a summary linking to the choices when none was made.
    assert "Harassment or unkindness" in page
    refused = client.post(f"/p/{post_id}/flag", data={"note": ""}).get_data(as_text=True)
    assert 'class="form-errors error-summary"' in refused and 'href="#reason-0"' in refused
    assert 'aria-invalid="true"' in refused and "Choose what worries you about this post." in refused


def test_the_flag_page_never_shows_a_hidden_posts_words(app, client, auth, api, member, other_member, moderator,
                                                       make_person, thread_in):
    thread_id, _ = thread_in(other_member)
    post_id = api.as_(other_member).post(f"/threads/{thread_id}/posts", json={"body": "Words under review."}
                                         ).get_json()["post"]["id"]
    api.as_(moderator).post(f"/posts/{post_id}/flags", json={"reason": "other"})  # hidden for review
    auth.login(member)
    page = client.get(f"/p/{post_id}/flag").get_data(as_text=True)
    assert "Words under review." not in page and "hidden while moderators review it" in page


def test_posts_you_flagged_shows_the_post_and_reason_in_words(app, client, auth, api, member, other_member,
                                                              moderator, thread_in):
    _, kept_id = thread_in(other_member, body="A post that stays.")
    _, hidden_id = thread_in(other_member, title="Another one", body="A post that goes.")
    flagger = api.as_(member)
    flagger.post(f"/posts/{kept_id}/flags", json={"reason": "misinformation"})
    flagger.post(f"/posts/{hidden_id}/flags", json={"reason": "spam"})
    api.as_(moderator).post(f"/posts/{hidden_id}/flags", json={"reason": "spam"})  # hidden for review
    with app.app_context():
        db.session.execute(db.update(Flag).where(Flag.post_id == kept_id).values(outcome="kept"))
        db.session.commit()
    auth.login(member)
    page = client.get("/account/reports").get_data(as_text=True)
    assert "A post that stays." in page and f'href="/p/{kept_id}"' in page
    assert "Misinformation, including dosing advice" in page and "Spam" in page
    assert "misinformation<" not in page  # no raw reason codes
    assert "Reviewed: the post stays up" in page and "Waiting for a moderator" in page
    assert "A post that goes." not in page and "This post has been removed" in page


def test_a_refused_reply_comes_back_at_the_reply_box(signed_in, member, thread_in):
    thread_id, _ = thread_in(member)
    response = signed_in.post(f"/t/{thread_id}/reply", data={"body": "Long careful words. DM me for k"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    form = page.split('id="reply-form"')[0].rsplit("<form", 1)[1] + page.split('id="reply-form"')[1]
    assert f'action="/t/{thread_id}/reply#reply"' in form
    summary, box = form.split('class="form-errors error-summary"')[1].split("<textarea")
    assert "no sourcing" in summary and 'href="#body"' in summary
    assert "Long careful words. DM me for k" in box and 'aria-invalid="true"' in box
    assert "data-unsent" in page


def test_an_edit_is_confirmed_next_to_the_post(signed_in, member, thread_in):
    thread_id, post_id = thread_in(member)
    response = signed_in.post(f"/p/{post_id}/edit", data={"body": "Better words."})
    assert response.headers["Location"].endswith(f"#post-{post_id}")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your changes are saved." in _message_after_post(page, post_id)
    assert 'class="flashes"' not in page  # said once, where it belongs


def test_thread_notifications_are_confirmed_next_to_their_form(signed_in, member, thread_in):
    thread_id, _ = thread_in(member)
    response = signed_in.post(f"/t/{thread_id}/notifications", data={"level": "watch"})
    assert response.headers["Location"].endswith("#thread-notifications")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert page.index("every reply here") < page.index('id="thread-notifications"')


def test_a_message_with_no_place_on_the_page_shows_at_the_top(app, signed_in):
    from forum.feedback import tell

    with signed_in.session_transaction() as session:
        session["_flashes"] = [("success", {"text": "Somewhere else.", "target": "post-999999"})]
    page = signed_in.get("/").get_data(as_text=True)
    assert page.index('class="flashes"') < page.index("Somewhere else.")
    assert tell  # the helper the views use
