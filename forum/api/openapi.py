"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from forum.accounts import passwords, safety_plan
from forum.accounts.preferences import CRISIS_ALERTS
from forum.accounts.services import USERNAME_PATTERN
from forum.api import bp
from forum.care.messages import MESSAGE_MAX
from forum.care.models import ABOUT, STARTED_BY
from forum.community import drafts
from forum.api.helpers import DEFAULT_LIMIT, MAX_LIMIT
from forum.community.services import BODY_MAX, CONTENT_WARNING_MAX, TITLE_MAX, TITLE_MIN
from forum.extensions import limiter
from forum.moderation import flags, threads
from forum.moderation.models import QUEUE_KINDS, RESOLUTIONS
from forum.notifications.models import CARE_MESSAGE, KINDS
from forum.oncall.models import ENDPOINT_MAX, LABEL_MAX
from forum.safety.watched_words import PATTERN_MAX
from forum.search.service import PAGE_MAX, QUERY_MAX
from forum.staff import announcements, categories


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _page_of(name: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {"items": {"type": "array", "items": _ref(name)}, "next": {"type": ["integer", "null"]}},
    }


def _object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
TIER = {"type": ["string", "null"], "enum": ["urgent", "concern", None],
        "description": "Crisis tier: urgent (intent, plan, means, attempt) or concern (passive wish, self-harm)."}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
INTEGER = {"type": "integer"}
RESOLUTION = {"type": ["string", "null"], "enum": [*RESOLUTIONS, None]}
ID_PARAM = lambda name: {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}  # noqa: E731
SLUG_PARAM = {"name": "slug", "in": "path", "required": True, "schema": STRING}
LIMIT_PARAM = {"name": "limit", "in": "query", "required": False,
               "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}}
PAGING = [
    {"name": "after", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
     "description": "The last id seen: returns what comes after it."},
    LIMIT_PARAM,
]
USERNAME = {"type": "string", "pattern": f"^{USERNAME_PATTERN.pattern}$"}
REACTION_KIND = {"type": "string", "enum": ["support", "me_too", "hope"]}
LOCAL_TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "description": "Local time, HH:MM."}

