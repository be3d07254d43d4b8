"""Search: finds what a member may read, ranked, safely highlighted."""
import pytest


@pytest.fixture
def corpus(api, member, other_member, moderator):
    sam, river = api.as_(member), api.as_(other_member)
    made = {}

    def thread(author, title, body, slug="treatment-journeys"):
        data = author.post(f"/categories/{slug}/threads", json={"title": title, "body": body}).get_json()
        made[title] = data
        return data

    thread(sam, "The dissociation was gentle", "My first session felt like floating.")
    thread(river, "Integration notes", "Journaling helped after the dissociative part of the session.")
    thread(river, "Gardening", "Tomatoes and basil on the balcony.", slug="off-topic")
    hidden = thread(sam, "Private worry", "A secret about dissociation I regret posting.")
    sam.delete(f"/posts/{hidden['post']['id']}")
    reply = river.post(f"/threads/{made['Gardening']['thread']['id']}/posts",
                       json={"body": "Removed text about dissociation."}).get_json()
    api.as_(moderator).delete(f"/posts/{reply['post']['id']}", json={"reason": "Test"})
    made["removed reply"] = reply
    return made


def search(api, person, query, **params):
    response = api.as_(person).get("/search", query_string={"q": query, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_word_forms_match_and_titles_rank_first(api, make_person, corpus):
    found = search(api, make_person("third_reader"), "dissociative")["items"]
    assert [hit["thread"]["title"] for hit in found] == ["The dissociation was gentle", "Integration notes"]
    assert "<mark>" in found[1]["snippet"]


def _found(api, person, query, **params) -> dict[int, str]:
    """Post id -> status of every hit."""
    found = search(api, person, query, limit=100, **params)["items"]
    return {hit["post"]["id"]: hit["post"]["status"] for hit in found}


def test_readers_never_find_hidden_removed_or_withdrawn_text(api, make_person, corpus):
    reader = make_person("third_reader")
    found = search(api, reader, "dissociation")["items"]
    text = " ".join(hit["snippet"] + hit["thread"]["title"] for hit in found)
    assert "secret" not in text.lower() and "Removed text" not in text and "Private worry" not in text
    assert {hit["post"]["status"] for hit in found} == {"visible"}


def test_authors_find_their_own_unpublished_posts_marked(api, member, other_member, corpus):
    withdrawn, removed = corpus["Private worry"]["post"]["id"], corpus["removed reply"]["post"]["id"]
    assert _found(api, member, "dissociation")[withdrawn] == "withdrawn"
    assert removed not in _found(api, member, "dissociation")
    assert _found(api, other_member, "dissociation")[removed] == "removed"
    assert withdrawn not in _found(api, other_member, "dissociation")


def test_moderators_and_staff_find_everything_marked(api, moderator, staff, corpus):
    withdrawn, removed = corpus["Private worry"]["post"]["id"], corpus["removed reply"]["post"]["id"]
    for person in (moderator, staff):
        found = _found(api, person, "dissociation")
        assert found[withdrawn] == "withdrawn" and found[removed] == "removed"


def test_held_threads_are_found_by_their_author_and_moderators(app, api, member, other_member, moderator):
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"new_member_review_count": 5})
    held = api.as_(member).post("/categories/coping/threads", json={"title": "Pending words", "body": "zebrafish"})
    post_id = held.get_json()["post"]["id"]
    assert search(api, other_member, "zebrafish")["items"] == []
    assert _found(api, member, "zebrafish") == {post_id: "pending"}
    assert _found(api, moderator, "zebrafish") == {post_id: "pending"}


