"""The results database, each test on SQLite and on a real PostgreSQL server: rows read back
are the rows written, two audits give "since the last run", a killed audit resumes with every
repository exactly once, the schema is versioned and migrated."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from policylint.audit.store import history, migrations, open_store
from policylint.audit.store.connection import Database, connect
from policylint.errors import AuditError
from tests.helpers.audit import OWN_POLICY, add_files, audit, by_name, copies, org, read_journal
from tests.helpers.cli import run_policylint
from tests.helpers.repos import HEALTHY, MIT, MakeRepo, git

FIXTURES = Path(__file__).parent.parent / "fixtures" / "audit"


def without_rules_info(row: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in row.items() if k != "policy_rules"}


def test_rows_read_back_are_the_rows_written(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    exempt = "exemptions:\n  - rule: governance\n    reason: the foundation's charter\n"
    make_repo({**HEALTHY, ".policylint.yaml": OWN_POLICY + exempt}, name="org/exempt")
    make_repo({".policylint.yaml": "rules: [\n"}, name="org/broken")
    code, rows = audit(tmp_path / "a.jsonl", str(directory), "--db", db_url)
    assert code == 0
    store = open_store(db_url)
    try:
        (run,) = history.runs(store)
        stored = list(history.rows(store, run.id))
    finally:
        store.close()
    assert stored == sorted(rows, key=lambda r: r["name"])
    assert run.finished_at is not None and run.repositories == 6
    assert run.options["jobs"] >= 1 and run.sources == [str(directory)]
    exempted = by_name(stored)["exempt"]
    assert exempted["exemptions"] == [
        {
            "rule": "governance",
            "reason": "the foundation's charter",
            "paths": [],
            "expires": None,
            "owner": None,
            "location": ".policylint.yaml:5:5",
        }
    ]
    assert by_name(stored)["healthy"]["default_branch"] == "main"


def test_rule_descriptions_and_tags_are_kept_once_per_policy(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    audit(tmp_path / "a.jsonl", str(directory), "--db", db_url)
    store = open_store(db_url)
    try:
        (run,) = history.runs(store)
        info = history.rule_info(store, run.id)
        hashes = store.db.query("SELECT COUNT(DISTINCT policy_hash) FROM policy_rules")
    finally:
        store.close()
    assert hashes == [(2,)]  # the built-in default and the repository's own
    readme = next(i for (_, rule), i in info.items() if rule == "readme")
    assert readme.tags == ("OSPS-DO-01.01", "community-health")
    assert readme.origin == "builtin:community-health:13:3"
    assert readme.help.startswith("Add `README.md`")


def two_audits(make_repo: MakeRepo, tmp_path: Path, db_url: str) -> Path:
    """An organisation audited twice: ``fixed`` gains its licence and contributing guide,
    ``broken`` loses its README, ``steady`` does not change."""
    base = {"README.md": HEALTHY["README.md"], "CODE_OF_CONDUCT.md": HEALTHY["CODE_OF_CONDUCT.md"]}
    fixed = make_repo(base, name="org/fixed")
    broken = make_repo({**base, "LICENSE": MIT}, name="org/broken")
    make_repo(base, name="org/steady")
    audit(tmp_path / "a.jsonl", str(tmp_path / "org"), "--db", db_url)
    add_files(fixed, {"LICENSE": MIT, "CONTRIBUTING.md": HEALTHY["CONTRIBUTING.md"]})
    git(broken, "rm", "-q", "README.md")
    git(broken, "commit", "-q", "-m", "no readme")
    audit(tmp_path / "a.jsonl", str(tmp_path / "org"), "--db", db_url)
    return tmp_path / "org"


def test_the_report_of_two_audits_names_the_fixed_and_the_broken_first(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    two_audits(make_repo, tmp_path, db_url)
    page, report = tmp_path / "r.html", tmp_path / "r.json"
    proc = run_policylint(
        "audit", "report", "--db", db_url, "--html", str(page), "--json", str(report)
    )
    assert proc.returncode == 0, proc.stderr
    changes = json.loads(report.read_text())["since-last-run"]
    assert changes == {
        "previous-run": 1,
        "regressions": [
            {"name": "broken", "before": 68.8, "after": 59.4, "rules": ["readme"], "status": None}
        ],
        "fixes": [
            {
                "name": "fixed",
                "before": 59.4,
                "after": 75.0,
                "rules": ["license", "contributing"],
                "status": None,
            }
        ],
        "new": [],
        "vanished": [],
    }
    html = page.read_text()
    first = html.index("<section")
    assert html.index('<section id="changes"') == first
    changes_html = html[first : html.index("</section>", first)]
    assert changes_html.count('class="name"') == 2
    assert '<a class="name" href="#repo-0">broken</a>' in changes_html
    assert '<a class="name" href="#repo-1">fixed</a>' in changes_html
    trend = html[html.index('<svg id="chart-trend"') :]
    assert trend[: trend.index("</svg>")].count("<circle") == 2
    readme_row = html[html.index('<table id="rule-trends"') :]
    readme_row = readme_row[readme_row.index("<code>readme</code>") :]
    spark = readme_row[readme_row.index('<svg class="spark"') :]
    assert spark[: spark.index("</svg>")].count("<circle") == 2
    assert 'aria-label="Pass rate of The project has a README over 2 runs: 100.0, 66.7"' in spark


def test_runs_selected_by_count_and_date(db_url: str, make_repo: MakeRepo, tmp_path: Path) -> None:
    two_audits(make_repo, tmp_path, db_url)
    report = tmp_path / "r.json"
    proc = run_policylint("audit", "report", "--db", db_url, "--runs", "1", "--json", str(report))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(report.read_text())
    assert [r["id"] for r in found["trend"]["runs"]] == [2]
    assert found["since-last-run"]["previous-run"] == 1  # the run before, whatever the selection
    proc = run_policylint("audit", "report", "--db", db_url, "--since", "2999-01-01")
    assert proc.returncode == 2
    assert proc.stderr == "policylint: the results database has no audit run since 2999-01-01\n"


@pytest.mark.slow
def test_kill_9_then_resume_records_every_repository_exactly_once(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    templates = [
        make_repo({"README.md": "# x\n", "LICENSE": "MIT\n"}),
        make_repo(HEALTHY),
        make_repo({**HEALTHY, ".policylint.yaml": OWN_POLICY, "src/a.py": ""}),
    ]
    made = copies(templates, tmp_path / "org", 200)
    journal = tmp_path / "audit.jsonl"
    argv = [sys.executable, "-m", "policylint.audit", str(tmp_path / "org"), "--jobs", "2"]
    argv += ["--journal", str(journal), "--db", db_url, "--no-progress"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_rows(db_url, 30, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    killed_at = _count(db_url, "SELECT COUNT(*) FROM repositories")
    assert 30 <= killed_at < 200
    resumed = subprocess.run([*argv, "--resume"], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    store = open_store(db_url)
    try:
        (run,) = history.runs(store)  # the same run, continued
        stored = list(history.rows(store, run.id))
        counts = store.db.query(
            "SELECT name, COUNT(*) FROM repositories WHERE run_id = ? GROUP BY name", (run.id,)
        )
    finally:
        store.close()
    assert run.finished_at is not None
    assert sorted(r["name"] for r in stored) == sorted(p.name for p in made)
    assert {count for _, count in counts} == {1}
    assert all(r["status"] == "ok" for r in stored)
    assert [r["name"] for r in read_journal(journal)] == [p.name for p in made]
    assert [without_rules_info(r) for r in read_journal(journal)] == sorted(
        stored, key=lambda r: made.index(tmp_path / "org" / r["name"])
    )


def _count(url: str, sql: str) -> int:
    db = connect(url)
    try:
        return int(db.scalar(sql))
    except AuditError:  # not created yet
        return 0
    finally:
        db.close()


def _wait_for_rows(url: str, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(url, "SELECT COUNT(*) FROM repositories") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the audit recorded fewer than {count} rows (exit code {proc.poll()})")


def test_resume_after_a_finished_run_starts_a_run_that_keeps_unchanged_rows(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    _, first = audit(tmp_path / "a.jsonl", str(directory), "--db", db_url)
    add_files(tmp_path / "org" / "bare", {"LICENSE": "MIT\n"})
    _, second = audit(tmp_path / "a.jsonl", str(directory), "--db", db_url, "--resume")
    assert by_name(second)["healthy"] == by_name(first)["healthy"]  # kept, time and all
    assert by_name(second)["bare"]["head"] != by_name(first)["bare"]["head"]
    store = open_store(db_url)
    try:
        runs = history.runs(store)
        kept = by_name(list(history.rows(store, runs[1].id)))
    finally:
        store.close()
    assert [r.id for r in runs] == [1, 2]
    assert [without_rules_info(r) for r in second] == [kept[r["name"]] for r in second]


def load_version_1(db: Database) -> None:
    """The database of ``schema-v1.sql``, as policylint 0.1.0 wrote it."""
    text = (FIXTURES / "schema-v1.sql").read_text()
    for statement in text.replace("{id}", migrations.IDENTITY[db.dialect]).split(";\n"):
        if statement.strip():
            db.execute(statement)


def test_a_database_of_schema_version_1_is_upgraded_and_read(db_url: str, tmp_path: Path) -> None:
    db = connect(db_url)
    try:
        load_version_1(db)
        later = (
            *migrations.MIGRATIONS,
            migrations.Migration(2, ("ALTER TABLE runs ADD note TEXT",)),
        )
        assert migrations.migrate(db, later) == 1
        assert migrations.current_version(db) == 2
        assert db.query("SELECT id, note FROM runs") == [(1, None)]
    finally:
        db.close()
    with pytest.raises(AuditError) as raised:
        open_store(db_url)
    assert str(raised.value) == (
        f"{db_url}: the results database has schema version 2, written by a later policylint; "
        "this one (0.1.0) reads up to version 1: upgrade policylint"
    )


def test_the_version_1_fixture_reports_as_it_was_written(db_url: str, tmp_path: Path) -> None:
    db = connect(db_url)
    try:
        load_version_1(db)
    finally:
        db.close()
    report = tmp_path / "r.json"
    proc = run_policylint("audit", "report", "--db", db_url, "--json", str(report))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(report.read_text())
    assert [(r["name"], r["score"], r["failing"]) for r in found["repositories"]] == [
        ("app", 50.0, ["readme"]),
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@host/db", "--db mysql://x@host/db: not a database URL: give an SQLite file "
         "(audit.db, sqlite:///audit.db) or postgresql://USER@HOST/DATABASE"),
        ("missing/dir/a.db", "--db missing/dir/a.db: no such directory: missing/dir"),
    ],
)  # fmt: skip
def test_a_bad_database_url_is_a_usage_error(url: str, message: str, tmp_path: Path) -> None:
    proc = run_policylint("audit", str(tmp_path), "--db", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == f"policylint: {message}\n"
    assert not (tmp_path / "audit.jsonl").exists()


def test_report_usage_errors(tmp_path: Path) -> None:
    proc = run_policylint("audit", "report", "--db", "none.db", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: --db none.db: no such database file\n",
    )
    proc = run_policylint("audit", "report", "--since", "last week", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: --since last week: not a date (YYYY-MM-DD)\n",
    )
    sqlite3.connect(tmp_path / "empty.db").close()
    proc = run_policylint("audit", "report", "--db", "empty.db", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: the results database has no audit run yet\n",
    )


def test_a_password_in_the_url_is_never_shown(tmp_path: Path) -> None:
    url = "postgresql://me:s3cret@127.0.0.1:1/db"
    proc = run_policylint("audit", "report", "--db", url, cwd=tmp_path)
    assert proc.returncode == 2
    assert "s3cret" not in proc.stderr
    assert proc.stderr.startswith(
        "policylint: postgresql://me:***@127.0.0.1:1/db: cannot connect to the results database: "
    )


def test_two_audits_writing_to_one_database_at_once(
    db_url: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    templates = [make_repo({"README.md": "# x\n"}), make_repo(HEALTHY)]
    copies(templates, tmp_path / "one", 20)
    copies(templates, tmp_path / "two", 20)
    procs = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "policylint.audit", str(tmp_path / name), "--jobs", "1"),
                *("--db", db_url, "--journal", str(tmp_path / f"{name}.jsonl"), "--no-progress"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("one", "two")
    ]
    for proc in procs:
        assert proc.wait(120) == 0, proc.stderr.read() if proc.stderr else ""
    store = open_store(db_url)
    try:
        runs = history.runs(store)
        counts = [len(list(history.rows(store, run.id))) for run in runs]
        versions = store.db.query("SELECT version FROM schema_version")
    finally:
        store.close()
    assert counts == [20, 20]
    assert sorted(run.sources[0] for run in runs) == [str(tmp_path / "one"), str(tmp_path / "two")]
    assert versions == [(1,)]  # migrated once


def _open_at(path: str, barrier: Any) -> str:
    barrier.wait()
    try:
        open_store(path).close()
    except AuditError as exc:
        return str(exc)
    return "ok"


def test_processes_opening_one_new_sqlite_file_together_all_get_it(tmp_path: Path) -> None:
    """Switching a new file to WAL needs it to itself, and SQLite says "database is locked" at
    once (no busy timeout) while another process holds it: opening waits its turn instead."""
    context = multiprocessing.get_context("spawn")
    answers: list[str] = []
    with context.Manager() as manager, context.Pool(6) as pool:
        for attempt in range(10):
            barrier = manager.Barrier(6)
            path = str(tmp_path / f"results-{attempt}.db")
            answers += pool.starmap(_open_at, [(path, barrier)] * 6)
    assert answers == ["ok"] * 60