SCHEMAS = {
    "Error": _object(["error"], error=_object(
        ["code", "message"], code=STRING, message=STRING,
        fields={"type": "object", "additionalProperties": STRING})),
    "User": _object(
        ["id", "username", "display_name", "role", "status", "created_at"],
        id=INTEGER, username=STRING, display_name=STRING,
        role={"type": "string", "enum": ["member", "moderator", "staff"]},
        status={"type": "string", "enum": ["pending", "active", "muted", "suspended", "banned", "rejected", "closed"]},
        created_at=TIME, email=NULLABLE_STRING, bio=STRING),
    "Profile": _object(["id", "username", "display_name", "role", "bio", "created_at"],
                       id=INTEGER, username=STRING, display_name=STRING, role=STRING, bio=STRING, created_at=TIME),
    "Author": {**_object(["username", "display_name"], username=NULLABLE_STRING, display_name=STRING),
               "description": "A member as an author. `username` is null for a former member "
                              "(\"former member\") and for an anonymous post or thread (\"Anonymous member\"), "
                              "whoever asks: moderators find out who wrote one with `GET /posts/{post_id}/author`.",
               "examples": [{"username": "river_stone", "display_name": "River"},
                            {"username": None, "display_name": "Anonymous member"},
                            {"username": None, "display_name": "former member"}]},
    "Category": _object(
        ["slug", "name", "description", "posting", "thread_count"],
        id=INTEGER, slug=STRING, name=STRING, description=STRING,
        posting={"type": "string", "enum": ["members", "staff"]}, archived={"type": "boolean"},
        allow_anonymous={"type": "boolean", "description": "Members may post anonymously here."},
        thread_count=INTEGER, last_post_at=NULLABLE_TIME),
    "Thread": _object(
        ["id", "title", "url", "author", "category", "reply_count", "last_post_at", "pinned", "locked", "content_warning"],
        id=INTEGER, title=STRING, url=STRING, author=_ref("Author"), category=STRING, reply_count=INTEGER,
        anonymous={"type": "boolean", "description": "Started anonymously: `author` is \"Anonymous member\"."},
        created_at=TIME, last_post_at=TIME, pinned={"type": "boolean"},
        pin_scope={"type": ["string", "null"], "enum": ["category", "global", None]},
        locked={"type": "boolean"}, slow_mode_seconds=INTEGER, status=STRING, content_warning=STRING,
        unread={"type": "integer", "description": (
            "For the caller: published posts by others after their read position; in a thread they never "
            "opened, those written since they joined. Listed threads and single threads only.")},
        last_read_post_id={"type": ["integer", "null"], "description": (
            "For the caller: the last post they were shown here; null if they never opened the thread.")},
        first_unread_post_id={"type": ["integer", "null"],
                              "description": "For the caller: the first of the unread posts, to jump to."}),
    "Post": _object(
        ["id", "thread_id", "author", "body", "html", "created_at", "edited_at", "status", "content_warning",
         "reactions", "my_reactions"],
        id=INTEGER, thread_id=INTEGER, position=INTEGER, author=_ref("Author"),
        anonymous={"type": "boolean", "description": "Posted anonymously: `author` is \"Anonymous member\"."},
        body={"type": "string", "description": "Markdown source; empty for readers when not visible."},
        html={"type": "string", "description": "Sanitized HTML rendered by the server."},
        created_at=TIME, edited_at=NULLABLE_TIME,
        status={"type": "string", "enum": ["visible", "pending", "hidden", "removed", "withdrawn", "rejected"]},
        content_warning=STRING,
        reactions={"type": "object", "additionalProperties": INTEGER},
        my_reactions={"type": "array", "items": REACTION_KIND},
        author_blocked={"type": "boolean", "description": "The caller blocked the author; show it collapsed."},
        filtered={"oneOf": [_object(["reason"], reason={"type": "string", "description": (
            "Why: the muted topics' labels (\"overdose and medication\"), or \"a word you muted\" "
            "(never the words).")}), {"type": "null"}], "description": (
            "The caller's own reader filters (muted topics and words) match the post: show it collapsed, "
            "\"Hidden by your filter: <reason>\", with a way to show it. Null otherwise, and always for "
            "the caller's own posts.")}),
    "Evidence": _object(["text", "layer", "tier", "detail"], text=STRING,
                        layer={"type": "string", "enum": ["phrase", "semantic"]}, tier=TIER,
                        detail={"type": "string", "description": "The words that matched, or the model's score."}),
    "Notice": _object(["kind", "message"], kind=STRING, message=STRING, tier=TIER,
                      resources={"type": "array", "items": _object(
                          ["name", "contact", "url"], name=STRING,
                          contact={"type": "string", "description": "How to reach it, in words, from its crisis "
                                                                    "resource row: \"Call or text 988\"."},
                          url={"type": "string", "description": "Its best link: a chat or website, else a tel: "
                                                                "or sms: link; empty when it has none."})}),
    "Written": _object(["post", "notices"], post=_ref("Post"), thread=_ref("Thread"),
                       notices={"type": "array", "items": _ref("Notice")}),
    "Sanction": _object(["id", "user", "kind", "reason", "until", "created_at", "lifted_at"],
                        id=INTEGER, user=_object(["id", "username"], id=INTEGER, username=STRING),
                        kind={"type": "string", "enum": ["warn", "mute", "suspend", "ban"]}, reason=STRING,
                        until=NULLABLE_TIME, created_at=TIME, lifted_at=NULLABLE_TIME),
    "ReviewHold": _object(
        ["id", "user", "reason", "created_at", "lifted_at"],
        id=INTEGER, user=_object(["id", "username"], id=INTEGER, username=STRING),
        reason={"type": "string", "description": "Why the out-of-hours protection placed it."},
        created_at=TIME, lifted_at=NULLABLE_TIME, lifted_by=NULLABLE_STRING, lift_reason=STRING),
    "QueueItem": _object(
        ["id", "kind", "severity", "post", "thread", "reasons", "notes", "first_at", "claimed_by", "tier",
         "waiting_seconds", "outcome", "message"],
        id=INTEGER, kind={"type": "string", "enum": list(QUEUE_KINDS),
                          "description": "concern: a member wrote to the moderation team; it may have no post."},
        severity=INTEGER, tier=TIER, evidence={"type": "array", "items": _ref("Evidence")}, score=INTEGER,
        post={"oneOf": [_ref("Post"), {"type": "null"}]},
        thread={"oneOf": [_object(["id", "title", "url"], id=INTEGER, title=STRING, url=STRING), {"type": "null"}]},
        conversation_id={"type": ["integer", "null"], "description": "Its care conversation, if any."},
        member={"oneOf": [_ref("Author"), {"type": "null"}],
                "description": "Who it is about: the post's author, or the member who wrote to the team."},
        reasons={"type": "array", "items": _object(["reason", "count"], reason=STRING, count=INTEGER)},
        notes={"type": "array", "items": STRING},
        author_history={"type": ["object", "null"], "description": "null for an anonymous post: its author is "
                                                                   "found through `GET /posts/{post_id}/author`."},
        anonymous={"type": "boolean", "description": "About an anonymous post: `member` is \"Anonymous member\"."},
        first_at=TIME,
        waiting_seconds={"type": ["integer", "null"], "description": "Seconds since first_at; null once resolved."},
        claimed_by=NULLABLE_STRING, overdue={"type": "boolean"}, resolved_at=NULLABLE_TIME,
        resolution={**RESOLUTION, "description": "The same as outcome."}, outcome=RESOLUTION,
        message={**NULLABLE_STRING, "description": "The moderator's own words to the member, once resolved."}),
    "Conversation": _object(
        ["id", "about", "started_by", "post_id", "created_at", "last_message_at"],
        id=INTEGER, about={"type": "string", "enum": list(ABOUT)},
        started_by={"type": "string", "enum": list(STARTED_BY),
                    "description": "team: a moderator checked in from a queue item."},
        post_id={"type": ["integer", "null"]}, created_at=TIME, last_message_at=TIME,
        item_id={"type": "integer", "description": "Moderators only: the queue item it is answered from."},
        member={**_ref("Author"), "description": "Moderators only."}),
    "CareMessage": _object(
        ["id", "conversation_id", "from", "author", "body", "created_at"],
        id=INTEGER, conversation_id=INTEGER, body={"type": "string", "maxLength": MESSAGE_MAX}, created_at=TIME,
        **{"from": {"type": "string", "enum": ["member", "team"]}},
        author={**_ref("Author"), "description": "To the member, the team speaks as one: username null, "
                                                 "display_name \"The moderation team\"."}),
    "LogEntry": _object(["id", "actor", "action", "target", "reason", "created_at"], id=INTEGER, actor=STRING,
                        action=STRING, target=_object(["type", "id"], type=STRING, id={"type": ["integer", "null"]}),
                        reason=STRING, details={"type": "object"}, created_at=TIME),
    "WatchedWord": _object(["id", "pattern", "action"], id=INTEGER, pattern=STRING,
                           action={"type": "string", "enum": ["block", "hold", "flag"]}, explanation=STRING,
                           created_at=TIME),
    "Draft": _object(
        ["kind", "thread_id", "category_id", "title", "body", "content_warning", "updated_at", "expires_at"],
        kind={"type": "string", "enum": ["thread", "category"],
              "description": "A reply to a thread, or a new thread in a category."},
        thread_id={"type": ["integer", "null"]}, category_id={"type": ["integer", "null"]},
        title={"type": "string", "description": "Empty for a reply."}, body=STRING, content_warning=STRING,
        updated_at=TIME, expires_at={**TIME, "description": "Forgotten after this unless saved again."}),
    "Flag": _object(["id", "post_id", "reason", "created_at"], id=INTEGER, post_id=INTEGER, reason=STRING,
                    note=STRING, created_at=TIME, outcome={"type": ["string", "null"]}),
    "Announcement": _object(["id", "title", "body", "html", "created_at", "expires_at", "dismissed"], id=INTEGER,
                            title=STRING, body=STRING, html=STRING, created_at=TIME, expires_at=NULLABLE_TIME,
                            dismissed={"type": "boolean"}),
    "Notification": _object(["id", "kind", "actor", "thread_id", "post_id", "excerpt", "created_at", "read_at"],
                            id=INTEGER, kind={"type": "string", "enum": [*KINDS, CARE_MESSAGE]},
                            actor={"oneOf": [_ref("Author"), {"type": "null"}]},
                            thread_id={"type": ["integer", "null"]}, post_id={"type": ["integer", "null"]},
                            conversation_id={"type": ["integer", "null"],
                                             "description": "care_message: the conversation to answer in."},
                            excerpt=STRING, text={"type": "string", "description": "One line to show; for "
                                                  "moderation and care_message it quotes the moderators' words."},
                            message={**NULLABLE_STRING, "description": "The moderators' own words to the member "
                                                                       "(moderation, care_message), in full."},
                            count=INTEGER, created_at=TIME, read_at=NULLABLE_TIME),
    "Preferences": {"type": "object", "properties": {
        "content_warnings": {"type": "string", "enum": ["collapsed", "shown"]},
        "text_size": {"type": "string", "enum": ["normal", "large", "larger"]},
        "hide_presence": {"type": "boolean"}, "reduced_motion": {"type": "boolean"},
        "quiet_mode": {"type": "boolean"}, "email_notifications": {"type": "boolean"},
        "notify": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "crisis_alerts": {"type": "string", "enum": list(CRISIS_ALERTS), "description": (
            "Moderators and staff: how on-call alerts about an urgent crisis item that waits with no moderator "
            "online reach them. Default email when the account has an address, else off. Others: always off "
            "(sending anything but off is a 422).")},
        "time_zone": {"type": ["string", "null"], "maxLength": 64, "description": (
            "IANA time zone name (America/New_York) that pages show times in; null until chosen, and then "
            "times show in the community's zone. An unknown zone is a 422.")},
        "muted_words": {"type": "array", "maxItems": 50, "items": {"type": "string", "maxLength": 60},
                        "description": (
            "Reader filter: words and phrases whose posts show collapsed for the caller. Matched as watched "
            "words are (case, accents and disguises folded; word* for words that start so). Trimmed and "
            "kept once each; too many, too long or without a letter or number is a 422.")},
        "muted_topics": {"type": "array", "items": {"type": "string"}, "description": (
            "Reader filter: keys of the topics staff keep (self-harm, suicide, overdose, eating, trauma, "
            "grief by default; staff change them in the community settings). An unknown key is a 422, whose message lists the keys.")},
        "break_until": {"type": ["string", "null"], "format": "date-time", "description": (
            "A break from the community until this time (ISO 8601; read back in UTC with Z), or null: no break, "
            "and null ends one. While it lasts, community pages show the member a gentle page (help, their "
            "safety plan, preferences and talking to a moderator stay open), and notifications are listed but "
            "never pushed or emailed, then or later; the moderation team's messages still reach them. The API "
            "stays open. Reads null once the time has passed. A past or unparsable time is a 422.")},
        "quiet_hours": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["start", "end"], "additionalProperties": False, "properties": {
                "start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                "end": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}}}], "description": (
            "Do-not-disturb hours on the member's own clock (time_zone, else the community's), such as "
            "{\"start\": \"22:00\", \"end\": \"07:00\"} across midnight; null for none. Notifications "
            "then are listed but held: pushed live and emailed once the hours end. Messages from the moderation "
            "team are never held. Equal or malformed times are a 422.")}}},
    "PushSubscription": _object(
        ["id", "label", "service", "created_at", "last_used_at"], id=INTEGER, label=STRING,
        service={"type": "string", "description": "The push service's host name."},
        created_at=TIME, last_used_at=NULLABLE_TIME),
    "SafetyPlan": _object(
        [*safety_plan.KEYS, "updated_at"],
        **{section.key: {"type": "string", "maxLength": safety_plan.SECTION_MAX,
                         "description": f"{section.title}: {section.prompt}"} for section in safety_plan.SECTIONS},
        updated_at={**NULLABLE_TIME, "description": "Null while the member has written no plan."}),
    "CrisisResource": _object(
        ["name", "call", "text", "text_keyword", "chat_url", "hours", "region", "contact", "url"],
        name=STRING,
        call={**NULLABLE_STRING, "description": "A number to call, as written (\"988\", \"+1 555 0100\")."},
        text={**NULLABLE_STRING, "description": "A number to text."},
        text_keyword={**NULLABLE_STRING, "description": "The word to text to that number (\"HOME\")."},
        chat_url={"type": ["string", "null"], "format": "uri",
                  "description": "An https address: a chat, or a website when the resource has no number."},
        hours={**NULLABLE_STRING, "description": "When it is open (\"24/7\")."},
        region={**NULLABLE_STRING, "description": "Where it serves (\"US\")."},
        contact={"type": "string", "description": "How to reach it, in words, derived from the details: "
                                                  "\"Call or text 988, or chat online\"."},
        url={"type": ["string", "null"], "format": "uri",
             "description": "Its best link, derived from the details: `chat_url`, else a tel: link to `call`, "
                            "else an sms: link to `text` (with the keyword as the message); null when none."}),
    "Community": _object(
        ["name", "description", "membership_mode", "join_questions", "rules", "crisis_resources", "moderated_hours"],
        name=STRING, description={**NULLABLE_STRING, "description": "Null when the community has none."},
        membership_mode={"type": "string", "enum": ["approval", "open"],
                         "description": "approval: moderators approve each applicant; open: anyone joins at once."},
        join_questions={"type": "array", "items": STRING,
                        "description": "Asked of applicants, answered in order as `answers` when registering; "
                                       "empty when there are none."},
        rules=_object(["markdown", "html"], markdown={"type": "string", "description": "Markdown source."},
                      html={"type": "string", "description": "Sanitized HTML rendered by the server, as the "
                                                             "rules page shows it (headings from h2)."}),
        crisis_resources={"type": "array", "items": _ref("CrisisResource")},
        moderated_hours=_object(
            ["days", "start", "end", "timezone"],
            days={"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6},
                  "description": "Weekdays, 0 = Monday; empty when no hours are moderated."},
            start=LOCAL_TIME, end=LOCAL_TIME,
            timezone={"type": "string", "description": "IANA time zone, e.g. America/New_York."})),
    "Application": _object(["user", "answers", "applied_at"], user=_ref("User"), applied_at=TIME,
                           answers={"type": "array", "items": _object(["question", "answer"], question=STRING,
                                                                      answer=STRING)}),
}

