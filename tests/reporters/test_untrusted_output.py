"""Untrusted text (a pull request's title, labels and body, rule titles from the checked
repository's own policy, repository names in an audit) cannot start a CI workflow command in
any output, nor carry raw bidi overrides or line separators; JSON outputs keep their meaning
(a parser reads the original text back)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

HOSTILE = "##[add-mask]x \u202egnp.exe \u2028::error::y \u2029 \x85 \x9b"
POLICY = (
    "extends: [builtin:recommended]\n"
    "rules:\n"
    "  t:\n"
    "    kind: pr-title\n"
    f"    title: {json.dumps(HOSTILE)}\n"
    "    severity: error\n"
    "    options: {matches: ^never}\n"
)
RAW = re.compile("[\u202e\u2028\u2029\x85\x9b]")
COMMAND = re.compile(r"^\s*::|##\[", re.MULTILINE)


def _checked(make_repo: MakeRepo, fmt: str) -> tuple[str, Path]:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": POLICY})
    labels = [HOSTILE, "::set-output name=a::b"]
    pr = {"title": HOSTILE, "body": f"\n{HOSTILE}\n##[group]", "labels": labels}
    (repo / "pr.json").write_text(json.dumps(pr))
    proc = run_policylint("check", "--pr-json", "pr.json", "--format", fmt, cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    return proc.stdout, repo


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_outputs_are_inert_and_keep_their_meaning(make_repo: MakeRepo, fmt: str) -> None:
    out, _ = _checked(make_repo, fmt)
    assert COMMAND.findall(out) == []
    assert RAW.findall(out) == []
    if fmt != "gitlab":  # the rule's title, as written in the policy
        written = "#\\u0023[add-mask]x \\u202egnp.exe \\u2028::error::y \\u2029 \\u0085 \\u009b"
        assert written in out
    if fmt == "json":
        titles = {rule["id"]: rule.get("title") for rule in json.loads(out)["rules"]}
        assert titles["t"] == HOSTILE


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_outputs_are_inert(make_repo: MakeRepo, fmt: str) -> None:
    out, _ = _checked(make_repo, fmt)
    assert COMMAND.findall(out) == []
    assert RAW.findall(out) == []


def test_the_github_format_has_only_its_own_commands(make_repo: MakeRepo) -> None:
    out, _ = _checked(make_repo, "github")
    starts = {
        line.split(" ", 1)[0].split("::", 2)[1] for line in out.splitlines() if line[:2] == "::"
    }
    assert starts <= {"error", "warning", "notice", "group", "endgroup"}
    assert "##[" not in out
    assert RAW.findall(out) == []


def test_rules_explain_and_stderr_are_inert(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": POLICY})
    proc = run_policylint("rules", cwd=repo)
    assert proc.returncode == 0
    assert COMMAND.findall(proc.stdout) == []
    (repo / ".policylint.yaml").write_text(f"rules:\n  {json.dumps(HOSTILE)}: off\n")
    proc = run_policylint("check", cwd=repo)
    assert proc.returncode == 2
    assert COMMAND.findall(proc.stderr) == []
    assert RAW.findall(proc.stderr) == []


@pytest.mark.parametrize("name", ["##[add-mask]x", "::error::y"])
def test_audit_terminal_report_is_inert(make_repo: MakeRepo, tmp_path: Path, name: str) -> None:
    org = tmp_path / "org"
    org.mkdir()
    make_repo({"README.md": "# x\n"}, name=f"org/{name}")
    proc = run_policylint("audit", str(org), "--no-progress", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert COMMAND.findall(proc.stdout) == []
    assert name.replace("##[", "#\\x23[").replace("::error", "\\x3a:error") in proc.stdout
