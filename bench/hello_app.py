"""The bare Flask app the load benchmark compares every page with: same gunicorn settings,
no database, no templates, no session."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
