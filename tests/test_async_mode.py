"""HEARTH_ASYNC_MODE picks how Socket.IO waits; an unknown one refuses to start."""
import pytest

from tests.conftest import make_app


def test_an_unknown_async_mode_refuses_to_start(database_url):
    with pytest.raises(RuntimeError, match="HEARTH_ASYNC_MODE"):
        make_app(database_url, HEARTH_ASYNC_MODE="eventlet")


def test_socketio_runs_in_the_configured_mode(database_url):
    pytest.importorskip("gevent")
    from forum.extensions import socketio

    make_app(database_url, HEARTH_ASYNC_MODE="gevent")
    try:
        assert socketio.server.eio.async_mode == "gevent"
    finally:
        make_app(database_url)  # the extension is shared: leave it as every other test expects
    assert socketio.server.eio.async_mode == "threading"
