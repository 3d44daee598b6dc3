"""The command line as a user meets it: exit codes and messages, asserted in full."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policylint import __version__
from policylint.cli import main
from tests.helpers.cli import POLICYLINT, run_policylint
from tests.helpers.paths import CHECK_SARIF, ROOT
from tests.helpers.repos import HEALTHY, MakeRepo

KNOWN_KINDS = (
    "changesets, co-change, codeowners, commit-message, commitlint, conduct-reporting, "
    "expr, file-content, file-exists, filled-in, history, maintainer-count, mentions, "
    "patch-debt, pr-body, pr-labels, pr-size, pr-title, proposal-process, readme-prose, "
    "reno, security-channel, sign-off, spdx-license, towncrier"
)


def test_check_fails_on_missing_licence_then_passes_once_added(make_repo: MakeRepo) -> None:
    repo = make_repo({k: v for k, v in HEALTHY.items() if k != "LICENSE"})
    first = run_policylint("check", str(repo))
    assert first.returncode == 1, first.stderr
    assert "license" in first.stdout
    assert "LICENSE" in first.stdout
    (repo / "LICENSE").write_text("MIT\n")
    subprocess.run(["git", "-C", str(repo), "add", "LICENSE"], check=True)
    second = run_policylint("check", str(repo))
    assert second.returncode == 0, second.stdout
    assert first.stderr == second.stderr == ""


def test_check_defaults_to_the_work_tree_around_the_current_directory(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({**HEALTHY, "docs/guide.md": "# Guide\n"})
    assert run_policylint("check", cwd=repo).returncode == 0
    assert run_policylint("check", cwd=repo / "docs").returncode == 0  # not "docs/ has no README"
    plain = make_repo({"README.md": "# x\n"}, use_git=False)
    assert "license" in run_policylint("check", cwd=plain).stdout


def test_warnings_fail_only_at_fail_on_warning(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n\nA tool that checks things.\n", "LICENSE": "MIT\n"})
    assert main(["check", str(repo)]) == 0
    assert main(["check", str(repo), "--fail-on", "warning"]) == 1


def test_json_report_is_versioned(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(HEALTHY)
    assert main(["check", str(repo), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["tool"] == {"name": "policylint", "version": __version__}
    assert document["policy"]["sources"] == [
        "builtin:recommended", "builtin:community-health", "builtin:pr-hygiene",
    ]  # fmt: skip


def test_output_file_is_written_and_text_still_printed(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(HEALTHY)
    out = tmp_path / "report.sarif"
    assert main(["check", str(repo), "--format", "sarif", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert "passed" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []
    assert main(["check", str(repo), "-f", "json", "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_unwritable_output_is_a_usage_error_and_the_report_is_not_lost(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(HEALTHY)
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    assert main(["check", str(repo), "-f", "json", "-o", str(target)]) == 2
    out, err = capsys.readouterr()
    assert err == f"policylint: {target}: cannot write the report: No such file or directory\n"
    assert out.endswith(
        "passed: no findings; 14 rules passed, 4 skipped, 0 exempted "
        "(policy: builtin:recommended, builtin:community-health, builtin:pr-hygiene)\n"
    )
    assert main(["check", str(repo), "-f", "json", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"policylint: {tmp_path}: cannot write the report: Is a directory\n"
    )


def test_output_file_gets_ordinary_permissions(make_repo: MakeRepo, tmp_path: Path) -> None:
    import os
    import stat

    repo = make_repo(HEALTHY)
    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o640)
    umask = os.umask(0o022)
    try:
        for target in (fresh, kept):
            assert main(["check", str(repo), "-f", "json", "-o", str(target), "-q"]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert json.loads(kept.read_text())["version"] == 1


def test_not_a_directory(tmp_path: Path) -> None:
    proc = run_policylint("check", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert proc.stderr == f"policylint: {tmp_path / 'missing'}: not a directory\n"


def test_missing_config_file(make_repo: MakeRepo) -> None:
    repo = make_repo(HEALTHY)
    proc = run_policylint("check", str(repo), "--config", str(repo / "nope.yaml"))
    assert proc.returncode == 2
    assert proc.stderr == f"policylint: {repo / 'nope.yaml'}: no such policy file\n"


def test_invalid_config_reports_every_problem_with_positions(make_repo: MakeRepo) -> None:
    config = (
        "rules:\n"
        "  a:\n"
        "    kind: file-exist\n"
        "    title: A\n"
        "    severity: error\n"
        "    options: {globs: [a]}\n"
        "  b:\n"
        "    kind: file-exists\n"
        "    title: B\n"
        "    severity: fatal\n"
        "    options: {globs: [b]}\n"
    )
    repo = make_repo({**HEALTHY, ".policylint.yaml": config})
    proc = run_policylint("check", str(repo))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "policylint: .policylint.yaml:3:11: $.rules.a.kind: unknown kind 'file-exist'; "
        "did you mean 'file-exists'?\n"
        "policylint: .policylint.yaml:10:15: $.rules.b.severity: must be one of: error, "
        "warning, note (got 'fatal')\n"
    )


def test_validate(make_repo: MakeRepo) -> None:
    good = "extends: [builtin:community-health]\nrules:\n  readme: {severity: warning}\n"
    repo = make_repo({".policylint.yaml": good, "bad.yaml": "rules: [1, 2]\n"})
    ok = run_policylint("validate", cwd=repo)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "1 policy file(s) valid\n", "")
    bad = run_policylint("validate", "bad.yaml", cwd=repo)
    assert bad.returncode == 2
    assert bad.stderr == "policylint: bad.yaml:1:8: $.rules: must be a mapping (got a list)\n"
    missing = run_policylint("validate", "nope.yaml", cwd=repo)
    assert (missing.returncode, missing.stderr) == (
        2,
        "policylint: nope.yaml: no such policy file\n",
    )


def test_validate_defaults_to_the_yml_spelling_too(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yml": "rules: {readme: off}\n"})
    proc = run_policylint("validate", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "policylint: .policylint.yml:1:9: $.rules.readme: rule 'readme' is turned off, but no "
        "extended pack defines it\n",
    )


def test_rules_and_explain_escape_policy_text(make_repo: MakeRepo) -> None:
    config = (
        'rules:\n  shady:\n    kind: file-exists\n    title: "\\e[31mred"\n'
        '    severity: note\n    help: "line one\\nline \\e[2Jtwo"\n'
        "    options: {globs: [x]}\n"
    )
    repo = make_repo({".policylint.yaml": config})
    listed = run_policylint("rules", str(repo))
    assert listed.stdout.splitlines()[1] == "shady  note      file-exists  \\x1b[31mred"
    explained = run_policylint("explain", "shady", "--path", str(repo))
    assert "\x1b" not in explained.stdout
    assert "line one\nline \\x1b[2Jtwo" in explained.stdout


def test_rules_lists_the_effective_rules(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {".policylint.yaml": "extends: [builtin:community-health]\nrules:\n  governance: off\n"}
    )
    proc = run_policylint("rules", str(repo))
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()[1:-1]]
    assert "readme" in ids
    assert "license" in ids
    assert "governance" not in ids
    assert proc.stdout.splitlines()[-1].endswith("from .policylint.yaml, builtin:community-health")


def test_rules_aligns_columns_to_the_longest_id_kind_and_severity(make_repo: MakeRepo) -> None:
    config = (
        "rules:\n"
        "  release-note-for-every-user-facing-change:\n"
        "    kind: co-change\n"
        "    title: Every change to the code adds a release note\n"
        "    severity: warning\n"
        "    options: {if-changed: [src/**], require-changed: [changes/*]}\n"
        "  subject:\n"
        "    kind: commit-message\n"
        "    title: Commit subjects are short\n"
        "    severity: note\n"
        "    options: {max-subject-length: 72}\n"
        "  readme:\n"
        "    kind: file-exists\n"
        "    title: A README\n"
        "    severity: error\n"
        "    options: {globs: [readme*]}\n"
    )
    repo = make_repo({".policylint.yaml": config})
    proc = run_policylint("rules", str(repo))
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        "ID                                         SEVERITY  KIND            TITLE\n"
        "release-note-for-every-user-facing-change  warning   co-change       Every change to the "
        "code adds a release note\n"
        "subject                                    note      commit-message  Commit subjects are "
        "short\n"
        "readme                                     error     file-exists     A README\n"
        "3 rules from .policylint.yaml\n"
    )


def test_explain_kind_rule_and_unknown(make_repo: MakeRepo) -> None:
    repo = make_repo(HEALTHY)
    kind = run_policylint("explain", "file-exists")
    assert kind.returncode == 0
    assert kind.stdout.startswith("file-exists\n\nfile-exists: one of several files exists.")
    assert "What it checks" in kind.stdout
    rule = run_policylint("explain", "license", "--path", str(repo))
    assert rule.returncode == 0
    assert rule.stdout.startswith("license (file-exists, error): ")
    unknown = run_policylint("explain", "nope", "--path", str(repo))
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "policylint: 'nope' is neither a rule of the effective policy, a rule of a built-in pack "
        "nor a check kind; known here: "
    )


def test_explain_works_for_every_built_in_rule_and_every_kind(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    from policylint.checks import KINDS
    from policylint.loading import load_pack
    from policylint.model import Rule
    from policylint.resources import builtin_packs

    repo = make_repo(HEALTHY)
    rules: dict[str, Rule] = {}
    for pack in builtin_packs():  # explain shows the first pack that defines an id
        for rule in load_pack(pack, root=repo).rules:
            rules.setdefault(rule.id, rule)
    assert len(rules) >= 25
    for rule_id, rule in rules.items():
        assert main(["explain", rule_id, "--path", str(repo)]) == 0, rule_id
        out = capsys.readouterr().out
        assert out.startswith(f"{rule_id} ({rule.kind}, "), out
        assert rule.help.strip().splitlines()[0] in out, rule_id  # the rendered help
    for kind in KINDS:
        assert main(["explain", kind]) == 0
        assert "What it checks" in capsys.readouterr().out, kind
    assert main(["explain", "governance-roles", "--path", str(repo)]) == 0
    assert "defined at builtin:governance:" in capsys.readouterr().out


def test_schema_matches_the_committed_file() -> None:
    proc = run_policylint("schema")
    assert proc.returncode == 0
    assert proc.stdout == (ROOT / "schemas" / "policy.schema.json").read_text()


def test_version_and_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "--version"], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout) == (0, f"policylint {__version__}\n")
    bare = run_policylint()
    assert bare.returncode == 2
    assert bare.stdout.startswith("usage: policylint")


def test_internal_error_exits_3_with_a_traceback(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import policylint.engine

    def broken(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(policylint.engine, "evaluate", broken)
    assert main(["check", str(make_repo(HEALTHY))]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.endswith(
        f"policylint: policylint {__version__}: internal error (a bug); please report it with "
        "the above.\n"
    )


def test_three_different_mistakes_are_all_reported(make_repo: MakeRepo) -> None:
    config = (
        "rules:\n"
        "  a:\n"
        "    kind: no-such-kind\n"
        "    title: A\n"
        "    severity: error\n"
        "  b:\n"
        "    kind: file-exists\n"
        "    title: B\n"
        "    severity: critical\n"
        "    options: {globs: [b]}\n"
        "  c:\n"
        "    kind: file-exists\n"
        "    title: C\n"
        "    severity: note\n"
        "    when: exists('x') &&\n"
        "    options: {globs: [c]}\n"
    )
    repo = make_repo({**HEALTHY, ".policylint.yaml": config})
    proc = run_policylint("check", str(repo))
    assert proc.returncode == 2
    assert proc.stderr == (
        "policylint: .policylint.yaml:3:11: $.rules.a.kind: unknown kind 'no-such-kind'; "
        f"known kinds: {KNOWN_KINDS}\n"
        "policylint: .policylint.yaml:9:15: $.rules.b.severity: must be one of: error, "
        "warning, note (got 'critical')\n"
        "policylint: .policylint.yaml:15:11: $.rules.c.when: invalid CEL expression: line 1, "
        "column 15: the expression ends too early\n"
    )


HOSTILE = {
    "billion-laughs": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "rules: {}\n",
        "too many aliases",
    ),
    "python-tag": ("rules: !!python/object/apply:os.system ['echo pwned']\n", "tag"),
    "deep-cel": (
        "rules:\n  r:\n    kind: expr\n    title: R\n    severity: error\n    options:\n"
        f"      assert: '{'(' * 10_000}true{')' * 10_000}'\n      message: m\n",
        "at most 4,096 are allowed",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_policies_get_a_clear_error(make_repo: MakeRepo, name: str) -> None:
    text, expected = HOSTILE[name]
    repo = make_repo({**HEALTHY, ".policylint.yaml": text})
    proc = run_policylint("check", str(repo))
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.startswith("policylint: .policylint.yaml:"), proc.stderr
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "pwned" not in proc.stdout


def test_a_50_mb_policy_is_refused(make_repo: MakeRepo) -> None:
    repo = make_repo(HEALTHY)
    with (repo / ".policylint.yaml").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    proc = run_policylint("check", str(repo))
    assert proc.returncode == 2
    assert proc.stderr == (
        "policylint: .policylint.yaml:1:1: $: the file is too large (52,428,800 bytes); "
        "policy files are limited to 1,048,576\n"
    )


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="../shared/tools/check-sarif not present")
@pytest.mark.parametrize("with_config", [False, True])
def test_sarif_passes_check_sarif(make_repo: MakeRepo, tmp_path: Path, with_config: bool) -> None:
    files = {"README.md": "# x\n", "docs/guide.md": "no headings\n"}
    if with_config:
        files[".policylint.yaml"] = (
            "extends: [builtin:community-health]\n"
            "rules:\n"
            "  guide-headings:\n"
            "    kind: file-content\n"
            "    title: The guide has an Installation section\n"
            "    severity: warning\n"
            "    options: {globs: [docs/guide.md], headings: [Installation]}\n"
        )
    repo = make_repo(files)
    out = tmp_path / "out.sarif"
    assert main(["check", str(repo), "-f", "sarif", "-o", str(out), "-q"]) == 1
    results = json.loads(out.read_text())["runs"][0]["results"]
    assert len(results) >= 7
    proc = subprocess.run(
        [sys.executable, str(CHECK_SARIF), str(out), "--root", str(repo)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.endswith(f"{out}: 0 problems, {len(results)} results\n")


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the console script with its output on a pseudo-terminal; return what it printed."""
    import os
    import pty

    script = str(POLICYLINT)
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the real console script
        os.execve(script, [script, *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_unless_no_color(make_repo: MakeRepo) -> None:
    import os

    repo = make_repo({"README.md": "# x\n"})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[" in _on_a_terminal(["check", str(repo)], env)
    assert "\x1b[" not in _on_a_terminal(["check", str(repo)], {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in _on_a_terminal(["check", str(repo), "--color", "never"], env)


def test_colour_can_be_forced(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"README.md": "# x\n"})
    main(["check", str(repo), "--color", "always"])
    coloured = capsys.readouterr().out
    main(["check", str(repo)])
    plain = capsys.readouterr().out
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain
    assert "error license: No license file" in plain


def test_a_directory_that_is_not_a_checkout_is_walked(make_repo: MakeRepo) -> None:
    plain = make_repo({**HEALTHY, ".gitignore": "LICENSE\n"}, use_git=False)
    proc = run_policylint("check", str(plain))
    assert proc.returncode == 1  # the ignored LICENSE does not count
    assert "error license: No license file" in proc.stdout


def test_a_subdirectory_of_a_checkout_is_checked_on_its_own(make_repo: MakeRepo) -> None:
    repo = make_repo({**HEALTHY, "pkg/README.md": "# pkg\n"})
    proc = run_policylint("check", str(repo / "pkg"), "--format", "json")
    document = json.loads(proc.stdout)
    failing = sorted(f["rule"] for f in document["findings"])
    assert "license" in failing
    assert "readme" not in failing


def test_untracked_files_count_only_when_asked(make_repo: MakeRepo) -> None:
    repo = make_repo({k: v for k, v in HEALTHY.items() if k != "LICENSE"})
    (repo / "LICENSE").write_text("MIT\n")
    assert run_policylint("check", str(repo)).returncode == 1
    assert run_policylint("check", str(repo), "--untracked").returncode == 0
