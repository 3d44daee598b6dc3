"""Reports from the results database: the drill-down, the OSPS Baseline view, badges, untrusted
names in the new sections, and the page in a real headless chromium (trend charts drawn, the
drill-down opens, the filter narrows it, every link resolves; a screenshot is kept)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policylint.audit.report.osps import URL as OSPS_URL
from policylint.links import builtin_rule_url, kind_url
from tests.helpers.audit import add_files, audit
from tests.helpers.browser import Browser, require_chromium
from tests.helpers.cli import run_policylint
from tests.helpers.repos import HEALTHY, MIT, MakeRepo, git

DOCS_URL = kind_url("").removesuffix("kinds.md#")  # the reference of this release
EVIL = '<img src=x onerror="alert(1)">'
EXEMPT = """\
extends: [builtin:recommended]
exemptions:
  - rule: license
    reason: The licence is the foundation's, in its <b>own</b> repository.
"""


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two audits of an organisation (``fixed`` fixed, the evil-named one broken between
    them, ``exempt`` with an exemption), and the reports of the second."""
    from tests.helpers.repos import repo_maker

    base = tmp_path_factory.mktemp("history")
    make_repo: MakeRepo = repo_maker(base)
    files = {"README.md": HEALTHY["README.md"], "CODE_OF_CONDUCT.md": HEALTHY["CODE_OF_CONDUCT.md"]}
    fixed = make_repo(files, name="org/fixed")
    evil = make_repo({**files, "LICENSE": MIT}, name=f"org/{EVIL}")
    make_repo({**files, ".policylint.yaml": EXEMPT}, name="org/exempt")
    db = str(base / "audit.db")
    audit(base / "a.jsonl", str(base / "org"), "--db", db)
    add_files(fixed, {"LICENSE": MIT, "CONTRIBUTING.md": HEALTHY["CONTRIBUTING.md"]})
    git(evil, "rm", "-q", "README.md")
    git(evil, "commit", "-q", "-m", "no readme")
    audit(base / "a.jsonl", str(base / "org"), "--db", db)
    proc = run_policylint(
        "audit", "report", "--db", db, "--html", str(base / "r.html"), "--badges", str(base / "b")
    )
    assert proc.returncode == 0, proc.stderr
    return base


def section(html: str, ident: str) -> str:
    start = html.index(f'<section id="{ident}"')
    return html[start : html.index("</section>", start)]


def test_the_drill_down_shows_each_failing_rule_with_its_finding_fix_and_link(
    reported: Path,
) -> None:
    html = (reported / "r.html").read_text()
    details = section(html, "details")
    fixed = details[details.index('<span class="name">fixed</span>') :]
    fixed = fixed[: fixed.index("</details>")]
    governance = fixed[fixed.index("<code>governance</code>") - 200 :]
    assert (
        f'<a href="{builtin_rule_url("community-health", "governance")}" '
        'rel="noopener noreferrer">documentation</a>' in governance
    )
    assert (
        "<li>No governance document (GOVERNANCE*) in the repository root, .github/ or docs/</li>"
        in governance
    )
    assert '<p class="fix"><strong>Fix:</strong> Add `GOVERNANCE.md` at the root, in' in governance
    assert "\\n" not in governance  # line breaks are kept, not shown as escapes
    assert "<dt>Branch</dt><dd><code>main</code></dd>" in fixed


def test_exemptions_are_listed_with_their_reason_and_expiry(reported: Path) -> None:
    html = (reported / "r.html").read_text()
    exempt = section(html, "details")
    exempt = exempt[exempt.index('<span class="name">exempt</span>') :]
    exempt = exempt[: exempt.index("</details>")]
    assert (
        "<tr><td><code>license</code></td><td>The licence is the foundation&#x27;s, in its "
        '&lt;b&gt;own&lt;/b&gt; repository.</td><td>all paths</td><td class="num">1</td>'
        '<td>never</td><td>\u2013</td><td class="state-active">active</td></tr>'
    ) in exempt


def test_the_licence_is_in_the_table_and_the_drill_down(reported: Path) -> None:
    """The SPDX id comes back from the database (the rule outcome's details) into both."""
    html = (reported / "r.html").read_text()
    details = section(html, "details")
    fixed = details[details.index('<span class="name">fixed</span>') :]
    fixed = fixed[: fixed.index("</details>")]
    assert "<dt>Licence</dt><dd><code>MIT</code></dd>" in fixed
    exempt = details[details.index('<span class="name">exempt</span>') :]
    assert "<dt>Licence</dt>" not in exempt[: exempt.index("</details>")]  # no licence file
    table = section(html, "all")
    assert '<button type="button">Licence</button></th></tr></thead>' in table
    row = table[table.index(">fixed</a></span>") :]
    row = row[: row.index("</tr>")]
    assert row.endswith('<td data-sort="mit" class="licence"><code>MIT</code></td>')


def test_untrusted_names_are_escaped_in_every_new_section(reported: Path) -> None:
    html = (reported / "r.html").read_text()
    shown = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert f'<a class="name" href="#repo-0">{shown}</a>' in section(html, "changes")
    assert f'<span class="name">{shown}</span>' in section(html, "details")
    assert "<img" not in html
    badge = next((reported / "b").glob("_img*.svg")).read_text()
    assert f"<title>{shown}: policylint 59.4 F</title>" in badge
    assert "<img" not in badge


