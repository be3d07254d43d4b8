"""Crisis resources as staff set them: one row per line or service, with the
ways to reach it kept apart ({name, call, text, text_keyword, chat_url, hours,
region}), so a page can offer tap-to-call and tap-to-text links and the API
can give each detail.

Everything that shows resources reads these rows: the crisis panel, "Need
help now?", the help and landing pages, the composer's hint and the API. The
human line ("Call or text 988") and the best single link are derived here,
once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

FIELDS = ("name", "call", "text", "text_keyword", "chat_url", "hours", "region")
DETAILS = FIELDS[1:]
MAX_ROWS = 12
NAME_MAX, DETAIL_MAX, URL_MAX = 120, 60, 300
# 3 digits (988, 911) up to the 15 of an international number; spaces, dots,
# dashes and brackets as people write them, and a leading + for a country code.
PHONE = re.compile(r"\+?[0-9(][0-9 ().-]*")
PHONE_DIGITS_MIN, PHONE_DIGITS_MAX = 3, 15
KEYWORD = re.compile(r"[A-Za-z0-9]{1,20}")


@dataclass(frozen=True)
class Action:
    """One way to reach a resource, as a link: `kind` is call, text or chat."""

    kind: str
    label: str
    href: str


def row(**given: str) -> dict:
    """A complete row: every field present, empty when not given."""
    return {field: (given.get(field) or "").strip() for field in FIELDS}


# --- rows stored before resources had separate fields -----------------------------

_NUMBER = r"(\+?[0-9(][0-9 ().-]*[0-9])"
# "Call 555-0100 or text 741741", "Call 911; text 741741": one clause each.
_CLAUSE_BREAK = re.compile(r"(?<=[0-9]),?\s+or\s+(?=(?:call|phone|ring|text)\b)|\s*[,;]\s*", re.I)
_CLAUSES = [
    ("call_and_text", re.compile(rf"(?:call|phone)\s*(?:or|/|&|and)\s*text\s+{_NUMBER}", re.I)),
    ("call", re.compile(rf"(?:call|phone|ring)\s+{_NUMBER}", re.I)),
    ("text", re.compile(rf"text\s+(?:([A-Za-z0-9]+)\s+to\s+)?{_NUMBER}", re.I)),
    ("call", re.compile(_NUMBER)),
]


def _read_contact(contact: str) -> dict | None:
    """What a contact line like "Call or text 988" or "Text HOME to 741741"
    says, as row fields; None when any part of it isn't a number to reach."""
    found: dict = {}
    for clause in _CLAUSE_BREAK.split(contact.strip()):
        for kind, pattern in _CLAUSES:
            match = pattern.fullmatch(clause.strip())
            if match:
                break
        else:
            return None
        if kind == "call_and_text":
            found.update(call=match.group(1), text=match.group(1))
        elif kind == "call":
            found["call"] = match.group(1)
        else:
            found.update(text=match.group(2), text_keyword=match.group(1) or "")
    return found


def from_stored(entry) -> dict:
    """One stored resource as a row. Rows pass through; the older
    {name, contact, url} shape is read once here: the numbers in its contact
    line become `call`, `text` and `text_keyword`, its web address `chat_url`.
    A contact line that says something else stays with the name, so nothing
    staff wrote is lost."""
    if not isinstance(entry, dict):
        return row(name=str(entry))
    if "contact" not in entry:
        return row(**{field: str(entry.get(field) or "") for field in FIELDS})
    name, contact, url = (str(entry.get(key) or "").strip() for key in ("name", "contact", "url"))
    numbers = _read_contact(contact) if contact else {}
    if numbers is None:
        numbers, name = {}, f"{name} — {contact}" if name else contact
    return row(name=name, chat_url=url if url.startswith(("https://", "http://")) else "", **numbers)


def rows_from_stored(value) -> list[dict]:
    return [from_stored(entry) for entry in value] if isinstance(value, list) else []


def clinic_row(phone: str) -> dict:
    """The clinic's own line from HEARTH_CLINIC_PHONE, read like a contact line."""
    return from_stored({"name": "Our clinic", "contact": phone, "url": ""})


# --- checking what staff enter -------------------------------------------------------

def _is_phone(value: str) -> bool:
    digits = sum(character.isdigit() for character in value)
    return bool(PHONE.fullmatch(value)) and PHONE_DIGITS_MIN <= digits <= PHONE_DIGITS_MAX


