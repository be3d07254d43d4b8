"""Reader filters: muted words and topics collapse matching posts for the
member who chose them, on every surface; and writers are offered a content
warning for a post that touches a filter topic, never forced."""
from __future__ import annotations

import pytest

from forum.accounts.models import User
from forum.community import filters
from forum.community.models import Post
from forum.extensions import db
from forum.safety import crisis
from forum.settings import service as settings
from tests.outside import inbox  # noqa: F401  (fixture)

OVERDOSE_POST = "Last winter I took too many pills and ended up in hospital."


@pytest.fixture
def mutes(app):
    """mutes(person, topics=[...], words=[...]): set a member's filters through the service."""
    from forum.accounts import preferences

    def mute(person, topics=(), words=()):
        with app.test_request_context():
            preferences.update(db.session.get(User, person.id), {"muted_topics": list(topics),
                                                                  "muted_words": list(words)})
    return mute


# --- recognising topics ---------------------------------------------------------------

def test_topics_come_from_the_words_folded_as_watched_words_are(app):
    with app.test_request_context():
        assert filters.recognise("I want to talk about my OVERDOSE.") == ["overdose"]
        assert filters.recognise("My grandmother passed away on Sunday") == ["grief"]
        assert filters.recognise("some s.e.l.f h.a.r.m thoughts") == ["self-harm"]
        assert filters.recognise("Thérapy with my trauma-informed counsellor") == ["trauma"]
        assert filters.recognise("A lovely walk in the park") == []


def test_topics_come_from_the_content_warning(app):
    with app.test_request_context():
        assert filters.recognise("Hard to write this.", warning="eating disorder, grief") == ["eating", "grief"]


def test_the_crisis_detectors_reading_means_suicide_and_self_harm(app):
    verdict = crisis.Verdict("concern")
    with app.test_request_context():
        assert filters.recognise("Everything feels pointless lately.", verdict=verdict) == ["suicide", "self-harm"]
        # Words that name it more exactly keep to what they name.
        assert filters.recognise("I relapsed and cut myself", verdict=verdict) == ["self-harm"]
        assert filters.recognise("Everything feels pointless lately.", verdict=crisis.NOT_CRISIS) == []


def test_staff_keep_the_topics(app, staff):
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        topics = [*settings.get("filter_topics"), {"key": "Body Image", "label": "body image",
                                                   "words": ["body image", "mirror*"]}]
        settings.change(actor, {"filter_topics": topics})
        assert filters.recognise("I avoid mirrors these days") == ["body-image"]
        for bad in ([{"key": "", "label": "x", "words": ["x"]}], [{"key": "a", "label": "A", "words": []}],
                    [{"key": "a", "label": "A", "words": ["a"]}, {"key": "a", "label": "B", "words": ["b"]}],
                    [{"key": "a", "label": "A", "words": ["# *"]}], "grief", [{"key": "a"}]):
            with pytest.raises(Exception) as refused:
                settings.change(actor, {"filter_topics": bad})
            assert "filter_topics" in refused.value.fields


def test_topics_are_kept_on_the_post_when_written_and_edited(app, member, thread_in):
    _, post_id = thread_in(member, title="Winter", body=OVERDOSE_POST)
    with app.test_request_context():
        post = db.session.get(Post, post_id)
        assert post.topics == ["overdose"]
        from forum.community import services

        services.edit_post(db.session.get(User, member.id), post, "My grandmother passed away.")
        assert db.session.get(Post, post_id).topics == ["grief"]


def test_a_post_written_before_topics_were_kept_is_read_by_its_words(app, member, thread_in):
    _, post_id = thread_in(member, body=OVERDOSE_POST)
    with app.test_request_context():
        post = db.session.get(Post, post_id)
        post.topics = None
        db.session.commit()
        assert filters.topics_of(post) == ["overdose"]


def test_a_thread_title_and_warning_count_for_its_opening_post(app, member, thread_in):
    _, post_id = thread_in(member, title="After the funeral", body="Some words.", content_warning="")
    with app.test_request_context():
        assert db.session.get(Post, post_id).topics == ["grief"]


# --- who sees it collapsed --------------------------------------------------------------

