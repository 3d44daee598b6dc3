"""Baselines: roll a policy out on a project with a backlog, failing only on new findings.

``--write-baseline FILE`` records the findings that fail today, by fingerprint. ``--baseline
FILE`` turns the findings it records into exempted ones, whose reason names the file, so every
reporter treats them as accepted (SARIF marks them suppressed) and only new findings fail the
run. Entries that match no finding of a rule that ran are *stale*: that finding was fixed, and
regenerating the file drops it. Rule errors are never baselined; findings a policy exemption
accepts are not recorded (the exemption already covers them).

The file is a small JSON document (``schemas/baseline.schema.json``), sorted for stable diffs.
Reading it on the hook path costs no jsonschema import (~100 ms): the document is checked by
hand, and the schema only explains one that fails the check. docs/baselines.md is the guide.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from policylint.errors import BaselineError

if TYPE_CHECKING:
    from policylint.model import Finding, Result, RuleOutcome

VERSION = 1
TOOL = "policylint"
MAX_BYTES = 64 * 1024 * 1024
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


# Writing.


def write(path: str, result: Result) -> int:
    """Record the failing findings of ``result`` in ``path`` (atomically); how many."""
    from pathlib import Path

    from policylint.atomicfile import write_atomically
    from policylint.reporters.json import dump

    entries = recorded(result)
    document = {"version": VERSION, "tool": TOOL, "findings": entries}
    try:
        write_atomically(Path(path), dump(document).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror}") from None
    return len(entries)


def recorded(result: Result) -> list[dict[str, Any]]:
    """The entries a baseline of ``result`` holds: each failing finding once, in file order."""
    entries = {f.fingerprint: _entry(f) for f in result.findings if f.status == "fail"}
    return sorted(entries.values(), key=_entry_order)


def _entry(finding: Finding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "rule": finding.rule,
        "path": finding.path,
        "message": finding.message,
    }


def _entry_order(entry: dict[str, Any]) -> tuple[bool, str, str, str]:
    """By path (findings without a file last), rule and fingerprint."""
    return entry["path"] is None, entry["path"] or "", entry["rule"], entry["fingerprint"]


# Applying.


def apply(result: Result, path: str, *, ref: str | None = None) -> Result:
    """``result`` with the failing findings that baseline ``path`` records exempted, the
    outcomes of rules left without a failing finding passed, and ``baseline`` set. With
    ``ref``, the baseline is read from that commit (``--policy-ref``), never the work tree:
    a pull request cannot add its own findings to the baseline that judges it."""
    from policylint.model import Baseline

    shown = shown_path(path, result.root)
    entries = read(path) if ref is None else read_at(result.root, ref, shown)
    if ref is not None:
        shown = f"{ref}:{shown}"
    accepted = [f.status == "fail" and f.fingerprint in entries for f in result.findings]
    baseline = Baseline(shown, sum(accepted), _stale(entries, result))
    findings = tuple(
        f._replace(status="exempted", exemption=baseline.reason) if known else f
        for f, known in zip(result.findings, accepted, strict=True)
    )
    outcomes = _outcomes(result.outcomes, findings)
    return result._replace(findings=findings, outcomes=outcomes, baseline=baseline)


def _outcomes(
    outcomes: tuple[RuleOutcome, ...], findings: tuple[Finding, ...]
) -> tuple[RuleOutcome, ...]:
    """A failed rule whose findings are all accepted now passes, as the engine says it."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    failing = {f.rule for f in findings if f.status == "fail"}
    return tuple(
        o._replace(status="pass", reason=f"{counts.get(o.rule, 0)} finding(s) exempted")
        if o.status == "fail" and o.rule not in failing
        else o
        for o in outcomes
    )


def _stale(entries: dict[str, str], result: Result) -> int:
    """Entries no finding matches, among the rules that ran (a skipped or crashed rule, or one
    this run leaves out, says nothing about whether its findings still occur)."""
    ran = {o.rule for o in result.outcomes if o.status in ("pass", "fail")}
    occurring = {f.fingerprint for f in result.findings}
    return sum(1 for fp, rule in entries.items() if rule in ran and fp not in occurring)


def shown_path(path: str, root: str) -> str:
    """``path`` relative to the checked root when it lies inside it (reports never show the
    root's absolute path), else as given."""
    try:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    except ValueError:  # another drive
        return path
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return path
    return relative.replace(os.sep, "/")