COMMON_ERRORS = {
    "400": _error("Malformed request (not JSON, or a missing CSRF token on a cookie session)."),
    "401": _error("No credentials."),
    "403": _error("The caller's role or status does not allow this."),
    "404": _error("Not found, or not visible to the caller."),
    "405": _error("That method isn't allowed on this path."),
    "413": _error("Request too large."),
    "422": _error("Validation failed; see error.fields."),
    "429": _error("Rate limited; see Retry-After."),
}


def _op(summary: str, responses: dict, body: dict | None = None, parameters: list | None = None,
        public: bool = False, description: str | None = None) -> dict:
    operation = {"summary": summary, "responses": {**responses, **COMMON_ERRORS}}
    if description:
        operation["description"] = description
    if body is not None:
        operation["requestBody"] = _body(body)
    if parameters:
        operation["parameters"] = parameters
    if public:
        operation["security"] = []
    return operation


def _care_paths() -> dict:
    message_body = _object(["body"], body={"type": "string", "minLength": 1, "maxLength": MESSAGE_MAX})
    message_response = _object(["message"], message=_ref("CareMessage"))
    messages_page = {**_page_of("CareMessage")}
    conversation_param = [ID_PARAM("conversation_id")]
    return {
        "/moderation/queue/{item_id}/messages": {
            "get": _op("The item's care conversation, oldest message first (moderators, staff).",
                       {"200": _json({**messages_page, "properties": {
                           **messages_page["properties"],
                           "conversation": {"oneOf": [_ref("Conversation"), {"type": "null"}]}}})},
                       parameters=[ID_PARAM("item_id"), *PAGING]),
            "post": _op("Write privately to the member the item is about, for the team; starts the conversation "
                        "if there is none.",
                        {"201": _json({**message_response, "properties": {
                            **message_response["properties"], "conversation": _ref("Conversation")}}),
                         "409": _error("Nobody to write to: the member's account is gone.")},
                        message_body, [ID_PARAM("item_id")]),
        },
        "/me/conversations": {
            "get": _op("My conversations with the moderation team, newest first.",
                       {"200": _json(_page_of("Conversation"))},
                       parameters=[{"name": "before", "in": "query", "required": False,
                                    "schema": {"type": "integer"}}, LIMIT_PARAM]),
            "post": _op("Talk to a moderator, about me or someone I'm worried about; opens a concern item "
                        "(urgent when the words read so) and answers crisis language with resources.",
                        {"201": _json(_object(["conversation", "message", "notices"],
                                              conversation=_ref("Conversation"), message=_ref("CareMessage"),
                                              notices={"type": "array", "items": _ref("Notice")}))},
                        _object(["about", "body"], about={"type": "string", "enum": list(ABOUT)},
                                body={"type": "string", "minLength": 1, "maxLength": MESSAGE_MAX},
                                post_id={"type": "integer", "minimum": 1,
                                         "description": "A post it is about, that the caller can read."})),
        },
        "/me/conversations/{conversation_id}/messages": {
            "get": _op("Messages in one of my conversations, oldest first.", {"200": _json(messages_page)},
                       parameters=[*conversation_param, *PAGING]),
            "post": _op("Answer in one of my conversations; crisis language is answered with resources.",
                        {"201": _json(_object(["message", "notices"], message=_ref("CareMessage"),
                                              notices={"type": "array", "items": _ref("Notice")}))},
                        message_body, conversation_param),
        },
    }


