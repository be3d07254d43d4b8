import pytest

from tests.realtime.clients import Community, LiveSocket


@pytest.fixture
def community(live_server):
    return Community(live_server.url)


@pytest.fixture
def connect(live_server):
    """Open Socket.IO clients to the live server; all closed after the test."""
    opened = []

    def open_socket(api=None, auth: dict | None = None, base_url: str | None = None, **kwargs) -> LiveSocket:
        if api is not None:
            auth = {"token": api.token}
        socket = LiveSocket(base_url or live_server.url, auth=auth, **kwargs)
        opened.append(socket)
        return socket

    yield open_socket
    for socket in opened:
        socket.close()
