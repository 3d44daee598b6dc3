"""``policylint test``: policy unit tests in YAML, run through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import pytest

from policylint.git import isolated
from policylint.loading import load_policy
from policylint.model import Rule
from policylint.policytest.build import build
from policylint.policytest.run import load_test_policy
from policylint.policytest.spec import load_spec
from policylint.resources import builtin_packs
from tests.helpers.cli import run_policylint
from tests.helpers.paths import ROOT, fixture_policy
from tests.helpers.repos import git

ORG_POLICY = fixture_policy("org-pack-tests-with-code.yaml")

PACK_TESTS = ROOT / "policies" / "tests"


ORG_TESTS = """\
apiVersion: policylint/v1
policy: ../policy/org.yaml
tests:
  - name: code without tests, signed off, with a free-form title
    files: {src/app.py: "x = 1\\n", tests/test_app.py: "def test(): pass\\n"}
    change:
      files: {src/app.py: "x = 2\\n"}
      message: "fix: x\\n\\nSigned-off-by: Ann <ann@example.org>\\n"
      author: "Ann <ann@example.org>"
    pr: {title: "fix x", labels: [bug]}
    now: 2026-03-01
    expect:
      tests-with-code: {status: fail, message: "src/app.py changed, but no file matching tests/**"}
      dco: pass
      pr-title: {status: fail, message: 'the pull request title "fix x" does not follow'}
      migration-deadline: {status: fail, message: The migration deadline has passed}

  - name: code with tests, and a commit without sign-off among several
    commits:
      - files: {src/app.py: "x = 3\\n", tests/test_app.py: "def test(): assert True\\n"}
        message: "feat: three\\n\\nSigned-off-by: Test Author <test@example.org>"
      - {files: {src/b.py: "y = 1\\n", tests/test_b.py: ""}, message: "feat: b"}
      - {merge: true, message: "Merge branch main"}
    pr: {title: "feat: three and b"}
    now: 2025-06-01
    expect:
      tests-with-code: pass
      dco: {status: fail, message: "the sign-off is missing"}
      pr-title: pass
      migration-deadline: pass

  - name: a merge commit and a signed-off commit pass the sign-off rule
    commits:
      - {files: {a.txt: "a"}, message: "one\\n\\nSigned-off-by: Test Author <test@example.org>"}
      - {merge: true, message: "Merge branch main"}
    expect:
      dco: pass

  - name: without a change or a pull request, their rules are skipped and say why
    files: {MIGRATED: "", src/app.py: ""}
    now: 2027-01-01
    expect:
      tests-with-code: {status: skip, message: needs change facts}
      dco: {status: skip, message: needs commits facts}
      pr-title: {status: skip, message: needs pr facts}
      migration-deadline: pass
"""


def run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script, as a user (or CI) runs it."""
    return run_policylint(*args, cwd=cwd, env=env)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A user's checkout: its own policy, and tests of it in .policylint/tests/."""
    write(tmp_path / "policy" / "org.yaml", ORG_POLICY)
    write(tmp_path / ".policylint" / "tests" / "org.test.yaml", ORG_TESTS.replace("../", "../../"))
    write(tmp_path / "tests" / "org.test.yaml", ORG_TESTS)
    return tmp_path


def test_the_builtin_packs_pass_their_tests() -> None:
    proc = run("test", "policies/tests")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""
    assert "policies/tests/community-health.test.yaml: builtin:community-health" in proc.stdout
    assert proc.stdout.rstrip().endswith(" failed") and ", 0 failed" in proc.stdout


