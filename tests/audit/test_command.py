"""``policylint audit`` end to end on real repositories: rows, error rows, policies, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from policylint.commands import audit as command
from policylint.errors import AuditError
from tests.helpers.audit import audit, by_name, check_json, org, parse
from tests.helpers.paths import ROOT
from tests.helpers.repos import HEALTHY, MakeRepo, git


def test_directory_of_checkouts_rows_equal_check_documents(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    code, rows = audit(tmp_path / "audit.jsonl", str(directory), "--jobs", "2")
    assert code == 0
    assert [row["name"] for row in rows] == ["bare", "healthy", "own", "plain"]
    for row in rows:
        repo = directory / row["name"]
        assert row["status"] == "ok", row["error"]
        assert row["report"] == check_json(repo)
        assert row["source"] == str(repo)
    named = by_name(rows)
    assert named["own"]["policy"]["origin"] == "repository"
    assert named["own"]["policy"]["sources"][0] == ".policylint.yaml"
    assert named["healthy"]["policy"]["origin"] == "builtin"
    assert named["healthy"]["head"] == git(directory / "healthy", "rev-parse", "HEAD").strip()
    assert named["plain"]["head"] is None
    assert named["healthy"]["report"]["summary"]["fail"] == 0
    assert named["bare"]["report"]["summary"]["fail"] == 8  # 7 files missing, a bare README


def test_rows_follow_the_schema(make_repo: MakeRepo, tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    directory = org(make_repo, tmp_path)
    make_repo({".policylint.yaml": "rules: [\n"}, name="org/broken")
    _, rows = audit(tmp_path / "audit.jsonl", str(directory), "--org-defaults", str(tmp_path))
    schemas = {
        name: json.loads((ROOT / "schemas" / name).read_text())
        for name in ("audit-row.schema.json", "result.schema.json")
    }
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    validator = Draft202012Validator(schemas["audit-row.schema.json"], registry=registry)
    assert {row["status"] for row in rows} == {"ok", "error"}
    for row in rows:
        assert list(validator.iter_errors(row)) == []
        assert row["org_defaults"] == str(tmp_path)


def test_imposed_policy_is_used_everywhere_and_said(make_repo: MakeRepo, tmp_path: Path) -> None:
    directory = org(make_repo, tmp_path)
    imposed = tmp_path / "org-policy.yaml"
    imposed.write_text("extends: [builtin:recommended]\nrules:\n  governance: off\n")
    _, rows = audit(tmp_path / "audit.jsonl", str(directory), "--policy", str(imposed))
    for row in rows:
        assert row["policy"]["origin"] == "imposed"
        assert row["policy"]["sources"][0] == str(imposed)
        assert row["report"] == check_json(directory / row["name"], "--config", str(imposed))
    assert len({row["policy"]["hash"] for row in rows}) == 1


def test_an_invalid_imposed_policy_is_a_usage_error(tmp_path: Path, make_repo: MakeRepo) -> None:
    directory = org(make_repo, tmp_path)
    imposed = tmp_path / "org-policy.yaml"
    imposed.write_text("rules:\n  governance: sometimes\n")
    with pytest.raises(AuditError) as caught:
        audit(tmp_path / "audit.jsonl", str(directory), "--policy", str(imposed))
    assert str(caught.value) == (
        f"{imposed}:2:15: $.rules.governance: must be 'off' or a mapping (got 'sometimes')"
    )
    assert not (tmp_path / "audit.jsonl").exists()


@pytest.mark.slow
def test_error_rows_say_why_and_the_others_are_reported(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    index = make_repo(HEALTHY, name="org/corrupt-index")
    (index / ".git" / "index").write_bytes(b"garbage\n")
    head = make_repo(HEALTHY, name="org/corrupt-head")
    (head / ".git" / "HEAD").write_bytes(b"")
    make_repo({".policylint.yaml": "rules:\n  governance: sometimes\n"}, name="org/bad-policy")
    hang(make_repo(HEALTHY, name="org/hung"))
    code, rows = audit(
        tmp_path / "audit.jsonl", str(directory), "--timeout", "2", "--fail-on-error"
    )
    assert code == 1
    named = by_name(rows)
    errors = {name: row["error"] for name, row in named.items() if row["status"] == "error"}
    assert errors == {
        "bad-policy": ".policylint.yaml:2:15: $.rules.governance: must be 'off' or a mapping "
        "(got 'sometimes')",
        "corrupt-head": f"{head}: .git is not a valid git repository: fatal: not a git "
        "repository (or any of the parent directories): .git",
        "corrupt-index": f"{index}: git ls-files failed: fatal: .git/index: index file smaller "
        "than expected",
        "hung": "timed out after 2 s",
    }
    assert [named[name]["status"] for name in ("bare", "healthy", "own", "plain")] == ["ok"] * 4
    assert named["bad-policy"]["policy"] == {
        "origin": "repository",
        "sources": [".policylint.yaml"],
        "hash": None,
    }
    assert named["hung"]["policy"] is None
    assert 2 <= named["hung"]["seconds"] < 10
    assert all(named[name]["report"] is None for name in errors)


def test_without_fail_on_error_an_audit_with_error_rows_exits_0(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    make_repo({".policylint.yaml": "rules: [\n"}, name="org/broken")
    make_repo(HEALTHY, name="org/fine")
    code, rows = audit(tmp_path / "audit.jsonl", str(tmp_path / "org"))
    assert code == 0
    assert [row["status"] for row in rows] == ["error", "ok"]


def test_sarif_dir_gets_one_file_per_repository(make_repo: MakeRepo, tmp_path: Path) -> None:
    directory = org(make_repo, tmp_path)
    audit(tmp_path / "audit.jsonl", str(directory), "--sarif-dir", str(tmp_path / "sarif"))
    files = sorted(p.name for p in (tmp_path / "sarif").iterdir())
    assert files == ["bare.sarif", "healthy.sarif", "own.sarif", "plain.sarif"]
    log = json.loads((tmp_path / "sarif" / "bare.sarif").read_text())
    assert len(log["runs"]) == 1
    assert log["runs"][0]["automationDetails"]["id"].startswith("policylint/audit")
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"license", "governance"}


def test_a_directory_that_is_a_checkout_is_one_repository(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo({**HEALTHY, "docs/x.md": "x\n"}, name="solo")
    _, rows = audit(tmp_path / "audit.jsonl", str(repo))
    assert [(row["name"], row["status"]) for row in rows] == [("solo", "ok")]


def test_yaml_manifest_overrides_policy_and_name(make_repo: MakeRepo, tmp_path: Path) -> None:
    directory = org(make_repo, tmp_path)
    (tmp_path / "strict.yaml").write_text("extends: [builtin:recommended]\n")
    manifest = tmp_path / "repos.yaml"
    manifest.write_text(
        "repositories:\n"
        "  - source: org/own\n"
        "    policy: strict.yaml\n"
        "    name: own-strict\n"
        "  - {source: org/own}\n"
        f"  - source: {directory / 'bare'}\n"
    )
    _, rows = audit(tmp_path / "audit.jsonl", str(manifest))
    assert [(r["name"], r["policy"]["origin"]) for r in rows] == [
        ("own-strict", "imposed"),
        ("own", "repository"),
        ("bare", "builtin"),
    ]
    named = by_name(rows)
    assert named["own-strict"]["report"]["summary"]["fail"] == 0
    assert "changelog" not in [r["id"] for r in named["own"]["report"]["rules"]]
    assert "changelog" in [r["id"] for r in named["own-strict"]["report"]["rules"]]


def test_a_missing_source_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(AuditError, match=r"^nowhere: no such directory, manifest file or git URL$"):
        command.run(parse(str(tmp_path / "nowhere").replace(str(tmp_path) + "/", "")))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--jobs", "0"], "--jobs 0: at least one worker is needed"),
        (["--timeout", "0"], "--timeout 0: must be more than 0 seconds"),
        (["--depth", "0"], "--depth 0: must be at least 1"),
        (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS (the Dask scheduler)"),
        (["--scheduler", "tcp://x:1"], "--scheduler is for --executor dask"),
        (["--policy", "missing.yaml"], "--policy missing.yaml: no such policy file"),
        (["--org-defaults", "missing"], "--org-defaults missing: not a directory"),
    ],
)
def test_usage_errors(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("# x\n")
    with pytest.raises(AuditError) as caught:
        command.run(parse("repo", *argv))
    assert str(caught.value) == message


def test_reports_are_written_and_the_summary_printed(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = org(make_repo, tmp_path)
    outputs = {kind: tmp_path / f"report.{kind}" for kind in ("csv", "json", "html")}
    flags = [item for kind, path in outputs.items() for item in (f"--{kind}", str(path))]
    audit(tmp_path / "audit.jsonl", str(directory), *flags)
    assert all(path.stat().st_size > 0 for path in outputs.values())
    assert "policylint audit: 4 repositories" in capsys.readouterr().out


JOURNAL = b'{"version": 1, "name": "a", "status": "ok"}\n{"version": 1, "name": "b"}\n'


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--executor", "dask", "--scheduler", "tcp://x:1"],
            "--executor dask needs the 'distributed' package: install policylint[dask]",
        ),
        (["--html", "out/audit.html"], "--html out/audit.html: no such directory: out"),
        (["--csv", "out/audit.csv"], "--csv out/audit.csv: no such directory: out"),
        (["--json", "repo"], "--json repo: is a directory"),
        (
            ["--sarif-dir", "audit.jsonl/sarif"],
            "--sarif-dir audit.jsonl/sarif: cannot create it: Not a directory",
        ),
        (["--policy", "missing.yaml"], "--policy missing.yaml: no such policy file"),
        (["--jobs", "0"], "--jobs 0: at least one worker is needed"),
    ],
)
def test_a_usage_error_leaves_the_journal_as_it_was(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(command, "_installed", lambda package: False)  # as without policylint[dask]
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("# x\n")
    (tmp_path / "audit.jsonl").write_bytes(JOURNAL)
    with pytest.raises(AuditError) as caught:
        command.run(parse("repo", *argv))
    assert str(caught.value) == message
    assert (tmp_path / "audit.jsonl").read_bytes() == JOURNAL
    assert capsys.readouterr().err == ""  # no "audit: 0/1 done" before the error


def test_a_missing_journal_directory_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("# x\n")
    journal = tmp_path / "typo" / "audit.jsonl"
    with pytest.raises(AuditError) as caught:
        command.run(parse(str(tmp_path / "repo"), "--journal", str(journal), "--no-progress"))
    assert str(caught.value) == f"--journal {journal}: no such directory: {tmp_path / 'typo'}"


def test_an_unreachable_scheduler_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policylint.audit import runners as runner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runner, "CONNECT_SECONDS", 0.5)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("# x\n")
    (tmp_path / "audit.jsonl").write_bytes(JOURNAL)
    with pytest.raises(AuditError) as caught:
        command.run(parse("repo", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"))
    assert str(caught.value) == (
        "cannot reach the Dask scheduler at tcp://127.0.0.1:1: "
        "Timed out trying to connect to tcp://127.0.0.1:1 after 0.5 s"
    )
    assert (tmp_path / "audit.jsonl").read_bytes() == JOURNAL


def test_audit_report_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    from policylint import cli

    with pytest.raises(SystemExit) as exited:
        cli.main(["audit", "report", "--help"])
    assert exited.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert help_text.startswith(
        "usage: policylint audit report [-h] [--db URL] [--html FILE] [--csv FILE] [--json FILE] "
        "[--badges DIR] [--since DATE | --runs N] Write the reports of the last recorded audit "
        "from the results database, with trends over the runs before it and what changed since "
        "the previous one."
    )


def test_help_says_the_audit_reports_and_does_not_gate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from policylint import cli

    with pytest.raises(SystemExit) as exited:
        cli.main(["audit", "--help"])
    assert exited.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert help_text.endswith(
        "An audit reports; it does not gate. Exit codes: 0 the audit ran, whatever the findings, "
        "even when a repository could not be audited (its row says why); 1 with --fail-on-error, "
        "when a repository could not be audited; 2 a usage error (found before anything is "
        "audited or written), an unreachable Dask scheduler, or a journal or report that cannot "
        "be written; 3 an internal error. 'policylint audit report --help': the reports of "
        "recorded runs, from the results database."
    )


def test_python_m_policylint_audit_maps_usage_errors_to_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "policylint.audit", "nowhere"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: nowhere: no such directory, manifest file or git URL\n",
    )


def hang(repo: Path) -> Path:
    """Make every git command in ``repo`` wait forever (HEAD is a FIFO with no writer)."""
    (repo / ".git" / "HEAD").unlink()
    os.mkfifo(repo / ".git" / "HEAD")
    return repo


def processes_naming(text: str) -> list[int]:
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(text in part for part in process.info["cmdline"] or ()):
            found.append(process.pid)
    return found


def test_a_timed_out_repository_leaves_no_git_behind(make_repo: MakeRepo, tmp_path: Path) -> None:
    hung = hang(make_repo(HEALTHY, name="org/hung"))
    make_repo(HEALTHY, name="org/fine")
    _, rows = audit(tmp_path / "audit.jsonl", str(tmp_path / "org"), "--timeout", "1")
    assert [(r["name"], r["error"]) for r in rows] == [
        ("fine", None),
        ("hung", "timed out after 1 s"),
    ]
    assert processes_naming(str(hung)) == []


def test_a_worker_that_dies_gives_an_error_row_and_is_replaced(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    import threading

    import psutil

    hung = hang(make_repo(HEALTHY, name="org/a-hung"))
    make_repo(HEALTHY, name="org/b-fine")
    make_repo(HEALTHY, name="org/c-fine")
    outcome: list[Any] = []
    args = ["--jobs", "1", "--timeout", "60"]
    thread = threading.Thread(
        target=lambda: outcome.append(audit(tmp_path / "audit.jsonl", str(tmp_path / "org"), *args))
    )
    thread.start()
    deadline = time.monotonic() + 30
    while not (gits := processes_naming(str(hung))) and time.monotonic() < deadline:
        time.sleep(0.02)
    worker = psutil.Process(gits[0]).parent()
    assert "policylint.audit.worker" in " ".join(worker.cmdline())
    worker.kill()
    thread.join(60)
    _, rows = outcome[0]
    assert [(r["name"], r["status"], r["error"]) for r in rows] == [
        ("a-hung", "error", "the worker process died (killed by signal 9)"),
        ("b-fine", "ok", None),
        ("c-fine", "ok", None),
    ]
    assert processes_naming(str(hung)) == []
