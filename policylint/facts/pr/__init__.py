"""Pull-request facts: title, body, labels and the rest of a pull (merge) request's metadata,
read from the CI platform's own files and variables (no network), ``--pr-json`` or flags.

Every string is untrusted and kept as the platform sent it (escaping is the reporters' job);
only an empty description becomes None, as GitHub sends it. ``json`` is imported inside the
functions that read files: this module is imported on every ``check``, which usually has no
pull request. docs/pull-request-facts.md says where each field comes from on each platform.
The platforms are one table (``policylint.facts.platforms.PLATFORMS``: marker variable and
reader module: github for GitHub Actions, gitlab for GitLab CI); JSON files are read by
``json_file``, the records are in ``records``. Importing this package imports no reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.facts.platforms import PLATFORMS, detect
from policylint.facts.pr.records import CiContext, PullRequest

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["PLATFORMS", "CiContext", "PullRequest", "detect", "from_flags", "from_json"]


def from_flags(
    title: str, body: str | None = None, labels: Iterable[str] = (), author: str | None = None
) -> PullRequest:
    """The pull request that ``--title``, ``--body``, ``--label`` (repeated), ``--author`` give."""
    return PullRequest(title, body or None, tuple(labels), author)


def from_json(path: str) -> CiContext:
    """The context a ``--pr-json`` file (schemas/pr.schema.json) describes; every schema
    problem reported at once."""
    from policylint.facts.pr.json_file import read_json

    document = read_json(path, "--pr-json file")
    document.check_schema()
    data: dict[str, Any] = document.data
    fields = {key: value for key, value in data.items() if key in PullRequest._fields}
    fields["labels"] = tuple(fields.get("labels", ()))
    fields["body"] = fields.get("body") or None
    if fields.get("number") is not None:
        fields["number"] = int(fields["number"])  # JSON's 7.0 is an integer too
    pr = PullRequest(**fields, source=f"--pr-json {path}")
    base_at = document.where(("base_sha",) if pr.base_sha else ("base_ref",))
    return CiContext(pr, pr.base_sha or pr.base_ref, pr.head_sha or pr.head_ref, pr.source, base_at)