def test_a_changed_expectation_fails_and_names_the_case(tmp_path: Path) -> None:
    original = (PACK_TESTS / "community-health.test.yaml").read_text(encoding="utf-8")
    case = "  - name: a lower-case readme.txt counts\n"
    changed = original.replace(
        case + '    files:\n      readme.txt: "example\\n"\n    expect:\n      readme: pass\n',
        case + '    files:\n      readme.txt: "example\\n"\n    expect:\n      readme: fail\n',
    )
    assert changed != original
    line = original[: original.index(case)].count("\n") + 1
    path = write(tmp_path / "changed.test.yaml", changed)
    proc = run("test", str(path), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (
        f"    FAILED a lower-case readme.txt counts (changed.test.yaml:{line}:5)\n"
        f"      expected: fail (line {line + 4})\n"
        "      actual:   pass\n"
        "  license "
    ) in proc.stdout
    assert proc.stdout.endswith(", 1 failed\n")


def test_a_user_policy_is_tested_with_a_change_commits_a_pull_request_and_now(org: Path) -> None:
    proc = run("test", cwd=org)  # the default: .policylint/tests of the checkout
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == (
        ".policylint/tests/org.test.yaml: ../../policy/org.yaml, 4 case(s)\n"
        "  RULE                PASSED  FAILED\n"
        "  tests-with-code          3       0\n"
        "  dco                      4       0\n"
        "  pr-title                 3       0\n"
        "  migration-deadline       3       0\n"
        "\n"
        "1 test file(s), 4 case(s), 13 expectation(s): 13 passed, 0 failed\n"
    )


def test_every_mismatch_is_shown_with_the_findings(org: Path) -> None:
    flipped = ORG_TESTS.replace("dco: pass", "dco: fail").replace(
        "migration-deadline: pass", "migration-deadline: {status: fail, message: x}"
    )
    write(org / "tests" / "org.test.yaml", flipped)
    proc = run("test", "tests", cwd=org)
    assert proc.returncode == 1
    assert proc.stdout == (
        "tests/org.test.yaml: ../policy/org.yaml, 4 case(s)\n"
        "  RULE                PASSED  FAILED\n"
        "  tests-with-code          3       0\n"
        "  dco                      2       2\n"
        "    FAILED code without tests, signed off, with a free-form title"
        " (tests/org.test.yaml:4:5)\n"
        "      expected: fail (line 14)\n"
        "      actual:   pass\n"
        "    FAILED a merge commit and a signed-off commit pass the sign-off rule"
        " (tests/org.test.yaml:32:5)\n"
        "      expected: fail (line 37)\n"
        "      actual:   pass\n"
        "  pr-title                 3       0\n"
        "  migration-deadline       1       2\n"
        "    FAILED code with tests, and a commit without sign-off among several"
        " (tests/org.test.yaml:18:5)\n"
        "      expected: fail, with a message containing 'x' (line 30)\n"
        "      actual:   pass\n"
        "      no finding or reason contains: 'x'\n"
        "    FAILED without a change or a pull request, their rules are skipped and say why"
        " (tests/org.test.yaml:39:5)\n"
        "      expected: fail, with a message containing 'x' (line 46)\n"
        "      actual:   pass\n"
        "      no finding or reason contains: 'x'\n"
        "\n"
        "1 test file(s), 4 case(s), 13 expectation(s): 9 passed, 4 failed\n"
    )


def test_json_report_lists_mismatches_with_the_actual_messages(org: Path) -> None:
    write(org / "tests" / "org.test.yaml", ORG_TESTS.replace("pr-title: pass", "pr-title: skip"))
    proc = run("test", "tests", "-k", "COMMIT WITHOUT", "--format", "json", cwd=org)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["summary"] == {
        "files": 1,
        "cases": 1,
        "expectations": 4,
        "passed": 3,
        "failed": 1,
    }
    assert report["files"][0]["mismatches"] == [
        {
            "case": "code with tests, and a commit without sign-off among several",
            "location": "tests/org.test.yaml:18:5",
            "rule": "pr-title",
            "expected": {"status": "skip", "messages": []},
            "actual": {"status": "pass", "messages": []},
            "missing": [],
        }
    ]


def test_findings_quoting_repository_text_are_escaped(tmp_path: Path) -> None:
    policy = ORG_POLICY.replace(
        'require-changed: ["tests/**"]', 'require-changed: ["tests/**"]\n      message: "a\\u202eb"'
    )
    write(tmp_path / "policy" / "org.yaml", policy)
    tests = ORG_TESTS.replace("tests-with-code: {status: fail", "tests-with-code: {status: pass")
    write(tmp_path / "tests" / "org.test.yaml", tests)
    proc = run("test", "tests", "-k", "free-form", cwd=tmp_path)
    assert proc.returncode == 1
    assert "        - a\\u202eb: src/app.py changed, but no file matching" in proc.stdout
    assert "\u202e" not in proc.stdout


def test_the_repository_files_of_a_case_never_define_the_policy(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.test.yaml",
        "apiVersion: policylint/v1\npolicy: builtin:community-health\ntests:\n"
        "  - name: a config in the case turns the rule off, and is ignored\n"
        "    files: {.policylint.yaml: 'rules: {readme: off}', .policylint.yml: 'rules: {}'}\n"
        "    expect: {readme: fail}\n",
    )
    proc = run("test", str(path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_git_settings_of_the_caller_do_not_reach_the_test_repositories(org: Path) -> None:
    env = {
        **os.environ,
        "GIT_DIR": str(org / "nowhere"),  # as inside a git hook
        "GIT_INDEX_FILE": str(org / "nowhere" / "index"),
        "GIT_CONFIG_GLOBAL": str(write(org / "gitconfig", "[broken\n")),  # git would die
    }
    proc = run("test", "tests", cwd=org, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


INVALID = """\
apiVersion: policylint/v1
policy: builtin:community-health
tests:
  - name: broken
    files:
      /etc/passwd: "x"
      docs: "a file"
      docs/README.md: "and a directory"
    change:
      files: {gone.txt: null}
      author: nobody
    commits:
      - {message: "x", date: 2026-02-30}
    now: yesterday
    expect:
      readme: passes
      no-such-rule: pass
  - name: broken
    expect: {}
  - name: schema problems
    pr: {title: 3, lables: [bug]}
    expect: {readme: {message: x}}
"""


def test_invalid_test_files_report_every_problem_with_its_position(tmp_path: Path) -> None:
    path = write(tmp_path / "invalid.test.yaml", INVALID)
    proc = run("test", str(path), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "policylint: invalid.test.yaml:16:15: $.tests[0].expect.readme: must be one of: "
        "pass, fail, skip, error (got 'passes')\n"
        "policylint: invalid.test.yaml:18:11: $.tests[1].name: duplicate test name 'broken' "
        "(first on line 4)\n"
        "policylint: invalid.test.yaml:19:13: $.tests[1].expect: must name at least one rule "
        "and the outcome expected of it\n"
        "policylint: invalid.test.yaml:21:17: $.tests[2].pr.title: must be a string (got 3)\n"
        "policylint: invalid.test.yaml:21:20: $.tests[2].pr.lables: unknown key 'lables'; "
        "did you mean 'labels'?\n"
        "policylint: invalid.test.yaml:22:22: $.tests[2].expect.readme: missing required key "
        "'status'\n"
        "policylint: invalid test files: no test ran\n"
    )
    fixed = INVALID.replace("passes", "pass").replace(
        "name: broken\n    expect", "name: b\n    expect"
    )
    write(path, fixed.replace("expect: {}", "expect: {readme: fail}").split("  - name: schema")[0])
    proc = run("test", str(path), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "policylint: invalid.test.yaml:6:7: $.tests[0].files['/etc/passwd']: '/etc/passwd' is "
        "not a relative path (no leading, trailing or double '/')\n"
        "policylint: invalid.test.yaml:7:7: $.tests[0].files.docs: 'docs' is a directory in "
        "this repository; it cannot also be a file\n"
        "policylint: invalid.test.yaml:10:15: $.tests[0].change.files['gone.txt']: cannot "
        "delete 'gone.txt': the repository has no such file\n"
        "policylint: invalid.test.yaml:11:15: $.tests[0].change.author: must be "
        "'Name <email>' (got 'nobody')\n"
        "policylint: invalid.test.yaml:12:5: $.tests[0].commits: give either change (one "
        "commit) or commits (several), not both\n"
        "policylint: invalid.test.yaml:13:30: $.tests[0].commits[0].date: not a valid date or "
        "date and time (got '2026-02-30'); e.g. 2026-11-01\n"
        "policylint: invalid.test.yaml:14:10: $.tests[0].now: not a valid date or date and "
        "time (got 'yesterday'); e.g. 2026-11-01\n"
        "policylint: invalid test files: no test ran\n"
    )


def test_an_unknown_rule_or_policy_is_an_error_naming_what_exists(tmp_path: Path) -> None:
    head = "apiVersion: policylint/v1\npolicy: {}\ntests:\n  - name: x\n    expect: {{{}}}\n"
    write(
        tmp_path / "a.test.yaml",
        head.format("builtin:community-health", "readme: pass, nope: fail"),
    )
    write(tmp_path / "b.test.yaml", head.format("builtin:nope", "readme: pass"))
    write(tmp_path / "c.test.yaml", head.format("missing.yaml", "readme: pass"))
    write(tmp_path / "d.test.yaml", head.format("bad.yaml", "readme: pass"))
    write(tmp_path / "bad.yaml", "rules: {x: {kind: file-exists, options: {globs: [x]}}}\n")
    proc = run("test", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    packs = ", ".join(f"builtin:{name}" for name in builtin_packs())
    lines = proc.stderr.splitlines()
    assert lines[:4] == [
        "policylint: a.test.yaml:5:28: $.tests[0].expect: the policy has no rule 'nope'; its "
        "rules: readme, license, contributing, code-of-conduct, security-policy, governance, "
        "maintainers, changelog, readme-description, license-identified, contributing-process, "
        "conduct-contact, security-contact, community-files-filled-in",
        f"policylint: b.test.yaml:2:9: $.policy: unknown built-in pack 'builtin:nope'; "
        f"available: {packs}",
        "policylint: c.test.yaml:2:9: $.policy: no such policy file: missing.yaml (paths "
        "are relative to the test file)",
        "policylint: d.test.yaml:2:9: $.policy: invalid policy:",
    ]
    assert lines[4:] == [
        "policylint: bad.yaml:1:9: $.rules.x: new rule 'x' needs 'title', 'severity' "
        "(no extended pack defines it)",
        "policylint: invalid test files: no test ran",
    ]


def test_when_no_test_runs_the_exit_code_is_never_zero(org: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run("test", cwd=empty)
    assert proc.returncode == 2
    assert proc.stderr == (
        "policylint: no test files (*.test.yaml) in .policylint/tests or policies/tests: "
        "no test ran\n"
    )
    proc = run("test", "empty", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: no test files (*.test.yaml) in empty: no test ran\n",
    )
    proc = run("test", "missing", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "policylint: no such file or directory: missing\n")
    proc = run("test", "tests", "-k", "no such case", cwd=org)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: no test ran: -k 'no such case' matches none of the 4 case(s) in 1 file(s)\n",
    )


def test_k_selects_cases_by_name(org: Path) -> None:
    proc = run("test", "tests", "-k", "merge commit", cwd=org)
    assert proc.returncode == 0
    assert proc.stdout.endswith("1 test file(s), 1 case(s), 1 expectation(s): 1 passed, 0 failed\n")


def test_a_case_is_a_real_git_repository_with_main_history_and_a_change(tmp_path: Path) -> None:
    spec_path = write(
        tmp_path / "h.test.yaml",
        "apiVersion: policylint/v1\npolicy: builtin:community-health\ntests:\n"
        "  - name: h\n"
        "    files: {README.md: '# x', docs/guide.md: 'old'}\n"
        "    history:\n"
        "      - {files: {docs/guide.md: 'new'}, date: 2025-01-02, author: 'Bo <bo@example.org>'}\n"
        "    commits:\n"
        "      - files: {README.md: null, README.rst: 'x'}\n"
        "        message: 'docs: rename'\n"
        "        author: 'Ann <ann@example.org>'\n"
        "        committer: 'Cy <cy@example.org>'\n"
        "        date: 2026-01-02T03:04:05+01:00\n"
        "    now: 2026-02-01\n"
        "    expect: {readme: pass}\n",
    )
    case = load_spec(spec_path, "h.test.yaml").cases[0]
    with isolated():
        built = build(case, str(tmp_path / "repo"), time.time())
    repo = Path(built.root)
    git(repo, "fsck", "--strict", "--full")
    assert git(repo, "status", "--porcelain", "--branch") == "## change\n"
    log = git(repo, "log", "--format=%an|%cn|%aI|%s", "change")
    assert log.splitlines()[:2] == [
        "Ann|Cy|2026-01-02T02:04:05+00:00|docs: rename",
        "Bo|Bo|2025-01-02T00:00:00+00:00|change",
    ]
    assert log.splitlines()[2].startswith("Test Author|Test Author|")
    assert git(repo, "ls-files") == "README.rst\ndocs/guide.md\n"
    assert (repo / "docs" / "guide.md").read_text() == "new"
    assert git(repo, "rev-parse", "main") == built.main + "\n"


def rule_key(rule: Rule) -> tuple[str, ...]:
    """What makes two loaded rules the same rule: where it is defined and how it is set."""
    options = json.dumps(rule.options, sort_keys=True)
    return (
        rule.id,
        str(rule.origin),
        rule.kind,
        rule.severity,
        options,
        str(rule.when),
        str(rule.skip),
    )


def test_every_builtin_rule_has_a_passing_and_a_failing_case(tmp_path: Path) -> None:
    covered: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for path in sorted(PACK_TESTS.glob("*.test.yaml")):
        spec = load_spec(path, path.name)
        rules = {rule.id: rule for rule in load_test_policy(spec, path, str(tmp_path)).rules}
        for case in spec.cases:
            for expectation in case.expect:
                covered[rule_key(rules[expectation.rule])].add(expectation.status)
    lacking = []
    for pack in builtin_packs():
        config = write(tmp_path / f"{pack}.yaml", f"extends: ['builtin:{pack}']\n")
        for rule in load_policy(config, root=tmp_path, use_cache=False).rules:
            missing = sorted({"pass", "fail"} - covered[rule_key(rule)])
            if missing:
                lacking.append(f"builtin:{pack} {rule.id}: no {' and no '.join(missing)} case")
    assert lacking == [], "rules without cases in policies/tests/*.test.yaml:\n" + "\n".join(
        lacking
    )
