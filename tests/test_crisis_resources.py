"""Crisis resources as rows staff set: checked when saved, read from the
older stored shape, offered as tap-to-call and tap-to-text links, and the same
everywhere they show (pages, the crisis notice, the community endpoint)."""
import html
import re

import pytest

from forum.accounts.models import User
from forum.errors import InvalidInput
from forum.extensions import db
from forum.settings import crisis_resources
from forum.settings import service as settings
from forum.settings.models import CommunitySetting
from tests.test_staff import resource_rows, settings_form

OLD_STORED = [
    {"name": "Our clinic", "contact": "Call 555-0100", "url": ""},
    {"name": "988 Lifeline", "contact": "Call or text 988", "url": "https://988lifeline.org/"},
    {"name": "Crisis Text Line", "contact": "Text HOME to 741741", "url": "https://www.crisistextline.org/"},
    {"name": "Reception", "contact": "Ask for the duty nurse", "url": ""},
]


def change_resources(app, person, rows):
    with app.test_request_context():
        settings.change(db.session.get(User, person.id), {"crisis_resources": rows}, "testing")


def refused_fields(app, person, rows) -> dict:
    with pytest.raises(InvalidInput) as refused:
        change_resources(app, person, rows)
    assert refused.value.status == 422
    return refused.value.fields


# --- checked when saved ---------------------------------------------------------------

@pytest.mark.parametrize("rows, field, message", [
    ([{"name": "Line", "chat_url": "http://example.org/chat"}], "crisis_resources.0.chat_url", "https://"),
    ([{"name": "Line", "chat_url": "javascript:alert(1)"}], "crisis_resources.0.chat_url", "https://"),
    ([{"name": "Line", "chat_url": "https://"}], "crisis_resources.0.chat_url", "https://"),
    ([{"name": "Line", "chat_url": "https://[::1"}], "crisis_resources.0.chat_url", "https://"),
    ([{"name": "Line", "chat_url": "https://example.org/ chat"}], "crisis_resources.0.chat_url", "https://"),
    ([{"name": "Line", "call": "988"}, {"name": "", "call": "911"}], "crisis_resources.1.name", "a name"),
    ([{"name": "Line", "call": "call me"}], "crisis_resources.0.call", "phone number"),
    ([{"name": "Line", "text": "12"}], "crisis_resources.0.text", "phone number"),
    ([{"name": "Line", "call": "1" * 16}], "crisis_resources.0.call", "phone number"),
    ([{"name": "Line", "text_keyword": "HOME"}], "crisis_resources.0.text_keyword", "number to text"),
    ([{"name": "Line", "text": "741741", "text_keyword": "two words"}], "crisis_resources.0.text_keyword",
     "one word"),
    ([{"name": "x" * 121}], "crisis_resources.0.name", "120"),
    ([{"name": "Line", "hours": "x" * 61}], "crisis_resources.0.hours", "60"),
    ([{"name": "Line", "colour": "red"}], "crisis_resources.0", "text fields"),
    ([{"name": "Line", "call": 988}], "crisis_resources.0", "text fields"),
    ([], "crisis_resources", "at least one"),
    ([{}, {"name": " ", "call": ""}], "crisis_resources", "at least one"),
    ([{"name": f"Line {n}", "call": "988"} for n in range(13)], "crisis_resources", "At most 12"),
    ("Call 988 | Lifeline", "crisis_resources", "list of resources"),
])
def test_bad_rows_are_refused_by_field(app, staff, rows, field, message):
    fields = refused_fields(app, staff, rows)
    assert message in fields[field], fields
    with app.test_request_context():
        assert settings.get("crisis_resources")[0]["name"] == "988 Suicide & Crisis Lifeline"  # unchanged


def test_good_rows_are_tidied_and_empty_rows_dropped(app, staff):
    change_resources(app, staff, [{"name": "  Willow   line ", "call": "+1 (555) 010-0100"}, {},
                                  {"name": "Text line", "text": "741741", "text_keyword": "HOME", "hours": "24/7"}])
    with app.test_request_context():
        assert settings.get("crisis_resources") == [
            crisis_resources.row(name="Willow line", call="+1 (555) 010-0100"),
            crisis_resources.row(name="Text line", text="741741", text_keyword="HOME", hours="24/7"),
        ]


def test_the_settings_page_puts_each_message_by_its_input(client, auth, staff):
    auth.login(staff)
    page = client.post("/staff/settings", data=settings_form(**{"crisis_resources_1_chat_url": "http://x.org"}))
    text = html.unescape(page.get_data(as_text=True))
    field = re.search(r'<div class="field +has-error">.*?</div>', text, re.S).group(0)
    assert 'name="crisis_resources_1_chat_url"' in field and 'aria-invalid="true"' in field
    assert "Use a web address starting with https://." in field
    assert 'value="Willow Clinic line"' in text  # what staff typed is kept


