"""Accounts: registration, signing in, profiles, passwords and API tokens."""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from sqlalchemy.exc import IntegrityError

from forum import clock, events
from forum.accounts import passwords
from forum.accounts.models import ROLES, ApiToken, SignInSession, User
from forum.errors import Conflict, InvalidInput, NotAllowed, NotFound, NotSignedIn, invalid
from forum.extensions import db
from forum.moderation import sanctions

USERNAME_MIN, USERNAME_MAX = 3, 32
# \w is Unicode-aware: letters and digits of any script, and the underscore.
USERNAME_PATTERN = re.compile(rf"\w{{{USERNAME_MIN},{USERNAME_MAX}}}")
USERNAME_RULE = f"{USERNAME_MIN} to {USERNAME_MAX} letters, digits or underscores"
RESERVED_USERNAMES = frozenset({
    "admin", "administrator", "moderator", "moderators", "mod", "mods", "staff", "hearth", "system",
    "root", "support", "help", "crisis", "former_member", "anonymous", "null", "none", "api",
    "everyone", "here", "owner", "official", "clinic",
})
DISPLAY_NAME_MAX = 64
BIO_MAX = 1000
EMAIL_MAX = 254
TOKEN_LABEL_MAX = 64
TOKEN_PREFIX = "hth_"
# A random key per signed-in session, so one session's sockets can be closed alone.
SESSION_KEY = "hearth_session"


def normalise_username(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def username_key(name: str) -> str:
    """The form uniqueness is judged on: NFKC, then case-folded."""
    return normalise_username(name).casefold()


def plausible_username(name: str) -> bool:
    """Whether a name could be someone's username (reserved names included)."""
    return bool(USERNAME_PATTERN.fullmatch(normalise_username(name)))


def username_problem(name: str) -> str | None:
    cleaned = normalise_username(name)
    if not plausible_username(cleaned):
        return f"Use {USERNAME_RULE}."
    if username_key(cleaned) in RESERVED_USERNAMES:
        return "That name is reserved; please choose another."
    return None


def _clean_email(email: str | None) -> tuple[str | None, str | None]:
    email = (email or "").strip()
    if not email:
        return None, None
    from email_validator import EmailNotValidError, validate_email

    if len(email) > EMAIL_MAX:
        return None, "That email address is too long."
    try:
        return validate_email(email, check_deliverability=False).normalized, None
    except EmailNotValidError:
        return None, "That doesn't look like an email address."


def find_by_username(name: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.username_key == username_key(name)))


def _account_problems(username: str, password: str, email: str | None, role: str) -> tuple[dict, str | None]:
    """Every problem with new account details, and the cleaned email."""
    fields: dict[str, str] = {}
    if problem := username_problem(username):
        fields["username"] = problem
    if problem := passwords.problem_with(password, normalise_username(username)):
        fields["password"] = problem
    cleaned_email, email_problem = _clean_email(email)
    if email_problem:
        fields["email"] = email_problem
    if role not in ROLES:
        fields["role"] = "Choose member, moderator or staff."
    return fields, cleaned_email


def _new_user(username: str, password: str, email: str | None, role: str, status: str,
              other_problems: dict | None = None) -> User:
    fields, cleaned_email = _account_problems(username, password, email, role)
    fields.update(other_problems or {})
    if fields:
        raise invalid(fields)
    name = normalise_username(username)
    if find_by_username(name) is not None:
        raise Conflict("That username is taken.", code="username_taken", fields={"username": "That username is taken."})
    user = User(
        username=name,
        username_key=username_key(name),
        display_name=name,
        email=cleaned_email,
        password_hash=passwords.hash_password(password),
        role=role,
        status=status,
        approved_at=clock.now() if status == "active" else None,
    )
    db.session.add(user)
    return user


def _commit_new_user() -> None:
    try:
        events.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("That username is taken.", code="username_taken", fields={"username": "That username is taken."})


def create_account(username: str, password: str, role: str = "member", email: str | None = None) -> User:
    """An active account made by the operator (CLI), skipping approval."""
    user = _new_user(username, password, email, role, "active")
    _commit_new_user()
    return user


def register(username: str, password: str, email: str | None = None, answers: list[str] | None = None) -> User:
    """An applicant's registration: pending approval unless the community is open."""
    from forum.membership import services as membership

    status = "active" if membership.is_open() else "pending"
    answer_problems: dict = {}
    try:
        recorded_answers = membership.check_answers(answers if answers is not None else [])
    except InvalidInput as error:
        answer_problems = error.fields
    user = _new_user(username, password, email, "member", status, answer_problems)
    db.session.flush()
    membership.file_application(user, recorded_answers)
    events.publish("member_applied", user_id=user.id, status=status)
    _commit_new_user()
    return user


