""" "Did you mean": a mistyped sub-command, pack, kind, key, option, rule id names the near one."""

from __future__ import annotations

from pathlib import Path

from policylint.suggest import nearest, unknown
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

BAD = """\
extends: [builtin:recomended]
rules:
  x:
    kind: file-exist
    title: t
    sevrity: error
  y:
    kind: file-exists
    title: t
    severity: error
    options: {glob: ["a*"]}
exemptions:
  - rule: licence
    reason: accepted
"""


def test_nearest_and_unknown() -> None:
    assert nearest("chek", ["check", "validate"]) == "check"
    assert nearest("zzz", ["check", "validate"]) is None
    assert unknown("kind", "file-exist", ["file-exists", "expr"]) == (
        "unknown kind 'file-exist'; did you mean 'file-exists'?"
    )
    assert unknown("kind", "nothing", ["file-exists", "expr"]) == (
        "unknown kind 'nothing'; expected one of: expr, file-exists"
    )


def test_a_mistyped_sub_command() -> None:
    proc = run_policylint("chek")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "policylint: unknown command 'chek'; did you mean 'check'?\n",
    )


def test_a_mistyped_policy(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(BAD)
    proc = run_policylint("validate", str(policy))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"policylint: {policy}:1:11: $.extends[0]: unknown pack 'builtin:recomended'; did you "
        "mean 'builtin:recommended'?",
        f"policylint: {policy}:3:3: $.rules.x: new rule 'x' needs 'severity' (no extended pack "
        "defines it)",
        f"policylint: {policy}:4:11: $.rules.x.kind: unknown kind 'file-exist'; did you mean "
        "'file-exists'?",
        f"policylint: {policy}:6:5: $.rules.x.sevrity: unknown key 'sevrity'; did you mean "
        "'severity'?",
        f"policylint: {policy}:11:14: $.rules.y.options: missing required key 'globs'",
        f"policylint: {policy}:11:15: $.rules.y.options.glob: unknown key 'glob'; did you mean "
        "'globs'?",
        f"policylint: {policy}:13:11: $.exemptions[0].rule: exemption for rule 'licence', which "
        "the effective policy does not have",
    ]


def test_a_mistyped_rule_id(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    proc = run_policylint("explain", "licence", cwd=repo)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: 'licence' is no rule or check kind here; did you mean 'license'?\n",
    )
    (repo / ".policylint.yaml").write_text(
        "extends: [builtin:community-health]\n"
        "exemptions:\n  - rule: licence\n    reason: accepted\n"
    )
    checked = run_policylint("check", cwd=repo)
    assert checked.returncode == 2
    assert checked.stderr == (
        "policylint: .policylint.yaml:3:11: $.exemptions[0].rule: exemption for rule 'licence', "
        "which the effective policy does not have (did you mean 'license'?)\n"
    )
