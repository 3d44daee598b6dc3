"""Advice fits the place: each stage offers only the ways out that work there."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.advice import ways_out
from policylint.model import Location, Rule, Skip
from policylint.reporters.text import how_to_fix
from policylint.resources import builtin_packs
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git

SKIP = Skip(labels=("no-tests-needed",), markers=("[skip tests]",), trailers=("No-Tests",))
CO_CHANGE = Rule(
    "tests-with-code", "co-change", "Tests", "error", {}, Location("p.yaml", 1, 1), skip=SKIP
)
SIGN_OFF = Rule("dco", "sign-off", "DCO", "error", {}, Location("p.yaml", 1, 1))


@pytest.mark.parametrize(
    ("rule", "stage", "expected"),
    [
        (CO_CHANGE, "check", []),
        (CO_CHANGE, "pre-commit", []),
        (CO_CHANGE, "commit-msg", ["a `No-Tests: ...` trailer in the message"]),
        (CO_CHANGE, "pre-push", ["a `No-Tests: ...` trailer in the commit message"]),
        (
            CO_CHANGE,
            "pull-request",
            [
                "a `No-Tests: ...` trailer in the commit message",
                "label the pull request `no-tests-needed`",
                "put `[skip tests]` in its title or description",
            ],
        ),
        (SIGN_OFF, "pre-commit", []),
        (
            SIGN_OFF,
            "commit-msg",
            ["edit the message and commit again (the commit is not made yet)"],
        ),
        (
            SIGN_OFF,
            "pull-request",
            ["amend the commits and push them again (`git push --force-with-lease`)"],
        ),
    ],
)
def test_ways_out_per_stage(rule: Rule, stage: str, expected: list[str]) -> None:
    assert ways_out(rule, stage) == expected  # type: ignore[arg-type]


def test_no_built_in_fix_names_a_pull_request_opt_out_or_a_force_push(make_repo: MakeRepo) -> None:
    from policylint.loading import load_policy

    for pack in builtin_packs():
        root = make_repo({".policylint.yaml": f"extends: [builtin:{pack}]\n"}, name=pack)
        for rule in load_policy(root / ".policylint.yaml", root=root, use_cache=False).rules:
            if "pr" in rule.kind:  # a pull-request rule is only ever shown in a pull request
                continue
            fix = how_to_fix(rule) if rule.help.strip() else ""
            for phrase in ("label", "[skip", "force-push", "title or description"):
                assert phrase not in fix, (pack, rule.id, fix)


POLICY = """\
extends: [builtin:pr-hygiene, builtin:dco]
"""


def test_the_pre_commit_and_commit_msg_hooks_print_no_pull_request_advice(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo({".policylint.yaml": POLICY, "README.md": "# app\n"})
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("x = 1\n")
    git(repo, "add", "src/app.py")
    staged = run_policylint("check", "--staged", cwd=repo)
    assert staged.returncode == 0  # tests-with-code is a warning in the pack
    lines = staged.stdout.splitlines()
    assert lines[:5] == [
        "not failing the run (only error or above fails: fail-on)",
        "src/app.py",
        "  warning tests-with-code: no test changed with the code: src/app.py changed, but no "
        "file matching **/tests/**, **/test/**, **/testing/**, **/spec/** or 12 more patterns "
        "changed (1 required)",
        "    fix: Add or update a test in the same change: `tests/` or `test/` (any depth), "
        "`*_test.go`, `test_*.py` / `*_test.py`, `*.test.ts` / `*.spec.js`, `spec/`, "
        "`__tests__/`, `*Test.java`.",
        "",
    ]
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("change x\n")
    commit_msg = run_policylint("check", "--commit-msg", str(message), cwd=repo)
    assert commit_msg.returncode == 1
    assert "    or: edit the message and commit again (the commit is not made yet)" in (
        commit_msg.stdout.splitlines()
    )
    for output in (staged.stdout, commit_msg.stdout):
        assert "label" not in output and "force-push" not in output and "[skip" not in output
    assert commit_msg.stdout.splitlines()[-1] == (
        "to commit without this check: `SKIP=policylint-commit-msg git commit` (pre-commit, "
        "prek), `LEFTHOOK_EXCLUDE=policylint-commit-msg git commit` (lefthook), or "
        "`git commit --no-verify`"
    )


def test_a_pull_request_is_told_its_labels_and_markers(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": POLICY, "README.md": "# app\n"})
    git(repo, "switch", "-q", "-c", "feature")
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("x = 1\n")
    git(repo, "add", "src/app.py")
    git(repo, "commit", "-q", "-s", "-m", "add the app")
    proc = run_policylint("check", "--base", "main", "--title", "Add the app", cwd=repo)
    assert (
        "    or: label the pull request `no-tests-needed`; put `[skip tests]` in its title or "
        "description"
    ) in proc.stdout.splitlines()


@pytest.mark.parametrize(
    "files",
    [
        {},  # Conventional Commits 1.0.0 without a commitlint config
        {".commitlintrc.json": '{"extends": ["@commitlint/config-conventional"]}\n'},
    ],
)
def test_the_commit_msg_hook_lets_a_fixup_commit_through(
    make_repo: MakeRepo, tmp_path: Path, files: dict[str, str]
) -> None:
    config = "extends: [builtin:conventional-commits]\n"
    repo = make_repo({".policylint.yaml": config, "README.md": "# app\n", **files})
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("fixup! feat: add the parser\n")  # what `git commit --fixup` writes
    fixup = run_policylint("check", "--commit-msg", str(message), cwd=repo)
    assert (fixup.returncode, fixup.stderr) == (0, "")
    message.write_text("Add the parser\n")  # the same hook still blocks a plain bad subject
    plain = run_policylint("check", "--commit-msg", str(message), cwd=repo)
    assert plain.returncode == 1
    assert "label" not in plain.stdout and "force-push" not in plain.stdout
