"""Structured logs: one JSON object a line, and never a secret or a post.

Records carry the event and identifiers (ids, usernames of staff actions are in
the moderation log, not here); request bodies, passwords, tokens and query
strings are never logged.
"""
from __future__ import annotations

import json
import logging
import re

from flask import Flask, has_request_context, request

# Anything that looks like a secret is masked even if a message includes it by mistake.
_SECRETS = re.compile(r"(hth_[A-Za-z0-9_\-]{8,}|\$argon2[^\s\"']+|(?i:password|token|secret)=\S+)")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": _SECRETS.sub("[masked]", record.getMessage()),
        }
        # Structured fields (log.info("fanout", extra={"fields": {...}})), never
        # overriding the ones above.
        for key, value in (getattr(record, "fields", None) or {}).items():
            entry.setdefault(key, value)
        if has_request_context():
            entry["method"], entry["path"] = request.method, request.path  # the path only, no query string
        if record.exc_info:
            entry["error"] = _SECRETS.sub("[masked]", self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    if app.testing or app.config.get("HEARTH_LOG_FORMAT") == "text":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    app.logger.handlers = [handler]
    app.logger.setLevel(logging.INFO)
    for name in ("forum", "socketio", "engineio"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.WARNING if name != "forum" else logging.INFO)
        logger.propagate = False
