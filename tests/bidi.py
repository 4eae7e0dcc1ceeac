"""A minimal headless-Firefox driver over WebDriver BiDi, with the standard library only.

Firefox started with ``--remote-debugging-port`` serves the WebDriver BiDi protocol (JSON
commands over a websocket). This module speaks just enough of both (the websocket handshake,
masked text frames, ``session.new``, ``browsingContext.navigate``, ``script.evaluate``) to open
a page and ask it questions, with the same methods as tests/cdp.py's Chromium driver, so that
the site tests run in both browsers. ``.ci/display-deps.sh`` installs Debian's firefox-esr.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from typing import Any

__all__ = ["Firefox", "find_firefox"]


class FirefoxError(RuntimeError):
    """Firefox answered a command with an error, went away, or took too long."""


def find_firefox() -> str | None:
    """The Firefox binary to drive: ``$DISTAUTH_FIREFOX`` or the first one on ``PATH``."""
    for name in (os.environ.get("DISTAUTH_FIREFOX", ""), "firefox-esr", "firefox"):
        if name and (path := shutil.which(name)):
            return path
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Firefox:
    """One headless Firefox with one tab, driven over WebDriver BiDi."""

    def __init__(self, binary: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="distauth-bidi-")
        # No first-run pages, updates, telemetry or other network chatter.
        prefs = {
            "browser.shell.checkDefaultBrowser": False,
            "browser.startup.homepage_override.mstone": "ignore",
            "app.update.disabledForTesting": True,
            "datareporting.policy.dataSubmissionEnabled": False,
            "toolkit.telemetry.reportingpolicy.firstRun": False,
            "network.connectivity-service.enabled": False,
            "browser.safebrowsing.malware.enabled": False,
            "browser.safebrowsing.phishing.enabled": False,
            "extensions.update.enabled": False,
            "remote.prefs.recommended": True,
            # Firefox otherwise refuses location changes beyond 200 in 10 s, and a test asks
            # hundreds of questions by changing the page's #who= link.
            "dom.navigation.locationChangeRateLimit.count": 1_000_000,
        }
        with open(os.path.join(self.profile, "user.js"), "w", encoding="utf-8") as prefs_file:
            for key, value in prefs.items():
                prefs_file.write(f"user_pref({json.dumps(key)}, {json.dumps(value)});\n")
        port = _free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-remote",
                "--profile",
                self.profile,
                f"--remote-debugging-port={port}",
                "--remote-allow-system-access",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._next_id = 0
        self._buffer = b""
        self.sock = self._connect(port)
        self.send("session.new", capabilities={})
        tree = self.send("browsingContext.getTree")
        self.context = tree["contexts"][0]["context"]

    def __enter__(self) -> Firefox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self, port: int) -> socket.socket:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=self.timeout)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise FirefoxError("Firefox did not open its remote port") from None
                time.sleep(0.2)
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                "GET /session HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        while b"\r\n\r\n" not in self._buffer:
            chunk = sock.recv(4096)
            if not chunk:
                raise FirefoxError("Firefox closed the websocket handshake")
            self._buffer += chunk
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise FirefoxError(f"websocket handshake refused: {head[:200]!r}")
        return sock

    def close(self) -> None:
        """Stop Firefox (this process only) and remove its profile."""
        with contextlib.suppress(FirefoxError, OSError):
            self.send("browser.close")
        with contextlib.suppress(OSError):
            self.sock.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    # --- websocket frames --------------------------------------------------------------------

    def _send_text(self, text: str) -> None:
        payload = text.encode()
        size = len(payload)
        header = bytes([0x81])  # final frame, text
        if size < 126:
            header += bytes([0x80 | size])
        elif size < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", size)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise FirefoxError("Firefox closed the websocket")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def _receive_text(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(size)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise FirefoxError("Firefox closed the websocket")
            if opcode in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return message.decode()

    # --- the protocol ------------------------------------------------------------------------

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result."""
        self._next_id += 1
        ident = self._next_id
        self._send_text(json.dumps({"id": ident, "method": method, "params": params}))
        self.sock.settimeout(self.timeout)
        while True:
            reply = json.loads(self._receive_text())
            if reply.get("id") != ident:
                continue  # an event
            if reply.get("type") == "error":
                raise FirefoxError(f"{method}: {reply.get('error')}: {reply.get('message')}")
            result: dict[str, Any] = reply.get("result", {})
            return result

    def open(self, url: str) -> None:
        """Load *url* and wait until it is complete."""
        self.send("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def evaluate(self, expression: str) -> Any:
        """Run *expression* in the page; its value, JSON-encoded there, decoded here."""
        result = self.send(
            "script.evaluate",
            expression=f"(async () => JSON.stringify(await ({expression})))()",
            target={"context": self.context},
            awaitPromise=True,
        )
        if result.get("type") == "exception":
            details = result.get("exceptionDetails", {}).get("text")
            raise FirefoxError(f"{expression[:80]!r} threw: {details}")
        value = result["result"]
        if value.get("type") != "string":
            return None
        return json.loads(value["value"])

    def wait_for(self, condition: Any, *, timeout: float | None = None) -> None:
        """Poll *condition* (a callable) until it is true."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not condition():
            if time.monotonic() > deadline:
                raise FirefoxError("timed out waiting for the page")
            time.sleep(0.02)
