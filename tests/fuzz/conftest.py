"""Hypothesis profiles of the fuzz suite.

``ci`` (the default): deterministic (``derandomize``: the same examples on every run, so a
failure reproduces) and bounded, a few thousand examples in all. ``long``: random examples,
each test's count multiplied by ``POLICYLINT_FUZZ_FACTOR`` (default 50); selected with
``POLICYLINT_FUZZ=long`` (see CONTRIBUTING.md). Neither has a deadline: a test never asserts
on time; hangs are counted by the long profile's log instead.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.function_scoped_fixture,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "long",
    derandomize=False,
    deadline=None,
    database=None,
    suppress_health_check=_QUIET,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking big JSON takes hours
)
settings.load_profile(os.environ.get("POLICYLINT_FUZZ", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # CEL evaluation raises the recursion limit for deep expressions; hypothesis notes it.
    for item in items:
        item.add_marker(pytest.mark.filterwarnings("ignore:The recursion limit will not be reset"))
