"""Hostile YAML, through the real command line: core tags on the wrong kind of node, escapes of
no character and huge flow lists end with a positioned problem (exit 2), in policies, audit
manifests and policy test files alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint

MISFITS = [
    ("rules: !!seq {a: b}\n", "1:8: $.rules: the tag '!!seq' does not fit a mapping"),
    (
        "rules:\n  r:\n    kind: expr\n    params: !!map [a]\n",
        "4:13: $.rules.r.params: the tag '!!map' does not fit a list",
    ),
    ("extends: !!seq x\n", "1:10: $.extends: the tag '!!seq' does not fit a scalar"),
    ("name: !!str {a: b}\n", "1:7: $.name: the tag '!!str' does not fit a mapping"),
    ("!!seq {a: b}\n", "1:1: $: the tag '!!seq' does not fit a mapping"),
]


@pytest.mark.parametrize(("text", "problem"), MISFITS)
def test_a_core_tag_on_the_wrong_kind_of_node_is_a_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    (tmp_path / "p.yaml").write_text(text)
    proc = run_policylint("validate", "p.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policylint: p.yaml:{problem}; remove the tag\n"


def test_a_misfit_tag_in_an_audit_manifest(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("repositories: !!map [a]\n")
    proc = run_policylint("audit", "m.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: m.yaml:1:15: $.repositories: the tag '!!map' does not fit a list; "
        "remove the tag\n"
    )


def test_a_misfit_tag_in_a_policy_test_file(tmp_path: Path) -> None:
    (tmp_path / "a.test.yaml").write_text("apiVersion: policylint/v1\npolicy: !!seq x\ntests: []\n")
    proc = run_policylint("test", "a.test.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: a.test.yaml:2:9: $.policy: the tag '!!seq' does not fit a scalar; "
        "remove the tag\npolicylint: invalid test files: no test ran\n"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            'name: "\\U00110000"\n',
            "1:8: $: the escape \\U00110000 is beyond the last Unicode character (\\U0010FFFF)",
        ),
        (
            'name: "x \\UFFFFFFFF"\n',
            "1:10: $: the escape \\UFFFFFFFF is beyond the last Unicode character (\\U0010FFFF)",
        ),
        (
            'rules: {"\\ud83d\\ude00": off}\n',
            "1:9: $: the escape \\ud83d is a UTF-16 surrogate, not a character; write the "
            "character itself, or escape it with \\U and eight hex digits",
        ),
    ],
)
def test_an_escape_of_no_character_is_a_problem(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / ".policylint.yaml").write_text(text)
    proc = run_policylint("check", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policylint: .policylint.yaml:{problem}\n"


def test_a_huge_flow_list_is_refused_while_it_is_read(tmp_path: Path) -> None:
    # 800 KB, 400,000 values: refused at the 100,001st, not once all of it is composed.
    (tmp_path / "p.yaml").write_text("rules: [" + ",".join(["a"] * 400_000) + "]\n")
    proc = run_policylint("validate", "p.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "policylint: p.yaml:1:200003: $: too many values: more than 100,000\n"


def test_a_huge_integer_is_named_not_written(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("fail-on: 0x" + "f" * 2000 + "\n")
    proc = run_policylint("validate", "p.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: p.yaml:1:10: $.fail-on: must be one of: error, warning, note, never "
        "(got an integer of 8,000 bits)\n"
    )
