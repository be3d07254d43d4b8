"""Real clients for a live server: the JSON API over HTTP and Socket.IO."""
from __future__ import annotations

import itertools
import threading
import time

import requests
import socketio

from tests.live import STAFF_NAME, STAFF_PASSWORD

PASSWORD = "live test passphrase"
_names = itertools.count(1)


class HttpApi:
    def __init__(self, base_url: str, token: str | None = None):
        self.base_url = base_url
        self.token = token
        self.http = requests.Session()

    def call(self, method: str, path: str, json=None) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.http.request(method, self.base_url + "/api/v1" + path, json=json, headers=headers, timeout=10)

    def ok(self, method: str, path: str, json=None) -> dict:
        response = self.call(method, path, json)
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json() if response.content else {}


class Community:
    """Members and threads on a live server, made through its API."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.staff = self.sign_in(STAFF_NAME, STAFF_PASSWORD)

    def sign_in(self, username: str, password: str) -> HttpApi:
        token = HttpApi(self.base_url).ok("POST", "/tokens", {"username": username, "password": password})["token"]
        return HttpApi(self.base_url, token)

    def member(self, prefix: str = "member", approve: bool = True) -> tuple[str, HttpApi]:
        username = f"{prefix}_{next(_names)}_{int(time.time() * 1000) % 100000}"
        anonymous = HttpApi(self.base_url)
        user = anonymous.ok("POST", "/users", {"username": username, "password": PASSWORD,
                                               "answers": ["Here for support.", "A patient."]})["user"]
        if approve:
            self.staff.ok("POST", f"/users/{user['id']}/approve", {})
        return username, self.sign_in(username, PASSWORD)

    @staticmethod
    def thread(api: HttpApi, title: str = "A live thread", body: str = "Opening words.",
               category: str = "coping") -> dict:
        return api.ok("POST", f"/categories/{category}/threads", {"title": title, "body": body})


class LiveSocket:
    """A python-socketio client that records every event it receives."""

    def __init__(self, base_url: str, auth: dict | None = None, headers: dict | None = None):
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1)
        self.events: list[tuple[str, dict]] = []
        self.changed = threading.Condition()
        self.client.on("*", self._record)
        self.client.connect(base_url, auth=auth or {}, headers=headers or {}, transports=["websocket"],
                            wait_timeout=10)

    def _record(self, event, data=None):
        with self.changed:
            self.events.append((event, data))
            self.changed.notify_all()

    def call(self, event: str, data: dict) -> dict:
        return self.client.call(event, data, timeout=10)

    def received(self, event: str, predicate=lambda data: True) -> list[dict]:
        with self.changed:
            return [data for name, data in self.events if name == event and predicate(data)]

    def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = [data for name, data in self.events if name == event and predicate(data)]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no {event} within {timeout}s; got {[name for name, _ in self.events]}"
                self.changed.wait(remaining)

    def close(self) -> None:
        self.client.disconnect()
