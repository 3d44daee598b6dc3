"""One repository audited as one journal row: evaluated as ``policylint check --no-ci PATH``
evaluates it (a checkout; no change, commits or pull request).

This module runs in worker processes: the engine, the loader and the reporters are imported
once, with the module, and a policy shared by many repositories (the built-in pack, an imposed
file) is loaded once per process. ``python -m policylint.audit.worker`` serves the local pool:
settings on the first line of standard input, then one task a line; it answers ``{"ready":
true}`` once warmed up, then one row (or ``null``: unchanged since the journal's row) a line.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from policylint import __version__
from policylint.atomicfile import write_atomically
from policylint.audit import ROW_VERSION
from policylint.audit.clones import checkout
from policylint.audit.heads import head_from_files, read_small_file
from policylint.audit.owners import org_defaults_for
from policylint.audit.sources import Target
from policylint.budget import BudgetExceeded, call_with_budget
from policylint.digest import sha256_hex
from policylint.engine import evaluate
from policylint.errors import PolicylintError, RepoError
from policylint.facts import Facts
from policylint.facts.gathering import history_of
from policylint.facts.repo import Repo
from policylint.git import run_git
from policylint.loading import find_config, load_policy
from policylint.model import Policy
from policylint.reporters import render
from policylint.reporters.json import document, printable_tree

Row = dict[str, Any]


class Settings(NamedTuple):
    """What every task of one audit shares."""

    cache: str  # where git URLs are cloned
    depth: int | None = None  # --depth of clones and fetches
    sarif_dir: str | None = None  # where <name>.sarif is written, if anywhere
    # The organisation's .github checkout: community files fall back on it, as on GitHub.
    org_defaults: str | None = None


class _Loaded(NamedTuple):
    policy: Policy
    digest: str


# Policies shared by many repositories (built-in, imposed from outside them), by config path.
_SHARED: dict[str | None, _Loaded] = {}


def audit_repository(settings: Settings, target: Target, done_key: str | None = None) -> Row | None:
    """The journal row of ``target``; None when its key starts with ``done_key`` (unchanged
    since its previous row). Every failure is an error row with its reason; never raises."""
    row = _Partial(settings, target, time.perf_counter())
    try:
        root = _checkout(settings, target, refresh=done_key is None)
        row.head = head_commit(root)
        loaded = row.load_policy(root)
        if stands(row.key, done_key):
            return None
        row.org_defaults = org_defaults_for(settings.org_defaults, target, root)
        repo = Repo(root, org_defaults=row.org_defaults)
        facts = Facts(repo, loaded.policy.params, time.time(), history=history_of(repo))
        result = evaluate(loaded.policy, facts, evidence=True)  # its document is check's JSON
        if settings.sarif_dir is not None:
            _write_sarif(settings.sarif_dir, target.name, render("sarif", result, category=SARIF))
        return with_history_fields(row.finished(document(result)), root, loaded)
    except Exception as exc:  # one repository's failure never stops the audit
        return row.failed(failure_reason(exc))


def with_history_fields(row: Row, root: str, loaded: _Loaded) -> Row:
    """The fields the results database keeps beside the journal's: the default branch, the
    policy's exemptions (with their expiry, when the policy gives one) and, once per policy in
    this process, what the policy says about each rule (kind, tags, fix text, where defined)."""
    fields: Row = {}
    branch = default_branch(root)
    if branch is not None:
        fields["default_branch"] = branch
    if loaded.policy.exemptions:
        fields["exemptions"] = [exemption_entry(e) for e in loaded.policy.exemptions]
    if loaded.digest not in _DESCRIBED:
        _DESCRIBED.add(loaded.digest)
        fields["policy_rules"] = [rule_entry(rule) for rule in loaded.policy.rules]
    row.update(printable_tree(fields))
    return row


# Policies whose rules a row of this process has already described (by policy hash).
_DESCRIBED: set[str] = set()


def default_branch(root: str) -> str | None:
    """The branch the checkout has out, read from ``.git/HEAD`` (no git process: an audit
    reads thousands); None for a detached HEAD or a ``.git`` that is not a directory."""
    read = read_small_file(os.path.join(root, ".git", "HEAD"))
    if read is None:
        return None
    head = read.decode("utf-8", "surrogateescape")
    prefix = "ref: refs/heads/"
    return head[len(prefix) :] if head.startswith(prefix) else None


def exemption_entry(exemption: Any) -> Row:
    return {
        "rule": exemption.rule,
        "reason": exemption.reason,
        "paths": list(exemption.paths),
        "expires": _text_or_none(getattr(exemption, "expires", None)),
        "owner": _text_or_none(getattr(exemption, "owner", None)),
        "location": str(exemption.origin),
    }


def rule_entry(rule: Any) -> Row:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "title": rule.title,
        "severity": rule.severity,
        "tags": list(rule.tags),
        "help": rule.help,
        "origin": str(rule.origin),
    }


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def audit_with_budget(
    settings: Settings, target: Target, done_key: str | None, seconds: float
) -> Row | None:
    """``audit_repository`` stopped after ``seconds`` (for executors that cannot kill a task:
    Dask runs tasks in threads)."""
    started = time.perf_counter()
    try:
        return call_with_budget(lambda: audit_repository(settings, target, done_key), seconds)
    except BudgetExceeded:
        return timeout_row(settings, target, seconds, time.perf_counter() - started)


SARIF = "policylint/audit"  # automationDetails category of audit runs


def _checkout(settings: Settings, target: Target, *, refresh: bool) -> str:
    if not target.is_url:
        return target.location
    return checkout(target.location, settings.cache, depth=settings.depth, refresh=refresh)


def head_commit(root: str) -> str | None:
    """The checkout's HEAD commit, or None (no git, no commit yet); RepoError for a ``.git``
    that git does not take for a repository."""
    if not os.path.isdir(root):
        return None
    if (read := head_from_files(root)) is not None:  # no git process in the plain case
        return read
    proc = run_git("-C", root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message and os.path.exists(os.path.join(root, ".git")):
            # git would not read it, and the checkout would be walked as plain files
            raise RepoError(f"{root}: .git is not a valid git repository: {message}")
        return None
    return proc.stdout.decode("ascii", "replace").strip() or None


class _Partial:
    """A row as it is learnt: whatever was known when a failure struck goes into the row."""

    def __init__(self, settings: Settings, target: Target, started: float) -> None:
        self.settings, self.target, self.started = settings, target, started
        self.head: str | None = None
        self.policy: dict[str, Any] | None = None
        self.org_defaults = settings.org_defaults  # this repository's, once its owner is known

    def load_policy(self, root: str) -> _Loaded:
        config, origin = self.target.policy, "imposed"
        if config is None:
            config = find_config(root)
            origin = "builtin" if config is None else "repository"
        shown = config if origin == "imposed" else _shown(config, root)
        self.policy = {"origin": origin, "sources": [shown], "hash": None}
        loaded = policy_for(config, root)
        self.policy = {"origin": origin, "sources": list(loaded.policy.sources)}
        self.policy["hash"] = loaded.digest
        return loaded

    @property
    def key(self) -> str:
        digest = self.policy.get("hash") if self.policy else None
        return row_key(self.target.source, self.head, digest)

    def finished(self, report: dict[str, Any]) -> Row:
        return self._row("ok", None, report)

    def failed(self, reason: str) -> Row:
        return self._row("error", reason, None)

    def _row(self, status: str, error: str | None, report: dict[str, Any] | None) -> Row:
        seconds = time.perf_counter() - self.started
        return make_row(
            self.target, self.settings, status, error, seconds, report=report, partial=self
        )


def make_row(
    target: Target,
    settings: Settings,
    status: str,
    error: str | None,
    seconds: float,
    *,
    report: dict[str, Any] | None = None,
    partial: _Partial | None = None,
) -> Row:
    """A journal row (schemas/audit-row.schema.json), every string made UTF-8-safe."""
    head = partial.head if partial else None
    policy = partial.policy if partial else None
    row = {
        "version": ROW_VERSION,
        "key": partial.key if partial else row_key(target.source, None, None),
        "source": target.source,
        "name": target.name,
        "head": head,
        "policy": policy,
        "status": status,
        "error": error,
        "seconds": round(seconds, 3),
        "org_defaults": partial.org_defaults if partial else settings.org_defaults,
        "report": report,
    }
    tree: Row = printable_tree(row)
    return tree


def timeout_row(settings: Settings, target: Target, limit: float, seconds: float) -> Row:
    return make_row(target, settings, "error", f"timed out after {limit:g} s", seconds)


def stands(key: str, done_key: str | None) -> bool:
    """Whether a repository whose key is now ``key`` keeps its previous row: ``done_key`` is
    the start of that row's key (``results.DoneSet`` keeps 64 bits of it)."""
    return bool(done_key) and key[: len(done_key or "")] == done_key


