"""Care conversations: a member talks to the moderation team, about themselves
or about someone they worry about; the team answers, from the queue item or
the conversation. No member ever writes to another member.

Whatever a member writes reaches the queue: it opens a concern item, or adds
to the one open, urgent when the crisis detector reads it so, so nobody's
words wait unseen because no moderator had the page open.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum import events, policy
from forum.care import messages
from forum.care.models import ABOUT, CareMessage, Conversation
from forum.clock import isoformat
from forum.community import queries
from forum.community.models import Post
from forum.errors import InvalidInput, NotFound, invalid
from forum.extensions import db
from forum.moderation import queue
from forum.moderation.models import QueueItem
from forum.safety import crisis, screening
from forum.web import MAX_ID, whole_number

# The reason each kind of message gives the queue.
ASKED = {"me": "asked_to_talk", "someone": "worried_about_someone"}
REPLIED = "member_replied"
PAGE_SIZE = 100


@dataclass
class Written:
    message: CareMessage
    # Crisis resources for a member whose words read as a crisis, as a post's writer gets them.
    notices: list[dict]


@dataclass
class Started(Written):
    conversation: Conversation


def _named_post(member, post_id) -> Post | None:
    """The post a member names, when they may read it; one answer for a post
    that doesn't exist and one they can't see, so nothing leaks."""
    if post_id is None or post_id == "":
        return None
    if isinstance(post_id, str) and whole_number(post_id.strip()) is not None:
        post_id = whole_number(post_id.strip())
    if not isinstance(post_id, int) or isinstance(post_id, bool) or not 0 < post_id <= MAX_ID:
        raise invalid({"post_id": "Give the number of a post, or leave it out."})
    try:
        post = queries.post(member, post_id)
    except NotFound:
        raise invalid({"post_id": "There is no post with that number that you can read."}) from None
    return post


def _reading(body: str, post: Post | None) -> crisis.Verdict:
    """The detector's verdict on the member's words and the post they name, together."""
    verdicts = [screening.detect_crisis(body)] + ([screening.detect_crisis(post.body)] if post is not None else [])
    tier = max((verdict.tier for verdict in verdicts), key=crisis.TIER_RANK.__getitem__)
    evidence = tuple(row for verdict in verdicts for row in verdict.evidence)[:crisis.MAX_EVIDENCE]
    return crisis.Verdict(tier, evidence) if tier else crisis.NOT_CRISIS


def start(member, about, body, post_id=None) -> Started:
    """A member opens a conversation with the team: it reaches the queue as a concern item."""
    policy.require(policy.talk_to_moderators(member))
    fields: dict[str, str] = {}
    post = None
    if about not in ABOUT:
        fields["about"] = "Say whether this is about you or someone else."
    try:
        body = messages.clean_body(body)
    except InvalidInput as error:
        fields.update(error.fields)
    try:
        post = _named_post(member, post_id)
    except InvalidInput as error:
        fields.update(error.fields)
    if fields:
        raise invalid(fields)
    conversation = Conversation(member_id=member.id, about=about, started_by="member",
                                post_id=post.id if post is not None else None)
    db.session.add(conversation)
    db.session.flush()
    message = messages.add(conversation, member, body, from_team=False)
    # A post's words count only where the member may read them: the notice tells nothing more.
    verdict = _reading(body, post if post is not None and policy.see_post_text(member, post) else None)
    queue.raise_concern(conversation, verdict, ASKED[about])
    events.commit()
    return Started(message, _notices(verdict), conversation)


def _notices(verdict: crisis.Verdict) -> list[dict]:
    return [screening.crisis_notice(verdict.tier)] if verdict.crisis else []


def get(actor, conversation_id: int) -> Conversation:
    """A conversation its member or the moderation team may see; 404 to anyone else."""
    policy.require(policy.read_community(actor))
    found = db.session.get(Conversation, conversation_id)
    if found is None:
        raise NotFound("No such conversation.")
    policy.require(policy.take_part_in_conversation(actor, found))
    return found


def own(member, conversation_id: int) -> Conversation:
    """One of the member's own conversations (the /me API speaks only of those)."""
    found = get(member, conversation_id)
    if found.member_id != member.id:
        raise NotFound("No such conversation.")
    return found


