"""Stand-ins for the world outside Hearth that alerts reach: a mail server and
a Web Push service, both local, recording what they are sent. Test modules
import the fixtures `inbox` and `push_service` by name."""
from __future__ import annotations

import threading
from email import message_from_bytes
from email import policy as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.harness import free_port


class Inbox:
    """A local SMTP server (aiosmtpd); `messages` are (recipients, subject, text)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[list[str], str, str]] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=email_policy.default)
        self.messages.append((envelope.rcpt_tos, parsed["Subject"], parsed.get_content()))
        return "250 OK"

    def stop(self) -> None:
        self._controller.stop()


class PushService:
    """A local push service: records each request; an endpoint whose path has
    /gone/ answers 410, as one does for an expired subscription."""

    def __init__(self):
        self.received: list[dict] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(410 if "/gone/" in self.path else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def endpoint(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def inbox():
    mail = Inbox()
    yield mail
    mail.stop()


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.stop()
