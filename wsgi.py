"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""
from forum import create_app

app = create_app()
