"""Crisis language: detected well, answered with resources, escalated by tier, never silenced."""
import logging
from pathlib import Path

import pytest

from bench import crisis as crisis_bench
from bench import crisis_corpus
from forum.audit.models import LogEntry
from forum.extensions import db
from forum.moderation.models import QueueItem
from forum.safety import crisis, semantic
from forum.safety.crisis import assess, is_crisis
from forum.settings import service as settings

# Floors a little below the figures bench/crisis.py measured on the test split
# (see forum/safety/MODEL_CARD.md); the targets are in bench/crisis.py.
URGENT_RECALL_FLOOR = 0.93       # measured 0.957
RECALL_FLOOR = 0.88              # measured 0.906
PRECISION_FLOOR = 0.78           # measured 0.816
HARD_NEGATIVES_CEILING = 0.18    # measured 0.154

LONG_POST = """Quick update on the new job, since a few of you asked last week. The commute is long but the team is
kind, and my manager lets me leave early on infusion days, which I did not expect at all.

The kids are good. My daughter started swimming lessons and is very proud of her goggles. We have been trying to
eat dinner together at the table again, which my therapist suggested, and it mostly works.

I have been saving my pills for a few weeks now and I know how many it would take.

Anyway the garden is a mess and the dog needs a walk, so I should go. Thanks for reading all this."""


@pytest.fixture(scope="module")
def test_split_figures():
    return crisis_bench.run("test").by_layers["both layers (the verdict)"]


def test_the_corpus_is_large_varied_and_split_once():
    rows = crisis_corpus.load()
    assert len(rows) >= 1500
    splits = {split: [row for row in rows if row.split == split] for split in ("train", "dev", "test")}
    assert len(splits["test"]) >= 200 and len(splits["dev"]) >= 200
    for split in splits.values():
        assert {row.tier for row in split} == set(crisis_corpus.TIERS)
        assert {row.category for row in split} == set(crisis_corpus.CATEGORIES)
    assert sum(len(row.text) > 600 for row in rows) >= 150  # long posts, not only one-liners
    assert len({row.text.lower() for row in rows}) == len(rows)


def test_detector_holds_its_floors_on_the_test_split(test_split_figures):
    figures = test_split_figures
    assert figures.urgent_recall >= URGENT_RECALL_FLOOR
    assert figures.recall >= RECALL_FLOOR
    assert figures.precision >= PRECISION_FLOOR
    assert figures.hard_negatives_flagged <= HARD_NEGATIVES_CEILING


def test_the_semantic_layer_finds_what_the_phrases_miss(test_split_figures):
    examples = crisis_corpus.load("test")
    phrase_only = [assess(example.text, layers=("phrase",)).crisis for example in examples if example.crisis]
    assert test_split_figures.recall > sum(phrase_only) / len(phrase_only) + 0.2


@pytest.mark.parametrize("text", ["i want to die", "I WANT TO DIE!!!", "wanna die", "thinking about sucide",
                                  "k.i.l.l myself", "i dont want to be here anymore", "self harming again",
                                  "Suicidal again tonight and nobody knows"])
def test_lowercase_misspelt_and_unpunctuated_writing_is_caught(text):
    assert is_crisis(text)


@pytest.mark.parametrize("text", ["I killed it at my interview", "dying to see the new film",
                                  "call or text 988 for the Suicide & Crisis Lifeline", "the session was calm",
                                  "Made pancakes with my daughter this morning."])
def test_ordinary_speech_and_help_are_not(text):
    assert not is_crisis(text)


@pytest.mark.parametrize("text", ["I'm not suicidal", "ketamine reduces suicidal thoughts in studies",
                                  "I haven't self harmed in two years"])
def test_the_phrase_layer_reads_negation_and_research_as_such(text):
    # The semantic layer still flags some of these (see MODEL_CARD.md); the
    # phrase layer must not add to that.
    assert not assess(text, layers=("phrase",)).crisis


def test_one_sentence_buried_in_a_long_post_is_found_and_named():
    verdict = assess(LONG_POST)
    assert verdict.tier == "urgent"
    assert any("saving my pills" in evidence.text and evidence.layer == "semantic" for evidence in verdict.evidence)
    assert all("swimming" not in evidence.text for evidence in verdict.evidence)


def test_tiers_follow_immediacy():
    assert assess("the rope is in the garage and i've picked saturday").tier == "urgent"
    assert assess("sometimes i hope i just don't wake up tomorrow").tier == "concern"


def test_staff_can_extend_the_phrases_with_a_tier(app):
    with app.test_request_context():
        assert not is_crisis("the void is calling me", tuple(settings.get("crisis_phrases")))
        settings.update({"crisis_phrases": ["the void is calling", "concern: the grey fog"]})
        from forum.safety.screening import detect_crisis

        assert detect_crisis("The void is calling me").tier == "urgent"
        verdict = detect_crisis("the grey fog again")
        assert verdict.crisis and any(e.layer == "phrase" and e.tier == "concern" for e in verdict.evidence)