def _host(url: str) -> str | None:
    """The address's host; None when it has none or can't be read ("https://[::1")."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _is_https(value: str) -> bool:
    return value.startswith("https://") and bool(_host(value)) and not any(c.isspace() for c in value) \
        and len(value) <= URL_MAX


def _row_problems(entry: dict) -> dict[str, str]:
    """{field: what to change} for one non-empty row."""
    problems = {}
    if not entry["name"]:
        problems["name"] = "Give the resource a name."
    elif len(entry["name"]) > NAME_MAX:
        problems["name"] = f"Use at most {NAME_MAX} characters."
    for field in ("call", "text"):
        if entry[field] and not _is_phone(entry[field]):
            problems[field] = "Use a phone number: digits, with spaces, dashes or a leading + if you like."
    if entry["text_keyword"] and not KEYWORD.fullmatch(entry["text_keyword"]):
        problems["text_keyword"] = "Use one word of letters and digits, like HOME."
    elif entry["text_keyword"] and not entry["text"]:
        problems["text_keyword"] = "Give the number to text this word to."
    if entry["chat_url"] and not _is_https(entry["chat_url"]):
        problems["chat_url"] = "Use a web address starting with https://."
    for field in ("hours", "region"):
        if len(entry[field]) > DETAIL_MAX:
            problems[field] = f"Use at most {DETAIL_MAX} characters."
    return problems


def check(value, fields: dict) -> list[dict]:
    """Staff's rows, cleaned; problems go into `fields` as
    "crisis_resources.<row>.<field>" (rows counted as given, so a form can put
    each message by its input). A row with every field empty is no row."""
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        fields["crisis_resources"] = "Give a list of resources, each with a name."
        return []
    cleaned = []
    for index, entry in enumerate(value):
        if not all(isinstance(entry.get(field, ""), str | None) for field in FIELDS) or set(entry) - set(FIELDS):
            fields[f"crisis_resources.{index}"] = "Each resource has text fields: " + ", ".join(FIELDS) + "."
            continue
        tidy = row(**{field: " ".join((entry.get(field) or "").split()) for field in FIELDS})
        if not any(tidy.values()):
            continue
        for field, problem in _row_problems(tidy).items():
            fields[f"crisis_resources.{index}.{field}"] = problem
        cleaned.append(tidy)
    if not cleaned and not fields:
        fields["crisis_resources"] = "List at least one resource."
    elif len(cleaned) > MAX_ROWS:
        fields["crisis_resources"] = f"At most {MAX_ROWS} resources."
    return cleaned


# --- how a row is offered --------------------------------------------------------

def _digits(phone: str) -> str:
    return ("+" if phone.startswith("+") else "") + "".join(c for c in phone if c.isdigit())


def text_href(number: str, keyword: str = "") -> str:
    """An sms: link; with a keyword, the form both iOS (which reads "&body=")
    and Android (which reads the query after "?") fill in."""
    href = f"sms:{_digits(number)}"
    return f"{href}?&body={quote(keyword)}" if keyword else href


def actions(resource: dict) -> list[Action]:
    """The links a page shows for a row, most direct first."""
    found = []
    if resource.get("call"):
        found.append(Action("call", f"Call {resource['call']}", f"tel:{_digits(resource['call'])}"))
    if resource.get("text"):
        keyword = resource.get("text_keyword") or ""
        label = f"Text {keyword} to {resource['text']}" if keyword else f"Text {resource['text']}"
        found.append(Action("text", label, text_href(resource["text"], keyword)))
    # Addresses are checked when saved; still, only a web address ever becomes a link.
    if (resource.get("chat_url") or "").startswith(("https://", "http://")):
        # With no number, the address is a website to visit (a directory, say), not a chat.
        label = "Chat online" if found else f"Visit {_host(resource['chat_url']) or 'the website'}"
        found.append(Action("chat", label, resource["chat_url"]))
    return found


def contact_line(resource: dict) -> str:
    """How to reach it, in words: "Call or text 988, or chat online"."""
    ways = actions(resource)
    call = next((way for way in ways if way.kind == "call"), None)
    text = next((way for way in ways if way.kind == "text"), None)
    if call and text and resource["call"] == resource["text"] and not resource.get("text_keyword"):
        ways = [Action("call", f"Call or text {resource['call']}", call.href),
                *[way for way in ways if way.kind == "chat"]]
    phrases = [way.label[0].lower() + way.label[1:] for way in ways]
    if len(phrases) > 1:
        # "call 911 or chat online"; "call or text 988, or chat online"; "call x, text y, or chat online"
        plain = len(phrases) == 2 and " or " not in phrases[0]
        phrases = [", ".join(phrases[:-1]) + ("" if plain else ","), phrases[-1]]
    line = " or ".join(phrases)
    return line[:1].upper() + line[1:]


def best_link(resource: dict) -> str | None:
    """The one link for a client that shows one: a chat, else a call, else a text."""
    ways = {way.kind: way.href for way in actions(resource)}
    return ways.get("chat") or ways.get("call") or ways.get("text")


def notice_entry(resource: dict) -> dict:
    """A resource in a crisis notice, as the API contract has it: {name, contact, url}."""
    return {"name": resource["name"], "contact": contact_line(resource), "url": best_link(resource) or ""}
