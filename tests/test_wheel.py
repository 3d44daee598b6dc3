"""The built wheel ships policies/ and schemas/ and loads a built-in pack when installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("policylint-*.whl")
    return found


def test_wheel_contains_packs_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "policylint/_data/policies/recommended.yaml" in names
    assert "policylint/_data/policies/community-health.yaml" in names
    assert "policylint/_data/schemas/policy.schema.json" in names
    assert "policylint/_data/schemas/result.schema.json" in names
    assert "policylint/_data/schemas/pr.schema.json" in names
    assert "policylint/_data/policies/governance.yaml" in names
    assert "policylint/scaffold/templates/GOVERNANCE.md" in names


def test_installed_wheel_loads_a_builtin_pack(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import policylint.resources as r, policylint.loading as l, pathlib;"
        "print(r.data_dir('policies'));"
        "p = l.load_policy(None, root=pathlib.Path('.'), use_cache=False);"
        "print(len(p.rules), p.sources)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    where, loaded = proc.stdout.splitlines()
    assert Path(where) == target / "policylint" / "_data" / "policies"
    assert loaded.endswith(
        "('builtin:recommended', 'builtin:community-health', 'builtin:pr-hygiene')"
    )
