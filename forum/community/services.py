"""Posting: threads, replies, edits, withdrawal, removal and reactions.

Each function checks the policy, validates, writes, records what moderators
need, publishes domain events and commits once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import update

from forum import clock, events, policy, revisions
from forum.accounts.models import User
from forum.audit import log, reasons
from forum.community import anonymity, drafts, filters
from forum.community import status as post_status
from forum.community.models import REACTION_KINDS, Category, Post, PostRevision, Reaction, Thread
from forum.content import markdown
from forum.errors import InvalidInput, NotFound, TooSoon, invalid
from forum.extensions import db
from forum.memorials import service as memorials
from forum.moderation import out_of_hours, queue
from forum.safety import crisis_panel
from forum.safety import screening as screening_rules

TITLE_MIN, TITLE_MAX = 3, 160
BODY_MAX = 20_000
CONTENT_WARNING_MAX = 120
HELD_NOTE = "Waiting for a moderator to review it before it appears."


@dataclass
class Written:
    """What a write produced, and what the writer should be told."""

    post: Post
    thread: Thread
    notices: list[dict] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.post.status == "pending"

    @property
    def spoke_of_crisis(self) -> bool:
        return any(notice["kind"] == "crisis_resources" for notice in self.notices)


def typed_text(value, name: str) -> str:
    """Text from a form or an API body as typed, with newlines made plain;
    anything that isn't text is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid({name: "Must be text."})
    if "\x00" in value:
        raise invalid({name: "Contains a character that isn't allowed."})
    return value.replace("\r\n", "\n")


def _clean_text(value, name: str) -> str:
    return typed_text(value, name).strip()


def _check_body(body, content_warning) -> tuple[str, str]:
    body = _clean_text(body, "body")
    content_warning = " ".join(_clean_text(content_warning, "content_warning").split())
    fields = {}
    if not body:
        fields["body"] = "Write something before posting."
    elif len(body) > BODY_MAX:
        fields["body"] = f"Posts can be at most {BODY_MAX:,} characters."
    if len(content_warning) > CONTENT_WARNING_MAX:
        fields["content_warning"] = f"Keep the content warning under {CONTENT_WARNING_MAX} characters."
    if fields:
        raise invalid(fields)
    return body, content_warning