def test_the_settings_page_offers_each_row_and_two_empty_ones(client, auth, staff):
    auth.login(staff)
    page = client.get("/staff/settings").get_data(as_text=True)
    assert page.count('<fieldset class="resource-row">') == len(crisis_resources_defaults()) + 2
    assert 'id="crisis_resources_0_call" name="crisis_resources_0_call" type="text" value="988"' in page
    assert '<label for="crisis_resources_1_text_keyword">' in page
    assert 'name="crisis_resources_5_name" type="text" value=""' in page
    client.post("/staff/settings", data=settings_form(**resource_rows(
        {"name": "Our line", "call": "555-0100"}, {"name": "New line", "text": "741741"})))
    assert client.get("/staff/settings").get_data(as_text=True).count('<fieldset class="resource-row">') == 4


def crisis_resources_defaults():
    from forum.settings import defaults

    return defaults.CRISIS_RESOURCES


# --- the older stored shape ------------------------------------------------------------

def test_resources_stored_in_the_older_shape_still_load(app, client):
    with app.app_context():
        db.session.add(CommunitySetting(key="crisis_resources", value=OLD_STORED))
        db.session.commit()
    rows = client.get("/api/v1/community").get_json()["community"]["crisis_resources"]
    assert [(row["name"], row["call"], row["text"], row["text_keyword"], row["chat_url"]) for row in rows] == [
        ("Our clinic", "555-0100", None, None, None),
        ("988 Lifeline", "988", "988", None, "https://988lifeline.org/"),
        ("Crisis Text Line", None, "741741", "HOME", "https://www.crisistextline.org/"),
        # Words that aren't a number stay with the name, rather than being lost.
        ("Reception — Ask for the duty nurse", None, None, None, None),
    ]
    assert [row["contact"] for row in rows[:3]] == ["Call 555-0100", "Call or text 988, or chat online",
                                                    "Text HOME to 741741 or chat online"]
    help_page = client.get("/help").get_data(as_text=True)
    assert 'href="tel:5550100"' in help_page and 'href="sms:741741?&amp;body=HOME"' in help_page


def test_staff_can_save_over_the_older_shape(app, client, auth, staff):
    with app.app_context():
        db.session.add(CommunitySetting(key="crisis_resources", value=OLD_STORED[:3]))
        db.session.commit()
    auth.login(staff)
    form_page = client.get("/staff/settings").get_data(as_text=True)
    assert 'name="crisis_resources_2_text_keyword" type="text" value="HOME"' in form_page
    rows = dict(re.findall(r'<input[^>]*name="(crisis_resources_\d+_\w+)"[^>]*value="([^"]*)"', form_page))
    form = {key: value for key, value in settings_form().items() if not key.startswith("crisis_resources")}
    response = client.post("/staff/settings", data={**form, **rows, "crisis_resources_2_hours": "24/7"})
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(CommunitySetting, "crisis_resources").value
    assert stored == [
        crisis_resources.row(name="Our clinic", call="555-0100"),
        crisis_resources.row(name="988 Lifeline", call="988", text="988", chat_url="https://988lifeline.org/"),
        crisis_resources.row(name="Crisis Text Line", text="741741", text_keyword="HOME",
                             chat_url="https://www.crisistextline.org/", hours="24/7")]


@pytest.mark.parametrize("contact, details", [
    ("Call or text 988", {"call": "988", "text": "988"}),
    ("call/text 988", {"call": "988", "text": "988"}),
    ("Text HOME to 741741", {"text": "741741", "text_keyword": "HOME"}),
    ("Text 838255", {"text": "838255"}),
    ("Call 911", {"call": "911"}),
    ("+44 116 123", {"call": "+44 116 123"}),
    ("Call 1-800-273-8255 or text 838255", {"call": "1-800-273-8255", "text": "838255"}),
    ("Chat online", {"name": "Line — Chat online"}),
])
def test_older_contact_lines_are_read_into_details(contact, details):
    expected = crisis_resources.row(**{"name": "Line", **details})
    assert crisis_resources.from_stored({"name": "Line", "contact": contact, "url": ""}) == expected


