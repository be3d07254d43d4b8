"""On-call alerts from a real server: gunicorn starts the crisis check with the
worker, so an urgent item is alerted with nobody connected at all."""
import time

import pytest

from tests.live import prepared_server
from tests.outside import inbox  # noqa: F401  (fixture)
from tests.realtime.clients import PASSWORD, Community

# The server checks every 15 seconds; allow for a slow start on a busy machine.
ALERT_WITHIN_SECONDS = 45


@pytest.fixture
def on_call_server(database_factory, tmp_path, inbox):
    server = prepared_server(database_factory.new_url(), tmp_path, HEARTH_ONCALL_AFTER_SECONDS="0",
                             HEARTH_SMTP_HOST="127.0.0.1", HEARTH_SMTP_PORT=str(inbox.port),
                             HEARTH_SMTP_FROM="hearth@clinic.test")
    server.flask("users", "create", "night_mod", "--role", "moderator", "--email", "night@clinic.example.org",
                 "--password-stdin", stdin=PASSWORD + "\n")
    server.start()
    yield server
    server.stop()


def test_an_urgent_post_is_emailed_to_the_on_call_moderator_with_nobody_online(on_call_server, inbox):
    community = Community(on_call_server.url)
    _, writer = community.member("writer")
    community.thread(writer, title="Tonight", body="I'm going to end it tonight. I have the pills ready.")

    deadline = time.monotonic() + ALERT_WITHIN_SECONDS
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.5)

    assert len(inbox.messages) == 1, "no on-call alert arrived"
    recipients, subject, text = inbox.messages[0]
    assert recipients == ["night@clinic.example.org"] and subject == "Hearth: an urgent item is waiting"
    assert "pills" not in text and "writer" not in text
