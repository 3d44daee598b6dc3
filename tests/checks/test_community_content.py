"""The community-file content kinds on real git repositories: for each community file, an
empty, a whitespace-only, a placeholder and a contact-less (or description-less) variant fail
with the file and the right line; minimal real-world variants pass."""

from __future__ import annotations

from typing import Any

import pytest

from policylint.model import Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import MIT, MakeRepo

Found = tuple[str | None, int | None, str, str]  # path, line, severity, message


def found(result: Result) -> list[Found]:
    return [(f.path, f.line, f.severity, f.message) for f in result.findings]


def check(make_repo: MakeRepo, kind: str, files: dict[str, str], **options: Any) -> Result:
    return run_check(kind, options, root=make_repo(files), severity="warning")


EMPTY = "the file is empty"
WHITESPACE = "the file holds only whitespace"

# kind, the file it reads, a placeholder variant (text, line, placeholder as shown), and the
# message of a variant that says nothing of what the kind wants.
SAYS_NOTHING = [
    (
        "security-channel",
        "SECURITY.md",
        (
            "# Security\n\n## Reporting\n\nMail [FILL IN: a private address].\n",
            5,
            "[FILL IN: a private address]",
        ),
        "# Security\n\n## Supported versions\n\n1.x\n\n## Reporting a vulnerability\n\nOpen an "
        "issue at https://github.com/demo/demo/issues/new.\n",
        7,
        "names no private channel for vulnerability reports (an e-mail address, an https:// "
        "link to a reporting form or security advisories, or GitHub private vulnerability "
        "reporting)",
    ),
    (
        "conduct-reporting",
        "CODE_OF_CONDUCT.md",
        (
            "# Code of Conduct\n\n## Enforcement\n\nReport to the community leaders at\n"
            "[INSERT CONTACT METHOD].\n",
            6,
            "[INSERT CONTACT METHOD]",
        ),
        "# Code of Conduct\n\nBe kind.\n\n## Enforcement\n\nMaintainers remove unkind "
        "comments.\n\nAdapted from the [Contributor Covenant]"
        "(https://www.contributor-covenant.org/version/2/1/code_of_conduct.html).\n",
        5,
        "says nowhere how to report a problem (an e-mail address, or a link to where reports "
        "go or to the foundation's code the project adopts)",
    ),
    (
        "readme-prose",
        "README.md",
        ("# demo\n\nTODO: say what it does\n", 3, "TODO: say what it does"),
        "# demo\n\n[![ci](https://ci.example/badge.svg)](https://ci.example)\n\n## Usage\n",
        1,
        "says nothing beyond its title: 0 words of prose, at least 3 wanted",
    ),
    (
        "proposal-process",
        "CONTRIBUTING.md",
        (
            "# Contributing\n\n## Set-up\n\n[FILL IN: how to install what a contributor needs]\n",
            5,
            "[FILL IN: how to install what a contributor needs]",
        ),
        "# Contributing\n\nThank you for your interest! We value every contribution.\n",
        1,
        "does not say how to propose a change (a pull or merge request, a patch, Gerrit) nor "
        "link to contributing documentation",
    ),
    (
        "spdx-license",
        "LICENSE",
        (
            "Copyright (c) [year] [fullname]\n\nPermission is hereby granted...\n",
            1,
            "[year] [fullname]",
        ),
        "All rights reserved, for now.\n",
        1,
        None,  # a warning whatever the rule's severity: see the licence tests below
    ),
]
IDS = [case[0] for case in SAYS_NOTHING]


@pytest.mark.parametrize(("kind", "path", "placeholder", "silent", "line", "message"),
                         SAYS_NOTHING, ids=IDS)  # fmt: skip
def test_an_empty_file_fails_at_line_one(
    make_repo: MakeRepo, kind: str, path: str, placeholder: Any, silent: str, line: int,
    message: str | None,
) -> None:  # fmt: skip
    assert found(check(make_repo, kind, {path: ""})) == [(path, 1, "warning", EMPTY)]


@pytest.mark.parametrize(("kind", "path", "placeholder", "silent", "line", "message"),
                         SAYS_NOTHING, ids=IDS)  # fmt: skip
def test_a_whitespace_only_file_fails_at_line_one(
    make_repo: MakeRepo, kind: str, path: str, placeholder: Any, silent: str, line: int,
    message: str | None,
) -> None:  # fmt: skip
    result = check(make_repo, kind, {path: "  \n\t\n\n"})
    assert found(result) == [(path, 1, "warning", WHITESPACE)]


@pytest.mark.parametrize(("kind", "path", "placeholder", "silent", "line", "message"),
                         SAYS_NOTHING, ids=IDS)  # fmt: skip
def test_a_placeholder_fails_at_its_line(
    make_repo: MakeRepo, kind: str, path: str, placeholder: Any, silent: str, line: int,
    message: str | None,
) -> None:  # fmt: skip
    text, at, shown = placeholder
    result = check(make_repo, kind, {path: text})
    expected = f'still holds the template placeholder "{shown}"'
    assert found(result) == [(path, at, "warning", expected)]


@pytest.mark.parametrize(("kind", "path", "placeholder", "silent", "line", "message"),
                         SAYS_NOTHING[:4], ids=IDS[:4])  # fmt: skip
def test_a_file_that_says_nothing_of_it_fails_at_its_heading(
    make_repo: MakeRepo, kind: str, path: str, placeholder: Any, silent: str, line: int,
    message: str,
) -> None:  # fmt: skip
    assert found(check(make_repo, kind, {path: silent})) == [(path, line, "warning", message)]


