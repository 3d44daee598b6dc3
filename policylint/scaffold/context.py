"""The values filled into the community-file templates, chosen from what the checkout does:
how to build and test it, its release-note style, whether commits are signed off, where its
GitHub repository is. Checkout text that reaches a template (a path, a repository name) is
reduced to characters that cannot start Markdown syntax.
"""

from __future__ import annotations

import os
import re
import textwrap
from typing import NamedTuple
from urllib.parse import quote

from policylint.scaffold.detect import ReleaseNotes

PARAGRAPH_WIDTH = 96
_SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")


class Commands(NamedTuple):
    marker: str  # a file at the root that says which toolchain the project uses
    setup: str
    test: str


PYTHON = (
    "python -m venv .venv\n. .venv/bin/activate\npython -m pip install -e .",
    "python -m pytest",
)
ECOSYSTEMS = (
    Commands("go.mod", "go build ./...", "go test ./..."),
    Commands("Cargo.toml", "cargo build", "cargo test"),
    Commands("package.json", "npm install", "npm test"),
    Commands("pyproject.toml", *PYTHON),
    Commands("setup.py", *PYTHON),
)
UNKNOWN_SETUP = "[FILL IN: how to install what a contributor needs and build the project]"
UNKNOWN_TEST = "[FILL IN: the command that runs the tests]"
DCO_SECTION = """
## Sign-off (Developer Certificate of Origin)

Every commit must be signed off: a `Signed-off-by: Your Name <you@example.org>` line at the end
of its message certifies that you wrote the change, or otherwise have the right to contribute
it under the project's license, as the [Developer Certificate of
Origin](https://developercertificate.org/) describes. `git commit -s` adds the line;
`git rebase --signoff main` adds it to the commits of a branch you already made."""
RELEASE_NOTES = {
    "reno": "Every change that users will notice comes with a release note: run `reno new "
    "short-description` and fill in the sections of the new file under `releasenotes/notes/` "
    "that apply (`features`, `fixes`, `upgrade`, `deprecations`, `security`).",
    "towncrier": "Every change that users will notice comes with a news fragment in `{where}`, "
    "named after the issue or pull request and the type of change: `123.feature.md`, "
    "`456.bugfix.md` (`towncrier create` writes one). Write it for users: what changed for them.",
    "changesets": "Every change that users will notice comes with a changeset: run `npx "
    "changeset`, describe the change for users, and commit the file it creates in `.changeset/`.",
    "fragments": "Every change that users will notice comes with a changelog fragment: a YAML "
    "file in `changelogs/fragments/`, such as `123-fix-timeout.yml` with a `bugfixes:` list.",
    "prow": "Every pull request fills in the `release-note` block of the pull-request template "
    "with a line for users, or `NONE` when nothing changes for them.",
    "changelog": "Every change that users will notice adds a line to the unreleased section of "
    "`{where}`, saying what changed for them.",
}
NO_RELEASE_NOTES = (
    "Say in the pull request what changes for users, in a sentence or two that can go into the "
    "release notes as they are."
)


def commands(root: str) -> tuple[str, str]:
    """How to set up and test the project, as shell blocks; markers when it cannot be told."""
    for known in ECOSYSTEMS:
        if os.path.isfile(os.path.join(root, known.marker)):
            return _shell(known.setup), _shell(known.test)
    return UNKNOWN_SETUP, UNKNOWN_TEST


def _shell(command: str) -> str:
    return f"```sh\n{command}\n```"


def release_notes(found: ReleaseNotes | None) -> str:
    if found is None:
        return _paragraph(NO_RELEASE_NOTES)
    where = found.directory or found.found
    if not _SAFE_PATH.fullmatch(where):  # a setting, or a name unsafe in Markdown
        where = "CHANGELOG.md" if found.style == "changelog" else "newsfragments/"
    return _paragraph(RELEASE_NOTES[found.style].format(where=where))


def _paragraph(text: str, indent: str = "") -> str:
    """``text`` wrapped as the templates are, at PARAGRAPH_WIDTH characters, never inside a
    code span (its spaces are held as NUL while wrapping)."""
    held = re.sub(r"`[^`]*`", lambda span: span.group().replace(" ", "\0"), text)
    wrapped = textwrap.fill(
        held,
        PARAGRAPH_WIDTH,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped.replace("\0", " ")


def signoff(required: bool) -> str:
    return DCO_SECTION if required else ""


def report_channel(repository: str | None) -> str:
    """The private-reporting bullet of SECURITY.md; ``repository`` is ``owner/name``."""
    if repository is None:
        text = (
            "- through your forge's private vulnerability reporting: [FILL IN: its link; on "
            "GitHub, https://github.com/OWNER/REPOSITORY/security/advisories/new], or"
        )
    else:
        link = f"https://github.com/{repository}/security/advisories/new"
        text = f"- through GitHub's private vulnerability reporting: <{link}>, or"
    return _paragraph(text, "  ")


def link(path: str) -> str:
    """A repository-relative path as a Markdown link target (percent-encoded)."""
    return quote(path, safe="/._-~")