def test_a_crisis_post_is_published_answered_and_escalated(app, api, member, moderator):
    response = api.as_(member).post("/categories/coping/threads", json={
        "title": "Tonight", "body": "I can't do this anymore. I've got the pills lined up for tonight."})
    assert response.status_code == 201
    body = response.get_json()
    assert body["post"]["status"] == "visible"
    notice = body["notices"][0]
    assert notice["kind"] == "crisis_resources" and notice["message"] and notice["tier"] == "urgent"
    assert {"name", "contact", "url"} <= set(notice["resources"][0])
    assert any("988" in resource["contact"] for resource in notice["resources"])
    item = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]
    assert item["kind"] == "crisis" and item["post"]["id"] == body["post"]["id"]
    assert item["tier"] == "urgent" and item["severity"] == 3
    assert any("pills lined up" in evidence["text"] for evidence in item["evidence"])
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "crisis_item_raised"))
        assert entry.actor_name == "crisis detector" and entry.details["tier"] == "urgent"
        assert "pills" not in entry.reason  # the log outlives posts: no words from the post
    log = api.as_(moderator).get("/moderation/log").get_json()["items"]
    assert any(row["actor"] == "crisis detector" and row["action"] == "crisis_item_raised" for row in log)


def test_concern_items_queue_below_urgent_ones(api, member, other_member, moderator):
    api.as_(member).post("/categories/coping/threads", json={
        "title": "Lately", "body": "honestly i wouldnt mind if i just didnt wake up some mornings"})
    api.as_(other_member).post("/categories/coping/threads", json={
        "title": "Tonight", "body": "I'm going to end it tonight, the pills are ready."})
    items = api.as_(moderator).get("/moderation/queue").get_json()["items"]
    assert [item["tier"] for item in items] == ["urgent", "concern"]


def test_staff_can_answer_concern_with_resources_alone(app, api, member, moderator):
    with app.test_request_context():
        settings.update({"crisis_concern_to_queue": False})
    written = api.as_(member).post("/categories/coping/threads", json={
        "title": "Lately", "body": "i keep wishing i could just stop existing"}).get_json()
    assert written["notices"][0]["tier"] == "concern"
    assert api.as_(moderator).get("/moderation/queue").get_json()["items"] == []


def test_the_staff_settings_show_the_detector(client, auth, staff):
    auth.login(staff)
    page = client.get("/staff/settings").get_data(as_text=True)
    assert "Crisis detector" in page and "Semantic layer" in page
    assert "held-out texts" in page


def test_a_member_worried_about_a_post_raises_at_least_concern(api, member, other_member, moderator):
    post_id = api.as_(member).post("/categories/coping/threads", json={
        "title": "Week", "body": "Made pancakes with my daughter this morning."}).get_json()["post"]["id"]
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "crisis"})
    item = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]
    assert item["kind"] == "crisis" and item["tier"] == "concern"


def test_the_writer_sees_the_panel_on_the_page(client, auth, member):
    auth.login(member)
    response = client.post("/c/coping/new", data={"title": "Tonight", "body": "i want to die"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You're not alone" in page.replace("&#39;", "'") and "Text HOME to 741741" in page
    assert "i want to die" in page  # published, not silenced


def test_the_composer_check_uses_the_same_detector(api, member):
    sam = api.as_(member)
    answer = sam.post("/safety/crisis-check", json={"text": "i've looked up how many of my pills it would take"})
    assert answer.get_json()["crisis"] and answer.get_json()["tier"] == "urgent"
    calm = sam.post("/safety/crisis-check", json={"text": "the session was calm"}).get_json()
    assert calm == {"crisis": False, "tier": None, "notice": None, "suggested_warning": None}
    assert api.post("/safety/crisis-check", json={"text": "x"}).status_code == 401


# --- when the model can't be loaded ---------------------------------------------------------

class Recorded(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def broken_model(tmp_path):
    """A model file that isn't the pinned one: the layer must refuse it."""
    impostor = tmp_path / "model.onnx"
    impostor.write_bytes(b"not the model")
    working, recorded = semantic.layer(), Recorded()
    semantic.logger.addHandler(recorded)
    semantic.use(semantic.load(Path(impostor)))
    yield recorded.messages
    semantic.logger.removeHandler(recorded)
    semantic.use(working)


def test_a_model_that_fails_its_checksum_is_refused_and_the_phrases_carry_on(broken_model, client, api, member,
                                                                            moderator):
    assert len(broken_model) == 1 and "semantic layer is down" in broken_model[0] and "sha256" in broken_model[0]
    assert client.get("/healthz").get_json()["crisis_detector"] == {"phrase_layer": "up", "semantic_layer": "down"}
    assert crisis.status()["semantic_layer"] == "down"
    # Posting never fails because of it, and the phrase layer still answers.
    written = api.as_(member).post("/categories/coping/threads", json={"title": "Tonight", "body": "i want to die"})
    assert written.status_code == 201 and written.get_json()["notices"][0]["tier"] == "concern"
    calm = api.as_(member).post("/categories/coping/threads", json={"title": "Pills", "body": "New pills today."})
    assert calm.status_code == 201 and calm.get_json()["notices"] == []
    assert api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["evidence"][0]["layer"] == "phrase"


def test_a_working_model_is_reported_up(client):
    assert client.get("/healthz").get_json()["crisis_detector"] == {"phrase_layer": "up", "semantic_layer": "up"}


def test_the_model_file_is_the_pinned_one():
    assert semantic.sha256_of(semantic.model_file()) == semantic.MODEL_SHA256