DRAFTS_DESCRIPTION = (
    "The caller's own draft, which the pages save a moment after the member stops typing. Only its writer can "
    "read, replace or discard it; it is in their data export, deleted with their account, never searchable, and "
    f"forgotten {drafts.KEEP_DAYS} days after it was last saved. Posting the reply or thread discards it. Text is "
    "kept as typed, within the limits of posts; saving empty text discards the draft (the answer's `draft` is "
    "then null). Saving needs the same right as posting there (a muted member gets 403).")


def _draft_paths() -> dict:
    draft_response = _json(_object(["draft"], draft={"oneOf": [_ref("Draft"), {"type": "null"}]}))
    discarded = {"204": {"description": "Discarded (or there was none)."}}
    text = {"body": {"type": "string", "maxLength": BODY_MAX},
            "content_warning": {"type": "string", "maxLength": CONTENT_WARNING_MAX}}
    thread_param, category_param = [ID_PARAM("thread_id")], [SLUG_PARAM]
    return {
        "/drafts/thread/{thread_id}": {
            "get": _op("My reply to this thread being written, or null.", {"200": draft_response},
                       parameters=thread_param, description=DRAFTS_DESCRIPTION),
            "put": _op("Keep my reply to this thread as typed.", {"200": draft_response},
                       _object(["body"], **text), thread_param, description=DRAFTS_DESCRIPTION),
            "delete": _op("Discard my reply's draft.", discarded, parameters=thread_param),
        },
        "/drafts/category/{slug}": {
            "get": _op("My new thread in this category being written, or null.", {"200": draft_response},
                       parameters=category_param, description=DRAFTS_DESCRIPTION),
            "put": _op("Keep my new thread in this category as typed.", {"200": draft_response},
                       _object(["body"], title={"type": "string", "maxLength": TITLE_MAX}, **text),
                       category_param, description=DRAFTS_DESCRIPTION),
            "delete": _op("Discard my new thread's draft.", discarded, parameters=category_param),
        },
    }


