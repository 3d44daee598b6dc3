"""The built-in community-health and recommended packs on repositories shaped like real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.model import Policy, Result

RULES = [
    "readme",
    "license",
    "contributing",
    "code-of-conduct",
    "security-policy",
    "governance",
    "maintainers",
    "changelog",
]
# What the files say; each passes when its file is missing (the presence rule's finding).
CONTENT_RULES = [
    "readme-description",
    "license-identified",
    "contributing-process",
    "conduct-contact",
    "security-contact",
    "community-files-filled-in",
]
CONTENT_KINDS = {
    "readme-description": "readme-prose",
    "license-identified": "spdx-license",
    "contributing-process": "proposal-process",
    "conduct-contact": "conduct-reporting",
    "security-contact": "security-channel",
    "community-files-filled-in": "filled-in",
}
WHERE = "in the repository root, .github/ or docs/"
MESSAGES = {
    "readme": f"No README {WHERE}",
    "license": f"No license file (LICENSE, LICENCE, COPYING or LICENSES/) {WHERE}",
    "contributing": f"No contributing guide (CONTRIBUTING*) {WHERE}",
    "code-of-conduct": f"No code of conduct (CODE_OF_CONDUCT*) {WHERE}",
    "security-policy": f"No security policy (SECURITY*) {WHERE}",
    "governance": f"No governance document (GOVERNANCE*) {WHERE}",
    "maintainers": "No maintainers file (MAINTAINERS*, OWNERS*, CODEOWNERS) in the repository "
    "root, .github/, .gitlab/ or docs/",
    "changelog": "No changelog (CHANGELOG*, CHANGES*, HISTORY*, NEWS*, release notes) or "
    f"release-note fragment directory {WHERE}",
}

PYTHON_PROJECT = {
    "README.rst": "example\n=======\n",
    "LICENSE.txt": "Apache License\nVersion 2.0, January 2004\n",
    "CONTRIBUTING.rst": "Contributing\n============\n",
    "CHANGES.rst": "Changes\n=======\n\n1.0 (unreleased)\n----------------\n",
    "docs/governance.md": "# Governance\n",
    "docs/index.rst": "Welcome\n=======\n",
    "docs/conf.py": "project = 'example'\n",
    "pyproject.toml": "[project]\nname = 'example'\n",
    "src/example/__init__.py": "",
}
GO_PROJECT = {
    "README.md": "# example\n",
    "LICENSE": "Apache License\n",
    "CONTRIBUTING.md": "# Contributing\n",
    ".github/CODE_OF_CONDUCT.md": "# Code of Conduct\n",
    ".github/PULL_REQUEST_TEMPLATE.md": "#### What type of PR is this?\n",
    "OWNERS": "approvers:\n  - alice\n  - bob\n",
    "OWNERS_ALIASES": "aliases: {}\n",
    "SECURITY.md": "# Security Policy\n",
    "SECURITY_CONTACTS": "alice\n",
    "CHANGELOG/CHANGELOG-1.30.md": "# v1.30.0\n",
    "go.mod": "module example.org/example\n",
    "cmd/example/main.go": "package main\n",
}
OPENSTACK_PROJECT = {
    "README.rst": "=======\nexample\n=======\n",
    "LICENSE": "Apache License\n",
    "CONTRIBUTING.rst": "The source repository for this project can be found at: ...\n",
    "HACKING.rst": "example Style Commandments\n",
    "releasenotes/notes/add-widget-5f2a3b1c9d8e7f60.yaml": "---\nfeatures:\n  - Widgets.\n",
    "releasenotes/source/conf.py": "",
    "doc/source/index.rst": "Welcome\n",
    "setup.cfg": "[metadata]\nname = example\n",
    "tox.ini": "[tox]\n",
}
NEAR_EMPTY = {
    "main.c": "int main(void) { return 0; }\n",
    "src/lib/README.md": "# A README deep inside does not count\n",
    "vendor/zlib/LICENSE": "zlib license\n",
    "vendor/zlib/ChangeLog": "vendored history\n",
}


def check(root: Path, config: Path | None = None) -> Result:
    return evaluate(load_policy(config, root=root), Facts(repo=Repo(root)))


def failed(result: Result) -> dict[str, str]:
    """The presence rules' failures (the content rules are tested in tests/checks/)."""
    return {f.rule: f.message for f in result.findings if f.status == "fail" and f.rule in RULES}


@pytest.fixture
def community_health(tmp_path: Path) -> Path:
    """A config outside the checked repository that uses only the community-health pack."""
    config = tmp_path / "community-health-only.yaml"
    config.write_text("extends: [builtin:community-health]\n", encoding="utf-8")
    return config


def test_the_pack_has_its_rules_in_order(make_repo, community_health):
    policy = load_policy(community_health, root=make_repo(NEAR_EMPTY))
    assert [rule.id for rule in policy.rules] == RULES + CONTENT_RULES
    severities = {rule.id: rule.severity for rule in policy.rules}
    errors = ["readme", "license", "readme-description", "license-identified"]
    assert [r for r in RULES + CONTENT_RULES if severities[r] == "error"] == errors


