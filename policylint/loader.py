"""Policy files -> a validated, resolved ``Policy``: structure, extends, overrides, positions.

Every problem of every file is collected and reported at once, each as
``file:line:col: $.json.path: message`` (``PolicyError``); a file is named ``builtin:NAME``,
by its path relative to the checked root when it lies inside, else by the path given. A valid
policy is cached (``policylint.cache``), so the hook path skips ruamel.yaml and jsonschema
(~100 ms of imports) while nothing changed. The work itself is in ``policylint.loading``,
imported (with ruamel.yaml and jsonschema) only on a cache miss.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def find_config(root: Path) -> Path | None:
    """The repository's ``.policylint.yaml`` (or ``.yml``) at ``root``, if it has one."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def load_policy(config: Path | None, *, root: Path, use_cache: bool = True) -> Policy:
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
            _resolution(path, Path.cwd()).run()
        except PolicyError as exc:
            problems.extend(exc.problems)
    return problems


def _resolution(config: Path | None, root: Path) -> Resolution:
    """A load of ``config`` for ``root``; ``policylint.loading`` is imported here, on first use."""
    from policylint.loading.resolution import Resolution

    return Resolution(config, root)
