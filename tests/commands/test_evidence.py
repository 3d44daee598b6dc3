"""Evidence: what satisfied each passing rule and what a finding looked at, in JSON (always)
and in the text report with --verbose, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git, write_files
from tests.helpers.results import STRICT

FILES_POLICY = (
    "rules:\n"
    "  license:\n"
    "    kind: file-exists\n"
    "    title: A licence\n"
    "    severity: error\n"
    "    options: {globs: [license*, copying*]}\n"
    "  guides:\n"
    "    kind: file-exists\n"
    "    title: Guides\n"
    "    severity: note\n"
    "    options: {globs: ['*.md'], directories: [docs]}\n"
    "  code-of-conduct:\n"
    "    kind: file-exists\n"
    "    title: A code of conduct\n"
    "    severity: warning\n"
    "    options: {globs: [code_of_conduct*]}\n"
    "  readme-title:\n"
    "    kind: file-content\n"
    "    title: The README has a title\n"
    "    severity: note\n"
    "    options: {globs: [README.md], matches: ['^# ']}\n"
)
GUIDES = {f"docs/guide-{n}.md": "# Guide\n" for n in range(7)}

CHANGE_POLICY = (
    "rules:\n"
    "  tests-with-code:\n"
    "    kind: co-change\n"
    "    title: Tests with code\n"
    "    severity: error\n"
    "    options: {if-changed: ['src/**'], require-changed: ['tests/**']}\n"
    "  docs-with-api:\n"
    "    kind: co-change\n"
    "    title: Docs with API\n"
    "    severity: error\n"
    "    options: {if-changed: ['api/**'], require-changed: ['docs/**']}\n"
    "  release-note:\n"
    "    kind: co-change\n"
    "    title: A release note\n"
    "    severity: warning\n"
    "    options:\n"
    "      if-changed: ['src/**']\n"
    "      require-changed: ['changes/*.md']\n"
    "      unless-changed: [.no-release-note]\n"
)


def check(repo: Path, *args: str) -> tuple[int, str]:
    proc = run_policylint("check", str(repo), "--no-ci", *args)
    assert proc.stderr == ""
    return proc.returncode, proc.stdout


def json_check(repo: Path, *args: str) -> dict[str, Any]:
    code, out = check(repo, "--format", "json", *args)
    document: dict[str, Any] = json.loads(out)
    jsonschema.validate(document, STRICT, cls=jsonschema.Draft202012Validator)
    assert code == (1 if document["failed"] else 0)
    return document


def evidence(document: dict[str, Any]) -> dict[str, list[str] | None]:
    return {rule["id"]: rule.get("evidence") for rule in document["rules"]}


def test_file_exists_says_which_files_satisfied_it(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(
        {".policylint.yaml": FILES_POLICY, "README.md": "# x\n", "LICENSE.txt": "MIT\n", **GUIDES}
    )
    assert evidence(json_check(repo)) == {
        "license": ["found LICENSE.txt"],
        "guides": [
            "found docs/guide-0.md",
            "found docs/guide-1.md",
            "found docs/guide-2.md",
            "found docs/guide-3.md",
            "found docs/guide-4.md",
            "and 2 more",
        ],
        "code-of-conduct": None,  # failed: its finding says where it looked
        "readme-title": ['README.md line 1: "# x"'],
    }
    org = tmp_path / "org"
    write_files(org, {"CODE_OF_CONDUCT.md": "# Be kind\n"})
    with_org = json_check(repo, "--org-defaults", str(org))
    assert evidence(with_org)["code-of-conduct"] == [
        "found CODE_OF_CONDUCT.md in the organisation's defaults"
    ]


def test_verbose_text_lists_passing_rules_with_their_evidence(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": FILES_POLICY, "README.md": "# x\n", "COPYING": "GPL\n"})
    code, out = check(repo, "--verbose")
    assert code == 0
    assert out == (
        "not failing the run (only error or above fails: fail-on)\n"
        "repository\n"
        "  warning code-of-conduct: No file matching code_of_conduct* in the repository root, "
        ".github/ or docs/\n"
        "  note guides: No file matching *.md in docs/\n"
        "\n"
        "passed\n"
        "  license: found COPYING\n"
        '  readme-title: README.md line 1: "# x"\n'
        "\n"
        "passed: 1 warning, 1 note (not failing); 2 rules passed, 0 skipped, 0 exempted "
        "(policy: .policylint.yaml)\n"
        "hint: `policylint fix` creates the missing files from templates (code-of-conduct)\n"
    )
    code, quiet = check(repo)
    assert code == 0
    assert "passed\n" not in quiet
    assert "found COPYING" not in quiet


def test_co_change_says_what_changed_with_the_code(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": CHANGE_POLICY, "src/app.py": "x = 1\n"})
    write_files(repo, {"src/app.py": "x = 2\n", "tests/test_app.py": "def test(): pass\n"})
    write_files(repo, {".no-release-note": ""})
    git(repo, "add", "-A")
    document = json_check(repo, "--staged")
    assert evidence(document) == {
        "tests-with-code": ["matching tests/**: tests/test_app.py (added)"],
        "docs-with-api": ["no changed file matches api/**"],
        "release-note": ["unless-changed: .no-release-note (added)"],
    }
    assert document["findings"] == []


def test_a_failing_co_change_finding_says_what_change_it_looked_at(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": CHANGE_POLICY, "src/app.py": "x = 1\n"})
    write_files(repo, {"src/app.py": "x = 2\n", "README.md": "# app\n"})
    git(repo, "add", "-A")
    document = json_check(repo, "--staged")
    assert [(f["rule"], f.get("evidence")) for f in document["findings"]] == [
        ("release-note", ["the change: README.md (added), src/app.py (modified)"]),
        ("tests-with-code", ["the change: README.md (added), src/app.py (modified)"]),
    ]
    code, out = check(repo, "--staged", "--verbose", "--quiet")
    assert code == 1
    assert out == (
        "src/app.py\n"
        "  error tests-with-code: src/app.py changed, but no file matching tests/** changed "
        "(1 required)\n"
        "    looked at: the change: README.md (added), src/app.py (modified)\n"
        "\n"
        "failed: 1 error (tests-with-code); 1 warning not failing; 1 rule passed, 0 skipped, "
        "0 exempted (policy: .policylint.yaml)\n"
        "to commit without this check: `SKIP=policylint git commit` (pre-commit, prek), "
        "`LEFTHOOK_EXCLUDE=policylint git commit` (lefthook), or `git commit --no-verify`\n"
    )
