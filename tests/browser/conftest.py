"""Browser fixtures: the app served for real on 127.0.0.1, and Debian's Chromium to drive it.

* `live_server` serves the very app object the `app` fixture yields, in a background thread,
  so records made with the factories are on the pages and each test starts from empty tables.
* `open_browser()` gives a new `Visitor`: a fresh browser context (its own cookies, so a
  different person) with one page. Every page it visits is checked with axe-core; a console
  error, an uncaught JavaScript error, a Content Security Policy violation, a failed
  sub-resource, a server error or any request to another host fails the test.

The pages keep their real CSP. axe-core is injected as a same-origin script from
/static/vendor/axe-core/axe.min.js, which `script-src 'self'` allows: `add_script_tag(path=...)`
inlines the file, which the CSP rightly blocks, and `bypass_csp=True` would switch off the very
policy whose violations these tests must catch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    Route,
)
from werkzeug.serving import WSGIRequestHandler, make_server

from workspace.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_FILE = PROJECT_ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/static/vendor/axe-core/axe.min.js"
TIMEOUT_MS = 10_000

_RUN_AXE = """
async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}
"""


# --- reports, so teardown checks stay quiet when the test itself already failed ---------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


def _test_failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "_report_call", None)
    return report is None or report.failed


# --- the live server ---------------------------------------------------------------------------


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log; errors are still logged (and the tests see any 5xx for themselves)."""

    def log_request(self, code="-", size="-") -> None:
        pass