def _check_title(title) -> str:
    title = " ".join(_clean_text(title, "title").split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise invalid({"title": f"Titles are {TITLE_MIN} to {TITLE_MAX} characters."})
    return title


def _take_position(thread: Thread, now) -> int:
    """Reserve the thread's next post slot atomically (row-locked on PostgreSQL)."""
    statement = (
        update(Thread)
        .where(Thread.id == thread.id)
        .values(post_count=Thread.post_count + 1, last_post_at=now, revision=Thread.revision + 1)
        .returning(Thread.post_count)
        .execution_options(synchronize_session=False)
    )
    position = db.session.execute(statement).scalar_one()
    thread.post_count, thread.last_post_at = position, now
    return position


def _new_post(author: User, thread: Thread, body: str, content_warning: str, screening,
              anonymous: bool = False) -> Post:
    now = clock.now()
    post = Post(
        thread=thread,
        author=author,
        anonymous=anonymous,
        position=_take_position(thread, now),
        body=body,
        html=markdown.render(body),
        content_warning=content_warning,
        status="pending" if screening.hold else "visible",
        moderation_note=_held_note(screening) if screening.hold else "",
        created_at=now,
    )
    db.session.add(post)
    thread.category.last_post_at = now
    return post


def _held_note(screening) -> str:
    """What the writer reads on a held post: why, when it is their review hold or a memorial."""
    if screening.memorial:
        return memorials.HELD_NOTE
    return out_of_hours.HELD_NOTE if screening.under_review else HELD_NOTE


def _respect_slow_mode(author: User, thread: Thread) -> None:
    if not thread.slow_mode_seconds or policy.is_moderator(author):
        return
    last = db.session.scalar(db.select(db.func.max(Post.created_at))
                             .where(Post.thread_id == thread.id, Post.author_id == author.id))
    if last is None:
        return
    wait = thread.slow_mode_seconds - (clock.now() - last).total_seconds()
    if wait > 0:
        raise TooSoon(f"This thread is in slow mode: you can post again in {int(wait) + 1} seconds.", int(wait) + 1,
                      code="slow_mode")


def _screen(author: User, text: str, thread: Thread | None = None,
            anonymous: bool = False) -> screening_rules.Screening:
    published = db.session.scalar(
        db.select(db.func.count()).select_from(Post).where(Post.author_id == author.id, Post.status == "visible"))
    return screening_rules.screen(author, text, published, under_review=out_of_hours.under_review(author),
                                  memorial=thread is not None and memorials.holds_replies(author, thread),
                                  anonymous=anonymous)


def _anonymous(author: User, category: Category, value) -> bool:
    """The writer asked to post anonymously, where that is allowed."""
    chosen = anonymity.wanted(value)
    if chosen:
        policy.require(policy.post_anonymously(author, category))
    return chosen


def _queue_for(post: Post, screening) -> list[dict]:
    """Open queue items for what screening found; returns notices for the writer."""
    verdict = screening.verdict
    if screening_rules.queues_crisis(verdict):
        item = queue.raise_item(post, "crisis", "crisis_language", verdict.summary(), tier=verdict.tier,
                                evidence=verdict.evidence_rows())
        # The log outlives posts: it names the rule and the tier, never the words.
        log.record_rule("crisis detector", "crisis_item_raised", "post", post.id, f"{verdict.tier} crisis language",
                        item_id=item.id, tier=verdict.tier, layers=verdict.layers)
    for match in screening.held_by:
        queue.raise_item(post, "held", "watched_word", f"Held by rule “{match.pattern}”")
    if screening.memorial:
        queue.raise_item(post, "held", "memorial", memorials.QUEUE_NOTE)
    if screening.under_review:
        queue.raise_item(post, "held", "review_hold", "The author's posts wait for review after out-of-hours "
                                                      "reports; lift the hold on their standing page")
    elif screening.anonymous and not screening.held_by and not screening.memorial:
        queue.raise_item(post, "held", "anonymous", "An anonymous post, held for review as staff chose")
    elif screening.hold and not screening.held_by and not screening.memorial:
        queue.raise_item(post, "held", "new_member", "A new member's post, held for review")
    for match in screening.flagged:
        queue.raise_item(post, "flagged", "watched_word", f"Flagged by rule “{match.pattern}”")
    return [screening_rules.crisis_notice(verdict.tier)] if verdict.crisis else []


def create_thread(author: User, category: Category, title, body, content_warning="",
                  offer_warning: bool = False, anonymous=False) -> Written:
    """`offer_warning`: a writer who hasn't been offered a content warning for
    a post that touches a filter topic is offered one first (filters.WarningOffered)."""
    policy.require(policy.start_thread(author, category))
    anonymous = _anonymous(author, category, anonymous)
    fields = {}
    try:
        title = _check_title(title)
    except InvalidInput as error:
        fields.update(error.fields)
    try:
        body, content_warning = _check_body(body, content_warning)
    except InvalidInput as error:
        fields.update(error.fields)
    if fields:
        raise invalid(fields)
    screening = _screen(author, f"{title}\n{body}", anonymous=anonymous)
    if offer_warning:
        filters.offer_warning(f"{title}\n{body}", content_warning, screening.verdict)
    now = clock.now()
    thread = Thread(category=category, author=author, title=title, content_warning=content_warning,
                    created_at=now, last_post_at=now, post_count=0, anonymous=anonymous)
    db.session.add(thread)
    db.session.flush()
    post = _new_post(author, thread, body, "", screening, anonymous)
    filters.remember(post, screening.verdict)
    thread.status = post.status
    category.thread_count = Category.thread_count + 1
    db.session.flush()
    notices = _queue_for(post, screening)
    crisis_panel.remember(author, post, screening.verdict)
    drafts.clear(author, category=category)
    events.publish("thread_created", thread_id=thread.id, post_id=post.id, category_id=category.id)
    events.publish("post_created", thread_id=thread.id, post_id=post.id)
    events.commit()
    return Written(post, thread, notices)


def reply(author: User, thread: Thread, body, content_warning="", offer_warning: bool = False,
          anonymous=False) -> Written:
    policy.require(policy.reply(author, thread))
    anonymous = _anonymous(author, thread.category, anonymous)
    body, content_warning = _check_body(body, content_warning)
    _respect_slow_mode(author, thread)
    screening = _screen(author, body, thread, anonymous)
    if offer_warning:
        filters.offer_warning(body, content_warning, screening.verdict)
    post = _new_post(author, thread, body, content_warning, screening, anonymous)
    filters.remember(post, screening.verdict)
    db.session.flush()
    notices = _queue_for(post, screening)
    crisis_panel.remember(author, post, screening.verdict)
    drafts.clear(author, thread=thread)
    events.publish("post_created", thread_id=thread.id, post_id=post.id)
    events.commit()
    return Written(post, thread, notices)


def edit_post(actor: User, post: Post, body, content_warning=None) -> Written:
    """Replace the text; the earlier version stays in the post's history."""
    policy.require(policy.edit_post(actor, post))
    if content_warning is None:
        content_warning = post.content_warning
    body, content_warning = _check_body(body, content_warning)
    if body == post.body and content_warning == post.content_warning:
        return Written(post, post.thread)
    screening = _screen(actor, body, post.thread, post.anonymous)
    db.session.add(PostRevision(post_id=post.id, body=post.body, content_warning=post.content_warning,
                                written_at=post.edited_at or post.created_at, editor_id=actor.id))
    post.body, post.content_warning = body, content_warning
    post.html = markdown.render(body)
    post.edited_at = clock.now()
    filters.remember(post, screening.verdict)
    if actor.id != post.author_id:
        log.record(actor, "post_edited", "post", post.id, "")
    held_now = screening.hold and post.status == "visible"
    if held_now:
        post_status.change(post, "pending", _held_note(screening))
    else:
        events.publish("post_updated", thread_id=post.thread_id, post_id=post.id)
    if post.status == "hidden" and actor.id == post.author_id:
        # The author answered the moderators' concern: back to review.
        queue.raise_item(post, "flagged", "edited_after_hiding", "The author edited the post after it was hidden")
    notices = _queue_for(post, screening)
    if actor.id == post.author_id:  # help is for the writer, not a moderator tidying their words
        crisis_panel.remember(actor, post, screening.verdict)
    events.commit()
    return Written(post, post.thread, notices)


def withdraw_post(actor: User, post: Post) -> None:
    """The author takes a post back; a placeholder keeps the conversation
    readable. For `policy.UNDO_WITHDRAW_SECONDS` the author may undo it."""
    policy.require(policy.withdraw_post(actor, post))
    post.withdrawn_at, post.withdrawn_from = clock.now(), post.status
    post_status.change(post, "withdrawn")
    events.commit()


def undo_withdraw(actor: User, post: Post) -> None:
    """Put the post back as it was (published, held or hidden: an undo never
    gets round moderation); open pages show it again through the usual events."""
    policy.require(policy.undo_withdraw(actor, post))
    before = post.withdrawn_from or "visible"
    post.withdrawn_at, post.withdrawn_from = None, None
    post_status.change(post, before)
    events.commit()


def remove_post(actor: User, post: Post, reason) -> None:
    policy.require(policy.remove_post(actor, post))
    reason = reasons.reason(reason)
    post_status.change(post, "removed")
    log.record(actor, "post_removed", "post", post.id, reason, thread_id=post.thread_id)
    events.commit()


def set_reaction(actor: User, post: Post, kind: str, present: bool) -> dict[str, int]:
    """Add or take back one reaction; idempotent. Returns the post's counts."""
    if kind not in REACTION_KINDS:
        raise NotFound(f"Unknown reaction; use one of {', '.join(REACTION_KINDS)}.", code="unknown_reaction")
    policy.require(policy.react(actor, post))
    existing = db.session.get(Reaction, (post.id, actor.id, kind))
    if present and existing is None:
        db.session.add(Reaction(post_id=post.id, user_id=actor.id, kind=kind))
    elif not present and existing is not None:
        db.session.delete(existing)
    else:
        return reaction_counts([post.id]).get(post.id, {})
    db.session.flush()
    counts = reaction_counts([post.id]).get(post.id, {})
    events.publish("reactions_changed", thread_id=post.thread_id, post_id=post.id, reactions=counts,
                   actor_id=actor.id, kind=kind, added=present)
    events.commit()
    return counts


def toggle_reaction(actor: User, post: Post, kind: str) -> dict[str, int]:
    present = db.session.get(Reaction, (post.id, actor.id, kind)) is not None
    return set_reaction(actor, post, kind, not present)


def reaction_counts(post_ids: list[int]) -> dict[int, dict[str, int]]:
    """{post_id: {kind: count}} for the given posts, in one query."""
    if not post_ids:
        return {}
    query = (
        db.select(Reaction.post_id, Reaction.kind, db.func.count())
        .where(Reaction.post_id.in_(post_ids))
        .group_by(Reaction.post_id, Reaction.kind)
    )
    counts: dict[int, dict[str, int]] = {}
    for post_id, kind, count in db.session.execute(query):
        counts.setdefault(post_id, {})[kind] = count
    return counts


def rerender_posts(first_id: int, last_id: int) -> int:
    """Store freshly rendered HTML for the posts in an id range, after the
    Markdown or sanitizer rules changed; returns how many changed. Run by
    `flask posts rerender`, one committed batch at a time."""
    rows = db.session.execute(db.select(Post.id, Post.body, Post.html).where(Post.id.between(first_id, last_id)))
    changed = [{"id": post_id, "html": fresh} for post_id, body, html in rows
               if (fresh := markdown.render(body)) != html]
    if changed:
        db.session.execute(db.update(Post), changed)
        revisions.touch_threads(db.session, db.session.scalars(
            db.select(Post.thread_id).where(Post.id.in_([row["id"] for row in changed]))))
    db.session.commit()
    return len(changed)