def _paths() -> dict:
    user_response = _json(_object(["user"], user=_ref("User")))
    post_response = _json(_object(["post"], post=_ref("Post")))
    body = {"type": "string", "maxLength": BODY_MAX}
    content_warning = {"type": "string", "maxLength": CONTENT_WARNING_MAX}
    post_body = _object(["body"], body=body, content_warning=content_warning)
    anonymous = {"type": "boolean", "default": False, "description": (
        "Post as \"Anonymous member\": where the category allows it (else 403 `anonymous_not_allowed`); "
        "held for review (202) when staff chose so. Not a boolean: 422.")}
    reply_body = _object(["body"], body=body, content_warning=content_warning, anonymous=anonymous)
    reaction_params = [ID_PARAM("post_id"), {"name": "kind", "in": "path", "required": True, "schema": REACTION_KIND}]
    return {
        "/community": {"get": _op(
            "The community's name, rules, join questions, crisis resources and moderated hours (public).",
            {"200": _json(_object(["community"], community=_ref("Community")))}, public=True,
            description="Anyone may read it, signed in or not, including applicants waiting for approval. Text "
                        "with no value is null and lists with nothing in them are empty. Each crisis resource is "
                        "a row staff set: a name and, each optional, `call`, `text`, `text_keyword`, `chat_url`, "
                        "`hours` and `region`, in the order pages show them.")},
        "/users": {"post": _op(
            "Apply to join (pending when the community approves members).",
            {"201": user_response, "409": _error("Username taken.")},
            _object(["username", "password"], username=USERNAME,
                    password={"type": "string", "minLength": passwords.MIN_LENGTH,
                              "maxLength": passwords.MAX_LENGTH}, email=STRING,
                    answers={"type": "array", "items": STRING}), public=True)},
        "/tokens": {"post": _op(
            "Exchange username and password for a personal token.",
            {"201": _json(_object(["token", "user"], token=STRING, user=_ref("User")))},
            _object(["username", "password"], username=STRING, password=STRING, label=STRING), public=True)},
        "/tokens/current": {"delete": _op("Revoke the bearer token this call is sent with.",
                                          {"204": {"description": "Revoked."}})},
        "/users/{username}": {"get": _op("A member's public profile.",
                                         {"200": _json(_object(["user"], user=_ref("Profile")))},
                                         parameters=[{"name": "username", "in": "path", "required": True,
                                                      "schema": STRING}])},
        "/membership/pending": {"get": _op("Applicants waiting for a decision (moderators, staff).",
                                           {"200": _json(_page_of("Application"))})},
        "/users/{user_id}/approve": {"post": _op(
            "Approve an applicant.", {"200": user_response, "409": _error("Not pending.")},
            _object([], reason=STRING), [ID_PARAM("user_id")])},
        "/users/{user_id}/reject": {"post": _op(
            "Reject an applicant.", {"200": user_response, "409": _error("Not pending.")},
            _object([], reason=STRING), [ID_PARAM("user_id")])},
        "/users/{user_id}/role": {"put": _op(
            "Promote or demote (staff).", {"200": user_response, "409": _error("The last staff account.")},
            _object(["role"], role={"type": "string", "enum": ["member", "moderator", "staff"]}, reason=STRING),
            [ID_PARAM("user_id")])},
        "/users/{user_id}/sanctions": {"post": _op(
            "Warn, mute (read-only), suspend (cannot sign in; live connections close) or ban (moderators, staff).",
            {"201": _json(_object(["sanction"], sanction=_ref("Sanction")))},
            _object(["kind", "reason"], kind={"type": "string", "enum": ["warn", "mute", "suspend", "ban"]},
                    reason=STRING, until={"type": "string", "format": "date-time"}), [ID_PARAM("user_id")])},
        "/sanctions/{sanction_id}": {"delete": _op(
            "Lift a sanction, with a reason.", {"200": _json(_object(["sanction"], sanction=_ref("Sanction"))),
                                                "409": _error("Already lifted.")},
            _object(["reason"], reason=STRING), [ID_PARAM("sanction_id")])},
        "/users/{user_id}/review-hold": {
            "get": _op("The member's review hold in force, or null (moderators, staff).",
                       {"200": _json(_object(["review_hold"], review_hold={
                           "oneOf": [_ref("ReviewHold"), {"type": "null"}]}))}, parameters=[ID_PARAM("user_id")]),
            "delete": _op(
                "Lift a review hold, with a reason: the member's new posts appear straight away again.",
                {"200": _json(_object(["review_hold"], review_hold=_ref("ReviewHold"))),
                 "409": _error("The member's posts aren't held for review.")},
                _object(["reason"], reason=STRING), [ID_PARAM("user_id")],
                description="Outside moderated hours, a member whose posts several members flag within 24 hours "
                            "has their next posts held for review (crisis posts are still published) until a "
                            "moderator lifts the hold.")},
        "/posts/{post_id}/flags": {"post": _op(
            "Flag a post that worries you; once per member per post.",
            {"201": _json(_object(["flag", "message"], flag=_ref("Flag"), message=STRING)),
             "409": _error("Already flagged.")},
            _object(["reason"], reason={"type": "string", "enum": ["crisis", "harassment", "misinformation",
                                                                   "sourcing", "spam", "other"]},
                    note={"type": "string", "maxLength": flags.NOTE_MAX}), [ID_PARAM("post_id")])},
        "/moderation/queue": {"get": _op("Open items, most urgent first (moderators, staff).",
                                         {"200": _json(_page_of("QueueItem"))})},
        "/moderation/queue/{item_id}/claim": {"post": _op(
            "Claim an item.", {"200": _json(_object(["item"], item=_ref("QueueItem"))),
                               "409": _error("Claimed by someone else.")}, parameters=[ID_PARAM("item_id")])},
        "/moderation/queue/{item_id}/unclaim": {"post": _op(
            "Release a claim.", {"200": _json(_object(["item"], item=_ref("QueueItem")))},
            parameters=[ID_PARAM("item_id")])},
        "/moderation/queue/{item_id}/resolve": {"post": _op(
            "Resolve with a reason for the log and, for the member, your own words.",
            {"200": _json(_object(["item"], item=_ref("QueueItem"))),
             "409": _error("Already resolved, an action that doesn't apply to the post's status (`not_held`, "
                           "`action_not_offered`), or (checked_in) nobody left to write to.")},
            _object(["action", "reason"], action={"type": "string", "enum": list(RESOLUTIONS)}, reason=STRING,
                    message={"type": "string", "maxLength": MESSAGE_MAX}),
            [ID_PARAM("item_id")],
            description="Crisis and concern items close with care: `checked_in` (needs `message`: it is sent to "
                        "the member in a care conversation they can answer), `referred` (pointed to the clinic or "
                        "a crisis line, or the clinic's escalation protocol followed) or `no_action_needed`; care "
                        "leaves the post as it is. What can be done to the post follows its status: a held "
                        "(`pending`) post is approved or rejected; a `visible` or `hidden` one dismissed (kept up, "
                        "or shown again), hidden or removed; a `removed` one dismissed (restored) or removed; a "
                        "`withdrawn` or `rejected` one only removed. `reason` stays in the moderation log; the member reads `message` "
                        "(for a post taken down without one, the reason).")},
        **_care_paths(),
        "/moderation/log": {"get": _op(
            "The append-only log of moderator and staff actions, newest first.", {"200": _json(_page_of("LogEntry"))},
            parameters=[{"name": "before", "in": "query", "required": False, "schema": {"type": "integer"}},
                        LIMIT_PARAM,
                        *[{"name": name, "in": "query", "required": False, "schema": STRING}
                          for name in ("action", "actor", "target_type")]])},
        "/threads/{thread_id}/lock": {"post": _op("Lock a thread.", {"200": _json(_object(["thread"], thread=_ref(
            "Thread")))}, _object(["reason"], reason=STRING), [ID_PARAM("thread_id")])},
        "/threads/{thread_id}/unlock": {"post": _op("Unlock a thread.", {"200": _json(_object(["thread"], thread=_ref(
            "Thread")))}, _object(["reason"], reason=STRING), [ID_PARAM("thread_id")])},
        "/threads/{thread_id}/slow-mode": {"put": _op(
            "Slow mode: the least seconds between one member's posts (0 turns it off).",
            {"200": _json(_object(["thread"], thread=_ref("Thread")))},
            _object(["seconds", "reason"], seconds={"type": "integer", "minimum": 0, "maximum": threads.SLOW_MODE_MAX},
                    reason=STRING), [ID_PARAM("thread_id")])},
        "/users/{username}/block": {
            "put": _op("Block a member: their posts show collapsed to you.", {"204": {"description": "Blocked."}},
                       parameters=[{"name": "username", "in": "path", "required": True, "schema": STRING}]),
            "delete": _op("Unblock.", {"204": {"description": "Unblocked."}},
                          parameters=[{"name": "username", "in": "path", "required": True, "schema": STRING}]),
        },
        "/threads/{thread_id}/move": {"post": _op("Move a thread to another category.", {"200": _json(_object(
            ["thread"], thread=_ref("Thread")))}, _object(["category", "reason"], category=STRING, reason=STRING),
            [ID_PARAM("thread_id")])},
        "/watched-words": {
            "get": _op("Watched-word rules (staff).", {"200": _json(_page_of("WatchedWord"))}),
            "post": _op("Add a rule (staff).", {"201": _json(_object(["watched_word"], watched_word=_ref(
                "WatchedWord"))), "409": _error("Already watched.")},
                _object(["pattern", "action"], pattern={"type": "string", "maxLength": PATTERN_MAX},
                        action={"type": "string", "enum": ["block", "hold", "flag"]}, explanation=STRING)),
        },
        "/watched-words/{rule_id}": {"delete": _op("Remove a rule (staff).", {"204": {"description": "Removed."}},
                                                   parameters=[ID_PARAM("rule_id")])},
        "/safety/crisis-check": {"post": _op(
            "Does this draft speak of crisis? For showing resources before posting.",
            {"200": _json(_object(["crisis", "tier", "notice"], crisis={"type": "boolean"}, tier=TIER,
                                  notice={"oneOf": [_ref("Notice"), {"type": "null"}]},
                                  suggested_warning={"type": ["string", "null"], "description": (
                                      "A content warning to offer the writer (\"self-harm\"): the draft "
                                      "touches a topic readers filter out and has no content warning. Null "
                                      "otherwise, and for crisis language (the writer is shown help instead).")}))},
            _object(["text"], text=STRING, content_warning={"type": "string", "description": (
                "The draft's content warning, if any: with one, no warning is suggested.")}))},
        "/categories": {
            "get": _op("All categories.", {"200": _json(_page_of("Category"))}),
            "post": _op("Create a category (staff).",
                        {"201": _json(_object(["category"], category=_ref("Category"))),
                         "409": _error("The slug given is taken.")},
                        _object(["name"], slug={"type": "string", "pattern": f"^{categories.SLUG.pattern}$",
                                                "minLength": categories.SLUG_MIN, "maxLength": categories.SLUG_MAX,
                                                "description": "Optional; made from the name when absent."},
                                name={"type": "string", "minLength": categories.NAME_MIN,
                                      "maxLength": categories.NAME_MAX}, description=STRING,
                                posting={"type": "string", "enum": ["members", "staff"]},
                                allow_anonymous={"type": "boolean", "default": False}),
                        description="Without a slug, one is made from the name: lower-case ASCII words joined by "
                                    "hyphens (\"Café & Friends\" becomes `cafe-friends`), with -2, -3, ... added "
                                    "while that is taken. A name with no letters or digits to make one from is a "
                                    "422 with `error.fields.slug`; a slug given explicitly is used as it is, or "
                                    "refused (422 invalid, 409 taken)."),
        },
        "/categories/{slug}": {"patch": _op(
            "Rename, describe, reorder, archive, or set who may start threads (staff).",
            {"200": _json(_object(["category"], category=_ref("Category")))},
            _object([], name=STRING, description=STRING, posting={"type": "string", "enum": ["members", "staff"]},
                    position={"type": "integer", "minimum": 0, "maximum": categories.POSITION_MAX},
                    archived={"type": "boolean"}, allow_anonymous={"type": "boolean"}),
            [SLUG_PARAM])},
        "/threads/{thread_id}/pin": {
            "put": _op("Pin in its category or everywhere, optionally until a time (staff).",
                       {"200": _json(_object(["thread"], thread=_ref("Thread")))},
                       _object(["scope"], scope={"type": "string", "enum": ["category", "global"]},
                               until={"type": "string", "format": "date-time"}), [ID_PARAM("thread_id")]),
            "delete": _op("Unpin (staff).", {"200": _json(_object(["thread"], thread=_ref("Thread")))},
                          parameters=[ID_PARAM("thread_id")]),
        },
        "/announcements": {
            "get": _op("Active announcements, with whether the caller dismissed each.",
                       {"200": _json(_page_of("Announcement"))}),
            "post": _op("Post an announcement (staff).", {"201": _json(_object(["announcement"], announcement=_ref(
                "Announcement")))}, _object(["title", "body"],
                                            title={"type": "string", "maxLength": announcements.TITLE_MAX},
                                            body={"type": "string", "maxLength": announcements.BODY_MAX},
                                            expires_at={"type": "string", "format": "date-time"})),
        },
        "/announcements/{announcement_id}": {"delete": _op(
            "Withdraw an announcement (staff).", {"204": {"description": "Withdrawn."}},
            parameters=[ID_PARAM("announcement_id")])},
        "/announcements/{announcement_id}/dismiss": {"post": _op(
            "Hide an announcement for yourself.", {"204": {"description": "Dismissed."}},
            parameters=[ID_PARAM("announcement_id")])},
        "/categories/{slug}/threads": {
            "get": _op("Threads: pinned first, then by last activity.", {"200": _json(_page_of("Thread"))},
                       parameters=[SLUG_PARAM, *PAGING]),
            "post": _op("Start a thread.", {"201": _json(_ref("Written")), "202": _json(_ref("Written"), "Held.")},
                        _object(["title", "body"],
                                title={"type": "string", "minLength": TITLE_MIN, "maxLength": TITLE_MAX},
                                body=body, content_warning=content_warning, anonymous=anonymous), [SLUG_PARAM]),
        },
        "/threads/{thread_id}": {"get": _op("A thread.", {"200": _json(_object(["thread"], thread=_ref("Thread")))},
                                            parameters=[ID_PARAM("thread_id")])},
        "/threads/{thread_id}/read": {"put": _op(
            "Mark the thread read up to a post (live pages call this as posts arrive). A read position only "
            "moves forward: an earlier post changes nothing.",
            {"200": _json(_object(["thread"], thread=_ref("Thread"))), "404": _error("No such post in this thread.")},
            _object(["post_id"], post_id={"type": "integer", "minimum": 1}), [ID_PARAM("thread_id")])},
        "/threads/{thread_id}/posts": {
            "get": _op("Posts in order, after a post id.", {"200": _json(_page_of("Post"))},
                       parameters=[ID_PARAM("thread_id"), *PAGING]),
            "post": _op("Reply.", {"201": _json(_ref("Written")), "202": _json(_ref("Written"), "Held."),
                                   "409": _error("Thread locked.")}, reply_body, [ID_PARAM("thread_id")]),
        },
        "/posts/{post_id}": {
            "get": _op("A post.", {"200": post_response}, parameters=[ID_PARAM("post_id")]),
            "patch": _op("Edit (author or moderator); the earlier text is kept.", {"200": post_response},
                         post_body, [ID_PARAM("post_id")]),
            "delete": _op("Withdraw (author) or remove (moderator, with a reason).", {"200": post_response},
                          parameters=[ID_PARAM("post_id")]),
        },
        "/posts/{post_id}/author": {"get": _op(
            "Who wrote an anonymous post (moderators and staff). Each call is recorded in the moderation log "
            "(`anonymous_author_revealed`: who looked and why, not whom they saw); `reason` is kept there too.",
            {"200": _json(_object(["post_id", "author"], post_id=INTEGER, author={
                "oneOf": [_ref("User"), {"type": "null"}], "description": "null: the author deleted their account."})),
             "409": _error("The post isn't anonymous (`not_anonymous`).")},
            parameters=[ID_PARAM("post_id"), {"name": "reason", "in": "query", "required": False,
                                              "schema": {"type": "string", "maxLength": 1000}}])},
        "/posts/{post_id}/reactions/{kind}": {
            "put": _op("React.", {"200": post_response}, parameters=reaction_params),
            "delete": _op("Take a reaction back.", {"200": post_response}, parameters=reaction_params),
        },
        **_draft_paths(),
        "/notifications": {"get": _op(
            "My notifications, newest first, with the unread count.",
            {"200": _json({**_page_of("Notification"), "properties": {**_page_of("Notification")["properties"],
                                                                      "unread": INTEGER}})},
            parameters=[{"name": "before", "in": "query", "required": False, "schema": {"type": "integer"}},
                        LIMIT_PARAM])},
        "/notifications/read": {"post": _op(
            "Mark some or all as read.", {"200": _json(_object(["marked", "unread"], marked=INTEGER, unread=INTEGER))},
            {"type": "object", "properties": {"ids": {"type": "array", "items": INTEGER},
                                              "all": {"type": "boolean"}}})},
        "/me/preferences": {
            "get": _op("My reading comfort and notification choices.",
                       {"200": _json(_object(["preferences"], preferences=_ref("Preferences")))}),
            "patch": _op("Change some of them.", {"200": _json(_object(["preferences"], preferences=_ref(
                "Preferences")))}, _ref("Preferences")),
        },
        "/me/safety-plan": {
            "get": _op("My safety plan: private to me; every section empty until I write one.",
                       {"200": _json(_object(["safety_plan"], safety_plan=_ref("SafetyPlan")))},
                       description="Members only: nobody else can read a member's plan, and moderator and staff "
                                   "accounts keep none (404)."),
            "put": _op("Replace my safety plan; a section left out is empty, and an empty plan is deleted.",
                       {"200": _json(_object(["safety_plan"], safety_plan=_ref("SafetyPlan")))},
                       {"type": "object", "additionalProperties": False, "properties": {
                           section.key: {"type": "string", "maxLength": safety_plan.SECTION_MAX}
                           for section in safety_plan.SECTIONS}},
                       description="Members only; moderator and staff accounts get 404."),
        },
        "/me/push-subscriptions": {
            "get": _op("The devices where my on-call alerts arrive by Web Push, and the key to subscribe with.",
                       {"200": _json(_object(["items", "vapid_public_key"], items={
                           "type": "array", "items": _ref("PushSubscription")}, vapid_public_key={
                           "type": "string", "description": "The applicationServerKey for pushManager.subscribe()."
                       }))}),
            "post": _op("Turn on-call alerts on for this browser (moderators and staff): send its "
                        "PushSubscription as JSON. The same endpoint again replaces the earlier one.",
                        {"201": _json(_object(["subscription"], subscription=_ref("PushSubscription"))),
                         "409": _error("Too many devices.")},
                        _object(["endpoint", "keys"], endpoint={"type": "string", "maxLength": ENDPOINT_MAX},
                                keys=_object(["p256dh", "auth"], p256dh=STRING, auth=STRING),
                                label={"type": "string", "maxLength": LABEL_MAX})),
        },
        "/me/push-subscriptions/{subscription_id}": {"delete": _op(
            "Stop alerts to that device.", {"204": {"description": "Removed."}},
            parameters=[ID_PARAM("subscription_id")])},
        "/me/export": {"get": _op("Everything stored about me, as JSON.", {"200": _json({"type": "object"})})},
        "/me": {"get": _op("My own account.", {"200": _json(_object(["user"], user=_ref("User")))}),
                "delete": _op("Delete my account (posts stay as by former member unless erase_posts).",
                              {"204": {"description": "Deleted."}, "409": _error("The last staff account.")},
                              _object(["password"], password=STRING, erase_posts={"type": "boolean"}))},
        "/search": {"get": _op(
            "Full-text search over what the caller may read; word forms match; any characters are safe. "
            "Pages by number: `next` is the next page.",
            {"200": _json(_object(["items", "next"], items={"type": "array", "items": _object(
                ["post", "thread", "snippet"], post=_ref("Post"),
                thread=_object(["id", "title", "url"], id=INTEGER, title=STRING, url=STRING),
                snippet={"type": "string", "description": "Escaped text with <mark> around matches."})},
                next={"type": ["integer", "null"]}))},
            parameters=[{"name": "q", "in": "query", "required": True,
                         "schema": {"type": "string", "maxLength": QUERY_MAX}},
                        {"name": "category", "in": "query", "required": False, "schema": STRING},
                        {"name": "author", "in": "query", "required": False, "schema": USERNAME},
                        {"name": "page", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}},
                        LIMIT_PARAM])},
        "/openapi.json": {"get": _op("This document.", {"200": _json({"type": "object"})}, public=True)},
    }


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hearth API",
            "version": "1.0",
            "description": (
                "JSON API of Hearth. Authenticate with the browser session (state-changing calls then need the "
                "X-CSRFToken header) or a personal token: `Authorization: Bearer <token>`. Errors are "
                "`{\"error\": {\"code\", \"message\", \"fields\"?}}`. Lists take `limit` (1-100, default 50) and "
                "`after` (the last id seen) and return `{\"items\", \"next\"}`."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": _paths(),
    }


@bp.get("/openapi.json")
@limiter.exempt
def openapi_json():
    return jsonify(document())