def test_search_follows_the_policy_for_every_status(app, api, member, other_member, moderator, staff, thread_in):
    """Whoever may read a post's thread and see its text finds it, and nobody
    else: the search's SQL against read_thread and see_post_text, for a post
    of every status as a reply and as a thread's opening post, and an erased one."""
    from forum import policy
    from forum.accounts.models import User
    from forum.community import queries, services
    from forum.community.models import POST_STATUSES, Post, Thread
    from forum.extensions import db

    open_thread, _ = thread_in(other_member, title="Open thread", body="Nothing to find here.")
    with app.app_context():
        author = db.session.get(User, member.id)
        thread = db.session.get(Thread, open_thread)
        for status in POST_STATUSES:
            reply = services.reply(author, thread, f"A kestrel reply, {status}.").post
            opening = services.create_thread(author, queries.category("coping"), f"Kestrel thread {status}",
                                             f"A kestrel opening post, {status}.").post
            for post in (reply, opening):
                post.status = status
            opening.thread.status = {"withdrawn": "visible", "rejected": "removed"}.get(status, status)
        erased = services.create_thread(author, queries.category("coping"), "Kestrel erased", "gone").post
        erased.body, erased.html, erased.status, erased.author_id = "", "", "withdrawn", None
        db.session.commit()
        posts = db.session.scalars(db.select(Post).where(Post.thread_id != open_thread)).all()
        posts += db.session.scalars(db.select(Post).where(Post.thread_id == open_thread, Post.position > 1)).all()
        expected = {}
        for person in (member, other_member, moderator, staff):
            viewer = db.session.get(User, person.id)
            expected[person.username] = {
                post.id: post.status for post in posts
                if policy.read_thread(viewer, post.thread) and policy.see_post_text(viewer, post)}
    assert len(expected[member.username]) == 2 * len(POST_STATUSES)
    assert len(expected[other_member.username]) == 2  # the published reply and opening post
    for person in (member, other_member, moderator, staff):
        assert _found(api, person, "kestrel") == expected[person.username], person.username


def test_unpublished_hits_are_marked_on_the_page(client, auth, moderator, other_member, corpus):
    auth.login(moderator)
    page = client.get("/search?q=dissociation").get_data(as_text=True)
    assert '<span class="badge">Removed</span>' in page and '<span class="badge">Withdrawn</span>' in page
    auth.logout()
    auth.login(other_member)
    page = client.get("/search?q=dissociation").get_data(as_text=True)
    assert '<span class="badge">Removed</span>' in page and "Withdrawn" not in page


@pytest.mark.parametrize("query", ['"', "*", "(", ")", "AND", "OR NOT", "NEAR(", "title:", "-", "^", "'; DROP TABLE",
                                   "dissociation*", '"unclosed', "a" * 190, "💛", "\\", "%_"])
def test_search_syntax_never_errors(api, member, corpus, query):
    search(api, member, query)


def test_snippets_never_carry_html_from_posts(api, member, other_member):
    api.as_(other_member).post("/categories/coping/threads", json={
        "title": "Markup test", "body": "Before <script>alert(1)</script> <b>bold</b> marmalade after"})
    snippet = search(api, member, "marmalade")["items"][0]["snippet"]
    assert "<mark>marmalade</mark>" in snippet
    # The only tags are the search's own marks (SQLite shows the text escaped; PostgreSQL drops the tags).
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_filters_and_paging(api, member, other_member, corpus):
    assert [hit["thread"]["title"] for hit in search(api, member, "dissociation", author=other_member.username)[
        "items"]] == ["Integration notes"]
    assert search(api, member, "tomatoes", category="off-topic")["items"]
    assert search(api, member, "tomatoes", category="coping")["items"] == []
    first = search(api, member, "session", limit=1)
    assert len(first["items"]) == 1 and first["next"] == 2
    second = search(api, member, "session", limit=1, page=2)
    assert second["items"][0]["post"]["id"] != first["items"][0]["post"]["id"]


def test_edits_update_the_index(api, member, other_member, corpus):
    post_id = corpus["Gardening"]["post"]["id"]
    assert not search(api, member, "marigolds")["items"]
    api.as_(other_member).patch(f"/posts/{post_id}", json={"body": "Marigolds now, not tomatoes."})
    assert [hit["post"]["id"] for hit in search(api, member, "marigolds")["items"]] == [post_id]
    assert search(api, member, "basil")["items"] == []


