"""Live updates respect each reader's own filters: a post their filters match
reaches their socket collapsed, as a reload would show it; others get it as ever."""

OVERDOSE = "I took too many pills last year; today I'm doing better."


def test_a_filtered_reader_hears_the_post_collapsed(community, connect):
    _, sam = community.member()
    _, river = community.member()
    _, ash = community.member()
    thread = community.thread(sam)["thread"]
    river.ok("PATCH", "/me/preferences", {"muted_topics": ["overdose"]})
    ash.ok("PATCH", "/me/preferences", {"muted_words": ["better"]})
    sockets = {name: connect(api) for name, api in {"sam": sam, "river": river, "ash": ash,
                                                    "plain": community.member()[1]}.items()}
    for socket in sockets.values():
        socket.call("join_thread", {"thread_id": thread["id"]})

    written = sam.ok("POST", f"/threads/{thread['id']}/posts", {"body": OVERDOSE})["post"]
    mine = lambda data: data["post"]["id"] == written["id"]  # noqa: E731
    for_river = sockets["river"].wait_for("post_created", mine)
    assert for_river["post"]["filtered"] == {"reason": "overdose and medication"}
    assert "Hidden by your filter: overdose and medication" in for_river["html"]
    assert '<details class="content-warning filtered-post">' in for_river["html"]
    assert for_river["post"] == river.ok("GET", f"/posts/{written['id']}")["post"] | {"my_reactions": []}

    for_ash = sockets["ash"].wait_for("post_created", mine)
    assert for_ash["post"]["filtered"] == {"reason": "a word you muted"}
    assert "Hidden by your filter: a word you muted" in for_ash["html"] and "better" not in for_ash["html"].split(
        "</summary>")[0]
    for name in ("sam", "plain"):  # the writer, and a reader without filters
        event = sockets[name].wait_for("post_created", mine)
        assert event["post"]["filtered"] is None and "Hidden by your filter" not in event["html"]

    # An edit comes the same way.
    sam.ok("PATCH", f"/posts/{written['id']}", {"body": OVERDOSE + " Edited."})
    edited = sockets["river"].wait_for("post_updated", mine)
    assert "Hidden by your filter: overdose and medication" in edited["html"]
    assert "Hidden by your filter" not in sockets["plain"].wait_for("post_updated", mine)["html"]
