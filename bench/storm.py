"""A save storm against a real multi-worker gunicorn: N clients, each owning one paragraph of
one section, saving it repeatedly from whatever version they last saw and retrying on 409.

Used by the concurrency test (which asserts no edit is lost) and by `make bench` (which
reports throughput). Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """gunicorn serving an app (wsgi:app by default) on the given database.

    By default it runs `workers` workers, as the storm needs (gunicorn still reads the rest of
    ./gunicorn.conf.py). With `config` (a gunicorn config file, e.g. the production
    `gunicorn.conf.py`) the file alone decides the worker model and counts, and `env` can
    override the variables it reads (WEB_CONCURRENCY, ...). Either way the bind address is a
    free port on 127.0.0.1.
    """

    def __init__(self, database_url: str, instance_dir: Path, workers: int = 4, *,
                 app: str = "wsgi:app", config: Path | None = None, env: dict | None = None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        environ = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "storm-secret-key",
            "WORKSPACE_ENV": "production",
            "INSTANCE_DIR": str(instance_dir),
            "SESSION_COOKIE_SECURE": "0",
            **(env or {}),
        }
        environ.pop("REDIS_URL", None)
        if config is None:
            settings = ["-w", str(workers), "--timeout", "60"]
        else:
            settings = ["-c", str(config)]
        # A file, not a pipe: a pipe nobody reads would stall gunicorn once it filled.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [sys.executable, "-m", "gunicorn", *settings, "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", app],
            cwd=PROJECT_ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=self._errors,
        )

    def error_output(self) -> str:
        self._errors.seek(0)
        return self._errors.read().decode(errors="replace")

    def worker_pids(self) -> list[int]:
        """The worker processes (the master's children), in pid order."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
            return sorted(int(pid) for pid in children.split())
        except OSError:
            return []

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.error_output())
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("gunicorn did not become healthy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._errors.close()

    def __enter__(self):
        self.wait_ready()
        return self

    def __exit__(self, *exc):
        self.stop()


def request(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={  # noqa: S310
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def paragraph(owner: int, n: int) -> str:
    return f"Paragraph {owner}: " + ("start." if n == 0 else f"edit {n} by client {owner}.")


def initial_body(clients: int) -> str:
    return "\n\n".join(paragraph(i, 0) for i in range(clients)) + "\n"


def with_my_edit(body: str, owner: int, n: int) -> str:
    lines = body.split("\n")
    prefix = f"Paragraph {owner}: "
    return "\n".join(paragraph(owner, n) if line.startswith(prefix) else line for line in lines)


@dataclass
class StormResult:
    saves: int = 0  # 200 answers that wrote a new version
    merged: int = 0
    conflicts: int = 0  # 409 "conflict" answers (each followed by a retry)
    busy: int = 0  # 409 "busy" answers: every attempt lost the race (followed by a retry)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    versions_seen: list = field(default_factory=list)


def run_storm(base_url: str, tokens: list[str], team_id: int, key: str, saves_each: int) -> StormResult:
    url = f"{base_url}/api/v1/teams/{team_id}/sections/{key}"
    result = StormResult()
    lock = threading.Lock()
    start_gate = threading.Barrier(len(tokens))

    def client(owner: int, token: str) -> None:
        status, section = request("GET", url, token)
        body, version = section["body"], section["version"]
        start_gate.wait()
        for n in range(1, saves_each + 1):
            for _attempt in range(50):
                status, answer = request("PUT", url, token, {"body": with_my_edit(body, owner, n), "base_version": version})
                if status == 200:
                    body, version = answer["body"], answer["version"]
                    with lock:
                        result.saves += 1
                        result.merged += bool(answer["merged"])
                        result.versions_seen.append(version)
                    break
                if status == 409 and answer["error"]["code"] == "busy":
                    with lock:
                        result.busy += 1
                    continue
                if status == 409:
                    body, version = answer["current_body"], answer["current_version"]
                    with lock:
                        result.conflicts += 1
                    continue
                with lock:
                    result.errors.append((owner, n, status, answer))
                return

    threads = [threading.Thread(target=client, args=(i, token)) for i, token in enumerate(tokens)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result
