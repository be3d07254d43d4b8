"""Logs never carry passwords, tokens or what members write."""
import json
import logging

from forum.logging_setup import JsonFormatter


def test_secrets_are_masked_and_records_are_json(app):
    formatter = JsonFormatter()
    with app.test_request_context("/search?q=my+private+words"):
        record = logging.LogRecord("forum", logging.ERROR, __file__, 1,
                                   "failed for token hth_abcdefghijklmnop password=hunter2 hash $argon2id$v=19$m", (),
                                   None)
        line = json.loads(formatter.format(record))
    assert "hth_abcdefghijklmnop" not in line["message"] and "hunter2" not in line["message"]
    assert "$argon2id" not in line["message"]
    assert line["path"] == "/search" and "private" not in json.dumps(line)


def test_a_request_logs_no_body_or_password(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/sign-in", data={"username": member.username, "password": "my secret passphrase"})
    client.post("/api/v1/tokens", json={"username": member.username, "password": "another secret"})
    assert "my secret passphrase" not in caplog.text and "another secret" not in caplog.text


def test_a_post_broadcast_logs_one_fanout_line(app, api, member, other_member, caplog):
    """Benchmarks read it to tell the server's send time from delivery."""
    from forum.extensions import socketio

    writer, reader = api.as_(member), api.as_(other_member)
    thread = writer.post("/categories/coping/threads", json={"title": "Here", "body": "Opening."}).get_json()["thread"]
    live = socketio.test_client(app, auth={"token": reader.token})
    assert live.emit("join_thread", {"thread_id": thread["id"]}, callback=True)["ok"]
    caplog.set_level(logging.INFO, logger="forum.realtime.broadcast")
    post = writer.post(f"/threads/{thread['id']}/posts", json={"body": "A reply."}).get_json()["post"]
    live.disconnect()

    [record] = [record for record in caplog.records if record.getMessage() == "fanout"]
    line = json.loads(JsonFormatter().format(record))
    assert {key: line[key] for key in ("message", "event", "thread_id", "post_id", "recipients")} == {
        "message": "fanout", "event": "post_created", "thread_id": thread["id"], "post_id": post["id"],
        "recipients": 1}
    assert {"build_ms", "send_ms", "ms"} <= line.keys()
