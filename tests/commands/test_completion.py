"""``policylint completion``: the scripts load in the real bash, zsh and fish, and complete
sub-commands, options and their values."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.shells import (
    bash_completions,
    fish_completions,
    require_shell,
    zsh_completions,
)

Completions = Callable[[Path, str], list[str]]
SHELLS: dict[str, Completions] = {
    "bash": bash_completions,
    "zsh": zsh_completions,
    "fish": fish_completions,
}


def script(tmp_path: Path, shell: str) -> Path:
    proc = run_policylint("completion", shell)
    assert (proc.returncode, proc.stderr) == (0, "")
    path = tmp_path / f"policylint.{shell}"
    path.write_text(proc.stdout)
    return path


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_completes_sub_commands_options_and_values(tmp_path: Path, shell: str) -> None:
    completions, loaded = SHELLS[shell], script(tmp_path, shell)
    assert completions(loaded, "policylint ch") == ["check"]
    assert completions(loaded, "policylint comp") == ["completion"]
    assert completions(loaded, "policylint check --fail-o") == ["--fail-on"]
    assert completions(loaded, "policylint check --fail-on w") == ["warning"]
    assert sorted(completions(loaded, "policylint completion ")) == ["bash", "fish", "zsh"]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_completes_file_names_for_file_options(tmp_path: Path, shell: str) -> None:
    loaded = script(tmp_path, shell)
    (tmp_path / "team-policy.yaml").write_text("rules: {}\n")
    assert SHELLS[shell](loaded, "policylint check --config team-") == ["team-policy.yaml"]


def test_the_zsh_script_is_valid_zsh(tmp_path: Path) -> None:
    zsh = require_shell("zsh")
    proc = subprocess.run([zsh, "-n", str(script(tmp_path, "zsh"))], capture_output=True)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_an_unknown_shell_is_a_usage_error() -> None:
    proc = run_policylint("completion", "tcsh")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "usage: policylint completion [-h] {bash,zsh,fish}\n"
        "policylint completion: error: argument shell: invalid choice: 'tcsh' (choose from "
        "'bash', 'zsh', 'fish')\n"
    )
