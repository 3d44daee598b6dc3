"""Policy files -> a validated, resolved ``Policy``: structure, extends, overrides, positions.

Every problem of every file is collected and reported at once, each as
``file:line:col: $.json.path: message`` (``PolicyError``); a file is named ``builtin:NAME``,
by its path relative to the checked root when it lies inside, else by the path given. A valid
policy is cached (``policylint.cache``), so the hook path skips ruamel.yaml and jsonschema
(~100 ms of imports) while nothing changed. The work itself is in ``policylint.loading``,
imported (with ruamel.yaml and jsonschema) only on a cache miss.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

    from policylint.loading.resolution import Resolution
    from policylint.model import Policy

CONFIG_NAMES = (".policylint.yaml", ".policylint.yml")
DEFAULT_PACK = "recommended"
BUILTIN = "builtin:"


class PolicyError(Exception):
    """Invalid policy files; ``problems`` holds every problem, one formatted line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def find_config(root: StrPath) -> str | None:
    """The repository's ``.policylint.yaml`` (or ``.yml``) at ``root``, if it has one (a
    ``str``: this runs on the hook path, which does without ``pathlib``)."""
    for name in CONFIG_NAMES:
        config = os.path.join(root, name)
        if os.path.isfile(config):
            return config
    return None


def load_policy(config: StrPath | None, *, root: StrPath, use_cache: bool = True) -> Policy:
    """The effective policy of ``config`` (None: the built-in ``recommended`` pack) for ``root``."""
    if not use_cache:
        return _resolution(config, root).run()[0]
    from policylint import cache

    cached = cache.lookup(config, root)
    if cached is not None:
        return cached
    policy, files = _resolution(config, root).run()
    cache.store(config, root, policy, files)
    return policy


def validate_files(paths: list[Path]) -> list[str]:
    """Every problem in each policy file (its ``extends`` resolved; files named relative to the
    working directory); [] when all are valid."""
    problems: list[str] = []
    for path in paths:
        try:
            _resolution(path, os.getcwd()).run()
        except PolicyError as exc:
            problems.extend(exc.problems)
    return problems


def _resolution(config: StrPath | None, root: StrPath) -> Resolution:
    """A load of ``config`` for ``root``; ``policylint.loading`` is imported here, on first use
    (and ``pathlib`` with it: the hook path passes plain strings)."""
    from pathlib import Path

    from policylint.loading.resolution import Resolution

    return Resolution(None if config is None else Path(config), Path(root))