def test_reason_for_a_muted_topic_a_muted_word_and_the_author(app, member, other_member, thread_in, mutes):
    _, post_id = thread_in(member, body=OVERDOSE_POST + " The Hospitál was kind.")
    mutes(other_member, topics=["overdose"])
    with app.test_request_context():
        post = db.session.get(Post, post_id)
        assert filters.reason_for(db.session.get(User, other_member.id), post) == "overdose and medication"
    mutes(other_member, words=["hospital"])
    mutes(member, topics=["overdose"], words=["hospital"])
    with app.test_request_context():
        post = db.session.get(Post, post_id)
        assert filters.reason_for(db.session.get(User, other_member.id), post) == filters.MUTED_WORD
        # The author's own posts are never hidden from them.
        assert filters.reason_for(db.session.get(User, member.id), post) is None
        assert filters.reason_for(None, post) is None
    mutes(other_member, words=["winter walk"])
    with app.test_request_context():
        assert filters.reason_for(db.session.get(User, other_member.id), db.session.get(Post, post_id)) is None


def test_muted_phrases_match_whole_words_folded(app, member, other_member, thread_in, mutes):
    _, post_id = thread_in(member, body="My P.A.N.I.C attack came back, panicky all week.")
    with app.test_request_context():
        reader, post = db.session.get(User, other_member.id), db.session.get(Post, post_id)
        for word, expected in [("panic attack", filters.MUTED_WORD), ("PANIC ATTACK", filters.MUTED_WORD),
                               ("panick*", filters.MUTED_WORD), ("attacks", None), ("pan", None)]:
            reader.preferences = {"muted_words": [word]}
            assert filters.reason_for(reader, post) == expected, word


# --- preferences -------------------------------------------------------------------------

def test_preferences_keep_filters_and_refuse_bad_ones(api, member):
    sam = api.as_(member)
    answer = sam.patch("/me/preferences", json={"muted_topics": ["grief", "overdose"],
                                                "muted_words": ["  panic   attack ", "panic attack", "", "relaps*"]})
    assert answer.status_code == 200
    assert answer.get_json()["preferences"]["muted_topics"] == ["overdose", "grief"]
    assert answer.get_json()["preferences"]["muted_words"] == ["panic attack", "relaps*"]
    for bad in [{"muted_topics": ["weather"]}, {"muted_topics": "grief"}, {"muted_words": "panic"},
                {"muted_words": [42]}, {"muted_words": ["x" * 61]}, {"muted_words": [f"w{i}" for i in range(51)]},
                {"muted_words": ["* #"]}]:
        refused = sam.patch("/me/preferences", json=bad)
        assert refused.status_code == 422, bad
        assert set(refused.get_json()["error"]["fields"]) == set(bad)
    assert sam.get("/me/preferences").get_json()["preferences"]["muted_words"] == ["panic attack", "relaps*"]


def test_the_preferences_page_keeps_filters(client, auth, member):
    auth.login(member)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert 'value="overdose"' in page and "overdose and medication" in page
    saved = client.post("/account/preferences", data={
        "content_warnings": "collapsed", "text_size": "normal", "muted_topics": ["self-harm", "grief"],
        "muted_words": "panic attack\nrelaps*\n"}, follow_redirects=True)
    assert "Preferences saved." in saved.get_data(as_text=True)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert 'checked id="muted_topics-0" name="muted_topics" type="checkbox" value="self-harm"' in page
    assert 'name="muted_topics" type="checkbox" value="grief"' in page.split('checked id="muted_topics-5"')[1]
    assert "panic attack\nrelaps*" in page
    refused = client.post("/account/preferences", data={
        "content_warnings": "collapsed", "text_size": "normal", "muted_words": "x" * 80})
    assert "under 60 characters" in refused.get_data(as_text=True)


def test_filters_are_in_the_data_export(api, member):
    sam = api.as_(member)
    sam.patch("/me/preferences", json={"muted_words": ["panic attack"], "muted_topics": ["grief"]})
    exported = sam.get("/me/export").get_json()
    assert "panic attack" in str(exported) and "grief" in str(exported)


# --- every surface -----------------------------------------------------------------------

@pytest.fixture
def filtered_thread(api, member, other_member, mutes):
    """River mutes overdose; Sam starts a thread and writes a reply about one."""
    sam = api.as_(member)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Checking in", "body": "How is everyone?"}
                         ).get_json()["thread"]["id"]
    mutes(other_member, topics=["overdose"])
    reply = sam.post(f"/threads/{thread_id}/posts", json={"body": OVERDOSE_POST, "content_warning": "hospital"})
    return thread_id, reply.get_json()["post"]["id"]


