"""Drive Debian's headless chromium from tests: load a page, collect its console errors, run
JavaScript in it and read the answer.

The browser speaks the DevTools protocol over ``--remote-debugging-pipe``: it reads commands on
file descriptor 3 and writes answers and events on 4, one JSON message each, ended by a NUL
byte. Nothing is injected into the page under test: the test evaluates expressions in it (click
a header, type into the filter, read the visible rows) the way a person would act on it.

``require_chromium()`` skips a test when chromium is absent, except in CI (``CI`` set, as
``.ci/run`` and every CI service do), where a missing browser is a failure: the HTML report must
be proven in a real browser there.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 30.0
FLAGS = (
    "--headless=new",
    "--disable-gpu",
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
)
_VIEWPORT = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


def find_chromium() -> str | None:
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require_chromium() -> str:
    """chromium's path; skips the test without it, or fails it in CI."""
    path = find_chromium()
    if path is not None:
        return path
    if in_ci():
        pytest.fail("chromium is not installed: the HTML report cannot be tested (CI is set)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def dump_dom(chromium: str, page: Path, profile: Path) -> tuple[str, str]:
    """The page's DOM after its scripts ran, and chromium's stderr (console messages included)."""
    command = [chromium, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr"]
    command += ["--v=0", "--dump-dom", page.resolve().as_uri()]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT * 2)
    return proc.stdout, proc.stderr


class Browser:
    """One headless chromium, one page; use as a context manager."""

    def __init__(self, chromium: str, profile: Path) -> None:
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._buffer = b""
        self._session: str | None = None
        self._log = profile / "stderr.log"
        profile.mkdir(parents=True, exist_ok=True)
        self._proc, self._write_fd, self._read_fd = _launch(chromium, profile, self._log)

    def __enter__(self) -> Browser:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self._session = attached["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self, page: Path) -> None:
        """Load ``page`` and wait for its load event (its scripts have run by then)."""
        self.events.clear()
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of ``expression`` evaluated in the page; raises on a JS exception."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        answer = self.call("Runtime.evaluate", params)
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def type_text(self, selector: str, text: str) -> None:
        """Focus the element and type ``text`` into it, as a keyboard would."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text})

    def console_errors(self) -> list[str]:
        """Uncaught exceptions, console.error calls and browser errors (CSP violations, failed
        loads) since the page was opened."""
        return [text for text in map(_error_text, self.events) if text is not None]

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self._session is not None and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self._session
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        answer = self._wait_for(self._next_id)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def screenshot(self, path: Path, *, top: int = 0, height: int = 1200) -> None:
        """A PNG of the page from ``top``, 1280 pixels wide (to look at during development)."""
        import base64

        self.call("Emulation.setDeviceMetricsOverride", _VIEWPORT)
        clip = {"x": 0, "y": top, "width": 1280, "height": height, "scale": 1}
        shot = self.call("Page.captureScreenshot", {"clip": clip, "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError):
            self.call("Browser.close")
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._write_fd)
        os.close(self._read_fd)

    def _wait_for(self, wanted: int | str) -> dict[str, Any]:
        """The answer with id ``wanted``, or the first event named ``wanted``; events seen on
        the way are kept in ``events``."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for message in self._messages(deadline):
                if message.get("id") == wanted or message.get("method") == wanted:
                    return message
                if "method" in message:
                    self.events.append(message)

    def _messages(self, deadline: float) -> list[dict[str, Any]]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read_fd], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"chromium did not answer in {TIMEOUT:g} s: {self._tail()}")
            chunk = os.read(self._read_fd, 1 << 16)
            if not chunk:
                raise AssertionError(f"chromium exited: {self._tail()}")
            self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        return [json.loads(raw) for raw in complete]

    def _tail(self) -> str:
        return self._log.read_text(errors="replace")[-2000:] if self._log.exists() else ""


def _launch(chromium: str, profile: Path, log: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    """chromium with its command pipe on fd 3 and its answer pipe on fd 4 (bash moves them
    there: ``pass_fds`` keeps numbers as they are, and ``preexec_fn`` is unsafe)."""
    command_read, command_write = os.pipe()
    answer_read, answer_write = os.pipe()
    ends = (_above_four(command_read), _above_four(answer_write))
    wire = f'exec "$@" 3<&{ends[0]} 4>&{ends[1]} {ends[0]}<&- {ends[1]}>&-'
    flags = [*FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
    with log.open("wb") as stderr:
        proc = subprocess.Popen(
            ["/bin/bash", "-c", wire, "bash", chromium, *flags],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=ends,
        )
    for fd in ends:
        os.close(fd)
    return proc, command_write, answer_read


def _above_four(fd: int) -> int:
    """``fd`` moved to a number above 4, so moving the two ends to 3 and 4 cannot clobber one."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


def _error_text(event: dict[str, Any]) -> str | None:
    params = event.get("params", {})
    if event["method"] == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return str(details.get("exception", {}).get("description") or details.get("text"))
    if event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return " ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"])
    if event["method"] == "Log.entryAdded" and params["entry"].get("level") == "error":
        return str(params["entry"].get("text"))
    return None
