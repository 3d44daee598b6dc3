"""Golden files: ``tests/reporters/golden/*``, rewritten by ``pytest --update-golden``."""

from __future__ import annotations

from tests.helpers.paths import GOLDEN


def assert_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"run pytest --update-golden for {path}"
