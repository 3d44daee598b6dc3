"""The file-exists check kind, run through the engine on real repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policylint.checks import file_exists
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Location, OptionError, Policy, Result, Rule

EVERYWHERE = "the repository root, .github/ or docs/"


def run(root: Path, **options: Any) -> Result:
    rule = Rule("readme", "file-exists", "A README", "error", options, Location("t.yaml", 1, 1))
    return evaluate(Policy(("t.yaml",), (rule,)), Facts(repo=Repo(root)))


def failures(result: Result) -> list[tuple[str | None, str]]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    return [(f.path, f.message) for f in result.findings]


def test_a_file_at_the_root_passes(make_repo):
    assert failures(run(make_repo({"README.md": "# x"}), globs=["readme*"])) == []


def test_github_and_docs_directories_count(make_repo):
    assert failures(run(make_repo({".github/README.md": ""}), globs=["readme*"])) == []
    assert failures(run(make_repo({"docs/Readme.rst": ""}), globs=["README*"])) == []


def test_other_directories_do_not(make_repo):
    result = run(make_repo({"src/README.md": "", "docs/api/README.md": ""}), globs=["readme*"])
    assert failures(result) == [(None, f"No file matching readme* in {EVERYWHERE}")]


def test_matching_ignores_case_unless_case_sensitive(make_repo):
    root = make_repo({"readme.md": ""})
    assert failures(run(root, globs=["README*"])) == []
    assert failures(run(root, globs=["README*", "READ.ME"], **{"case-sensitive": True})) == [
        (None, f"No file matching README*, READ.ME in {EVERYWHERE}")
    ]


def test_directories_option(make_repo):
    root = make_repo({"docs/GOVERNANCE.md": ""})
    assert failures(run(root, globs=["governance*"], directories=["docs"])) == []
    assert failures(run(root, globs=["governance*"], directories=[""])) == [
        (None, "No file matching governance* in the repository root")
    ]
    assert failures(run(root, globs=["governance*"], directories=["/", ".github/"])) == [
        (None, "No file matching governance* in the repository root or .github/")
    ]


def test_a_directory_exists_when_it_has_a_file(make_repo):
    assert failures(run(make_repo({"changelog.d/1.fix.md": ""}), globs=["changelog.d/"])) == []
    root = make_repo({"changelog.d": "a file, not the fragment directory"})
    assert failures(run(root, globs=["changelog.d/"], directories=[""])) == [
        (None, "No file matching changelog.d/ in the repository root")
    ]


def test_deeper_patterns(make_repo):
    root = make_repo({"releasenotes/notes/fix-1a2b.yaml": "---\nfixes: [x]\n"})
    assert failures(run(root, globs=["releasenotes/notes/*.yaml"])) == []
    assert failures(run(root, globs=["**/*.yaml"], directories=["docs"])) == [
        (None, "No file matching **/*.yaml in docs/")
    ]


def test_message_replaces_the_generated_one(make_repo):
    result = run(make_repo({"a.txt": ""}), globs=["security*"], message="Say how to report a flaw")
    assert failures(result) == [(None, "Say how to report a flaw")]


def test_the_finding_has_a_stable_fingerprint(make_repo):
    first = run(make_repo({"a.txt": ""}), globs=["x"]).findings
    second = run(make_repo({"b.txt": ""}), globs=["x"]).findings
    assert len(first[0].fingerprint) == 32
    assert first[0].fingerprint == second[0].fingerprint


def test_validate():
    assert file_exists.validate({"globs": ["readme*", "docs/**/*.md"]}) == []
    assert file_exists.validate({"globs": ["x", "readme[", "a\\"]}) == [
        OptionError(
            ("globs", 1), "pattern 'readme[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(
            ("globs", 2), "pattern 'a\\\\': a pattern must not end with an unescaped backslash"
        ),
    ]
    assert file_exists.validate({"globs": ["x"], "directories": ["", "docs["]}) == [
        OptionError(("directories", 1), "a directory is a literal path, not a glob")
    ]
