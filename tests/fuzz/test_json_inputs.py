"""Pull-request JSON, GitHub event files, baselines and audit journal lines, well formed or
damaged: read, or refused with ``file:line:col`` (exit 2), never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policylint.audit.journal import read_rows
from policylint.errors import AuditError
from tests.helpers.fuzz import (
    Run,
    baselines,
    github_events,
    json_text,
    json_values,
    outcome,
    pr_objects,
    run_in_process,
)
from tests.helpers.fuzz_settings import examples
from tests.helpers.repos import MakeRepo


def _repo(make_repo: MakeRepo, tmp_path: Path) -> Path:
    repo = tmp_path / "json-repo"
    if not repo.exists():
        repo = make_repo(
            {"README.md": "# x\n", ".policylint.yaml": "extends: [builtin:pr-hygiene]\n"},
            name="json-repo",
        )
    return repo


@settings(max_examples=examples(300))
@given(text=pr_objects().flatmap(json_text))
def test_pr_json(make_repo: MakeRepo, tmp_path: Path, text: str) -> None:
    repo = _repo(make_repo, tmp_path)
    (repo / "pr.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome("pr json", run_in_process("check", "--pr-json", str(repo / "pr.json"), str(repo)))


@settings(max_examples=examples(300))
@given(
    text=github_events().flatmap(json_text),
    name=st.sampled_from(["pull_request", "pull_request_target", "merge_group", "push"]),
)
def test_github_events(make_repo: MakeRepo, tmp_path: Path, text: str, name: str) -> None:
    repo = _repo(make_repo, tmp_path)
    (repo / "event.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(repo / "event.json"),
    }
    outcome("github event", run_in_process("check", str(repo), env=env))


@settings(max_examples=examples(250))
@given(text=baselines().flatmap(json_text))
def test_baselines(make_repo: MakeRepo, tmp_path: Path, text: str) -> None:
    repo = _repo(make_repo, tmp_path)
    (repo / "b.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome("baseline", run_in_process("check", "--baseline", str(repo / "b.json"), str(repo)))


@settings(max_examples=examples(300))
@given(lines=st.lists(json_values.flatmap(json_text), max_size=4))
def test_journal_lines(tmp_path: Path, lines: list[str]) -> None:
    journal = tmp_path / "audit.jsonl"
    good = json.dumps({"version": 1, "name": "a"})
    journal.write_text("\n".join([good, *lines]) + "\n", encoding="utf-8", errors="surrogatepass")
    try:
        rows = read_rows(str(journal))
        run = Run(0, "", "", 0.0)
        assert all(isinstance(name, str) for name in rows)
    except AuditError as exc:
        assert all(line.startswith(f"{journal}:") for line in exc.problems), exc.problems
        run = Run(2, "", "", 0.0)
    outcome("journal", run, positioned=False)