def test_the_thread_page_collapses_a_filtered_post(browser_as, member, other_member, filtered_thread):
    thread_id, post_id = filtered_thread
    page = browser_as(other_member).get(f"/t/{thread_id}").get_data(as_text=True)
    article = page[page.index(f'id="post-{post_id}"'):]
    article = article[:article.index("</article>")]
    assert '<details class="content-warning filtered-post">' in article
    assert "Hidden by your filter: overdose and medication" in article
    assert "(show post)" in article and "Content warning: hospital" in article
    assert "too many pills" in article  # inside the <details>: one tap shows it, no JavaScript needed
    # The author, and a reader without filters, see it as ever; the cached fragment is not shared.
    for person in (member,):
        own = browser_as(person).get(f"/t/{thread_id}").get_data(as_text=True)
        assert "Hidden by your filter" not in own
    third = browser_as(member).get(f"/p/{post_id}/fragment").get_data(as_text=True)
    assert "Hidden by your filter" not in third


def test_the_api_says_filtered_for_that_reader_only(api, member, other_member, filtered_thread):
    thread_id, post_id = filtered_thread
    river, sam = api.as_(other_member), api.as_(member)
    assert river.get(f"/posts/{post_id}").get_json()["post"]["filtered"] == {"reason": "overdose and medication"}
    assert sam.get(f"/posts/{post_id}").get_json()["post"]["filtered"] is None
    listed = {post["id"]: post for post in river.get(f"/threads/{thread_id}/posts").get_json()["items"]}
    assert listed[post_id]["filtered"] == {"reason": "overdose and medication"}
    assert all(post["filtered"] is None for key, post in listed.items() if key != post_id)
    river.patch("/me/preferences", json={"muted_topics": [], "muted_words": ["hospital"]})
    assert river.get(f"/posts/{post_id}").get_json()["post"]["filtered"] == {"reason": "a word you muted"}


def test_search_collapses_the_snippet(browser_as, api, member, other_member, filtered_thread):
    _, post_id = filtered_thread
    page = browser_as(other_member).get("/search?q=pills").get_data(as_text=True)
    assert "Hidden by your filter: overdose and medication" in page
    assert page.index("Hidden by your filter") < page.index("pills</mark>")
    assert "Hidden by your filter" not in browser_as(member).get("/search?q=pills").get_data(as_text=True)
    hits = api.as_(other_member).get("/search?q=pills").get_json()["items"]
    assert [hit["post"]["filtered"] for hit in hits] == [{"reason": "overdose and medication"}]


def test_notification_excerpts_keep_filtered_words_out(api, member, other_member, mutes):
    river = api.as_(other_member)
    thread_id = river.post("/categories/coping/threads", json={"title": "Mine", "body": "Talk to me."}
                           ).get_json()["thread"]["id"]
    mutes(other_member, topics=["overdose"])
    api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": OVERDOSE_POST})
    api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": "Thinking of you today."})
    excerpts = [item["excerpt"] for item in river.get("/notifications").get_json()["items"]]
    assert excerpts == ["Thinking of you today.", "Hidden by your filter: overdose and medication"]
    assert not any("pills" in excerpt for excerpt in excerpts)


@pytest.mark.app_config(HEARTH_SMTP_FROM="community@clinic.test")
def test_emails_carry_no_filtered_words(app, api, member, other_member, mutes, inbox):
    app.config.update(HEARTH_SMTP_HOST="127.0.0.1", HEARTH_SMTP_PORT=inbox.port)
    with app.app_context():
        db.session.get(User, other_member.id).email = "river@clinic.test"
        db.session.commit()
    river = api.as_(other_member)
    thread_id = river.post("/categories/coping/threads", json={"title": "Mine", "body": "Talk to me."}
                           ).get_json()["thread"]["id"]
    river.patch("/me/preferences", json={"email_notifications": True})
    mutes(other_member, topics=["overdose"])
    api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": OVERDOSE_POST})
    assert len(inbox.messages) == 1
    recipients, subject, text = inbox.messages[0]
    assert recipients == ["river@clinic.test"] and "replied in your thread" in subject
    assert "pills" not in text.lower() and "overdose" not in text.lower() and "overdose" not in subject.lower()


