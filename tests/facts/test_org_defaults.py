"""Organisation defaults (``--org-defaults DIR``): community health files from the
organisation's ``.github`` repository stand in for a repository's own, as on GitHub."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.checks import file_exists, with_defaults
from policylint.errors import RepoError
from policylint.facts import Facts
from policylint.facts.org_defaults import is_community_file
from policylint.facts.repo import Repo
from policylint.model import Location, Problem, Rule
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git


@pytest.mark.parametrize(
    "path",
    [
        "CODE_OF_CONDUCT.md",
        "code-of-conduct.md",
        ".github/CONTRIBUTING.md",
        "docs/SECURITY.md",
        "SUPPORT",
        "FUNDING.yml",
        "GOVERNANCE.rst",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "ISSUE_TEMPLATE/bug.yml",
        ".github/ISSUE_TEMPLATE/config.yml",
        "docs/DISCUSSION_TEMPLATE/ideas.yml",
    ],
)
def test_community_health_files(path: str) -> None:
    assert is_community_file(path)


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "profile/README.md",
        "LICENSE",
        "MAINTAINERS.md",
        "CODEOWNERS",
        "CHANGELOG.md",
        "SECURITY_CONTACTS",
        "templates/SECURITY.md",  # no place GitHub reads defaults from
        "docs/policies/CONTRIBUTING.md",
        ".github/ISSUE_TEMPLATE/forms/bug.yml",  # not directly in the template directory
        ".github/workflows/ci.yml",
    ],
)
def test_other_files_are_no_defaults(path: str) -> None:
    assert not is_community_file(path)


def rule(globs: list[str], **options: object) -> Rule:
    where = Location("policy.yaml", 1, 1)
    return Rule(
        id="r",
        kind="file-exists",
        title="t",
        severity="warning",
        options=with_defaults("file-exists", {"globs": globs, **options}),
        origin=where,
    )


def problems(root: Path, org: Path | None, checked: Rule) -> list[Problem]:
    return list(file_exists.check(checked, Facts(repo=Repo(root, org_defaults=org))))


ORG = {
    ".github/SECURITY.md": "# Security\n",
    "CODE_OF_CONDUCT.md": "# Code of Conduct\n",
    "LICENSE": "MIT\n",
    "README.md": "# org\n",
    ".gitlab/CONTRIBUTING.md": "# not read: GitHub reads the root, .github/ and docs/\n",
}


def test_a_default_community_file_satisfies_the_rule(make_repo: MakeRepo) -> None:
    root, org = make_repo({"main.go": ""}), make_repo(ORG, name="org")
    assert problems(root, org, rule(["security*"])) == []
    assert problems(root, org, rule(["code*of*conduct*"])) == []


def test_a_license_or_readme_never_comes_from_the_defaults(make_repo: MakeRepo) -> None:
    root, org = make_repo({"main.go": ""}), make_repo(ORG, name="org")
    missing = "No file matching {} in the repository root, .github/ or docs/"
    assert problems(root, org, rule(["license*"])) == [Problem(missing.format("license*"))]
    assert problems(root, org, rule(["readme*"])) == [Problem(missing.format("readme*"))]


def test_only_the_places_github_reads_count(make_repo: MakeRepo) -> None:
    root, org = make_repo({"main.go": ""}), make_repo(ORG, name="org")
    everywhere = rule(["contributing*"], directories=["", ".github", ".gitlab", "docs"])
    message = "No file matching contributing* in the repository root, .github/, .gitlab/ or docs/"
    assert problems(root, org, everywhere) == [Problem(message)]
    only_docs = rule(["security*"], directories=["docs"])
    assert problems(root, org, only_docs) == [Problem("No file matching security* in docs/")]


def test_issue_templates_come_from_the_defaults(make_repo: MakeRepo) -> None:
    root = make_repo({"main.go": ""})
    org = make_repo({".github/ISSUE_TEMPLATE/bug.yml": "name: Bug\n"}, name="org")
    templates = rule(["*"], directories=[".github/ISSUE_TEMPLATE"])
    assert problems(root, org, templates) == []


def test_without_org_defaults_the_rule_fails(make_repo: MakeRepo) -> None:
    root = make_repo({"main.go": ""})
    message = "No file matching security* in the repository root, .github/ or docs/"
    assert problems(root, None, rule(["security*"])) == [Problem(message)]


def test_a_link_out_of_the_defaults_does_not_count(make_repo: MakeRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Security\n", encoding="utf-8")
    org = make_repo({"README.md": ""}, name="org")
    os.symlink(outside, org / "SECURITY.md")
    git(org, "add", "SECURITY.md")
    git(org, "commit", "-q", "-m", "a link")
    root = make_repo({"main.go": ""})
    message = "No file matching security* in the repository root, .github/ or docs/"
    assert problems(root, org, rule(["security*"])) == [Problem(message)]


def test_org_defaults_that_are_no_directory(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"main.go": ""})
    with pytest.raises(RepoError) as raised:
        Repo(root, org_defaults=tmp_path / "nowhere")
    nowhere = tmp_path / "nowhere"
    assert str(raised.value) == f"{nowhere}: not a directory (the organisation defaults)"


def test_a_plain_directory_works_as_org_defaults(make_repo: MakeRepo) -> None:
    root = make_repo({"main.go": ""})
    org = make_repo({"docs/GOVERNANCE.md": "# Governance\n"}, name="org", use_git=False)
    assert problems(root, org, rule(["governance*"])) == []


def test_check_and_audit_fall_back_on_org_defaults(make_repo: MakeRepo, tmp_path: Path) -> None:
    """End to end through the console script: the security policy rule of the default pack
    passes with the organisation's SECURITY.md; the licence rule never does."""
    import json

    repo = make_repo({"README.md": "# x\n"}, name="checkouts/app")
    org = make_repo({"SECURITY.md": "# Security\nMail security@example.org\n", "LICENSE": "MIT"})

    def statuses(*extra: str) -> dict[str, str]:
        proc = run_policylint("check", str(repo), "-f", "json", *extra)
        return {rule["id"]: rule["status"] for rule in json.loads(proc.stdout)["rules"]}

    assert statuses()["security-policy"] == "fail"
    with_org = statuses("--org-defaults", str(org))
    assert (with_org["security-policy"], with_org["license"]) == ("pass", "fail")
    journal = tmp_path / "audit.jsonl"
    audited = run_policylint(
        "audit", str(repo.parent), "--journal", str(journal), "--no-progress",
        "--org-defaults", str(org),
    )  # fmt: skip
    assert audited.returncode == 0, audited.stderr
    (row,) = [json.loads(line) for line in journal.read_text().splitlines()]
    rules = {rule["id"]: rule["status"] for rule in row["report"]["rules"]}
    assert (rules["security-policy"], rules["license"]) == ("pass", "fail")
