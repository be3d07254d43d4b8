"""The ceiling: a minimal Flask app, served exactly as Hearth is."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