def test_every_rule_explains_itself(make_repo, community_health):
    for rule in load_policy(community_health, root=make_repo(NEAR_EMPTY)).rules:
        assert rule.kind == ("file-exists" if rule.id in RULES else CONTENT_KINDS[rule.id])
        assert rule.title and rule.description and rule.help, rule.id
        assert "community-health" in rule.tags, rule.id
        assert rule.references and all(r.startswith("https://") for r in rule.references)


def test_osps_baseline_tags(make_repo):
    expected = {
        "readme": ["OSPS-DO-01.01"],
        "license": ["OSPS-LE-03.01"],
        "contributing": ["OSPS-GV-03.01"],
        "code-of-conduct": [],
        "security-policy": ["OSPS-VM-01.01", "OSPS-VM-02.01"],
        "governance": ["OSPS-GV-01.02"],
        "maintainers": ["OSPS-GV-01.01"],
        "changelog": ["OSPS-BR-04.01"],
        "readme-description": ["OSPS-DO-01.01"],
        "license-identified": ["OSPS-LE-03.01"],
        "contributing-process": ["OSPS-GV-03.01"],
        "conduct-contact": [],
        "security-contact": ["OSPS-VM-01.01", "OSPS-VM-02.01"],
        "community-files-filled-in": [],
        "tests-with-code": ["OSPS-QA-06.03"],
        "docs-updated": ["OSPS-DO-01.01"],
        "pr-description": [],
        "change-size": [],
    }
    policy = load_policy(None, root=make_repo(NEAR_EMPTY))
    tags = {rule.id: [t for t in rule.tags if t.startswith("OSPS-")] for rule in policy.rules}
    assert tags == expected


def test_a_python_project(make_repo, community_health):
    result = check(make_repo(PYTHON_PROJECT), community_health)
    missing = ("code-of-conduct", "security-policy", "maintainers")
    assert failed(result) == {r: MESSAGES[r] for r in missing}


def test_a_go_project(make_repo, community_health):
    result = check(make_repo(GO_PROJECT), community_health)
    assert failed(result) == {"governance": MESSAGES["governance"]}


def test_an_openstack_project(make_repo, community_health):
    result = check(make_repo(OPENSTACK_PROJECT), community_health)
    missing = ("code-of-conduct", "security-policy", "governance", "maintainers")
    assert failed(result) == {r: MESSAGES[r] for r in missing}


def test_a_near_empty_repository_misses_everything(make_repo, community_health):
    result = check(make_repo(NEAR_EMPTY), community_health)
    assert failed(result) == MESSAGES
    outcomes = [o.status for o in result.outcomes]
    assert outcomes == ["fail"] * len(RULES) + ["pass"] * len(CONTENT_RULES)
    assert result.failed()


def test_a_project_with_everything_in_github_and_docs(make_repo, community_health):
    root = make_repo(
        {
            "docs/README.md": "",
            "COPYING": "",
            ".github/CONTRIBUTING.md": "",
            "docs/code-of-conduct.md": "",
            ".github/SECURITY.md": "",
            "docs/GOVERNANCE.rst": "",
            ".github/CODEOWNERS": "* @maintainers\n",
            ".changeset/brave-lions-dance.md": "---\n'pkg': patch\n---\nFix.\n",
        }
    )
    result = check(root, community_health)
    assert failed(result) == {}
    assert [o.status for o in result.outcomes][: len(RULES)] == ["pass"] * len(RULES)


@pytest.mark.parametrize(
    "files",
    [
        {"LICENSES/Apache-2.0.txt": ""},
        {"licence.md": ""},
        {"UNLICENSE": ""},
        {"MIT-LICENSE": ""},
    ],
)
def test_license_spellings(make_repo, community_health, files):
    assert "license" not in failed(check(make_repo(files), community_health))


@pytest.mark.parametrize(
    "files",
    [
        {"HISTORY.md": ""},
        {"NEWS": ""},
        {"docs/changelog.rst": ""},
        {"RELEASE-NOTES.md": ""},
        {"docs/releases/1.0.rst": ""},
        {"changelog.d/123.bugfix.md": ""},
        {"newsfragments/42.feature": ""},
        {"changelogs/fragments/fix.yml": ""},
    ],
)
def test_changelog_spellings(make_repo, community_health, files):
    assert "changelog" not in failed(check(make_repo(files), community_health))


def test_a_maintainers_file_for_gitlab(make_repo, community_health):
    root = make_repo({".gitlab/CODEOWNERS": "* @maintainers\n"})
    assert "maintainers" not in failed(check(root, community_health))


def test_recommended_is_the_default_and_extends_community_health(make_repo):
    root = make_repo(NEAR_EMPTY)
    policy: Policy = load_policy(None, root=root)
    change_rules = ["tests-with-code", "docs-updated", "pr-description", "change-size"]
    assert [rule.id for rule in policy.rules] == RULES + CONTENT_RULES + change_rules
    assert "builtin:community-health" in policy.sources
    assert "builtin:pr-hygiene" in policy.sources
    assert failed(check(root)) == MESSAGES
