"""Crisis language: detected well, answered with resources, escalated, never silenced."""
import pytest

from bench.crisis import labelled_texts, score
from forum.safety.crisis import is_crisis
from forum.settings import service as settings

RECALL_FLOOR, PRECISION_FLOOR = 0.95, 0.85


def test_the_labelled_set_is_large_enough_and_balanced():
    rows = labelled_texts()
    assert len(rows) >= 150
    assert sum(label for label, _ in rows) >= 60 and sum(1 - label for label, _ in rows) >= 60


def test_detector_holds_its_floors_on_the_labelled_set():
    result = score()
    assert result.recall >= RECALL_FLOOR, result.misses
    assert result.precision >= PRECISION_FLOOR, result.misses


@pytest.mark.parametrize("text", ["i want to die", "I WANT TO DIE!!!", "wanna die", "thinking about sucide",
                                  "k.i.l.l myself", "i dont want to be here anymore", "self harming again"])
def test_lowercase_misspelt_and_unpunctuated_writing_is_caught(text):
    assert is_crisis(text)


@pytest.mark.parametrize("text", ["I killed it at my interview", "dying to see the new film",
                                  "call or text 988 for the Suicide & Crisis Lifeline", "I'm not suicidal",
                                  "ketamine reduces suicidal thoughts in studies"])
def test_ordinary_speech_and_help_are_not(text):
    assert not is_crisis(text)


def test_staff_can_extend_the_phrases(app):
    with app.test_request_context():
        assert not is_crisis("the void is calling me", tuple(settings.get("crisis_phrases")))
        settings.update({"crisis_phrases": ["the void is calling"]})
        from forum.safety.screening import detect_crisis

        assert detect_crisis("The void is calling me")


def test_a_crisis_post_is_published_answered_and_escalated(api, member, moderator):
    response = api.as_(member).post("/categories/coping/threads", json={
        "title": "Tonight", "body": "I can't do this anymore, I want to end it all."})
    assert response.status_code == 201
    body = response.get_json()
    assert body["post"]["status"] == "visible"
    notice = body["notices"][0]
    assert notice["kind"] == "crisis_resources" and notice["message"]
    assert {"name", "contact", "url"} <= set(notice["resources"][0])
    assert any("988" in resource["contact"] for resource in notice["resources"])
    queue = api.as_(moderator).get("/moderation/queue").get_json()["items"]
    assert queue[0]["kind"] == "crisis" and queue[0]["post"]["id"] == body["post"]["id"]


def test_the_writer_sees_the_panel_on_the_page(client, auth, member):
    auth.login(member)
    response = client.post("/c/coping/new", data={"title": "Tonight", "body": "i want to die"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You're not alone" in page.replace("&#39;", "'") and "Text HOME to 741741" in page
    assert "i want to die" in page  # published, not silenced
    assert "You&#39;re not alone" not in client.get(response.request.path).get_data(as_text=True)


def test_the_composer_check(api, member):
    sam = api.as_(member)
    assert sam.post("/safety/crisis-check", json={"text": "thinking about killing myself"}).get_json()["crisis"]
    calm = sam.post("/safety/crisis-check", json={"text": "the session was calm"}).get_json()
    assert calm == {"crisis": False, "notice": None}
    assert api.post("/safety/crisis-check", json={"text": "x"}).status_code == 401