def authenticate(username: str, password: str) -> User:
    """The account for these credentials; the same error whether or not it exists."""
    user = find_by_username(username) if isinstance(username, str) else None
    if user is None:
        passwords.verify(passwords.DUMMY_HASH, password)
        raise NotSignedIn("Wrong username or password.", code="invalid_credentials")
    if not passwords.verify(user.password_hash, password):
        raise NotSignedIn("Wrong username or password.", code="invalid_credentials")
    sanctions.end_expired(user)
    if not user.is_active:
        raise NotAllowed(_restriction_message(user), code="account_" + user.status)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        events.commit()
    return user


def update_profile(user: User, display_name: str, bio: str) -> None:
    display_name = " ".join((display_name or "").split())
    bio = (bio or "").strip()
    fields = {}
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        fields["display_name"] = f"Use 1 to {DISPLAY_NAME_MAX} characters."
    if len(bio) > BIO_MAX:
        fields["bio"] = f"Keep your bio under {BIO_MAX} characters."
    if fields:
        raise invalid(fields)
    user.display_name = display_name
    user.bio = bio
    events.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password and end every other session of this account."""
    if not passwords.verify(user.password_hash, current):
        raise invalid({"current_password": "That is not your current password."})
    set_password(user, new)
    events.commit()


def set_password(user: User, new) -> None:
    """A new password under the one set of rules; every signed-in session of
    the account ends (the caller commits, and may sign this browser in again)."""
    new = new if isinstance(new, str) else ""
    if problem := passwords.problem_with(new, user.username):
        raise invalid({"new_password": problem})
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1
    db.session.execute(db.update(SignInSession).where(SignInSession.user_id == user.id,
                                                      SignInSession.ended_at.is_(None)).values(ended_at=clock.now()))
    events.publish("sessions_ended", user_id=user.id)


def start_session(user: User) -> str:
    """Record a new signed-in session and bind it to the user object."""
    key = secrets.token_urlsafe(24)
    db.session.add(SignInSession(key=key, user_id=user.id))
    events.commit()
    user.session_key = key
    return key


def sign_out(user: User, session_key: str | None) -> None:
    """End one signed-in session on the server (its "remember me" cookie stops
    working too); its live connections close."""
    if session_key:
        db.session.execute(db.update(SignInSession).where(
            SignInSession.key == session_key, SignInSession.user_id == user.id).values(ended_at=clock.now()))
    events.publish("credential_revoked", user_id=user.id, credential=f"session:{session_key or ''}")
    events.commit()


def end_session(session_id: str | None) -> None:
    """End the session a browser names, whoever it belongs to. A suspended or
    banned member's session doesn't load, yet signing out must still end it, or
    it would work again once the sanction ends."""
    user_id, _, key = _session_parts(session_id or "")
    if user_id is not None and key:
        db.session.execute(db.update(SignInSession).where(
            SignInSession.key == key, SignInSession.user_id == user_id).values(ended_at=clock.now()))
        events.commit()


def _session_parts(session_id: str) -> tuple[int | None, int | None, str]:
    """User id, session version and session key from Flask-Login's id."""
    user_id, version, key = (session_id.split(":") + ["", ""])[:3]
    if not user_id.isdigit() or not version.isdigit():
        return None, None, ""
    return int(user_id), int(version), key


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries a version so ended sessions stay ended."""
    user_id, version, key = _session_parts(session_id)
    if user_id is None:
        return None
    # One statement: the member, only while this sign-in session is live.
    query = db.select(User).where(User.id == user_id)
    if key:
        query = query.where(db.select(SignInSession.id).where(
            SignInSession.key == key, SignInSession.user_id == User.id, SignInSession.ended_at.is_(None)).exists())
    user = db.session.scalar(query)
    if user is None or user.session_version != version:
        return None
    if key:
        user.session_key = key
    sanctions.end_expired(user)
    return user if user.is_active else None


def _restriction_message(user: User) -> str:
    restriction = sanctions.current_restriction(user)
    message = f"This account is {user.status}"
    if restriction is not None and restriction.until is not None:
        message += " until " + restriction.until.strftime("%-d %b %Y, %H:%M UTC")
    message += "."
    if restriction is not None:
        message += f" The moderators said: {restriction.reason}"
    return message


# --- personal API tokens --------------------------------------------------------

def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User, label: str = "") -> tuple[str, ApiToken]:
    """A new token; the raw value is returned once and only its digest kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, digest=_digest(raw), label=(label or "")[:TOKEN_LABEL_MAX])
    db.session.add(token)
    events.commit()
    return raw, token


def user_for_token(raw: str) -> tuple[User, ApiToken] | None:
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 128:
        return None
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.digest == _digest(raw)))
    if token is None:
        return None
    sanctions.end_expired(token.user)
    return token.user, token


def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    db.session.delete(token)
    events.publish("credential_revoked", user_id=user.id, credential=f"token:{token_id}")
    events.commit()