def test_a_badge_per_repository(reported: Path) -> None:
    assert sorted(p.name for p in (reported / "b").iterdir() if not p.name.startswith("_")) == [
        "exempt.svg",
        "fixed.svg",
    ]
    assert (reported / "b" / "fixed.svg").read_text() == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="136" height="20" role="img" '
        'aria-label="fixed: policylint 75.0 C"><title>fixed: policylint 75.0 C</title>'
        '<rect width="82" height="20" fill="#555"/><rect x="82" width="54" height="20" '
        'fill="#c69100"/><g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        '<text x="41.0" y="14">policylint</text><text x="109.0" y="14">75.0 C</text></g></svg>\n'
    )


def test_the_baseline_view_lists_covered_and_uncovered_controls(reported: Path) -> None:
    baseline = section((reported / "r.html").read_text(), "baseline")
    assert "<h3>Level 1: 4 of 25 controls covered</h3>" in baseline
    assert (
        "<tr><td><code>OSPS-DO-01.01</code> Publish User Guides for Basic Functionality</td>"
        "<td><code>docs-updated</code> <code>readme</code> <code>readme-description</code></td>"
        '<td class="num">67%</td><td class="num">2/3</td></tr>'
    ) in baseline
    assert (
        "<tr><td><code>OSPS-LE-03.01</code> Maintain and Release Licenses in a Well Known "
        "Location</td><td><code>license</code> <code>license-identified</code></td>"
        '<td class="num">100%</td>'
        '<td class="num">3/3</td></tr>'
    ) in baseline
    assert re.search(
        r"Not covered: <code>OSPS-AC-01.01</code>, <code>OSPS-AC-02.01</code>", baseline
    )


def test_every_osps_tag_of_the_built_in_packs_is_a_known_control() -> None:
    from policylint.audit.report.osps import BY_ID

    packs = Path(__file__).parents[2] / "policies"
    tags = {
        t
        for p in packs.glob("*.yaml")
        for t in re.findall(r"OSPS-[A-Z]{2}-\d\d\.\d\d", p.read_text())
    }
    assert tags and tags <= BY_ID.keys()


# --- in a real browser ---------------------------------------------------------------------

VISIBLE_DETAILS = (
    "Array.from(document.querySelectorAll('details.repo'))"
    ".filter(d => !d.hidden).map(d => d.querySelector('.name').textContent)"
)
LINKS = "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"


def test_the_history_report_in_a_browser(reported: Path, tmp_path: Path) -> None:
    with Browser(require_chromium(), tmp_path / "chromium") as browser:
        browser.open(reported / "r.html")
        assert browser.console_errors() == []
        # the trend charts render: two points each, laid out with a size
        assert browser.evaluate("document.querySelectorAll('#chart-trend circle').length") == 2
        assert (
            browser.evaluate("document.querySelector('#chart-trend polyline').getBBox().width")
            > 100
        )
        sparks = "document.querySelectorAll('#rule-trends svg.spark')"
        assert browser.evaluate(f"{sparks}.length") == 18
        assert browser.evaluate(f"{sparks}[0].querySelectorAll('circle').length") == 2
        # the drill-down opens from the table
        link = "Array.from(document.querySelectorAll('#repositories a.drill'))"
        browser.evaluate(f"{link}.find(a => a.textContent === 'fixed').click()")
        opened = "document.querySelector('details[open]')"
        assert browser.evaluate(f"{opened}.querySelector('.name').textContent") == "fixed"
        assert browser.evaluate(f"{opened}.querySelector('.rule').offsetParent !== null") is True
        assert browser.evaluate("window.location.hash") == "#repo-2"
        # the licence column and the drill-down's licence render, visible
        licences = (
            "Array.from(document.querySelectorAll('#repositories tbody tr'))"
            ".map(r => [r.querySelector('.name').textContent, r.cells[6].textContent])"
        )
        assert browser.evaluate(licences) == [[EVIL, "MIT"], ["exempt", "\u2013"], ["fixed", "MIT"]]
        assert (
            browser.evaluate(
                "document.querySelectorAll('#repositories thead th')[6].offsetParent !== null"
            )
            is True
        )
        facts = f"Array.from({opened}.querySelectorAll('.facts dt')).map(d => d.textContent)"
        assert browser.evaluate(facts)[-1] == "Licence"
        # the filter narrows the table and the drill-down
        browser.type_text("#filter-text", "exem")
        assert browser.evaluate(VISIBLE_DETAILS) == ["exempt"]
        # every link goes to an anchor of the page or to documentation
        links = browser.evaluate(LINKS)
        anchors = [href for href in links if href.startswith("#")]
        assert anchors and all(
            browser.evaluate(f"document.getElementById({href[1:]!r}) !== null") for href in anchors
        )
        others = [href for href in links if not href.startswith("#")]
        assert others and all(href.startswith((DOCS_URL, OSPS_URL)) for href in others)
        browser.evaluate("document.getElementById('filter-text').value = ''")
        browser.evaluate("window.scrollTo(0, 0)")
        shot = tmp_path / "audit-history.png"
        browser.screenshot(shot, height=2400)
        print(f"screenshot of the history report: {shot}")
        assert shot.stat().st_size > 10_000
        assert browser.console_errors() == []
