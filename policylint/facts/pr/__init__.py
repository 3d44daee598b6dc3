"""Pull-request facts: title, body, labels and the rest of a pull (merge) request's metadata,
read from the CI platform's own files and variables (no network), ``--pr-json`` or flags.

Every string is untrusted and kept as the platform sent it (escaping is the reporters' job);
only an empty description becomes None, as GitHub sends it. ``json`` is imported inside the
functions that read files: this module is imported on every ``check``, which usually has no
pull request. docs/pull-request-facts.md says where each field comes from on each platform.
The readers live in pr_github (GitHub Actions), pr_gitlab (GitLab CI) and pr_document (JSON
files); the records in pr_records. Every name is importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.errors import PullRequestError
from policylint.facts.pr.github import GITHUB_PR_EVENTS, from_github_event
from policylint.facts.pr.gitlab import GITLAB_DRAFT_PREFIXES, GITLAB_SOURCE, from_gitlab
from policylint.facts.pr.json_file import MAX_BYTES, Path, read_json
from policylint.facts.pr.records import CiContext, PullRequest

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "GITHUB_PR_EVENTS",
    "GITLAB_DRAFT_PREFIXES",
    "GITLAB_SOURCE",
    "MAX_BYTES",
    "CiContext",
    "Path",
    "PullRequest",
    "PullRequestError",
    "detect",
    "from_flags",
    "from_github_event",
    "from_gitlab",
    "from_json",
]


def detect(env: Mapping[str, str]) -> CiContext | None:
    """The CI context of a GitHub Actions pull-request or merge-queue run, or of a GitLab merge
    request pipeline; None elsewhere (and for other GitHub events)."""
    name, path = env.get("GITHUB_EVENT_NAME"), env.get("GITHUB_EVENT_PATH")
    if env.get("GITHUB_ACTIONS") == "true" and name and path:
        return from_github_event(name, path)
    return from_gitlab(env)


def from_flags(
    title: str, body: str | None = None, labels: Iterable[str] = (), author: str | None = None
) -> PullRequest:
    """The pull request that ``--title``, ``--body``, ``--label`` (repeated), ``--author`` give."""
    return PullRequest(title, body or None, tuple(labels), author)


def from_json(path: str) -> CiContext:
    """The context a ``--pr-json`` file (schemas/pr.schema.json) describes; every schema
    problem reported at once."""
    document = read_json(path, "--pr-json file")
    document.check_schema()
    data: dict[str, Any] = document.data
    fields = {key: value for key, value in data.items() if key in PullRequest._fields}
    fields["labels"] = tuple(fields.get("labels", ()))
    fields["body"] = fields.get("body") or None
    if fields.get("number") is not None:
        fields["number"] = int(fields["number"])  # JSON's 7.0 is an integer too
    pr = PullRequest(**fields, source=f"--pr-json {path}")
    return CiContext(pr, pr.base_sha or pr.base_ref, pr.head_sha or pr.head_ref, pr.source)
