"""gunicorn reads this file from the folder it starts in (`gunicorn wsgi:app`).

Each worker starts the crisis-item check as soon as it serves: on-call alerts
matter most when nobody is connected, so they can't wait for a first visitor.
It also starts listening to the message queue, which carries cache forgets
from the other processes.
"""


def post_worker_init(worker):
    from forum.realtime import state

    app = worker.wsgi
    with app.app_context():
        state().start_listening()
        state().start_crisis_watch(app)
