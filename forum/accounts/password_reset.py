"""Password reset: a one-time link, emailed to the account's address or
handed over by staff, to choose a new password.

The link carries a signed token (itsdangerous, with the app's SECRET_KEY and
the time it was made) naming the account and a fingerprint of its password
hash as it was then. Nothing about it is stored, so there is nothing to leak
from the database or to clean up: it stops working after LINK_MINUTES (the
signature's age, on Hearth's clock) and as soon as the password changes,
which using it does, so it works once, and any other link made before it
stops working too.
"""
from __future__ import annotations

import hashlib
import threading
from datetime import UTC

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from forum import clock, events, policy
from forum.accounts.models import ApiToken, User
from forum.audit import log
from forum.errors import DomainError, NotFound
from forum.extensions import db

LINK_MINUTES = 30
_SALT = "hearth.password-reset"


class LinkNotValid(DomainError):
    """An expired, used or garbled link: a page that says so, never a 500."""

    status = 410
    code = "reset_link_not_valid"


class _ClockSigner(TimestampSigner):
    """Stamps and ages signatures by Hearth's clock, so tests move time."""

    def get_timestamp(self) -> int:
        return int(clock.now().replace(tzinfo=UTC).timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT, signer=_ClockSigner)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:32]


def link_for(user: User) -> str:
    """The full address of a new reset link for this account."""
    token = _serializer().dumps([user.id, _fingerprint(user)])
    return current_app.config["HEARTH_BASE_URL"].rstrip("/") + url_for("accounts.reset_password", token=token)


# Accounts no link may open: a rejected application, and a closed account
# (often a member who died: no mail goes to their address).
NO_RESET = frozenset({"rejected", "closed"})


def account_for(token: str) -> User:
    """The account a link is for, while it is valid."""
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=LINK_MINUTES * 60)
    except SignatureExpired:
        raise LinkNotValid(f"This link has expired: reset links work for {LINK_MINUTES} minutes.",
                           code="reset_link_expired") from None
    except (BadSignature, ValueError, TypeError):
        raise LinkNotValid("This link isn't a working reset link. Check it was copied whole.") from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not isinstance(fingerprint, str) or fingerprint != _fingerprint(user):
        raise LinkNotValid("This link was already used, or the password changed since it was made.",
                           code="reset_link_used")
    if user.status in NO_RESET:
        raise LinkNotValid("This account is closed.", code="account_closed")
    return user


def request_by_email(named: str) -> None:
    """Someone asks for a link by username or email address. Each account it
    names that has an email gets one there (when email is set up); the asker
    learns nothing either way, and the mail leaves after the answer, so the
    time taken doesn't tell either."""
    from forum.accounts import services
    from forum.notifications import email

    named = (named or "").strip() if isinstance(named, str) else ""
    if not named or not email.is_configured():
        return
    if "@" in named:
        found = list(db.session.scalars(db.select(User).where(db.func.lower(User.email) == named.lower())))
    else:
        user = services.find_by_username(named)
        found = [user] if user is not None and user.email else []
    name = current_app.config["HEARTH_COMMUNITY_NAME"]
    letters = [(user.email, f"{name}: reset your password",
                f"Someone asked to reset the password of {user.username} on {name}.\n\n"
                f"To choose a new password, open this link within {LINK_MINUTES} minutes. It works once:\n"
                f"{link_for(user)}\n\n"
                "If it wasn't you, you can ignore this email: your password stays as it is.")
               for user in found if user.status not in NO_RESET]
    if letters:
        app = current_app._get_current_object()
        sender = threading.Thread(target=_send, args=(app, letters), daemon=True)
        _sending.append(sender)
        sender.start()


# Senders still on their way, so whoever stops the app can let them finish.
_sending: list[threading.Thread] = []


def wait_for_mail(timeout: float = 15.0) -> None:
    """Until the reset emails sent in the background have left."""
    while _sending:
        _sending.pop().join(timeout)


def _send(app, letters: list[tuple[str, str, str]]) -> None:
    from forum.notifications import email

    with app.app_context():
        for to, subject, text in letters:
            if not email.deliver(to, subject, text):
                app.logger.warning("a password reset email could not be sent")


def issue_by_staff(actor: User, user_id: int) -> str:
    """Staff make a link to pass on to a member who can't receive email; logged."""
    target = db.session.get(User, user_id)
    if target is None:
        raise NotFound("No such member.")
    policy.require(policy.issue_password_reset(actor, target))
    link = link_for(target)
    log.record(actor, "password_reset_link_issued", "user", target.id, "")
    events.commit()
    return link


def reset(token: str, new_password) -> User:
    """Set the new password with a valid link, then end every session and API
    token of the account: whoever else was signed in is signed out."""
    from forum.accounts import services

    user = account_for(token)
    services.set_password(user, new_password)
    db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == user.id))
    events.commit()
    return user
