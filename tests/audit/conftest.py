"""Fixtures of the audit tests: the results database, on SQLite and on a real PostgreSQL
server the session starts itself (``tests/helpers/postgres.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import postgres

DIALECTS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    with postgres.server() as server:
        yield server


@pytest.fixture(params=DIALECTS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty results database: an SQLite file in tmp_path, or a new database on the
    session's PostgreSQL server. Tests using it run once on each."""
    if request.param == "sqlite":
        return str(tmp_path / "results.db")
    server: postgres.Server = request.getfixturevalue("postgres_server")
    return server.new_database()
