"""The main pages under load, through gunicorn as `gunicorn.conf.py` configures it.

One run: seed a database (the bench harness's: SQLite in a temporary folder, or DATABASE_URL,
emptied first), start gunicorn with the production config on a free port of 127.0.0.1, sign in
through the real sign-in form (CSRF token, session cookie), then drive each page with `wrk`
(50 keep-alive connections, a bounded duration) sending that cookie, or a Bearer token for the
API. A bare Flask "hello" app (bench/hello_app.py) runs under the same gunicorn settings and is
driven the same way, for the ratio. Prints requests/s, p50, p95, p99, errors (non-2xx answers
and socket errors), the ratio to bare Flask, how the connections and the CPU spread over the
workers, and each worker's RSS and peak RSS (VmRSS and VmHWM from /proc) at boot and after.

Settings (environment): BENCH_LOAD_SECONDS (10 per page), BENCH_LOAD_CONNECTIONS (50),
BENCH_LOAD_PAGES (a comma-separated subset of the page names below), BENCH_LOAD_LABEL (a title).
The gunicorn settings come from gunicorn.conf.py and the variables it reads (WEB_CONCURRENCY,
GUNICORN_THREADS, GUNICORN_KEEPALIVE, ...). Only 127.0.0.1 is loaded. Measures; asserts nothing.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import json
import os
import platform
import re
import runpy
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.storm import PROJECT_ROOT, GunicornServer

CONFIG = PROJECT_ROOT / "gunicorn.conf.py"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PAGE_NAMES = ("dashboard", "team", "report", "section", "api")

# Counts non-2xx answers per wrk thread (wrk's own "status" errors are only >= 400), then
# prints one JSON line with the totals and the latency percentiles.
WRK_SCRIPT = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.6f, "p50": %.3f, "p95": %.3f, "p99": %.3f, ' ..
    '"max": %.3f, "connect": %d, "read": %d, "write": %d, "timeout": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, bad))
end
"""


@dataclass
class Target:
    name: str
    label: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    label: str
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int
    connections_per_worker: list[int]  # sampled a few seconds into the run
    cpu_per_worker: list[float]  # CPU seconds each worker used during the run
    database_cpu: float = 0.0  # CPU seconds the local PostgreSQL server's processes used (0 on SQLite)
    ratio: float | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * sum(self.cpu_per_worker) / self.requests if self.requests else 0.0

    @property
    def database_cpu_ms_per_request(self) -> float:
        return 1000 * self.database_cpu / self.requests if self.requests else 0.0

    @property
    def busiest_cpu_share(self) -> float:
        total = sum(self.cpu_per_worker)
        return max(self.cpu_per_worker) / total if total else 0.0


@dataclass
class Memory:
    """Per worker, in MiB: RSS and peak RSS (VmHWM) once booted, and after the runs."""

    boot_rss: list[float]
    boot_peak: list[float]
    after_rss: list[float] = field(default_factory=list)
    after_peak: list[float] = field(default_factory=list)


# --- /proc readings ------------------------------------------------------------------------


