"""A minimal headless-Chromium driver over the DevTools protocol, with the standard library only.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages (JSON, each ended by a
NUL byte) from file descriptor 3 and writes its own to descriptor 4. That is all a test needs
to open a page once and then ask it many questions (``Runtime.evaluate``), without a websocket
client, a Node driver or a downloaded browser: the site tests and benchmarks/bench_site.py use
it with Debian's chromium, which ``.ci/display-deps.sh`` installs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "Browser", "BrowserError", "find_chromium"]

# Without these, headless Chromium can hang on network lookups, first-run UI or updates.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--window-size=1280,2000",
    # Chromium otherwise ignores same-page navigations beyond 200 in 10 s, and a test asks
    # hundreds of questions by changing the page's #who= link.
    "--disable-ipc-flooding-protection",
)


class BrowserError(RuntimeError):
    """The browser answered a command with an error, went away, or took too long."""


def find_chromium() -> str | None:
    """The Chromium binary to drive: ``$DISTAUTH_CHROMIUM`` or the first one on ``PATH``."""
    for name in (
        os.environ.get("DISTAUTH_CHROMIUM", ""),
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ):
        if name and (path := shutil.which(name)):
            return path
    return None


class Browser:
    """One headless Chromium with one page, driven over a pipe.

    Use as a context manager; :meth:`open` loads a URL and waits for it, :meth:`evaluate` runs
    an expression in the page and returns its value (awaiting a promise).
    """

    def __init__(self, binary: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="distauth-cdp-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # runs in the child: the protocol's fixed descriptors 3 and 4
            # Move both ends clear of 3 and 4 first, so that neither dup2 clobbers the other.
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [
                binary,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,  # noqa: PLW1509 - only dup2, before exec
            pass_fds=(3, 4, to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.send("Target.attachToTarget", targetId=page["targetId"], flatten=True)
        self.session = attached["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)
        self.send("Log.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the browser (this process only) and remove its profile."""
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events seen meanwhile go to ``events``)."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data) :]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") != ident:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise BrowserError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply.get("result", {})
            return result

    def open(self, url: str) -> None:
        """Load *url* and wait until its ``load`` event fired."""
        self.events.clear()
        self.send("Page.navigate", session=True, url=url)
        self.wait_for(lambda: self.evaluate("document.readyState") == "complete")

    def evaluate(self, expression: str) -> Any:
        """Run *expression* in the page and return its value (a promise is awaited)."""
        result = self.send(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: Any, *, timeout: float | None = None) -> None:
        """Poll *condition* (a callable) until it is true."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not condition():
            if time.monotonic() > deadline:
                raise BrowserError("timed out waiting for the page")
            time.sleep(0.02)

    def console_errors(self) -> list[dict[str, Any]]:
        """Exceptions and console errors the page reported (CSP violations included)."""
        kinds = ("Runtime.exceptionThrown", "Log.entryAdded")
        out = [e for e in self.events if e.get("method") in kinds]
        out += [
            e
            for e in self.events
            if e.get("method") == "Runtime.consoleAPICalled"
            and e["params"].get("type") in ("error", "warning")
        ]
        return out


def file_url(path: Path, fragment: str = "") -> str:
    """The ``file://`` URL of *path*, with ``#fragment`` when given."""
    return path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
