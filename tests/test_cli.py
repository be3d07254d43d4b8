"""Operator commands."""
from forum.accounts.models import User
from forum.community.models import Post, Thread
from forum.extensions import db


def test_users_create_with_password_on_stdin(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "First_Staff", "--role", "staff",
                                                "--password-stdin"], input="a long staff passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created staff account 'First_Staff'." in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "First_Staff"))
        assert (user.role, user.status) == ("staff", "active")


def test_users_create_explains_bad_input(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "x", "--password-stdin"], input="short\n")
    assert result.exit_code != 0
    assert "username: Use 3 to 32" in result.output and "password: Use at least 10" in result.output


def test_setup_is_idempotent_and_tells_how_to_make_staff(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "users create YOUR_NAME --role staff" in first.output
    assert runner.invoke(args=["setup"]).exit_code == 0


def test_seed_demo_fills_a_community_once(app, caplog):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        threads = db.session.scalar(db.select(db.func.count()).select_from(Thread))
        posts = db.session.scalar(db.select(db.func.count()).select_from(Post))
        assert threads >= 5 and posts > threads
    assert "already there" in runner.invoke(args=["seed-demo"]).output
    # Events from a command (no request) still reach their listeners cleanly.
    assert "event handler failed" not in caplog.text


def test_sqlite_backup_restores_to_a_working_community(app, api, member, tmp_path):
    from tests.databases import on_postgres

    if on_postgres():
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.sqlite3")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    sam = api.as_(member)
    thread = sam.post("/categories/coping/threads", json={"title": "Worth keeping", "body": "Please keep me."})
    destination = tmp_path / "backup.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    from tests.conftest import make_app

    restored = make_app(f"sqlite:///{destination}")
    client = restored.test_client()
    token = client.post("/api/v1/tokens", json={"username": member.username, "password": member.password})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    posts = client.get(f"/api/v1/threads/{thread.get_json()['thread']['id']}/posts", headers=headers).get_json()
    assert posts["items"][0]["body"] == "Please keep me."
    found = client.get("/api/v1/search?q=keeping", headers=headers).get_json()["items"]
    assert found and found[0]["thread"]["title"] == "Worth keeping"
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()


def test_seed_demo_finishes_what_an_interrupted_run_left(app, monkeypatch):
    from forum import demo

    written = []
    original = demo._write_thread

    def stop_after_two(*args):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(args[3])
        original(*args)

    monkeypatch.setattr(demo, "_write_thread", stop_after_two)
    runner = app.test_cli_runner()
    stopped = runner.invoke(args=["seed-demo", "--password", "demo password 123"])
    assert stopped.exit_code == 130
    assert "Stopped: 2 of" in stopped.output and "done and saved" in stopped.output
    monkeypatch.setattr(demo, "_write_thread", original)
    finished = runner.invoke(args=["seed-demo"])
    assert finished.exit_code == 0 and f"({len(demo.THREADS) - 2} thread(s) added)" in finished.output
    with app.app_context():
        titles = set(db.session.scalars(db.select(Thread.title)))
    assert {thread[2] for thread in demo.THREADS} <= titles


def test_search_reindex_rebuilds_the_index_in_batches(app, api, member, monkeypatch):
    from forum import cli

    monkeypatch.setattr(cli, "BATCH", 2)
    sam = api.as_(member)
    for n in range(5):
        sam.post("/categories/coping/threads", json={"title": f"Note {n}", "body": f"Heron number {n} today."})
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:  # lose the index, as a damaged or older one would be
            db.session.execute(db.text("DELETE FROM posts_fts"))
            db.session.commit()
    if sqlite:
        assert sam.get("/search", query_string={"q": "heron"}).get_json()["items"] == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Search index rebuilt." in result.output
    assert "5/5" in result.output  # the progress bar's count
    assert len(sam.get("/search", query_string={"q": "heron"}).get_json()["items"]) == 5


def test_posts_rerender_stores_fresh_html(app, api, member):
    sam = api.as_(member)
    post_id = sam.post("/categories/coping/threads", json={"title": "Bold", "body": "**strong**"}
                       ).get_json()["post"]["id"]
    with app.app_context():
        db.session.get(Post, post_id).html = "<p>stale</p>"
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["posts", "rerender"])
    assert result.exit_code == 0 and "1 post(s) had new HTML stored." in result.output
    with app.app_context():
        assert db.session.get(Post, post_id).html == "<p><strong>strong</strong></p>\n"
