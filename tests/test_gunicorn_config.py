"""gunicorn.conf.py spreads load by request: connections close after each response and a worker
takes a connection only when it has a free thread (README, Production; BENCHMARKS.md)."""

from __future__ import annotations

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def _settings(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_KEEPALIVE", "GUNICORN_WORKER_CONNECTIONS",
                 "GUNICORN_REUSE_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_connections_close_after_each_response_and_queue_for_a_free_thread(monkeypatch):
    conf = _settings(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert conf["keepalive"] == 0
    assert conf["worker_connections"] == conf["threads"] == 2
    assert conf["reuse_port"] is False


def test_more_threads_let_a_worker_take_as_many_connections(monkeypatch):
    conf = _settings(monkeypatch, GUNICORN_THREADS="4")
    assert conf["worker_connections"] == 4


def test_the_environment_can_bring_keep_alive_back(monkeypatch):
    conf = _settings(monkeypatch, GUNICORN_KEEPALIVE="2", GUNICORN_WORKER_CONNECTIONS="1000", GUNICORN_REUSE_PORT="1")
    assert (conf["keepalive"], conf["worker_connections"], conf["reuse_port"]) == (2, 1000, True)
