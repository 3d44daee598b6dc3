"""Evidence of every check kind: what satisfied a passing rule (``evidence(rule, facts)``,
asked for as JSON and ``--verbose`` ask) and what a failing finding looked at
(``Problem.evidence``). File-exists and co-change are in ``tests/commands/test_evidence.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from policylint.facts.change import ChangedFile
from policylint.facts.commits import Commit
from policylint.facts.pr import PullRequest
from policylint.model import Result
from tests.helpers.cli import run_policylint
from tests.helpers.history import ADA, BOB, build, seconds
from tests.helpers.history import Commit as Built
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo, git, write_files

SHA1, SHA2, BASE = "1" * 40, "2" * 40, "0" * 40
ADA_SIGNS = "Signed-off-by: Ada Lovelace <ada@example.org>"


def passed(result: Result) -> list[str]:
    """What satisfied the rule, which passed."""
    assert [o.status for o in result.outcomes] == ["pass"], result.findings
    return list(result.outcomes[0].evidence)


def looked_at(result: Result) -> list[tuple[str, ...]]:
    """What each failing finding looked at; a failing rule has no passing evidence."""
    assert [o.status for o in result.outcomes] == ["fail"]
    assert result.outcomes[0].evidence == ()
    return [finding.evidence for finding in result.findings]


def check(kind: str, options: dict[str, Any] | None, root: Path, **facts: Any) -> Result:
    return run_check(kind, options, root=root, evidence=True, **facts)


def commit(sha: str, subject: str, body: str = "", *, parents: tuple[str, ...] = (BASE,)) -> Commit:
    name, email = "Ada Lovelace", "ada@example.org"
    return Commit(sha, subject, body, name, email, name, email, parents)


def pr(title: str = "Retry uploads", body: str | None = None, *labels: str) -> PullRequest:
    return PullRequest(title=title, body=body, labels=labels)


# --- the change -------------------------------------------------------------------------------

CHANGESETS = {
    ".changeset/config.json": "{}\n",
    "package.json": '{"name": "app", "version": "1.0.0"}\n',
}


def test_changesets(make_repo: MakeRepo) -> None:
    root = make_repo({**CHANGESETS, ".changeset/a.md": '---\n"app": patch\n---\n\nFix.\n'})
    change = [ChangedFile(".changeset/a.md", "added"), ChangedFile("index.js", "modified")]
    assert passed(check("changesets", {}, root, change=change)) == [
        "changesets: .changeset/a.md (added)"
    ]
    assert passed(
        check("changesets", {}, root, change=[ChangedFile(".changeset/config.json", "modified")])
    ) == ["the change touches no package that needs a changeset"]
    assert looked_at(check("changesets", {}, root, change=change[1:])) == [
        ("the change: index.js (modified)",)
    ]


RENO_NOTE = "releasenotes/notes/fix-a-1234567890abcdef.yaml"


def test_reno(make_repo: MakeRepo) -> None:
    root = make_repo({RENO_NOTE: "fixes:\n  - A.\n", "src/a.py": "x\n"})
    note, code = ChangedFile(RENO_NOTE, "added"), ChangedFile("src/a.py", "modified")
    options = {"if-changed": ["src/**"]}
    assert passed(check("reno", options, root, change=[note, code])) == [
        f"notes: {RENO_NOTE} (added)"
    ]
    assert passed(check("reno", options, root, change=[ChangedFile("README.md", "added")])) == [
        "no changed file matches src/**"
    ]
    assert passed(check("reno", {"check": "notes"}, root)) == [
        "1 note in releasenotes/notes/ as reno lint reads them"
    ]
    assert looked_at(check("reno", options, root, change=[code])) == [
        ("the change: src/a.py (modified)",)
    ]


TOWNCRIER = {"pyproject.toml": '[tool.towncrier]\ndirectory = "changes"\n'}


def test_towncrier(make_repo: MakeRepo) -> None:
    root = make_repo({**TOWNCRIER, "changes/12.bugfix.md": "Fixed.\n", "src/a.py": "x\n"})
    fragment, code = (
        ChangedFile("changes/12.bugfix.md", "added"),
        ChangedFile("src/a.py", "modified"),
    )
    assert passed(check("towncrier", {}, root, change=[fragment, code])) == [
        "fragments: changes/12.bugfix.md",
        "configuration: pyproject.toml",
    ]
    assert passed(check("towncrier", {}, root, change=[ChangedFile("NEWS.rst", "modified")])) == [
        "the news file NEWS.rst changed",
        "configuration: pyproject.toml",
    ]
    assert passed(check("towncrier", {"check": "names"}, root)) == [
        "1 fragment with valid names in changes/",
        "configuration: pyproject.toml",
    ]
    assert looked_at(check("towncrier", {}, root, change=[code])) == [
        ("the change: src/a.py (modified)", "configuration: pyproject.toml")
    ]


def test_codeowners(make_repo: MakeRepo) -> None:
    root = make_repo({".github/CODEOWNERS": "/src/ @example/core @ada\n/docs/\n"})
    code = [ChangedFile("src/app.py", "modified")]
    assert passed(check("codeowners", {}, root, change=code)) == [
        "src/app.py: line 1 (/src/) names @example/core, @ada",
        "read .github/CODEOWNERS in the checkout",
    ]
    assert passed(check("codeowners", {"paths": ["lib/**"]}, root, change=code)) == [
        "no changed file matches lib/**"
    ]
    docs = [ChangedFile("docs/index.md", "added")]
    assert looked_at(check("codeowners", {}, root, change=docs)) == [
        ("read .github/CODEOWNERS in the checkout",)
    ]


def test_pr_size(tmp_path: Path) -> None:
    change = [
        ChangedFile("a.py", "modified", None, 5, 1),
        ChangedFile("uv.lock", "modified", None, 90, 2),
    ]
    assert passed(check("pr-size", {"max-files": 2, "max-lines": 10}, tmp_path, change=change)) == [
        "the change: 1 file (limit 2), 6 changed lines (limit 10) (not counted: 1 excluded file)"
    ]
    assert looked_at(check("pr-size", {"max-lines": 5}, tmp_path, change=change)) == [
        ("not counted: uv.lock (modified)",)
    ]


# --- commits ----------------------------------------------------------------------------------


def test_commit_message(tmp_path: Path) -> None:
    options = {"preset": "conventional-commits"}
    merge = commit(SHA2, "Merge branch 'x'", parents=(SHA1, BASE))
    good = [merge, commit(SHA1, "fix(parser): accept empty files")]
    assert passed(check("commit-message", options, tmp_path, commits=good)) == [
        "examined 2 commits (1 merge skipped)",
        'commit 111111111111 "fix(parser): accept empty files"',
    ]
    bad = [commit(SHA2, "fixup! fix(parser): x"), commit(SHA1, "Fixed the parser")]
    assert looked_at(check("commit-message", options, tmp_path, commits=bad)) == [
        ("examined 2 commits (1 autosquash commit skipped)",)
    ]
    title = {**options, "check": "pr-title"}
    assert passed(check("commit-message", title, tmp_path, pr=pr("feat: retries"))) == [
        'the pull request title "feat: retries"'
    ]


def test_commitlint(make_repo: MakeRepo) -> None:
    root = make_repo({".commitlintrc.json": '{"extends": ["@commitlint/config-conventional"]}\n'})
    good = [commit(SHA1, "fix(parser): accept empty files")]
    assert passed(check("commitlint", {}, root, commits=good)) == [
        "rules from .commitlintrc.json",
        "examined 1 commit",
        'commit 111111111111 "fix(parser): accept empty files"',
    ]
    bad = [commit(SHA1, "Fix: Parser.")]
    assert looked_at(check("commitlint", {}, root, commits=bad)) == [
        ("rules from .commitlintrc.json", "examined 1 commit")
    ]
    bare = make_repo({"README.md": "# x\n"})
    unconventional = [commit(SHA1, "Fixed the parser")]
    assert looked_at(check("commitlint", {}, bare, commits=unconventional)) == [
        ("no commitlint configuration: Conventional Commits 1.0.0", "examined 1 commit")
    ]


def test_sign_off(tmp_path: Path) -> None:
    signed = commit(SHA1, "Add a", f"Why.\n\n{ADA_SIGNS}")
    merge = commit(SHA2, "Merge", parents=(SHA1, BASE))
    assert passed(check("sign-off", {}, tmp_path, commits=[merge, signed])) == [
        "examined 2 commits (1 merge skipped)",
        f'commit 111111111111 "Add a": "{ADA_SIGNS}"',
    ]
    unsigned = commit(SHA1, "Add a", "Why.\n")
    assert looked_at(check("sign-off", {}, tmp_path, commits=[merge, unsigned])) == [
        ("examined 2 commits (1 merge skipped)",)
    ]


# --- the pull request -------------------------------------------------------------------------


def test_pr_title(tmp_path: Path) -> None:
    options = {"not-matches": ["(?i)wip"]}
    assert passed(check("pr-title", options, tmp_path, pr=pr("Retry uploads"))) == [
        'the pull request title "Retry uploads"'
    ]
    assert looked_at(check("pr-title", options, tmp_path, pr=pr("WIP: retry"))) == [()]


def test_pr_labels(tmp_path: Path) -> None:
    options = {"exactly-one-of": ["kind/bug", "kind/feature"]}
    labelled = pr("Retry", None, "kind/bug", "good first issue")
    assert passed(check("pr-labels", options, tmp_path, pr=labelled)) == [
        'labels: "kind/bug", "good first issue"'
    ]
    assert looked_at(check("pr-labels", options, tmp_path, pr=pr("Retry"))) == [()]


def test_pr_body(tmp_path: Path) -> None:
    options = {"min-length": 10, "required-sections": ["Testing"], "release-note": True}
    body = "Adds retries.\n\n## Testing\n\nUnit tests.\n\n```release-note\nRetries.\n```\n"
    assert passed(check("pr-body", options, tmp_path, pr=pr("Retry", body))) == [
        'the description: 65 characters without HTML comments; headings: "Testing"',
        'sections with content: "Testing"',
        'release note: "Retries."',
    ]
    none = pr("Retry", "Adds retries.\n\n## Testing\n\nUnit.\n", "release-note-none")
    assert passed(check("pr-body", options, tmp_path, pr=none))[2] == "the release-note-none label"
    empty = "## Summary\n\nRetries.\n\n```release-note\nNONE\n```\n\n## Testing\n\n<!-- how? -->\n"
    described = (
        'the description: 55 characters without HTML comments; headings: "Summary", "Testing"'
    )
    assert looked_at(check("pr-body", options, tmp_path, pr=pr("Retry", empty))) == [(described,)]


# --- the repository ---------------------------------------------------------------------------

COMMUNITY_PLACES = "the repository root, .github/ or docs/"


def test_conduct_reporting(make_repo: MakeRepo) -> None:
    conduct = "# Code of Conduct\n\nBe kind.\n\nReport violations to conduct@tokio.rs.\n"
    root = make_repo({"CODE_OF_CONDUCT.md": conduct})
    assert passed(check("conduct-reporting", {}, root)) == [
        'CODE_OF_CONDUCT.md line 5: "conduct@tokio.rs"'
    ]
    assert passed(check("conduct-reporting", {}, make_repo({"README.md": "# x\n"}))) == [
        f"no file matching code*of*conduct*, conduct* in {COMMUNITY_PLACES}"
    ]
    vague = make_repo({"CODE_OF_CONDUCT.md": "# Conduct\n\nBe kind.\n", "docs/conduct.md": "Hi.\n"})
    assert looked_at(check("conduct-reporting", {}, vague)) == [
        ("read CODE_OF_CONDUCT.md, docs/conduct.md",)
    ]


def test_security_channel(make_repo: MakeRepo) -> None:
    words = "# Security\n\nUse GitHub's private vulnerability reporting.\n"
    root = make_repo({"SECURITY.md": words})
    assert passed(check("security-channel", {}, root)) == [
        'SECURITY.md line 3: "private vulnerability report"'
    ]
    form = make_repo({".github/SECURITY.md": "See https://example.net/security/report.\n"})
    assert passed(check("security-channel", {}, form)) == [
        '.github/SECURITY.md line 1: "https://example.net/security/report"'
    ]
    public = make_repo({"SECURITY.md": "# Security\n\nOpen an issue.\n"})
    assert looked_at(check("security-channel", {}, public)) == [("read SECURITY.md",)]


def test_proposal_process(make_repo: MakeRepo) -> None:
    guide = "# Contributing\n\nThanks!\n\nFork the repository and open a pull request.\n"
    root = make_repo({"CONTRIBUTING.md": guide})
    assert passed(check("proposal-process", {}, root)) == ['CONTRIBUTING.md line 5: "pull request"']
    linked = make_repo({"CONTRIBUTING.md": "See [the guide](docs/development.md).\n"})
    assert passed(check("proposal-process", {}, linked)) == [
        'CONTRIBUTING.md line 1: "docs/development.md"'
    ]
    thanks = make_repo({"CONTRIBUTING.md": "# Contributing\n\nThank you!\n"})
    assert looked_at(check("proposal-process", {}, thanks)) == [("read CONTRIBUTING.md",)]


def test_readme_prose(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# demo\n\nA library that does one thing well.\n"})
    assert passed(check("readme-prose", {}, root)) == ["words of prose: README.md 7"]
    badges = make_repo({"README.md": "# demo\n\n[![ci](https://ci.example/b.svg)](x)\n"})
    assert looked_at(check("readme-prose", {}, badges)) == [("words of prose: README.md 0",)]


def test_filled_in(make_repo: MakeRepo) -> None:
    options = {"globs": ["governance*"]}
    root = make_repo({"GOVERNANCE.md": "# Governance\n\nMaintainers decide by consensus.\n"})
    assert passed(check("filled-in", options, root)) == ["filled in, no placeholder: GOVERNANCE.md"]
    assert passed(check("filled-in", options, make_repo({"README.md": "# x\n"}))) == [
        f"no file matching governance* in {COMMUNITY_PLACES}"
    ]
    # the finding is at the file and says what it holds: nothing more was looked at
    tbd = make_repo({"GOVERNANCE.md": "# Governance\n\nTBD\n"})
    assert looked_at(check("filled-in", options, tbd)) == [()]


ISC = (
    "Permission to use, copy, modify, and/or distribute this software for any\n"
    "purpose with or without fee is hereby granted, provided that the above\n"
    "copyright notice and this permission notice appear in all copies.\n\n"
    'THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\n'
    "WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\n"
    "MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR\n"
    "ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\n"
    "WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN\n"
    "ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF\n"
    "OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n"
)


def test_spdx_license(make_repo: MakeRepo) -> None:
    root = make_repo({"LICENSE": ISC})
    assert passed(check("spdx-license", {"allowed": ["ISC", "MIT"]}, root)) == [
        "LICENSE: ISC (score 0.95)",
        "allowed: ISC, MIT",
    ]
    prose = make_repo({"LICENSE": "You may do what you like.\n", "COPYING": "Ask Ada first.\n"})
    assert looked_at(check("spdx-license", {}, prose)) == [("read COPYING, LICENSE",)]


def test_expr(make_repo: MakeRepo) -> None:
    options = {"assert": 'exists("docs/**")', "message": "No docs/ directory"}
    assert passed(check("expr", options, make_repo({"docs/index.md": "# Docs\n"}))) == [
        'assert exists("docs/**"): true'
    ]
    assert looked_at(check("expr", options, make_repo({"README.md": "# x\n"}))) == [
        ('assert exists("docs/**"): false',)
    ]


def test_file_content(make_repo: MakeRepo) -> None:
    options = {
        "globs": ["README*"],
        "contains": ["MIT"],
        "matches": ["^## Install"],
        "not-matches": ["TODO"],
        "headings": ["Usage", "/^Inst/"],
        "min-list-entries": 1,
    }
    readme = "# app\n\n## Install\n\n- pip install app\n\n## Usage\n\nRun it. MIT licensed.\n"
    root = make_repo({"README.md": readme, "README.rst": "app\n===\n"})
    assert passed(check("file-content", options, root)) == [
        'README.md line 9: "Run it. MIT licensed."',
        'README.md line 3: "## Install"',
        "README.md: no match of /TODO/",
        'README.md: heading "Usage"',
        "README.md: heading matching /^Inst/",
        "and 1 more",
    ]
    every = {"globs": ["*.md"], "contains": ["#"], "all-files": True}
    assert passed(check("file-content", every, root)) == [
        "every file meets the conditions: README.md"
    ]
    missing = {"globs": ["CONTRIBUTING*"], "contains": ["x"], "missing": "pass"}
    assert passed(check("file-content", missing, root)) == [
        "no file matching CONTRIBUTING* (missing: pass)"
    ]
    usage = {"globs": ["README*"], "headings": ["Usage"]}
    bare = make_repo({"README.md": "# app\n", "docs/README.md": "# docs\n"})
    read = ("read README.md, docs/README.md (none meets every condition)",)
    assert looked_at(check("file-content", usage, bare)) == [read, read]


def test_maintainer_count(make_repo: MakeRepo) -> None:
    root = make_repo({"OWNERS": "approvers:\n  - ada\n  - grace\n", "MAINTAINERS": "- ada\n"})
    options = {"files": ["OWNERS"], "message": "Two maintainers, please"}
    assert passed(check("maintainer-count", options, root)) == [
        "OWNERS name 2 people: @ada, @grace"
    ]
    alone = make_repo({"OWNERS": "approvers:\n  - ada\n"})
    assert looked_at(check("maintainer-count", options, alone)) == [
        ("the maintainers files (OWNERS) name 1 person (@ada); at least 2 wanted",)
    ]


def test_mentions(make_repo: MakeRepo) -> None:
    options = {
        "files": ["GOVERNANCE.md", "README.md"],
        "patterns": ["(?i)consensus|vote", "(?i)maintainers?"],
        "exists": ["docs/decisions/*.md"],
        "message": "Governance does not say how decisions are made",
    }
    governance = "# Governance\n\nThe maintainers decide\nby lazy consensus.\n"
    root = make_repo({"GOVERNANCE.md": governance})
    assert passed(check("mentions", options, root)) == [
        'GOVERNANCE.md line 4: "consensus"',
        'GOVERNANCE.md line 3: "maintainers"',
    ]
    recorded = make_repo({"docs/decisions/0001-consensus.md": "# Consensus\n"})
    assert passed(check("mentions", options, recorded)) == [
        "found docs/decisions/0001-consensus.md"
    ]
    vague = make_repo({"README.md": "# app\n\nThe maintainers decide.\n"})
    assert looked_at(check("mentions", options, vague)) == [
        (
            "GOVERNANCE.md: not found",
            "README.md: no match of /(?i)consensus|vote/",
            "no file matching docs/decisions/*.md",
        )
    ]


NOW = "2026-01-01"


def test_patch_debt(make_repo: MakeRepo) -> None:
    header = "Description: Fix the build\nForwarded: https://example.org/pr/1\nDrop-By: {}\n---\n"
    root = make_repo({"patches/gcc14.patch": header.format("2026-12-31")})
    options = {"globs": ["patches/*.patch"], "deprecations": {"globs": ["src/**"]}}
    assert passed(check("patch-debt", options, root, now=seconds(NOW))) == [
        "patches/gcc14.patch: upstream, Drop-By: 2026-12-31",
        "no deprecation due in files matching src/**",
    ]
    none = make_repo({"README.md": "# x\n"})
    assert passed(check("patch-debt", {}, none, now=seconds(NOW))) == [
        "no patch matching patches/**/*.patch, patches/**/*.diff, debian/patches/**, "
        "!debian/patches/series, !debian/patches/00list"
    ]
    overdue = make_repo({"patches/gcc14.patch": header.format("2025-12-01")})
    assert looked_at(check("patch-debt", options, overdue, now=seconds(NOW))) == [
        ("today: 2026-01-01",)
    ]


def test_history_active_maintainers(tmp_path: Path) -> None:
    root = build(
        tmp_path / "repo",
        [
            Built("2025-06-01", {"MAINTAINERS": "Ada Lovelace <ada@example.org>\n"}),
            Built("2025-11-01", {"a.py": "x\n"}, author=BOB),
            Built("2025-12-01", {"a.py": "y\n"}, author=ADA),
        ],
    )
    authors = {"check": "active-maintainers", "min-people": 2}
    now = seconds(NOW)
    assert passed(check("history", authors, root, history=True, now=now)) == [
        "2 people committed in the last 12 months: Ada Lovelace, Bob Example"
    ]
    listed = {**authors, "people": "maintainers-file"}
    assert looked_at(check("history", listed, root, history=True, now=now)) == [
        ("committed, not listed: Bob Example",)
    ]


def test_history_docs_freshness(tmp_path: Path) -> None:
    root = build(
        tmp_path / "repo",
        [
            Built("2025-09-01", {"src/a.py": "x\n"}),
            Built("2025-10-01", {"docs/a.md": "# A\n"}),
        ],
    )
    options = {"check": "docs-freshness", "docs": ["docs/**"], "code": ["src/**"]}
    assert passed(check("history", options, root, history=True, now=seconds(NOW))) == [
        "documentation (docs/**) last changed on 2025-10-01",
        "code (src/**) last changed on 2025-09-01",
    ]


# --- through the real command line ------------------------------------------------------------

COMMIT_POLICY = (
    "rules:\n"
    "  sign-off:\n"
    "    kind: sign-off\n"
    "    title: Commits are signed off\n"
    "    severity: error\n"
    "  conventional:\n"
    "    kind: commit-message\n"
    "    title: Conventional Commits\n"
    "    severity: error\n"
    "    options: {preset: conventional-commits}\n"
)
PR_POLICY = (
    "rules:\n"
    "  title:\n"
    "    kind: pr-title\n"
    "    title: No work in progress\n"
    "    severity: error\n"
    "    options: {not-matches: ['(?i)\\bwip\\b']}\n"
    "  described:\n"
    "    kind: pr-body\n"
    "    title: A described change\n"
    "    severity: error\n"
    "    options: {required-sections: [Testing]}\n"
    "  tests-with-code:\n"
    "    kind: co-change\n"
    "    title: Tests with code\n"
    "    severity: error\n"
    "    options: {if-changed: ['src/**'], require-changed: ['tests/**']}\n"
)


def policylint_json(*args: str) -> tuple[int, dict[str, Any]]:
    proc = run_policylint("check", "--no-ci", "--format", "json", *args)
    assert proc.stderr == ""
    document: dict[str, Any] = json.loads(proc.stdout)
    return proc.returncode, document


def rule_evidence(document: dict[str, Any]) -> dict[str, list[str] | None]:
    return {rule["id"]: rule.get("evidence") for rule in document["rules"]}


def finding_evidence(document: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(finding["rule"], finding.get("evidence")) for finding in document["findings"]]


def test_a_commit_msg_run_says_what_signed_off_and_what_it_examined(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo({".policylint.yaml": COMMIT_POLICY})
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(f"fix(parser): accept empty files\n\n{ADA_SIGNS}\n")
    code, document = policylint_json(str(root), "--commit-msg", str(message))
    being_made = 'the commit being made "fix(parser): accept empty files"'
    assert (code, rule_evidence(document)) == (
        0,
        {
            "sign-off": ["examined 1 commit", f'{being_made}: "{ADA_SIGNS}"'],
            "conventional": ["examined 1 commit", being_made],
        },
    )
    message.write_text("Fixed the parser\n")
    code, document = policylint_json(str(root), "--commit-msg", str(message))
    assert code == 1
    assert rule_evidence(document) == {"sign-off": None, "conventional": None}
    assert finding_evidence(document) == [
        ("conventional", ["examined 1 commit"]),
        ("sign-off", ["examined 1 commit"]),
    ]


def pull_request(make_repo: MakeRepo) -> Path:
    """A branch that changes code and its tests, ready to be judged as a pull request."""
    root = make_repo({".policylint.yaml": PR_POLICY, "src/app.py": "x = 1\n"})
    git(root, "checkout", "-q", "-b", "retries")
    write_files(root, {"src/app.py": "x = 2\n", "tests/test_app.py": "def test(): pass\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Retry uploads")
    return root


def test_a_pull_request_run_says_what_satisfied_each_rule_and_what_a_finding_read(
    make_repo: MakeRepo,
) -> None:
    root = pull_request(make_repo)
    pr = ("--base", "main", "--title", "Retry failed uploads", "--body", "Adds retries.\n")
    code, document = policylint_json(str(root), *pr)
    assert code == 1
    assert rule_evidence(document) == {
        "title": ['the pull request title "Retry failed uploads"'],
        "described": None,
        "tests-with-code": ["matching tests/**: tests/test_app.py (added)"],
    }
    assert finding_evidence(document) == [
        ("described", ["the description: 13 characters without HTML comments; no headings"])
    ]
    proc = run_policylint("check", str(root), "--no-ci", "--verbose", *pr)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "pull request\n"
        '  error described: the description has no "Testing" section\n'
        "    looked at: the description: 13 characters without HTML comments; no headings\n"
    )
    assert (
        "passed\n"
        '  title: the pull request title "Retry failed uploads"\n'
        "  tests-with-code: matching tests/**: tests/test_app.py (added)\n"
    ) in proc.stdout


HOSTILE = "WIP \x1b[31mnow\x1b[0m\n::error::Approved"
SHOWN = "WIP \\x1b[31mnow\\x1b[0m\\n::error::Approved"


def test_hostile_titles_and_file_names_in_evidence_are_escaped_in_every_format(
    make_repo: MakeRepo,
) -> None:
    root = pull_request(make_repo)
    write_files(root, {"tests/\x1b[2Jx\u202e.py": "pass\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A hostile name")
    pr = (
        "--base",
        "main",
        "--title",
        HOSTILE.replace("WIP", "Retry"),
        "--body",
        "## Testing\n\nCI.",
    )
    code, document = policylint_json(str(root), *pr)
    assert code == 0
    assert rule_evidence(document) == {
        "title": [f'the pull request title "{SHOWN.replace("WIP", "Retry")}"'],
        "described": ['sections with content: "Testing"'],
        "tests-with-code": [
            "matching tests/**: tests/\\x1b[2Jx\\u202e.py (added), tests/test_app.py (added)"
        ],
    }
    text = run_policylint("check", str(root), "--no-ci", "--verbose", *pr).stdout
    assert "\x1b" not in text and "\u202e" not in text
    assert "\n::" not in text  # no line a CI runner would take for a workflow command
    assert f'  title: the pull request title "{SHOWN.replace("WIP", "Retry")}"\n' in text
    sarif = run_policylint("check", str(root), "--no-ci", "--format", "sarif", *pr).stdout
    assert "\x1b" not in sarif and "\u202e" not in sarif
    assert "the pull request title" not in sarif  # SARIF carries findings, not evidence
    code, failing = policylint_json(str(root), *pr[:2], "--title", HOSTILE, *pr[4:])
    assert code == 1
    assert [f["message"] for f in failing["findings"]] == [
        f'the pull request title "{SHOWN}" matches the forbidden pattern /(?i)\\bwip\\b/'
    ]
