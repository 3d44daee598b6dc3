"""Audit rows of small real repositories under one policy, plus synthetic error rows as the
audit journal holds them: shared by the audit report, score and HTML tests."""

from __future__ import annotations

from typing import Any

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.loading import find_config, load_policy
from policylint.reporters.json import document
from tests.helpers.repos import MakeRepo, git

POLICY = """\
rules:
  readme:
    kind: file-exists
    title: The project has a README
    severity: error
    options: {globs: ["readme*"]}
  license:
    kind: file-exists
    title: The project has a license
    severity: warning
    options: {globs: ["license*"]}
  docs-index:
    kind: file-exists
    title: The docs have an index
    severity: note
    options: {globs: ["docs/index*"]}
  roadmap:
    kind: file-exists
    title: A roadmap is published
    severity: error
    when: exists("never/**")
    options: {globs: ["roadmap*"]}
  broken:
    kind: expr
    title: A broken expression
    severity: warning
    options: {assert: "params.nope", message: never shown}
exemptions:
  - rule: license
    reason: The license lives in the foundation's repository.
"""


# Files that make every rule but `broken` pass (it errors), and `roadmap` (skipped).
COMPLETE = {"README.md": "# x\n", "LICENSE": "MIT\n", "docs/index.md": "# docs\n"}


def audited(
    make_repo: MakeRepo,
    files: dict[str, str],
    *,
    name: str,
    origin: str = "repository",
    policy: str | None = POLICY,
) -> dict[str, Any]:
    """The journal row of a real repository evaluated as ``policylint check`` does."""
    config = {".policylint.yaml": policy} if policy is not None else {}
    root = make_repo({**files, **config})
    loaded = load_policy(find_config(root), root=root, use_cache=False)
    result = evaluate(loaded, Facts(repo=Repo(str(root)), params=loaded.params, now=0.0))
    return {
        "version": 1,
        "key": f"{root}@HEAD",
        "source": str(root),
        "name": name,
        "head": git(root, "rev-parse", "HEAD").strip(),
        "policy": {"origin": origin, "sources": list(loaded.sources), "hash": "0" * 64},
        "status": "ok",
        "error": None,
        "seconds": 0.25,
        "report": document(result),
    }


def error_row(
    name: str, error: str, *, source: str | None = None, origin: str | None = None
) -> dict[str, Any]:
    """A repository that could not be evaluated; its policy is null unless ``origin`` is given
    (a repository whose own policy is invalid)."""
    policy = None if origin is None else {"origin": origin, "sources": [], "hash": ""}
    return {
        "version": 1,
        "key": name,
        "source": source if source is not None else f"https://git.example.org/{name}.git",
        "name": name,
        "head": None,
        "policy": policy,
        "status": "error",
        "error": error,
        "seconds": 30.0,
        "report": None,
    }


def sample_rows(make_repo: MakeRepo) -> list[dict[str, Any]]:
    """A small audit: complete (75.0 C), bare (25.0 F), imposed (75.0 C), two errors (one
    before its policy was read)."""
    return [
        audited(make_repo, COMPLETE, name="org/complete"),
        audited(make_repo, {"src/x.py": ""}, name="org/bare"),
        audited(make_repo, COMPLETE, name="org/imposed", origin="imposed"),
        error_row(
            "org/timeout",
            "stopped after 30 s, the time one repository may take",
            origin="repository",
        ),
        error_row("org/corrupt", "not a git repository: .git/HEAD is missing"),
    ]
