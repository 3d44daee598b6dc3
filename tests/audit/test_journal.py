"""The journal: appended row by row, torn last lines dropped, resumed, killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policylint.audit.journal import encode, kept_rows, read_rows, start
from policylint.errors import AuditError
from tests.helpers.audit import OWN_POLICY, add_files, audit, check_json, copies, read_journal
from tests.helpers.repos import HEALTHY, MakeRepo


def row(name: str, status: str = "ok") -> dict[str, object]:
    return {"version": 1, "key": "k" + name, "name": name, "status": status}


def lines(*rows: dict[str, object]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def test_without_resume_an_existing_journal_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(lines(row("a")))
    journal = start(str(path), resume=False)
    journal.append(encode(row("b")))
    journal.close()
    assert path.read_bytes() == lines(row("b"))


def test_resume_drops_a_torn_last_line_and_keeps_the_last_row_of_a_name(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(lines(row("a", "error"), row("b"), row("a")) + b'{"version": 1, "na')
    journal = start(str(path), resume=True)
    assert path.read_bytes() == lines(row("b"), row("a"))  # rewritten cleanly before appending
    assert list(kept_rows(str(path))) == [(0, row("b")), (len(lines(row("b"))), row("a"))]
    journal.append(encode(row("c")))
    journal.finish_from([encode(row("a")), encode(row("b")), encode(row("c"))])
    assert path.read_bytes() == lines(row("a"), row("b"), row("c"))


def test_resume_without_a_journal_starts_one(tmp_path: Path) -> None:
    journal = start(str(tmp_path / "new.jsonl"), resume=True)
    journal.close()
    assert list(kept_rows(str(tmp_path / "new.jsonl"))) == []
    assert (tmp_path / "new.jsonl").read_bytes() == b""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"version": 1, "name": "a"}\nnot json\n{}\n', "{path}:2: not an audit journal row"),
        (b'["a"]\n', "{path}:1: not an audit journal row"),
        (
            b'{"version": 2, "name": "a"}\n',
            "{path}:1: a row of version 2; this policylint reads version 1: audit again "
            "without --resume",
        ),
    ],
)
def test_a_journal_that_is_not_one_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_bytes(content)
    with pytest.raises(AuditError) as caught:
        read_rows(str(path))
    assert str(caught.value) == message.format(path=path)
    assert path.read_bytes() == content


def test_an_unwritable_journal_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(AuditError) as caught:
        start(str(tmp_path / "missing" / "audit.jsonl"), resume=False)
    assert str(caught.value) == (
        f"{tmp_path}/missing/audit.jsonl: cannot write the journal: No such file or directory"
    )


def test_resume_keeps_unchanged_rows_and_audits_changed_and_failed_ones(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    changed = make_repo({"README.md": "# x\n"}, name="org/changed")
    make_repo(HEALTHY, name="org/same")
    broken = make_repo({".policylint.yaml": "rules: [\n", **HEALTHY}, name="org/broken")
    journal = tmp_path / "audit.jsonl"
    _, first = audit(journal, str(tmp_path / "org"))
    add_files(changed, {"LICENSE": "MIT\n"})
    (broken / ".policylint.yaml").write_text("extends: [builtin:recommended]\n")
    _, second = audit(journal, str(tmp_path / "org"), "--resume")
    assert [r["name"] for r in second] == ["broken", "changed", "same"]
    assert second[2] == first[2]  # the very same row, time and all
    assert second[1]["head"] != first[1]["head"]
    assert [r["status"] for r in second] == ["ok", "ok", "ok"]


@pytest.mark.slow
def test_kill_9_then_resume_leaves_every_repository_exactly_once(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    templates = [
        make_repo({"README.md": "# x\n", "LICENSE": "MIT\n"}),
        make_repo(HEALTHY),
        make_repo({**HEALTHY, ".policylint.yaml": OWN_POLICY, "src/a.py": ""}),
    ]
    made = copies(templates, tmp_path / "org", 200)
    journal = tmp_path / "audit.jsonl"
    argv = [sys.executable, "-m", "policylint.audit", str(tmp_path / "org")]
    argv += ["--jobs", "2", "--journal", str(journal)]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_lines(journal, 30, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    killed_at = len(journal.read_bytes().splitlines())
    assert 30 <= killed_at < 200
    resumed = subprocess.run([*argv, "--resume", "--no-progress"], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    rows = read_journal(journal)
    assert [r["name"] for r in rows] == [p.name for p in made]
    assert all(r["status"] == "ok" for r in rows)
    for number in (0, 4, 197, 199):  # each template, audited before and after the kill
        assert rows[number]["report"] == check_json(made[number])


def _wait_for_lines(journal: Path, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"the audit wrote fewer than {count} rows (exit code {proc.poll()})")


def test_finish_rewrites_from_offsets_and_kept_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = start(str(path), resume=False)
    first = log.append(encode(row("a")))
    log.append(encode(row("b", "error")))
    second = log.append(encode(row("b")))  # audited again: the later row stands
    rows = log.finish_from([encode(row("kept")), second, first])
    assert path.read_bytes() == lines(row("kept"), row("b"), row("a"))
    assert len(rows) == 3
    assert [r["name"] for r in rows] == ["kept", "b", "a"]
    assert rows[1] == row("b")