# --- offering a content warning --------------------------------------------------------

def test_the_composer_check_offers_a_warning(api, member):
    sam = api.as_(member)
    answer = sam.post("/safety/crisis-check", json={"text": OVERDOSE_POST}).get_json()
    assert answer["suggested_warning"] == "overdose and medication" and answer["crisis"] is False
    given = sam.post("/safety/crisis-check", json={"text": OVERDOSE_POST, "content_warning": "meds"}).get_json()
    assert given["suggested_warning"] is None
    assert sam.post("/safety/crisis-check", json={"text": "A good day at the park"}).get_json()[
        "suggested_warning"] is None
    # Someone writing in crisis is shown help, not asked to label it.
    in_crisis = sam.post("/safety/crisis-check", json={"text": "I want to kill myself tonight"}).get_json()
    assert in_crisis["crisis"] is True and in_crisis["suggested_warning"] is None
    assert sam.post("/safety/crisis-check", json={"text": "x", "content_warning": 3}).status_code == 422


def test_without_javascript_the_reply_comes_back_once_with_the_warning(browser_as, app, member, thread_in):
    thread_id, _ = thread_in(member)
    browser = browser_as(member)
    offered = browser.post(f"/t/{thread_id}/reply", data={"body": OVERDOSE_POST, "content_warning": ""})
    page = offered.get_data(as_text=True)
    assert offered.status_code == 200 and 'id="warning-offer"' in page
    assert 'name="content_warning" type="text" value="overdose and medication"' in page
    assert 'name="warning_offered" type="hidden" value="1"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == 1  # nothing posted yet
    # Posting again goes ahead, here without the warning: it was offered, not forced.
    posted = browser.post(f"/t/{thread_id}/reply", data={"body": OVERDOSE_POST, "content_warning": "",
                                                         "warning_offered": "1"})
    assert posted.status_code == 302
    with app.app_context():
        post = db.session.scalar(db.select(Post).order_by(Post.id.desc()))
        assert post.body == OVERDOSE_POST and post.content_warning == "" and post.topics == ["overdose"]


def test_without_javascript_a_new_thread_is_offered_a_warning_and_keeps_it(browser_as, app, member):
    browser = browser_as(member)
    fields = {"title": "A long winter", "body": OVERDOSE_POST, "content_warning": ""}
    page = browser.post("/c/coping/new", data=fields).get_data(as_text=True)
    assert 'value="overdose and medication"' in page and 'id="warning-offer"' in page
    posted = browser.post("/c/coping/new", data={**fields, "content_warning": "overdose and medication",
                                                "warning_offered": "1"})
    assert posted.status_code == 302
    with app.app_context():
        from forum.community.models import Thread

        assert db.session.scalar(db.select(Thread.content_warning).order_by(Thread.id.desc())) == \
            "overdose and medication"


def test_a_post_with_a_warning_or_no_topic_is_not_held_back(browser_as, member, thread_in):
    thread_id, _ = thread_in(member)
    browser = browser_as(member)
    assert browser.post(f"/t/{thread_id}/reply", data={"body": OVERDOSE_POST, "content_warning": "pills"}
                        ).status_code == 302
    assert browser.post(f"/t/{thread_id}/reply", data={"body": "A good day at the park."}).status_code == 302


def test_a_crisis_post_is_posted_at_once_and_reaches_moderators(browser_as, app, member, thread_in):
    thread_id, _ = thread_in(member)
    posted = browser_as(member).post(f"/t/{thread_id}/reply",
                                     data={"body": "I have the pills ready and I want to kill myself tonight."})
    assert posted.status_code == 302 and "#crisis-help" in posted.headers["Location"]
    with app.app_context():
        from forum.moderation.models import QueueItem

        post = db.session.scalar(db.select(Post).order_by(Post.id.desc()))
        assert "kill myself" in post.body and post.status == "visible"
        assert set(post.topics) >= {"suicide"}
        item = db.session.scalar(db.select(QueueItem).where(QueueItem.post_id == post.id))
        assert item.kind == "crisis" and item.tier == "urgent"


def test_the_api_never_holds_a_post_back(api, member, thread_in):
    thread_id, _ = thread_in(member)
    answer = api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": OVERDOSE_POST})
    assert answer.status_code == 201 and answer.get_json()["post"]["content_warning"] == ""
