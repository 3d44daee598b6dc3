"""What a repository or a pull request controls cannot slow a rule down or satisfy it by
itself: CODEOWNERS patterns, policy globs and maintainers lines are matched in linear time,
a git author name ending in ``[bot]`` is no bot, and with ``--policy-ref`` CODEOWNERS comes
from the trusted revision. Each test runs the real command line; a hang fails it by its timeout."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, commit, git

TIMEOUT = 60
CODEOWNERS_RULE = (
    "rules:\n"
    "  owned:\n"
    "    kind: codeowners\n"
    "    title: Every changed file has a code owner\n"
    "    severity: error\n"
)


def test_a_long_path_against_a_backtracking_codeowners_pattern(make_repo: MakeRepo) -> None:
    # In `re`, this pattern against a 100-character path ran for a minute.
    repo = make_repo({".policylint.yaml": CODEOWNERS_RULE, "CODEOWNERS": "*a*a*a*a*a*a*a*b @x\n"})
    git(repo, "switch", "-q", "-c", "feature")
    name = "a" * 250
    commit(repo, {name: "x\n"}, "add a file")
    proc = run_policylint("check", "--base", "main", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert f"{name} has no code owner: no line of CODEOWNERS matches it" in proc.stdout


def test_a_deep_path_against_a_policy_glob_of_several_double_stars(make_repo: MakeRepo) -> None:
    # In `re` with the old translation, this glob against this 1,201-character path ran for a
    # minute (every way to share the directories among the three **).
    policy = (
        "rules:\n"
        "  notes:\n"
        "    kind: co-change\n"
        "    title: Changes to b come with a note\n"
        "    severity: error\n"
        "    options:\n"
        '      if-changed: ["**/a/**/a/**/a/**/b"]\n'
        '      require-changed: ["CHANGES.md"]\n'
    )
    repo = make_repo({".policylint.yaml": policy})
    git(repo, "switch", "-q", "-c", "feature")
    deep = "a/" * 600
    commit(repo, {deep + "c": "x\n"}, "add a deep file")
    proc = run_policylint("check", "--base", "main", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, "")
    commit(repo, {deep + "b": "x\n"}, "add a deep b")
    proc = run_policylint("check", "--base", "main", cwd=repo, timeout=TIMEOUT)
    assert proc.returncode == 1
    assert "but no file matching CHANGES.md changed" in proc.stdout


def test_a_long_codeowners_line_of_backslashes(make_repo: MakeRepo) -> None:
    line = "\\" * 400_000 + "x @x\n"
    repo = make_repo({".policylint.yaml": CODEOWNERS_RULE, "CODEOWNERS": "* @x\n" + line})
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, {"a.txt": "x\n"}, "add a file")
    proc = run_policylint("check", "--base", "main", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_long_maintainers_line_against_the_email_pattern(make_repo: MakeRepo) -> None:
    policy = (
        "rules:\n"
        "  active:\n"
        "    kind: history\n"
        "    title: Maintainers are active\n"
        "    severity: error\n"
        "    options: {check: active-maintainers, people: maintainers-file, min-people: 1}\n"
    )
    # In `re`, every position of a line without an @ rescanned the rest: minutes for this one.
    maintainers = "Ada Lovelace <ada@example.org>\n" + "a" * 400_000 + "\n"
    repo = make_repo({".policylint.yaml": policy, "MAINTAINERS": maintainers})
    proc = run_policylint("check", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, "")  # Ada, listed and active, counts


DCO = "extends: [builtin:dco]\n"


def _unsigned_commit_by(repo: Path, name: str, email: str) -> None:
    git(repo, "switch", "-q", "-c", "feature")
    (repo / "a.txt").write_text("x\n")
    git(repo, "add", "a.txt")
    git(repo, "-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-qm", "change")
    git(repo, "commit", "-q", "--amend", "--no-edit", f"--author={name} <{email}>")


def test_a_bot_name_is_no_bot(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": DCO, "README.md": "# x\n"})
    _unsigned_commit_by(repo, "x[bot]", "x@example.org")
    proc = run_policylint("check", "--base", "main", "--format", "json", cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    (finding,) = json.loads(proc.stdout)["findings"]
    sha = git(repo, "rev-parse", "HEAD").strip()
    assert finding["message"] == (
        f'commit {sha[:12]}: the sign-off is missing: expected "Signed-off-by: x[bot] '
        '<x@example.org>" or "Signed-off-by: Ada Lovelace <ada@example.org>"; to fix, run '
        "git commit --amend --signoff"
    )  # the committer's sign-off counts too, as the DCO app's; remediation is off by default


def test_github_app_addresses_and_listed_bots_are_bots(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": DCO, "README.md": "# x\n"})
    _unsigned_commit_by(
        repo, "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"
    )
    assert run_policylint("check", "--base", "main", cwd=repo).returncode == 0
    listed = DCO + "rules:\n  dco:\n    options: {bots: [ci-bot@example.org]}\n"
    repo = make_repo({".policylint.yaml": listed, "README.md": "# x\n"})
    _unsigned_commit_by(repo, "CI Bot", "ci-bot@example.org")
    assert run_policylint("check", "--base", "main", cwd=repo).returncode == 0


def test_a_bot_account_by_the_platforms_account_type(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": DCO, "README.md": "# x\n"})
    _unsigned_commit_by(repo, "renovate", "renovate@example.org")
    pr = {"title": "Update x", "author": "renovate", "author_type": "Bot", "base_ref": "main"}
    (repo / "pr.json").write_text(json.dumps(pr))
    proc = run_policylint("check", "--base", "main", "--pr-json", "pr.json", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    pr["author_type"] = "User"  # the same login, a person's account: the sign-off is due
    (repo / "pr.json").write_text(json.dumps(pr))
    proc = run_policylint("check", "--base", "main", "--pr-json", "pr.json", cwd=repo)
    assert proc.returncode == 1


def test_codeowners_comes_from_the_trusted_ref(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {".policylint.yaml": CODEOWNERS_RULE, ".github/CODEOWNERS": "/docs/ @org/docs\n"}
    )
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, {"src/app.py": "x\n", ".github/CODEOWNERS": "* @anyone\n"}, "own it all")
    trusted = run_policylint("check", "--base", "main", "--policy-ref", "main", cwd=repo)
    assert (trusted.returncode, trusted.stderr) == (1, "")
    assert (
        "src/app.py has no code owner: no line of .github/CODEOWNERS matches it" in trusted.stdout
    )
    own = run_policylint("check", "--base", "main", cwd=repo)  # the checkout's, as documented
    assert (own.returncode, own.stderr) == (0, "")


def _title_rule(pattern: str) -> str:
    return (
        "rules:\n"
        "  title:\n"
        "    kind: pr-title\n"
        "    title: Titles\n"
        "    severity: error\n"
        f"    options: {{matches: {json.dumps(pattern)}}}\n"
    )


def test_a_policy_regex_runs_in_linear_time_on_a_hostile_title(make_repo: MakeRepo) -> None:
    # ^(a+)+$ backtracks exponentially in `re` on "aaaa...!"; RE2 answers at once.
    repo = make_repo({".policylint.yaml": _title_rule("^(a+)+$"), "README.md": "# x\n"})
    (repo / "pr.json").write_text(json.dumps({"title": "a" * 60 + "!"}))
    proc = run_policylint("check", "--pr-json", "pr.json", "--format", "json", cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    (finding,) = json.loads(proc.stdout)["findings"]
    assert finding["message"] == (f'the pull request title "{"a" * 60}!" does not match /^(a+)+$/')


def test_a_policy_regex_re2_cannot_run_is_refused_at_load(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": _title_rule("^(?!WIP)"), "README.md": "# x\n"})
    proc = run_policylint("validate", ".policylint.yaml", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:6:24: $.rules.title.options.matches: invalid regular "
        "expression: patterns run in linear time (RE2), which cannot use lookahead or "
        "lookbehind ((?=, (?!, (?<=, (?<!): match the surrounding text itself, or move a "
        "forbidden form to not-matches\n"
    )
