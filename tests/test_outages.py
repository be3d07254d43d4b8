"""When the database goes away: a clear 503, and recovery by itself."""
import os
import socket
import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from forum.extensions import db
from tests.conftest import PASSWORD, make_app


class TcpProxy:
    """A loopback TCP proxy the test can cut and restore, like a network outage."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = None
        self.port = None
        self.sockets: list[socket.socket] = []

    def start(self) -> "TcpProxy":
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.close()
                except OSError:
                    pass

    def stop(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets = []


def test_a_missing_database_answers_503_in_json_and_html(tmp_path):
    unreachable = make_app(f"sqlite:///{tmp_path}/no-such-folder/hearth.sqlite3")
    client = unreachable.test_client()
    api = client.get("/api/v1/categories", headers={"Authorization": "Bearer hth_any"})
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "unavailable"
    assert int(api.headers["Retry-After"]) > 0
    page = client.get("/rules")
    assert page.status_code == 503 and "Back soon" in page.get_data(as_text=True)
    assert "988" in page.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503


def test_postgres_outage_and_recovery(database_factory):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL; CI sets it)")
    direct = make_url(database_factory.new_url())
    proxy = TcpProxy((direct.host or "127.0.0.1", direct.port or 5432)).start()
    through_proxy = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = make_app(through_proxy)
    with app.app_context():
        upgrade()
        from forum.accounts import services as accounts

        accounts.create_account("steady_member", PASSWORD)
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"username": "steady_member", "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    try:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        proxy.stop()
        down = client.get("/api/v1/me", headers=headers)
        assert down.status_code == 503 and down.is_json
        assert client.get("/healthz").status_code == 503
        assert client.get("/").status_code == 503
        proxy.start()
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert client.get("/healthz").status_code == 200
    finally:
        proxy.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
