"""The Dask executor on a real LocalCluster gives the rows the local pool gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.audit import OWN_POLICY, audit, org
from tests.helpers.repos import HEALTHY, MakeRepo


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def without_seconds(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]


def test_dask_rows_equal_local_rows(scheduler: str, make_repo: MakeRepo, tmp_path: Path) -> None:
    directory = org(make_repo, tmp_path)
    make_repo({".policylint.yaml": "rules:\n  x: 1\n"}, name="org/bad-policy")
    for number in range(6):
        make_repo({**HEALTHY, ".policylint.yaml": OWN_POLICY}, name=f"org/more{number}")
    remote = make_repo({"README.md": "# r\n"}, name="remote")
    common = ["--cache", str(tmp_path / "cache"), "--sarif-dir", str(tmp_path / "sarif")]
    _, local = audit(tmp_path / "local.jsonl", str(directory), f"file://{remote}", *common)
    code, dask = audit(
        tmp_path / "dask.jsonl",
        str(directory),
        f"file://{remote}",
        *common,
        "--executor",
        "dask",
        "--scheduler",
        scheduler,
    )
    assert code == 0
    assert len(dask) == 12
    assert without_seconds(dask) == without_seconds(local)
    assert [r["name"] for r in dask if r["status"] == "error"] == ["bad-policy"]


def test_dask_resume_keeps_unchanged_rows(
    scheduler: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    directory = org(make_repo, tmp_path)
    argv = [str(directory), "--executor", "dask", "--scheduler", scheduler]
    _, first = audit(tmp_path / "audit.jsonl", *argv)
    _, second = audit(tmp_path / "audit.jsonl", *argv, "--resume")
    assert second == first
