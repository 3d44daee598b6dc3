"""``init`` and ``fix`` read a project's settings files for hints: a deeply nested or
huge-integer ``pyproject.toml``, ``towncrier.toml`` or ``package.json`` is ignored as any
malformed one is, never a crash."""

from __future__ import annotations

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

SETTINGS = {
    "a deeply nested pyproject.toml": (
        "pyproject.toml",
        '[project]\nname = "x"\nv = ' + "[" * 5000 + "]" * 5000 + "\n",
    ),
    "a huge integer in pyproject.toml": (
        "pyproject.toml",
        '[project]\nname = "x"\nv = ' + "9" * 5000 + "\n",
    ),
    "a deeply nested towncrier.toml": (
        "towncrier.toml",
        '[tool.towncrier]\ndirectory = "x"\nv = ' + "[" * 5000 + "]" * 5000 + "\n",
    ),
    "a deeply nested package.json": (
        "package.json",
        '{"name": "x", "v": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    ),
    "a huge integer in package.json": ("package.json", '{"name": "x", "v": ' + "9" * 5000 + "}\n"),
}


@pytest.mark.parametrize("command", ["init", "fix"])
@pytest.mark.parametrize("case", list(SETTINGS))
def test_a_hostile_settings_file_is_ignored(make_repo: MakeRepo, command: str, case: str) -> None:
    name, text = SETTINGS[case]
    repo = make_repo({name: text, "README.md": "# x\n"})
    proc = run_policylint(command, cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    first = {
        "init": "Wrote .policylint.yaml: extends builtin:recommended.",
        "fix": "Created CONTRIBUTING.md",
    }
    assert proc.stdout.splitlines()[0] == first[command]