def test_search_page(client, auth, member, corpus):
    auth.login(member)
    page = client.get("/search?q=dissociation").get_data(as_text=True)
    assert "<mark>" in page and "Integration notes" in page
    assert "Nothing found" in client.get("/search?q=%22%28%2A").get_data(as_text=True)
    assert client.get("/search").status_code == 200


def test_members_only(api, client):
    assert api.get("/search?q=x").status_code == 401
    assert client.get("/search?q=x").status_code == 302


def test_many_matches_rank_the_newest_and_rare_words_search_everything(app, api, member, monkeypatch):
    """Both steps of the PostgreSQL search: enough matches among the newest
    posts answer from those; fewer reach back through every post."""
    from forum.search import service

    monkeypatch.setattr(service, "RECENT_POSTS", 4)
    sam = api.as_(member)
    oldest = sam.post("/categories/off-topic/threads", json={"title": "Birds", "body": "A heron at the pond."})
    thread_id = oldest.get_json()["thread"]["id"]
    for n in range(6):
        sam.post(f"/threads/{thread_id}/posts", json={"body": f"Morning walk number {n}."})
    assert [hit["post"]["id"] for hit in search(api, member, "heron")["items"]] == [oldest.get_json()["post"]["id"]]
    newest = search(api, member, "walk", limit=2)
    assert len(newest["items"]) == 2 and newest["next"]
    everything = [hit["post"]["id"] for page in (1, 2, 3) for hit in search(api, member, "walk", limit=2,
                                                                          page=page)["items"]]
    assert len(set(everything)) == 6


BAD_INPUT = [
    ({"q": "a" * 201}, "q"),
    ({"q": "x", "page": "0"}, "page"),
    ({"q": "x", "page": "1001"}, "page"),
    ({"q": "x", "page": "two"}, "page"),
    ({"q": "x", "page": "²"}, "page"),
    ({"q": "x", "page": "-1"}, "page"),
    ({"q": "x", "author": "a" * 33}, "author"),
    ({"q": "x", "author": "not a name!"}, "author"),
    ({"q": "x", "author": "ab"}, "author"),
]


@pytest.mark.parametrize("params, field", BAD_INPUT)
def test_api_refuses_bad_input_with_the_field(api, member, params, field):
    response = api.as_(member).get("/search", query_string=params)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and list(error["fields"]) == [field]


@pytest.mark.parametrize("params, field", BAD_INPUT)
def test_page_shows_what_to_change(client, auth, member, params, field):
    auth.login(member)
    response = client.get("/search", query_string=params)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="form-errors" role="alert"' in page and "Nothing found" not in page
    if field != "page":
        assert f'aria-describedby="{field}-error"' in page  # the message sits next to its field
        assert f'value="{params[field]}"' in page  # and what was typed is kept to correct


def test_both_refuse_the_same_way(client, auth, api, member):
    """Several problems at once are all named, with the same messages on both paths."""
    params = {"q": "a" * 201, "page": "0", "author": "?"}
    error = api.as_(member).get("/search", query_string=params).get_json()["error"]
    assert set(error["fields"]) == {"q", "page", "author"}
    auth.login(member)
    page = client.get("/search", query_string=params).get_data(as_text=True)
    for message in error["fields"].values():
        assert message in page


def test_good_input_at_the_limits(api, member, corpus):
    assert search(api, member, "a" * 200, page="1000", author="a" * 32)["items"] == []
    assert search(api, member, "session", page="", author="")["items"]


def test_no_next_page_past_the_last_allowed():
    from forum.search.service import PAGE_MAX, Results

    assert Results([], 1, True).next_page == 2
    assert Results([], PAGE_MAX, True).next_page is None
    assert Results([], 3, False).next_page is None