def row_key(source: str, head: str | None, policy_hash: str | None) -> str:
    """What makes a row done: the same source, HEAD commit and policy."""
    text = f"{source}\0{head or ''}\0{policy_hash or ''}"
    return sha256_hex(text.encode("utf-8", "surrogateescape"))


def policy_for(config: str | None, root: str) -> _Loaded:
    """The policy of ``config`` (None: built-in) for ``root``; one that lives outside the
    checkout is loaded once per process (it does not depend on the checkout then)."""
    if config is not None and _inside(config, root):
        return _load(config, root)
    loaded = _SHARED.get(config)
    if loaded is None:
        loaded = _SHARED[config] = _load(config, root)
    return loaded


def _load(config: str | None, root: str) -> _Loaded:
    policy = load_policy(config, root=root, use_cache=False)
    return _Loaded(policy, policy_digest(policy))


def policy_digest(policy: Policy) -> str:
    """A hash of everything the effective policy says (and the version judging it)."""
    text = json.dumps([__version__, policy], sort_keys=True, default=str)
    return sha256_hex(text.encode("utf-8", "surrogateescape"))


def _shown(config: str | None, root: str) -> str:
    return "builtin:recommended" if config is None else os.path.relpath(config, root)


def _inside(path: str, root: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(os.path.join(top, ""))


def failure_reason(exc: Exception) -> str:
    """An error row's reason: what failed, in the words ``policylint check`` would use."""
    if isinstance(exc, PolicylintError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return f"internal error: {type(exc).__name__}: {exc}"


def _write_sarif(directory: str, name: str, text: str) -> None:
    write_atomically(Path(directory, sarif_name(name)), text.encode("utf-8"))


def sarif_name(name: str) -> str:
    """``<name>.sarif``, the name made a safe file name (and kept unique when changed)."""
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".") or "repository"
    if safe != name:
        safe = f"{safe}-{sha256_hex(name.encode('utf-8', 'surrogateescape'))[:8]}"
    return f"{safe}.sarif"


def warm_up() -> None:
    """Import what the first repository would: the YAML loader, the schemas, the reporters."""
    policy_for(None, os.getcwd())


def serve() -> int:
    """The local pool's side of a worker process (see the module docstring)."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr: standard output carries answers only
    settings = Settings(*json.loads(sys.stdin.readline()))
    warm_up()
    _answer(answers, {"ready": True})
    for line in sys.stdin:
        target, done_key = json.loads(line)
        _answer(answers, audit_repository(settings, Target(*target), done_key))
    return 0


def _answer(stream: Any, value: Any) -> None:
    stream.write(json.dumps(value, ensure_ascii=False).encode("utf-8") + b"\n")
    stream.flush()


if __name__ == "__main__":
    sys.exit(serve())
