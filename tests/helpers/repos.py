"""Real git repositories built in tmp_path, never mocks of git."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Lovelace",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Lovelace",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

MakeRepo = Callable[..., Path]


def git(repo: Path, *args: str) -> str:
    """Run real git in ``repo`` with a fixed identity; return its stdout."""
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def repo_maker(tmp_path: Path) -> MakeRepo:
    """The ``make_repo`` fixture's builder, repositories under ``tmp_path``:
    ``make({"README.md": "# x"})`` -> a committed git repository with those files.
    ``use_git=False`` leaves a plain directory; ``name`` picks the directory name."""
    counter = iter(range(1000))

    def make(
        files: Mapping[str, str | bytes],
        *,
        name: str = "",
        commit: bool = True,
        use_git: bool = True,
    ) -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir(parents=True)
        write_files(root, files)
        if use_git:
            git(root, "init", "-q", "-b", "main")
            if files:
                git(root, "add", "-A")
                if commit:
                    git(root, "commit", "-q", "-m", "initial commit")
        return root

    return make


MIT = """MIT License

Copyright (c) 2026 Ada Lovelace

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

# Community files that pass community-health's presence and content rules.
HEALTHY = {
    "README.md": "# demo\n\nA demonstration project that does one thing well.\n",
    "LICENSE": MIT,
    "CONTRIBUTING.md": "# Contributing\n\nOpen a pull request; a maintainer reviews it.\n",
    "CODE_OF_CONDUCT.md": "# Code of conduct\n\nReport problems to conduct@demo.dev.\n",
    "SECURITY.md": "# Security\n\nReport vulnerabilities privately to security@demo.dev.\n",
    "GOVERNANCE.md": "# Governance\n",
    "MAINTAINERS": "Ada Lovelace <ada@example.org>\n",
    "CHANGELOG.md": "# Changelog\n",
}


def commit(repo: Path, files: dict[str, str], message: str, *extra: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-s", "-m", message, *extra)