def _server_threads() -> set[threading.Thread]:
    """The live server's loop and its connection threads (werkzeug's threaded server)."""
    return {
        t
        for t in threading.enumerate()
        if t.name == "live-server" or "process_request_thread" in t.name
    }


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The `app` fixture's app, served on 127.0.0.1 on a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        # Connection threads end when the browser contexts close, which happens before this.
        deadline = time.monotonic() + 5
        for leftover in _server_threads():
            leftover.join(timeout=max(deadline - time.monotonic(), 0.01))
        alive = sorted(t.name for t in _server_threads() if t.is_alive())
        assert not alive, f"the live server left threads running: {alive}"


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, once per run (`playwright` is pytest-playwright's driver fixture)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make chromium)")
    if not AXE_FILE.exists():
        pytest.fail(f"{AXE_FILE} is missing: build the assets with `node scripts/build-assets.mjs`")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _describe(violation: dict, url: str) -> str:
    """An axe violation as text: rule id, impact, help, and each offending node with its fix."""
    lines = [
        f"axe: {violation['id']} ({violation['impact']}) on {url}: {violation['help']}"
        f" <{violation['helpUrl']}>"
    ]
    for node in violation["nodes"]:
        lines.append(f"    {node['target']}")
        lines.extend(f"        {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


class Visitor:
    """One person at one browser: a context of their own with a single page.

    Navigate with `goto`, `submit` and `follow`: each waits for the new page and then `check`s it.
    """

    def __init__(self, context: BrowserContext, base_url: str):
        self.context = context
        self.base_url = base_url
        self.problems: list[str] = []
        self._unchecked_loads: list[str] = []
        self._document_urls: set[str] = set()
        self._expected_failures: list[tuple[int, str]] = []
        self._been_offline = False
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._only_the_app)
        self.page = self._watch(context.new_page())

    def _watch(self, page: Page) -> Page:
        page.on("console", self._on_console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(f"uncaught JavaScript error on {page.url}: {error}"),
        )
        page.on("response", self._on_response)
        page.on("load", lambda loaded: self._unchecked_loads.append(loaded.url))
        return page

    def url(self, path: str) -> str:
        return self.base_url + path

    def new_page(self) -> Page:
        """Close the page (as closing a tab does) and open another in the same context."""
        self.finish()
        self.page.close()
        self.page = self._watch(self.context.new_page())
        return self.page

    def set_offline(self, offline: bool) -> None:
        """Cut or restore this person's network. While cut, requests fail with
        net::ERR_INTERNET_DISCONNECTED, which Chromium logs as console errors: those are expected."""
        if offline:
            self._been_offline = True
        self.context.set_offline(offline)

    def expect_failure(self, status: int, path: str) -> None:
        """A sub-resource answer the test provokes on purpose (say a 409 from a save)."""
        self._expected_failures.append((status, self.url(path)))

    def _expected(self, status: int | None, url: str | None) -> bool:
        return any(
            (status is None or status == expected) and url == expected_url
            for expected, expected_url in self._expected_failures
        )

    # -- watching every request and message ------------------------------------------------

    def _only_the_app(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.base_url:
            route.continue_()
        else:
            self.problems.append(f"the page asked another host for {url} (request aborted)")
            route.abort("blockedbyclient")

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"CSP violation on {self.page.url}: {text}")
        elif message.type == "error":
            if text.startswith("Failed to load resource"):
                url = message.location.get("url")
                if self._is_document(url):
                    return  # an error page (400, 404, 410) the test asserts itself
                if self._been_offline and "net::ERR_INTERNET_DISCONNECTED" in text:
                    return  # the test cut the network on purpose
                if self._expected(None, url):
                    return  # a status the test provoked and expects
            self.problems.append(
                f"console error on {self.page.url}: {text} ({message.location.get('url')})"
            )

    def _is_document(self, url: str | None) -> bool:
        return bool(url) and url.split("#")[0] in self._document_urls

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "document":
            self._document_urls.add(response.url)
        if response.status >= 500:
            self.problems.append(
                f"server error {response.status} for {request.method} {response.url}"
            )
        elif (
            response.status >= 400
            and request.resource_type != "document"
            and not self._expected(response.status, response.url)
        ):
            self.problems.append(f"{response.status} for {request.resource_type} {response.url}")

    # -- checking a page ---------------------------------------------------------------------

    def check(self) -> None:
        """Run axe-core on the page now shown and fail on any violation or problem so far."""
        page = self.page
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(url=self.url(AXE_URL_PATH))
        violations = page.evaluate(_RUN_AXE)
        self._unchecked_loads.clear()
        self.problems.extend(_describe(violation, page.url) for violation in violations)
        self.raise_problems()

    def raise_problems(self) -> None:
        problems, self.problems = self.problems, []
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)

    def finish(self) -> None:
        """At the end of a test: the last page must have been checked too."""
        if self._unchecked_loads:
            if len(self._unchecked_loads) > 1:
                self.problems.append(
                    f"pages loaded without an accessibility check: {self._unchecked_loads[:-1]}"
                )
            self.check()
        self.raise_problems()

    # -- moving around -------------------------------------------------------------------

    def goto(self, path: str) -> Response:
        response = self.page.goto(self.url(path) if path.startswith("/") else path)
        assert response is not None
        self.check()
        return response

    def submit(self, button: str, *, within=None) -> Response:
        """Press a button that sends a form, wait for the page that comes back, check it."""
        with self.page.expect_navigation() as navigation:
            (within or self.page).get_by_role("button", name=button, exact=True).click()
        self.check()
        return navigation.value

    def follow(self, link: str, *, within=None) -> Response:
        with self.page.expect_navigation() as navigation:
            (within or self.page).get_by_role("link", name=link, exact=True).click()
        self.check()
        return navigation.value


@pytest.fixture
def open_browser(
    chromium_browser: Browser, live_server: str, request
) -> Iterator[Callable[[], Visitor]]:
    """Call it once per person: each call is a separate browser context."""
    visitors: list[Visitor] = []

    def _open() -> Visitor:
        context = chromium_browser.new_context(locale="en-GB", timezone_id="Europe/London")
        visitor = Visitor(context, live_server)
        visitors.append(visitor)
        return visitor

    yield _open
    failures = []
    for visitor in visitors:
        try:
            if not _test_failed(request):
                visitor.finish()
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
        finally:
            visitor.context.close()
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.fixture
def visitor(open_browser) -> Visitor:
    return open_browser()


@pytest.fixture
def team_people():
    """Team Harbour with a member (Mo Member) and a host partner (Hana Host): (team, member, host)."""
    from tests import factories
    from workspace.extensions import db

    member = factories.make_user("Mo Member", "mo@example.org")
    host = factories.make_user("Hana Host", "hana@example.org")
    team = factories.make_team("Team Harbour")
    factories.add_member(team, member, "member")
    factories.add_member(team, host, "host")
    db.session.commit()
    return team, member, host