def test_an_older_address_that_isnt_a_web_address_is_dropped():
    assert crisis_resources.from_stored({"name": "Line", "contact": "Call 988", "url": "javascript:x"})["chat_url"] \
        == ""
    # Stored rows are checked when saved; a page still links only to a web address.
    tampered = crisis_resources.row(name="Line", chat_url="javascript:alert(1)")
    assert crisis_resources.actions(tampered) == []
    odd = crisis_resources.row(name="Line", chat_url="http://[::1")
    assert crisis_resources.actions(odd)[0].label == "Visit the website"


@pytest.mark.app_config(HEARTH_CLINIC_PHONE="+1 555 0100")
def test_the_clinic_phone_comes_first(client):
    first = client.get("/api/v1/community").get_json()["community"]["crisis_resources"][0]
    assert (first["name"], first["call"], first["url"]) == ("Our clinic", "+1 555 0100", "tel:+15550100")


# --- offered as links ------------------------------------------------------------------

def test_numbers_are_tel_and_sms_links_with_the_keyword_filled_in():
    lifeline = crisis_resources.row(name="988", call="988", text="988", chat_url="https://988lifeline.org/chat/")
    assert [(a.kind, a.label, a.href) for a in crisis_resources.actions(lifeline)] == [
        ("call", "Call 988", "tel:988"), ("text", "Text 988", "sms:988"),
        ("chat", "Chat online", "https://988lifeline.org/chat/")]
    text_line = crisis_resources.row(name="CTL", text="741741", text_keyword="HOME")
    assert [a.href for a in crisis_resources.actions(text_line)] == ["sms:741741?&body=HOME"]
    abroad = crisis_resources.row(name="Abroad", call="+44 (0) 116 123")
    assert crisis_resources.actions(abroad)[0].href == "tel:+440116123"
    directory = crisis_resources.row(name="International", chat_url="https://findahelpline.com/")
    assert crisis_resources.actions(directory)[0].label == "Visit findahelpline.com"


@pytest.mark.parametrize("path", ["/", "/help"])
def test_public_pages_offer_the_links(client, path):
    page = client.get(path).get_data(as_text=True)
    footer = page[page.index('id="help-now"'):]
    for href in ('href="tel:988"', 'href="sms:988"', 'href="sms:741741?&amp;body=HOME"', 'href="tel:911"',
                 'href="https://988lifeline.org/chat/"', 'href="https://findahelpline.com/"'):
        assert href in page[:page.index('id="help-now"')], (path, href)
        assert href in footer, (path, href)


def test_the_composer_carries_the_same_resources_for_its_hint(client, auth, member):
    auth.login(member)
    page = client.get("/c/coping/new").get_data(as_text=True)
    template = page[page.index('<template id="composer-crisis-resources">'):page.index("</template>")]
    assert 'href="tel:988"' in template and 'href="sms:741741?&amp;body=HOME"' in template


# --- the API ---------------------------------------------------------------------------

def test_crisis_notices_derive_contact_and_url_from_the_rows(app, api, member, staff):
    change_resources(app, staff, [
        {"name": "988 Lifeline", "call": "988", "text": "988", "chat_url": "https://988lifeline.org/chat/"},
        {"name": "Crisis Text Line", "text": "741741", "text_keyword": "HOME"},
        {"name": "Emergency", "call": "911"},
        {"name": "Just a name"}])
    notice = api.as_(member).post("/categories/coping/threads", json={
        "title": "Tonight", "body": "I'm going to end it tonight, the pills are ready."}).get_json()["notices"][0]
    assert notice["resources"] == [
        {"name": "988 Lifeline", "contact": "Call or text 988, or chat online",
         "url": "https://988lifeline.org/chat/"},
        {"name": "Crisis Text Line", "contact": "Text HOME to 741741", "url": "sms:741741?&body=HOME"},
        {"name": "Emergency", "contact": "Call 911", "url": "tel:911"},
        {"name": "Just a name", "contact": "", "url": ""},
    ]
    check = api.as_(member).post("/safety/crisis-check", json={"text": "i want to die tonight"}).get_json()
    assert check["notice"]["resources"] == notice["resources"]


def test_the_community_endpoint_gives_every_detail_of_the_defaults(client):
    rows = client.get("/api/v1/community").get_json()["community"]["crisis_resources"]
    lifeline, text_line, emergency, abroad = rows
    assert (lifeline["call"], lifeline["text"], lifeline["chat_url"], lifeline["hours"], lifeline["region"]) == (
        "988", "988", "https://988lifeline.org/chat/", "24/7", "US")
    assert (text_line["text"], text_line["text_keyword"], text_line["call"]) == ("741741", "HOME", None)
    assert emergency["call"] == "911" and emergency["contact"] == "Call 911"
    assert abroad["chat_url"] == "https://findahelpline.com/" and abroad["url"] == "https://findahelpline.com/"