@pytest.mark.parametrize("kind", IDS)
def test_no_file_is_the_presence_rules_finding_not_the_content_rules(
    make_repo: MakeRepo, kind: str
) -> None:
    result = check(make_repo, kind, {"main.c": "int main(void) { return 0; }\n"})
    assert found(result) == []
    assert [o.status for o in result.outcomes] == ["pass"]


# Minimal files from real projects (written here, shaped like the originals).
CNCF_CODE_OF_CONDUCT = (
    "# Community Code of Conduct\n\n"
    "This project follows the [CNCF Code of Conduct]"
    "(https://github.com/cncf/foundation/blob/main/code-of-conduct.md).\n"
    "Report violations to the maintainers at conduct@kind.sigs.k8s.dev.\n"
)
KUBERNETES_SECURITY_CONTACTS = (
    "# Defined below are the security contacts for this repo.\n"
    "#\n"
    "# They are the contact point for the Product Security Committee to reach out\n"
    "# to for triaging and handling of incoming issues.\n"
    "#\n"
    "# DO NOT REPORT SECURITY VULNERABILITIES DIRECTLY TO THESE NAMES, FOLLOW THE\n"
    "# INSTRUCTIONS AT https://kubernetes.io/security/\n"
    "\n"
    "BenTheElder\n"
    "munnerz\n"
)
PALLETS_CONTRIBUTING_RST = (
    "Contributing\n"
    "============\n"
    "\n"
    "See the Pallets `detailed contributing documentation <contrib_>`_ for many ways\n"
    "to contribute, including reporting issues, requesting features, asking or\n"
    "answering questions, and making PRs.\n"
    "\n"
    ".. _contrib: https://palletsprojects.com/contributing/\n"
)
REAL_WORLD = [
    ("conduct-reporting", {"code-of-conduct.md": CNCF_CODE_OF_CONDUCT}),
    ("conduct-reporting", {".github/CODE_OF_CONDUCT.md": (
        "# Code of Conduct\n\nThe Tokio project adheres to the [Rust Code of Conduct]"
        "(https://www.rust-lang.org/policies/code-of-conduct).\n")}),
    ("security-channel", {"SECURITY_CONTACTS": KUBERNETES_SECURITY_CONTACTS}),
    ("security-channel", {"SECURITY.md": (
        "# Security Policy\n\nPlease report a [new Security Advisory]"
        "(https://github.com/demo/demo/security/advisories/new).\n")}),
    ("security-channel", {"SECURITY.md": (
        "# Security Policy\n\nTo reach the response team, email `security at python dot org`.\n")}),
    ("security-channel", {"SECURITY.md": (
        "See https://github.com/containerd/project/blob/main/SECURITY.md for reporting a "
        "vulnerability.\n")}),
    ("proposal-process", {"docs/contributing.rst": PALLETS_CONTRIBUTING_RST}),
    ("proposal-process", {"CONTRIBUTING.rst": (
        "Changes to OpenStack should be submitted for review via the Gerrit tool.\n")}),
    ("readme-prose", {"README.rst": (
        "===============\nOpenStackClient\n===============\n\n"
        ".. image:: https://img.shields.io/pypi/v/python-openstackclient.svg\n"
        "    :target: https://pypi.org/project/python-openstackclient/\n\n"
        "OpenStackClient is a command-line client for OpenStack.\n")}),
    ("readme-prose", {"README.md": (
        '<p align="center"><strong>HTTPX</strong> <em>- A next-generation HTTP client.</em></p>\n'
    )}),
    ("spdx-license", {"LICENSE": MIT}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "files"), REAL_WORLD)
def test_minimal_real_world_files_pass(
    make_repo: MakeRepo, kind: str, files: dict[str, str]
) -> None:
    result = check(make_repo, kind, files)
    assert found(result) == []
    assert [o.status for o in result.outcomes] == ["pass"]


def test_a_security_contacts_file_that_lists_nobody_fails(make_repo: MakeRepo) -> None:
    comments = KUBERNETES_SECURITY_CONTACTS.split("\n\n", maxsplit=1)[0] + "\n"
    result = check(make_repo, "security-channel", {"SECURITY_CONTACTS": comments})
    message = "lists no security contact (every line is a comment)"
    assert found(result) == [("SECURITY_CONTACTS", 1, "warning", message)]


def test_example_addresses_and_public_trackers_are_no_private_channel(
    make_repo: MakeRepo,
) -> None:
    text = (
        "# Security\n\nMail security@example.com, or file a bug at "
        "https://github.com/demo/demo/issues/new?template=bug_report.md\n"
    )
    result = check(make_repo, "security-channel", {"SECURITY.md": text})
    assert [f[0:2] for f in found(result)] == [("SECURITY.md", 1)]


def test_a_code_block_example_is_no_placeholder(make_repo: MakeRepo) -> None:
    text = "# Contributing\n\nOpen a pull request.\n\n```yaml\nemail: <your email>\n```\n"
    assert found(check(make_repo, "proposal-process", {"CONTRIBUTING.md": text})) == []


def test_filled_in_names_every_unfilled_file(make_repo: MakeRepo) -> None:
    files = {
        "GOVERNANCE.md": "",
        "MAINTAINERS.md": "# Maintainers\n\n[FILL IN: at least two maintainers]\n",
        ".github/CODEOWNERS": "* @ada @grace\n",
    }
    result = run_check(
        "filled-in",
        {"globs": ["governance*", "maintainers*", "codeowners*"]},
        root=make_repo(files),
    )
    assert found(result) == [
        ("GOVERNANCE.md", 1, "error", EMPTY),
        ("MAINTAINERS.md", 3, "error",
         'still holds the template placeholder "[FILL IN: at least two maintainers]"'),
    ]  # fmt: skip
