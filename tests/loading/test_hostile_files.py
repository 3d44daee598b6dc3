"""Files a checkout can put where policylint expects a policy, a baseline or PR metadata: a
FIFO is refused unread (it would block the read for ever), and a path component over 255 bytes
is a positioned problem that does not echo the whole name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

TIMEOUT = 60  # a hang fails the test instead of blocking the suite


def test_a_fifo_named_like_the_config(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    os.mkfifo(repo / ".policylint.yaml")
    proc = run_policylint("check", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:1:1: $: cannot read the file: not a regular file (a FIFO)\n"
    )


def test_a_fifo_that_the_config_extends(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": "extends: [./ci/org.yaml]\n"})
    (repo / "ci").mkdir()
    os.mkfifo(repo / "ci/org.yaml")
    proc = run_policylint("check", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:1:11: $.extends[0]: not a regular file: ci/org.yaml\n"
    )


def test_a_fifo_where_a_cached_config_was(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "README.md": "# x\n",
            ".policylint.yaml": "extends: [builtin:recommended]\nfail-on: never\n",
        }
    )
    assert run_policylint("check", cwd=repo, timeout=TIMEOUT).returncode == 0  # now cached
    (repo / ".policylint.yaml").unlink()
    os.mkfifo(repo / ".policylint.yaml")
    proc = run_policylint("check", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:1:1: $: cannot read the file: not a regular file (a FIFO)\n"
    )


@pytest.mark.parametrize(
    ("option", "what"), [("--baseline", "baseline"), ("--pr-json", "--pr-json file")]
)
def test_a_fifo_given_as_a_json_file(make_repo: MakeRepo, option: str, what: str) -> None:
    repo = make_repo({"README.md": "# x\n"})
    os.mkfifo(repo / "in.json")
    proc = run_policylint("check", option, "in.json", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"policylint: in.json: cannot read the {what}: not a regular file (a FIFO)\n"
    )


def test_a_fifo_among_the_settings_init_reads(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    for name in ("pyproject.toml", "package.json", "towncrier.toml"):
        os.mkfifo(repo / name)
    proc = run_policylint("init", "--stdout", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "  - builtin:recommended\n" in proc.stdout


def test_an_extends_component_over_255_bytes(make_repo: MakeRepo, tmp_path: Path) -> None:
    name = "a" * 300
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": f"extends: [./{name}.yaml]\n"})
    proc = run_policylint("check", cwd=repo, timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:1:11: $.extends[0]: cannot read "
        + "a" * 99
        + "…: File name too long\n"
    )


@pytest.mark.parametrize(("entry", "shown"), [('"./a\\0b.yaml"', "./a\\x00b.yaml")])
def test_an_extends_entry_no_file_can_be_named(make_repo: MakeRepo, entry: str, shown: str) -> None:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": f"extends: [{entry}]\n"})
    for command in (("validate", ".policylint.yaml"), ("check",)):
        proc = run_policylint(*command, cwd=repo, timeout=TIMEOUT)
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == (
            f"policylint: .policylint.yaml:1:11: $.extends[0]: not a file name: {shown}\n"
        )
