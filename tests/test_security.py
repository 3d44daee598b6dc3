"""Hardening found by review: a checked repository cannot run programs, shadow the trusted
base, hide lines from the size rule, or exhaust memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policylint.errors import PolicyError
from policylint.facts.change import read_range
from policylint.facts.ranges import ChangeError
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git

POLICY = "rules:\n  r: {kind: file-exists, title: R, severity: error, options: {globs: [x]}}\n"


run = run_policylint


def test_the_repository_config_cannot_run_a_program(make_repo: MakeRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    repo = make_repo({"README.md": "# x\n", "src/a.py": ""})
    git(repo, "switch", "-q", "-c", "feature")
    (repo / "src/a.py").write_text("x = 1\n")
    git(repo, "commit", "-qam", "change")
    git(repo, "config", "core.fsmonitor", f"touch {marker}; false")
    assert run("check", "--base", "main", cwd=repo).returncode in (0, 1)
    assert run("check", "--staged", cwd=repo).returncode in (0, 1)
    assert not marker.exists()


def test_a_tag_cannot_shadow_the_trusted_base(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": POLICY, "x": ""})
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    git(repo, "tag", "origin/main")  # pushed by someone who may push tags
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "origin/main")
    assert str(caught.value) == (
        "'origin/main' is ambiguous: it names refs/tags/origin/main and "
        "refs/remotes/origin/main; name the one you mean in full (such as "
        "refs/remotes/origin/main) or by commit id"
    )
    with pytest.raises(PolicyError) as refused:
        load_policy(None, root=repo, ref="origin/main")
    assert refused.value.problems == [
        "policy ref 'origin/main' is ambiguous: it names refs/tags/origin/main and "
        "refs/remotes/origin/main; name the one you mean in full (such as "
        "refs/remotes/origin/main) or by commit id"
    ]
    change, _ = read_range(str(repo), "refs/remotes/origin/main")
    assert change.base == git(repo, "rev-parse", "refs/remotes/origin/main").strip()


def test_the_change_cannot_hide_its_lines_with_gitattributes(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    git(repo, "switch", "-q", "-c", "feature")
    (repo / ".gitattributes").write_text("big.txt -diff\n")
    (repo / "big.txt").write_text("line\n" * 500)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "big")
    change, _ = read_range(str(repo), "main")
    sizes = {f.path: f.additions for f in change.files}
    assert sizes == {".gitattributes": 1, "big.txt": 500}


def test_a_gitignore_that_is_a_device_or_a_link_ignores_nothing(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n", "a.txt": ""}, use_git=False)
    (root / ".gitignore").symlink_to("/dev/zero")  # would fill memory if read
    assert list(Repo(root).files) == [".gitignore", "README.md", "a.txt"]


def test_the_baseline_is_read_from_the_resolved_commit(make_repo: MakeRepo) -> None:
    repo = make_repo({".policylint.yaml": POLICY})
    assert run("check", "--write-baseline", "b.json", cwd=repo).returncode == 0
    git(repo, "add", "b.json")
    git(repo, "commit", "-qm", "baseline")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "tag", "origin/main", "HEAD~1")  # the commit before the baseline existed
    proc = run("check", "--baseline", "b.json", "--policy-ref", "origin/main", cwd=repo)
    assert proc.returncode == 2
    assert "is ambiguous" in proc.stderr
    ok = run("check", "--baseline", "b.json", "--policy-ref", "refs/remotes/origin/main", cwd=repo)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (
        json.loads(run("check", "-f", "json", "--baseline", "b.json", cwd=repo).stdout)["summary"][
            "baselined"
        ]
        == 1
    )
