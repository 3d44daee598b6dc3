"""A policy test file may come with a pull request: its ``policy:`` cannot read (and print)
a file outside the checkout it belongs to."""

from __future__ import annotations

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

CASES = "tests:\n  - name: a\n    files: {README.md: x}\n    expect: {readme: pass}\n"


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        (
            "/etc/passwd",
            "/etc/passwd is an absolute path; name the policy relative to the test file",
        ),
        (
            "../../../../../../../../etc/passwd",
            "/etc/passwd lies outside the checkout of the test file; keep the policy in it",
        ),
    ],
)
def test_a_policy_outside_the_checkout_is_refused_unread(
    make_repo: MakeRepo, policy: str, problem: str
) -> None:
    repo = make_repo({"tests/a.test.yaml": f"apiVersion: policylint/v1\npolicy: {policy}\n{CASES}"})
    proc = run_policylint("test", "tests/a.test.yaml", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    shown = (
        problem
        if policy.startswith("/")
        else problem.replace("/etc", "../../../../../../../etc", 1)
    )
    assert proc.stderr == (
        f"policylint: tests/a.test.yaml:2:9: $.policy: {shown}\n"
        "policylint: invalid test files: no test ran\n"
    )


def test_a_policy_elsewhere_in_the_checkout_is_read(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            ".policylint.yaml": "extends: [builtin:community-health]\n",
            "tests/policy/a.test.yaml": (
                f"apiVersion: policylint/v1\npolicy: ../../.policylint.yaml\n{CASES}"
            ),
        }
    )
    proc = run_policylint("test", "tests/policy/a.test.yaml", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