# Reading.


def read(path: str) -> dict[str, str]:
    """The fingerprint and rule id of every entry of baseline ``path``; BaselineError."""
    text = _read_text(path)
    data = _parse(path, text)
    if not well_formed(data):
        raise BaselineError(_problems(path, text, data))
    return {entry["fingerprint"]: entry["rule"] for entry in data["findings"]}


def read_at(root: str, ref: str, path: str) -> dict[str, str]:
    """Like ``read``, for the baseline ``path`` (relative to ``root``) in commit ``ref``."""
    from policylint.errors import PolicyError
    from policylint.git import run_git
    from policylint.loading.revision import resolve_ref

    name = f"{ref}:{path}"
    if ref.startswith("-") or os.path.isabs(path) or path.startswith("../"):
        raise BaselineError(f"{name}: with --policy-ref, the baseline is a path in the checkout")
    try:
        commit = resolve_ref(ref, root).commit  # the commit the policy was read from
    except PolicyError as exc:
        raise BaselineError(exc.problems) from None
    shown = run_git("-C", root, "show", f"{commit}:{path}")
    if shown.returncode != 0:
        reason = os.fsdecode(shown.stderr).strip().splitlines()
        detail = reason[-1] if reason else f"git exit status {shown.returncode}"
        if "does not exist" in detail or "exists on disk, but not in" in detail:
            named = "" if commit.startswith(ref) else f" (commit {commit[:12]})"
            detail = f"no such file in {ref}{named}"
        raise BaselineError(f"{name}: cannot read the baseline from the policy ref: {detail}")
    text = _decoded(name, shown.stdout)
    data = _parse(name, text)
    if not well_formed(data):
        raise BaselineError(_problems(name, text, data))
    return {entry["fingerprint"]: entry["rule"] for entry in data["findings"]}


def _read_text(path: str) -> str:
    from policylint.readfile import FileTooLarge, read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
    except FileTooLarge:
        raise BaselineError(f"{path}: the baseline is larger than {MAX_BYTES >> 20} MiB") from None
    except FileNotFoundError:
        hint = f"write one with --write-baseline {path}"
        raise BaselineError(f"{path}: the baseline file does not exist ({hint})") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    return _decoded(path, raw)


def _decoded(path: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise BaselineError(f"{path}: the baseline is larger than {MAX_BYTES >> 20} MiB")
    from policylint.documents.json_text import JsonProblem, decode_json_bytes

    try:
        return decode_json_bytes(raw)
    except JsonProblem as exc:
        raise BaselineError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None


def _parse(path: str, text: str) -> Any:
    from policylint.documents.json_text import JsonProblem, parse_json

    try:
        return parse_json(text)
    except JsonProblem as exc:
        hint = ""
        if text.split("\n")[exc.line - 1].startswith(CONFLICT_MARKERS):
            hint = " (an unresolved merge conflict: regenerate the file with --write-baseline)"
        raise BaselineError(f"{path}:{exc.line}:{exc.column}: {exc.message}{hint}") from None


def well_formed(data: Any) -> bool:
    """What ``schemas/baseline.schema.json`` says, checked without jsonschema."""
    version = data.get("version") if isinstance(data, dict) else None
    return (
        isinstance(data, dict)
        and type(version) in (int, float)
        and version == VERSION
        and data.get("tool") == TOOL
        and isinstance(data.get("findings"), list)
        and all(_well_formed_entry(entry) for entry in data["findings"])
    )


def _well_formed_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and all(isinstance(entry.get(key), str) and entry[key] for key in ("fingerprint", "rule"))
        and "path" in entry
        and (entry["path"] is None or isinstance(entry["path"], str))
        and isinstance(entry.get("message"), str)
    )


def _problems(path: str, text: str, data: Any) -> list[str]:
    """Every schema problem as ``file:line:col: $.path: message``, in file order."""
    from policylint.documents.problems import JsonText, Problems, Site, load_schema

    problems = Problems(BaselineError)
    problems.add_schema(Site(path, JsonText(text)), load_schema("baseline"), data)
    if not problems:  # well_formed and the schema disagree: a bug, but say what is expected
        return [f"{path}: not a policylint baseline (see schemas/baseline.schema.json)"]
    return problems.lines()
