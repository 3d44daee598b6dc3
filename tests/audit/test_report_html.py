"""The HTML report: self-contained, escaped, protected by its Content-Security-Policy, small
enough for 1,000 repositories, and working in a real headless chromium (no console error,
charts and table shown, sorting and filtering)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from policylint.audit.report import write_outputs
from tests.helpers.audit_report import COMPLETE, audited, error_row, sample_rows
from tests.helpers.browser import Browser, dump_dom, require_chromium
from tests.helpers.repos import MakeRepo

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_ERROR = 'clone failed: </script><script>alert("pwned")</script>'
EVIL_LICENCE = 'MIT"><script>alert(4)</script>'  # a row as a tampered journal could hold it


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside <style> and <script>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._inside: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._inside = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self.raw[self._inside].append(data)

    def count(self, tag: str, **attrs: str) -> int:
        return sum(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.tags)


def evil_rows(make_repo: MakeRepo) -> list[dict[str, Any]]:
    rows = sample_rows(make_repo)
    evil = audited(make_repo, {}, name=EVIL_NAME)
    evil_rule = {"id": "evil", "status": "fail", "severity": "note", "title": "<svg onload=x>",
                 "details": {"spdx": EVIL_LICENCE}}  # fmt: skip
    evil["report"]["rules"].append(evil_rule)  # a title from the repository's own policy
    return [*rows, evil, error_row("org/js", EVIL_ERROR, source="javascript:alert(3)")]


def html_report(path: Path, rows: list[dict[str, Any]], title: str = "Audit of org") -> str:
    write_outputs(rows, csv=None, json=None, html=str(path), title=title)
    return path.read_text(encoding="utf-8")


@pytest.fixture
def evil(tmp_path: Path, make_repo: MakeRepo) -> tuple[Path, str]:
    path = tmp_path / "report.html"
    return path, html_report(path, evil_rows(make_repo), title="<b>Org</b>")


def test_untrusted_text_is_escaped(evil: tuple[Path, str]) -> None:
    _, text = evil
    for raw in (EVIL_NAME, EVIL_ERROR, "<svg onload", "<b>Org</b>", 'alert("pwned")'):
        assert raw not in text
    assert text.count("&lt;svg onload=x&gt;") == 4  # chart label and tooltip, numbers, chip
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in text
    assert "<title>&lt;b&gt;Org&lt;/b&gt;</title>" in text
    assert EVIL_LICENCE not in text
    assert (
        '<td data-sort="mit&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;" class="licence">'
        "<code>MIT&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;</code></td>"
    ) in text
    page = Page(text)
    assert [tag for tag, _ in page.tags].count("script") == 1
    assert page.count("img") == page.count("b") == 0
    handlers = [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert handlers == []


def test_only_https_sources_become_links(evil: tuple[Path, str]) -> None:
    links = [a["href"] for tag, a in Page(evil[1]).tags if tag == "a"]
    assert links and all(str(href).startswith("https://") for href in links)
    assert "javascript:alert(3)" in evil[1]  # shown as text, never as a link


def test_the_page_is_self_contained(evil: tuple[Path, str]) -> None:
    page = Page(evil[1])
    fetching = [(t, a) for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert fetching == []
    assert [a for _, a in page.tags if "src" in a] == []
    assert not re.search(r"url\(|@import|https?://", "".join(page.raw["style"]))
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest", "".join(page.raw["script"]))


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_content_security_policy_allows_only_the_page_s_own_style_and_script(
    evil: tuple[Path, str],
) -> None:
    page = Page(evil[1])
    policies = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    style, script = "".join(page.raw["style"]), "".join(page.raw["script"])
    assert policies == [
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "base-uri 'none'; form-action 'none'"
    ]
    assert [a for _, a in page.tags if "style" in a] == []  # no inline style attribute


def test_the_charts_and_sections_are_there(tmp_path: Path, make_repo: MakeRepo) -> None:
    page = Page(html_report(tmp_path / "r.html", sample_rows(make_repo)))
    assert page.count("svg", id="chart-rules", role="img") == 1
    assert page.count("svg", id="chart-scores", role="img") == 1
    # 4 rules evaluated somewhere (a bar each); `roadmap` was skipped everywhere (no bar).
    bars = [a["class"] for t, a in page.tags if t == "rect" and "bar" in str(a.get("class"))]
    assert len(bars) == 4 + 10
    assert bars[4:] == ["bar g-F"] * 6 + ["bar g-D", "bar g-C", "bar g-B", "bar g-A"]
    for section in ("rules", "scores", "neediest", "errors", "all", "scoring"):
        assert page.count("section", id=section) == 1, section
    assert page.count("tr", **{"data-status": "ok"}) == 3
    assert page.count("tr", **{"data-status": "error", "data-grade": "error"}) == 2
    assert ("div", {"id": "controls", "class": "controls", "hidden": None}) in page.tags


def test_the_header_says_where_policies_came_from(tmp_path: Path, make_repo: MakeRepo) -> None:
    rows = [*sample_rows(make_repo), audited(make_repo, COMPLETE, name="d", policy=None)]
    rows[-1]["policy"]["origin"] = "builtin"
    text = html_report(tmp_path / "r.html", rows)
    assert (
        '<p id="policies">Policies: <strong>3</strong> used their own policy file; '
        "<strong>1</strong> had none and used the built-in default; <strong>1</strong> was "
        "checked against an imposed policy (<code>.policylint.yaml</code>).</p>"
    ) in text


def test_a_thousand_repositories_stay_small(tmp_path: Path, make_repo: MakeRepo) -> None:
    template = audited(make_repo, {"src/x.py": ""}, name="x")
    rows = [{**template, "name": f"org/repository-{i:04}"} for i in range(990)]
    rows += [error_row(f"org/broken-{i}", "git clone failed: " + "x" * 300) for i in range(10)]
    text = html_report(tmp_path / "r.html", rows)
    assert len(text.encode()) < 2_000_000
    assert Page(text).count("tr", **{"data-status": "ok"}) == 990


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = require_chromium()
    with Browser(chromium, tmp_path_factory.mktemp("chromium")) as opened:
        yield opened


VISIBLE = (
    "Array.from(document.querySelectorAll('#repositories tbody tr'))"
    ".filter(r => !r.hidden && r.offsetParent !== null)"
    ".map(r => r.querySelector('.name').textContent)"
)
ORDER = ["<img src=x onerror=alert(1)>", "org/bare", "org/complete", "org/corrupt",
         "org/imposed", "org/js", "org/timeout"]  # fmt: skip


def test_the_page_loads_without_console_errors(browser: Browser, evil: tuple[Path, str]) -> None:
    browser.open(evil[0])
    assert browser.console_errors() == []
    assert browser.evaluate("document.querySelectorAll('svg.chart rect.bar').length") == 15
    assert browser.evaluate("document.getElementById('controls').hidden") is False
    assert browser.evaluate(VISIBLE) == ORDER
    assert browser.evaluate("document.getElementById('filter-count').textContent") == (
        "Showing 7 of 7 repositories"
    )
    assert browser.evaluate("document.querySelectorAll('img, b').length") == 0
    # the licence column renders each repository's SPDX id as text, a dash without one
    header = "document.querySelectorAll('#repositories thead th')[6]"
    assert browser.evaluate(f"{header}.textContent") == "Licence"
    assert browser.evaluate(f"{header}.offsetParent !== null") is True
    licences = (
        "Array.from(document.querySelectorAll('#repositories tbody tr'))"
        ".map(r => r.cells[6].textContent)"
    )
    assert browser.evaluate(licences) == [EVIL_LICENCE, *["\u2013"] * 6]


def _click_header(browser: Browser, column: int) -> str:
    header = f"document.querySelectorAll('#repositories thead th')[{column}]"
    browser.evaluate(f"{header}.querySelector('button').click()")
    return str(browser.evaluate(f"{header}.getAttribute('aria-sort')"))


def test_clicking_a_header_sorts_the_table(browser: Browser, evil: tuple[Path, str]) -> None:
    browser.open(evil[0])
    assert _click_header(browser, 1) == "ascending"  # score: errors, then lowest first
    assert browser.evaluate(VISIBLE) == [
        "org/corrupt", "org/js", "org/timeout", "<img src=x onerror=alert(1)>", "org/bare",
        "org/complete", "org/imposed",
    ]  # fmt: skip
    assert _click_header(browser, 1) == "descending"  # ties stay in name order
    assert browser.evaluate(VISIBLE) == [
        "org/complete", "org/imposed", "org/bare", "<img src=x onerror=alert(1)>",
        "org/corrupt", "org/js", "org/timeout",
    ]  # fmt: skip
    assert _click_header(browser, 0) == "ascending"
    assert browser.evaluate(VISIBLE) == ORDER
    assert browser.evaluate("document.querySelectorAll('[aria-sort]').length") == 1
    assert browser.console_errors() == []


def test_the_filters_keep_the_matching_rows(browser: Browser, evil: tuple[Path, str]) -> None:
    browser.open(evil[0])
    browser.type_text("#filter-text", "README")  # a failing rule id, case-insensitive
    assert browser.evaluate(VISIBLE) == ["<img src=x onerror=alert(1)>", "org/bare"]
    browser.evaluate("document.getElementById('filter-text').value = ''")
    browser.type_text("#filter-text", "stopped after")  # an error's reason
    assert browser.evaluate(VISIBLE) == ["org/timeout"]
    browser.evaluate("document.getElementById('filter-text').value = ''")
    browser.evaluate(
        "(s => { s.value = 'error'; s.dispatchEvent(new Event('change')); })"
        "(document.getElementById('filter-grade'))"
    )
    assert browser.evaluate(VISIBLE) == ["org/corrupt", "org/js", "org/timeout"]
    browser.type_text("#filter-text", "org/t")
    assert browser.evaluate(VISIBLE) == ["org/timeout"]
    assert browser.evaluate("document.getElementById('filter-count').textContent") == (
        "Showing 1 of 7 repositories"
    )
    assert browser.console_errors() == []


def test_a_thousand_rows_render_and_sort(
    browser: Browser, tmp_path: Path, make_repo: MakeRepo
) -> None:
    template = audited(make_repo, COMPLETE, name="x")
    rows = [{**template, "name": f"org/r{i:04}"} for i in range(1000)]
    rows[500] = audited(make_repo, {}, name="org/worst")
    path = tmp_path / "big.html"
    html_report(path, rows)
    browser.open(path)
    assert browser.evaluate(f"{VISIBLE}.length") == 1000
    _click_header(browser, 1)
    assert browser.evaluate(f"{VISIBLE}[0]") == "org/worst"
    assert browser.console_errors() == []


def test_dump_dom_shows_the_page_after_its_script_ran(
    evil: tuple[Path, str], tmp_path: Path
) -> None:
    dom, stderr = dump_dom(require_chromium(), evil[0], tmp_path / "profile")
    assert "Showing 7 of 7 repositories" in dom
    assert dom.count("<tr data-status=") == 7
    assert [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line] == []


def test_a_missing_chromium_skips_locally_and_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        require_chromium()