def write(actor, conversation: Conversation, body) -> Written:
    """The member answers, or a moderator answers for the team. The member's
    words reach the queue, where a moderator will see them."""
    policy.require(policy.take_part_in_conversation(actor, conversation))
    body = messages.clean_body(body)
    from_team = actor.id != conversation.member_id
    message = messages.add(conversation, actor, body, from_team)
    verdict = crisis.NOT_CRISIS if from_team else screening.detect_crisis(body)
    if not from_team:
        queue.raise_concern(conversation, verdict, REPLIED)
    events.commit()
    return Written(message, _notices(verdict))


def write_from_item(actor, item_id: int, body) -> CareMessage:
    """A moderator writes to the member from a queue item, starting the
    conversation if the item has none yet."""
    found = queue.item(actor, item_id)
    message = messages.write_from_item(actor, found, messages.clean_body(body))
    events.commit()
    return message


# --- reading ------------------------------------------------------------------------------

def of_member(member, before: int | None = None, limit: int = PAGE_SIZE) -> tuple[list[Conversation], int | None]:
    """The member's conversations, newest first."""
    policy.require(policy.talk_to_moderators(member))
    query = db.select(Conversation).where(Conversation.member_id == member.id)
    if before:
        query = query.where(Conversation.id < before)
    rows = list(db.session.scalars(query.order_by(Conversation.id.desc()).limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None


def messages_in(conversation: Conversation, after: int | None = None,
                limit: int = PAGE_SIZE) -> tuple[list[CareMessage], int | None]:
    """Messages in order, after a message id; the caller has checked access."""
    query = db.select(CareMessage).where(CareMessage.conversation_id == conversation.id)
    if after:
        query = query.where(CareMessage.id > after)
    rows = list(db.session.scalars(query.order_by(CareMessage.id).limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None


def of_item(actor, item_id: int) -> Conversation | None:
    found = queue.item(actor, item_id)
    return db.session.get(Conversation, found.conversation_id) if found.conversation_id else None


def latest_item_id(conversation_id: int) -> int | None:
    """The queue item moderators answer this conversation from."""
    return db.session.scalar(db.select(db.func.max(QueueItem.id)).where(QueueItem.conversation_id == conversation_id))


# --- data rights --------------------------------------------------------------------------

def export(member) -> list[dict]:
    """The member's conversations as they see them: the team speaks as one."""
    found = db.session.scalars(db.select(Conversation).where(Conversation.member_id == member.id)
                               .order_by(Conversation.id)).all()
    by_conversation: dict[int, list[dict]] = {}
    for message in db.session.scalars(db.select(CareMessage).where(
            CareMessage.conversation_id.in_([c.id for c in found])).order_by(CareMessage.id)):
        by_conversation.setdefault(message.conversation_id, []).append(
            {"from": "the moderation team" if message.from_team else "me", "body": message.body,
             "created_at": isoformat(message.created_at)})
    return [{"id": c.id, "about": c.about, "started_by": c.started_by, "post_id": c.post_id,
             "created_at": isoformat(c.created_at), "messages": by_conversation.get(c.id, [])} for c in found]


def forget(member) -> None:
    """Before an account goes: its conversations are deleted with it (the
    database cascades), and the words the detector quoted from them leave the
    queue items they opened. The caller commits."""
    ids = db.select(Conversation.id).where(Conversation.member_id == member.id).scalar_subquery()
    db.session.execute(db.update(QueueItem).where(QueueItem.conversation_id.in_(ids), QueueItem.kind == "concern")
                       .values(evidence=[]))