def _status_mib(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def database_cpu_seconds() -> float:
    """CPU seconds used so far by the processes of a PostgreSQL server on this machine (its
    backends serve the workers' pooled connections, so they live through a run): on a shared
    machine the database's work competes with the workers for the same cores."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/comm").read_text().strip() == "postgres":
                    total += _cpu_seconds(int(entry))
            except OSError:
                continue
    return total


def _established_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "01":  # ESTABLISHED
                inodes.add(cols[9])
    return inodes


def connections_per_worker(pids: list[int], port: int) -> list[int]:
    """How many established client connections each worker holds right now."""
    inodes = _established_inodes(port)
    counts = []
    for pid in pids:
        held = 0
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    held += 1
        except OSError:
            pass
        counts.append(held)
    return counts


def wait_for_workers(server: GunicornServer, seconds: float = 30) -> list[int]:
    """Wait until the set of workers and their memory stop changing (every worker booted)."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        reading = (tuple(pids), tuple(round(_status_mib(p, "VmRSS")) for p in pids))
        if pids and reading == last:
            return pids
        last = reading
        time.sleep(0.7)
    return server.worker_pids()


# --- sign-in and seeding -------------------------------------------------------------------


def sign_in(base_url: str, email: str, password: str) -> str:
    """Sign in through the real form; returns the Cookie header value for later requests."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/sign-in", timeout=30) as page:
        token = CSRF_RE.search(page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    with opener.open(f"{base_url}/sign-in", data=form, timeout=30) as landed:
        if urllib.parse.urlparse(landed.url).path != "/":
            raise RuntimeError(f"sign-in did not reach the dashboard (landed on {landed.url})")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def seed(app) -> dict:
    """A member of one team in a cohort of 20 teams of 7, its report with a 5,000-word
    Findings section and a few shorter ones, and an API token."""
    from bench.bench_report import _five_thousand_words
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.markdown import count_words
    from workspace.report import operations as report_ops

    with app.app_context():
        cohort = factories.make_cohort("Load cohort")
        teams = [factories.make_team(f"Team {n}", cohort) for n in range(20)]
        member = factories.make_user("Load Member", "load@example.org")
        for team in teams:
            for _ in range(6):
                factories.add_member(team, factories.make_user())
        factories.add_member(teams[0], member)
        db.session.commit()
        body = "\n\n".join(_five_thousand_words()) + "\n"
        report_ops.save_section(teams[0], "findings", body, 0, member)
        for key in ("introduction", "scope", "approach", "recommendations"):
            report_ops.save_section(teams[0], key, "\n\n".join(_five_thousand_words()[:4]) + "\n", 0, member)
        secret = create_api_token(member, "load bench").secret
        return {"team_id": teams[0].id, "email": member.email, "secret": secret,
                "words": count_words(body), "bytes": len(body.encode())}


# --- driving -------------------------------------------------------------------------------


def drive(server: GunicornServer, target: Target, seconds: float, connections: int,
          script: Path, pids: list[int]) -> LoadResult:
    """One wrk run against one URL; samples the connection spread a few seconds in."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
               "-s", str(script)]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(server.base_url + target.path)
    cpu_before = [_cpu_seconds(pid) for pid in pids]
    database_before = database_cpu_seconds()
    with tempfile.TemporaryFile() as out:
        wrk = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - fixed tool and loopback URL
        time.sleep(min(3.0, seconds / 2))
        spread = connections_per_worker(pids, server.port)
        wrk.wait(timeout=seconds + 60)
        out.seek(0)
        text = out.read().decode(errors="replace")
    cpu = [_cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
    database = database_cpu_seconds() - database_before
    match = re.search(r"^BENCH_JSON (.*)$", text, re.M)
    if not match:
        raise RuntimeError(f"wrk gave no figures:\n{text}")
    f = json.loads(match.group(1))
    errors = f["non2xx"] + f["connect"] + f["read"] + f["write"] + f["timeout"]
    return LoadResult(target.label, f["requests"], f["seconds"], f["p50"], f["p95"], f["p99"], errors, spread, cpu,
                      max(database, 0.0))


def serve_and_drive(app_target: str, database_url: str, instance_dir: Path, targets_for, *,
                    seconds: float, connections: int, script: Path) -> tuple[list[LoadResult], Memory]:
    """Start gunicorn with the production config, wait for every worker, drive each target
    (after a short warm-up), and read the workers' memory at boot and after."""
    with GunicornServer(database_url, instance_dir, app=app_target, config=CONFIG) as server:
        pids = wait_for_workers(server)
        memory = Memory([_status_mib(p, "VmRSS") for p in pids], [_status_mib(p, "VmHWM") for p in pids])
        results = []
        for target in targets_for(server):
            drive(server, target, min(2.0, seconds), 10, script, pids)  # warm-up, not reported
            results.append(drive(server, target, seconds, connections, script, pids))
        memory.after_rss = [_status_mib(p, "VmRSS") for p in pids]
        memory.after_peak = [_status_mib(p, "VmHWM") for p in pids]
    return results, memory


# --- the tables ----------------------------------------------------------------------------


def gunicorn_settings(env: dict | None = None) -> dict:
    """The settings gunicorn.conf.py gives (with gunicorn's defaults for those it leaves out)."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        conf = runpy.run_path(str(CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    threads = conf.get("threads", 1)
    worker_class = conf.get("worker_class", "gthread" if threads > 1 else "sync")
    return {"workers": conf.get("workers", 1), "worker_class": worker_class, "threads": threads,
            "keepalive": conf.get("keepalive", 2), "reuse_port": conf.get("reuse_port", False),
            "worker_connections": conf.get("worker_connections", 1000)}


def machine() -> str:
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal:")), 0)
    return (f"{os.cpu_count()} cores, {mem_kib / 1024 / 1024:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _mib(values: list[float]) -> str:
    return " / ".join(f"{v:.0f}" for v in values)


def markdown_table(results: list[LoadResult], memory: dict[str, Memory], *, title: str,
                   database: str, settings: dict, seconds: float, connections: int) -> str:
    """The figures of one load run as markdown, with the machine, date and settings, ready for
    BENCHMARKS.md."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"**{title}** — {database}; {when}; {machine()}.",
        f"gunicorn: {settings['workers']} {settings['worker_class']} workers × {settings['threads']} threads, "
        f"keepalive {settings['keepalive']} s, reuse_port {settings['reuse_port']}, "
        f"worker_connections {settings['worker_connections']}; wrk: {connections} connections, "
        f"{seconds:g} s a page, 2 threads.",
        "",
        "| page | requests/s | × bare Flask | p50 | p95 | p99 | errors | connections per worker at 3 s "
        "| busiest worker's CPU share | server CPU / request | database CPU / request |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        ratio = "1" if r.ratio is None else f"{r.ratio:.3f}"
        lines.append(
            f"| {r.label} | {r.rps:,.0f} | {ratio} | {_ms(r.p50)} | {_ms(r.p95)} | {_ms(r.p99)} | {r.errors} "
            f"| {'/'.join(map(str, r.connections_per_worker))} | {r.busiest_cpu_share:.0%} "
            f"| {r.cpu_ms_per_request:.2f} ms | {r.database_cpu_ms_per_request:.2f} ms |"
        )
    lines += [
        "",
        "| server | workers | RSS once booted (MiB, each) | peak while booting (MiB, each) "
        "| RSS after the run | peak after the run |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in memory.items():
        lines.append(f"| {name} | {len(m.boot_rss)} | {_mib(m.boot_rss)} | {_mib(m.boot_peak)} "
                     f"| {_mib(m.after_rss)} | {_mib(m.after_peak)} |")
    return "\n".join(lines)


# --- entry point ---------------------------------------------------------------------------


def run() -> None:
    if not shutil.which("wrk"):
        print("wrk is not installed (`make bench` installs it from apt): no load run")
        return
    from bench.harness import make_app

    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "50"))
    wanted = [n.strip() for n in os.environ.get("BENCH_LOAD_PAGES", ",".join(PAGE_NAMES)).split(",") if n.strip()]
    title = os.environ.get("BENCH_LOAD_LABEL", "Under load")

    app = make_app()
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    instance_dir = Path(app.config["INSTANCE_DIR"])
    data = seed(app)
    with app.app_context():
        from workspace.extensions import db

        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(db.engine.dialect.name, db.engine.dialect.name)
        db.engine.dispose()
    print(f"{database}; Findings section: {data['words']:,} words, {data['bytes']:,} bytes")

    script = Path(tempfile.mkdtemp(prefix="bench-load-")) / "count.lua"
    script.write_text(WRK_SCRIPT)
    team = data["team_id"]

    def pages(server: GunicornServer) -> list[Target]:
        cookie = {"Cookie": sign_in(server.base_url, data["email"], _password())}
        every = {
            "dashboard": Target("dashboard", "`GET /` dashboard", "/", cookie),
            "team": Target("team", "`GET /teams/<id>`", f"/teams/{team}", cookie),
            "report": Target("report", "`GET /teams/<id>/report`", f"/teams/{team}/report", cookie),
            "section": Target("section", "`GET /teams/<id>/report/<key>` (5,000 words)",
                              f"/teams/{team}/report/findings", cookie),
            "api": Target("api", "`GET /api/v1/teams/<id>/sections` (Bearer)", f"/api/v1/teams/{team}/sections",
                          {"Authorization": f"Bearer {data['secret']}", "Accept": "application/json"}),
        }
        return [every[name] for name in wanted if name in every]

    def hello(server: GunicornServer) -> list[Target]:
        return [Target("hello", "bare Flask `GET /` (hello)", "/")]

    common = {"seconds": seconds, "connections": connections, "script": script}
    bare, bare_memory = serve_and_drive("bench.hello_app:app", database_url, instance_dir, hello, **common)
    results, app_memory = serve_and_drive("wsgi:app", database_url, instance_dir, pages, **common)
    for result in results:
        result.ratio = result.rps / bare[0].rps if bare[0].rps else None

    print()
    print(markdown_table(bare + results, {"bare Flask": bare_memory, "the app": app_memory}, title=title,
                         database=database, settings=gunicorn_settings(), seconds=seconds, connections=connections))


def _password() -> str:
    from tests.factories import PASSWORD

    return PASSWORD


if __name__ == "__main__":
    run()
