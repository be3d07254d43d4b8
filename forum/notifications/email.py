"""Optional email notifications over SMTP, off unless the operator configures it.

Emails name the kind of event and link to it, but carry no post text: what
people write here is health information and should not sit in mailboxes.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from forum.accounts import preferences
from forum.extensions import db
from forum.notifications.models import Notification
from forum.notifications.wording import headline


def send_for(notification_ids: list[int]) -> None:
    config = current_app.config
    for notification_id in notification_ids:
        notification = db.session.get(Notification, notification_id)
        user = notification.user if notification else None
        if user is None or not user.email or not preferences.of(user)["email_notifications"]:
            continue
        # Built from the URL map, not url_for: held ones are sent outside any request.
        link = config["HEARTH_BASE_URL"].rstrip("/") + current_app.url_map.bind("localhost").build(
            "notifications.list_page")
        if not deliver(user.email, f"{config['HEARTH_COMMUNITY_NAME']}: {headline(notification)}",
                       f"{headline(notification)}.\n\nRead it here: {link}\n\n"
                       "You can turn these emails off in your preferences."):
            current_app.logger.warning("email notification %s could not be sent", notification_id)


def is_configured() -> bool:
    return bool(current_app.config.get("HEARTH_SMTP_HOST"))


def deliver(to: str, subject: str, text: str) -> bool:
    """Send one plain-text email through the configured SMTP server; False
    when it could not be handed over (the caller decides what that means)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["HEARTH_SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    try:
        with smtplib.SMTP(config["HEARTH_SMTP_HOST"], config["HEARTH_SMTP_PORT"], timeout=10) as smtp:
            if config.get("HEARTH_SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("HEARTH_SMTP_USER"):
                smtp.login(config["HEARTH_SMTP_USER"], config["HEARTH_SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        return False
    return True
