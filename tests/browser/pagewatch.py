"""What goes wrong while a page loads, collected from Playwright's events (shared by the browser tests)."""

from __future__ import annotations


class PageWatch:
    """Everything that goes wrong while a page loads: console errors, uncaught exceptions, failed requests,
    and responses with status 400 or more.

    A request the browser itself cancels (net::ERR_ABORTED) is not counted: Chromium fetches the favicon after
    the load event, and the next page.goto cancels it. Whether every linked file exists is the status check's
    and linkchecker's job.
    """

    def __init__(self, page, allow_404: tuple[str, ...] = ()):
        self.problems: list[str] = []
        self.allow_404 = allow_404
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, msg):
        where = msg.location.get("url", "")
        if msg.type == "error" and not (self.allow_404 and where.endswith(self.allow_404) and "404" in msg.text):
            self.problems.append(f"console error: {msg.text} ({where})")

    def _failed(self, request):
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and not (response.status == 404 and response.url.endswith(self.allow_404)):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def take(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


def visit(page, url: str, watch: PageWatch) -> list[str]:
    """Load a page, wait for its scripts to settle, and return what went wrong."""
    page.goto(url, wait_until="load")
    if page.locator("script").count():
        page.wait_for_load_state("networkidle")
    return watch.take()
