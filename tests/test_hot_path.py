"""The pre-commit hook's path stays lean: with a warm policy cache, `policylint check` imports
none of the modules that cost milliseconds each (benchmarks/bench_check.py measures the rest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.repos import MakeRepo, git

HEAVY = (
    "ruamel", "jsonschema", "celpy", "lark", "rich", "pathspec", "pathlib", "urllib",
    "subprocess", "hashlib", "shutil", "dataclasses", "inspect", "json", "tempfile", "shtab",
    "askalono", "signal",
)  # fmt: skip

# policylint's own modules a plain check (files only, no change asked for) does without.
UNUSED = (
    "policylint.facts.pr", "policylint.facts.change", "policylint.facts.commits",
    "policylint.facts.ranges", "policylint.cel", "policylint.checks.sign_off",
    "policylint.checks.co_change", "policylint.audit", "policylint.baseline",
    "policylint.commands.completion",
)  # fmt: skip

CHECK = (
    "import sys\n"
    "from policylint.cli import main\n"
    "code = main(['check', sys.argv[1]])\n"
    "names = set(sys.argv[2].split(','))\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in names or m in names)\n"
    "heavy = sorted({m.split('.')[0] if m.split('.')[0] in names else m for m in heavy})\n"
    "print('imported:', ' '.join(heavy) or '-', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize("with_config", [False, True])
def test_a_warm_check_imports_nothing_heavy(make_repo: MakeRepo, with_config: bool) -> None:
    files = {
        "README.md": "# x\n\nA tool that checks what people contribute.\n",
        "LICENSE": "MIT\n",  # not recognised: a warning, after askalono ran once (cold)
        "docs/guide.md": "# Guide\n",
    }
    if with_config:
        files[".policylint.yaml"] = (
            "extends: [builtin:recommended]\n"
            "rules:\n"
            "  guide:\n"
            "    kind: file-content\n"
            "    title: The guide has a title\n"
            "    severity: note\n"
            "    options: {globs: [docs/guide.md], headings: [Guide]}\n"
        )
    repo = make_repo(files)
    command = [sys.executable, "-c", CHECK, str(repo), ",".join(HEAVY + UNUSED)]
    cold = subprocess.run(command, capture_output=True, text=True)
    warm = subprocess.run(command, capture_output=True, text=True)
    assert cold.returncode == warm.returncode == 0, warm.stderr
    assert "ruamel" in cold.stderr  # the first run really did read the YAML
    assert warm.stderr.splitlines()[-1] == "imported: -"


GATE = (
    "import sys\n"
    "from policylint.cli import main\n"
    "code = main(['check', sys.argv[1], '--base', 'main', '--no-ci', '--format', 'json'])\n"
    "cel = sorted({m.split('.')[0] for m in sys.modules} & {'celpy', 'lark'})\n"
    "print('imported:', ' '.join(cel) or '-', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


GATE_PACKS = (
    "release-notes-towncrier",
    "release-notes-reno",
    "release-notes-changesets",
    "release-notes-changelog",
    "conventional-commits",
    "dco",
)


def _pack_gate_repo(make_repo: MakeRepo, pack: str) -> Path:
    """A repository whose policy extends ``pack``, on a branch ``change`` with one commit."""
    files = {
        "README.md": "# x\n",
        ".policylint.yaml": f"extends: [builtin:{pack}]\n",
        "pyproject.toml": '[tool.towncrier]\ndirectory = "changes"\n',
        ".changeset/config.json": "{}\n",
        "package.json": '{"name": "x", "version": "1.0.0"}\n',
        ".commitlintrc.json": '{"extends": ["@commitlint/config-conventional"]}\n',
        "releasenotes/notes/a-0123456789abcdef.yaml": "fixes: [A.]\n",
    }
    repo = make_repo(files)
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "app.py").write_text("x = 1\n")
    git(repo, "add", "app.py")
    git(repo, "commit", "-q", "-m", "feat: add x")
    return repo


@pytest.mark.parametrize("pack", GATE_PACKS)
def test_a_gate_run_of_a_release_note_or_commit_pack_never_imports_cel(
    make_repo: MakeRepo, pack: str
) -> None:
    repo = _pack_gate_repo(make_repo, pack)
    for _ in range(2):  # a cold run (policy read from YAML) and a warm one
        run = subprocess.run(
            [sys.executable, "-c", GATE, str(repo)], capture_output=True, text=True
        )
        assert run.returncode in (0, 1), run.stderr
        assert run.stderr.splitlines()[-1] == "imported: -"


# Counts the ``typing.ForwardRef``s a run builds. A ``NamedTuple`` whose field types are strings
# (``from __future__ import annotations``, or a quoted name) builds one per field, and the first
# one costs ~0.9 ms (its ``compile`` initialises the AST types): record modules on the hook path
# evaluate their annotations instead.
FORWARD_REFS = (
    "import sys, typing\n"
    "made = []\n"
    "init = typing.ForwardRef.__init__\n"
    "def counting(self, arg, *args, **kwargs):\n"
    "    made.append(arg)\n"
    "    init(self, arg, *args, **kwargs)\n"
    "typing.ForwardRef.__init__ = counting\n"
    "from policylint.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('forward references:', ', '.join(made) or '-', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--staged"],
        ["--commit-msg", "MSG"],
        ["--base", "main", "--no-ci", "--title", "Add x", "--body", "Adds x.", "--label", "a"],
    ],
    ids=["check", "staged", "commit-msg", "pull-request"],
)
def test_a_warm_hook_or_gate_run_builds_no_forward_reference(
    make_repo: MakeRepo, arguments: list[str]
) -> None:
    repo = make_repo(
        {"README.md": "# x\n\nA tool that checks contributions.\n", "LICENSE": "MIT\n"}
    )
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "app.py").write_text("x = 1\n")
    git(repo, "add", "app.py")
    if arguments != ["--staged"]:
        git(repo, "commit", "-q", "-m", "Add x")
    (repo.parent / "MSG").write_text("Add x\n\nBecause.\n")
    arguments = [str(repo.parent / "MSG") if a == "MSG" else a for a in arguments]
    command = [sys.executable, "-c", FORWARD_REFS, "check", str(repo), *arguments]
    for _ in range(2):  # a cold run (the policy read from YAML) and a warm one
        run = subprocess.run(command, capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
    assert run.stderr.splitlines()[-1] == "forward references: -"


@pytest.mark.parametrize("pack", GATE_PACKS)
@pytest.mark.parametrize("output", ["json", "sarif"])
def test_a_pack_gate_run_builds_no_forward_reference(
    make_repo: MakeRepo, pack: str, output: str
) -> None:
    repo = _pack_gate_repo(make_repo, pack)
    gate = ["check", str(repo), "--base", "main", "--no-ci", "--format", output]
    for _ in range(2):  # a cold run and a warm one
        run = subprocess.run(
            [sys.executable, "-c", FORWARD_REFS, *gate], capture_output=True, text=True
        )
        assert run.returncode in (0, 1), run.stderr
    assert run.stderr.splitlines()[-1] == "forward references: -"


WRITERS = (
    "import sys\n"
    "from policylint.cli import main\n"
    "code = main(['check', sys.argv[1], '--base', 'main', '--no-ci', '--format', sys.argv[2]])\n"
    "found = sorted({m.split('.')[0] for m in sys.modules} & {'json', 'signal'})\n"
    "print('imported:', ' '.join(found) or '-', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize("output", ["json", "sarif", "gitlab"])
def test_a_gate_writing_json_imports_neither_json_nor_signal(
    make_repo: MakeRepo, output: str
) -> None:
    """The JSON formats are written without the json module (its decoder compiles patterns
    on import) and rule budgets are armed through _signal (signal builds enums on import)."""
    repo = _pack_gate_repo(make_repo, "dco")
    for _ in range(2):  # a cold run and a warm one
        run = subprocess.run(
            [sys.executable, "-c", WRITERS, str(repo), output], capture_output=True, text=True
        )
        assert run.returncode in (0, 1), run.stderr
    assert run.stderr.splitlines()[-1] == "imported: -"
