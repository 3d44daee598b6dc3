"""Policy files -> a validated, resolved ``Policy``: structure, extends, overrides, positions.

Every problem of every file is collected and reported at once, each as
``file:line:col: $.json.path: message`` (``PolicyError``); a file is named ``builtin:NAME``,
by its path relative to the checked root when it lies inside, else by the path given. A valid
policy is cached (``policylint.loading.cache``), so the hook path skips ruamel.yaml and jsonschema
(~100 ms of imports) while nothing changed. The work itself is in the modules of this
package, imported (with ruamel.yaml and jsonschema) only on a cache miss: ``resolution`` reads
the files in ``extends`` order (``extends`` says where an entry leads, ``containment`` keeps
local files inside the checkout), ``overrides`` applies each file over the ones it extends,
``validate`` checks the result, ``to_policy`` turns it into a ``Policy``; every problem on the
way is collected with its position (``policylint.documents.problems``).

With a policy ref (``--policy-ref REF``, the trusted base of a pull request) the config and the
local packs it extends are read from the git objects at REF, never from the working tree, and
named ``REF:path`` (``policylint.loading.revision``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from policylint.errors import PolicyError
from policylint.model import CONFIG_NAMES

if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

    from policylint.loading.resolution import Resolution
    from policylint.loading.revision import Revision
    from policylint.model import Policy


def find_config(root: StrPath) -> str | None:
    """The repository's ``.policylint.yaml`` (or ``.yml``) at ``root``, if it has one (a
    ``str``: this runs on the hook path, which does without ``pathlib``). Whatever has the
    name counts — a directory or a broken link is then reported, never silently passed over —
    and both names at once is an error: one of them would be ignored."""
    found = [name for name in CONFIG_NAMES if os.path.lexists(os.path.join(root, name))]
    if len(found) > 1:
        both = " and ".join(found)
        raise PolicyError([f"{os.fspath(root)}: both {both} exist; keep one (one is ignored)"])
    return os.path.join(root, found[0]) if found else None


def load_policy(
    config: StrPath | None, *, root: StrPath, use_cache: bool = True, ref: str | None = None
) -> Policy:
    """The effective policy of ``config`` (None: the built-in ``recommended`` pack) for ``root``.

    With ``ref``, files come from that git revision instead: ``config`` (a path relative to
    ``root``; None: ``.policylint.yaml`` or ``.yml`` at ``root`` in REF's tree, else the
    built-in pack) and the local packs it extends. Raises ``PolicyError``, also when REF names
    no commit."""
    if ref is not None:
        return _load_at_ref(config, root, ref, use_cache=use_cache)
    if not use_cache:
        return _resolution(config, root).run()[0]
    from policylint.loading import cache

    cached = cache.lookup(config, root)
    if cached is not None:
        return cached
    policy, files = _resolution(config, root).run()
    cache.store(config, root, policy, files)
    return policy


def _load_at_ref(config: StrPath | None, root: StrPath, ref: str, *, use_cache: bool) -> Policy:
    """``load_policy`` from revision ``ref``; cached by its commit id, which names every file."""
    from policylint.loading import cache
    from policylint.loading.revision import resolve_ref

    revision = resolve_ref(ref, os.fspath(root))
    at = (ref, revision.commit)
    cached = cache.lookup(config, root, at=at) if use_cache else None
    if cached is not None:
        return cached
    policy, files = _resolution(config, root, revision).run()
    if use_cache:
        cache.store(config, root, policy, files, at=at)
    return policy


def load_pack(name: str, *, root: StrPath) -> Policy:
    """The built-in pack ``name`` on its own (what ``extends: [builtin:NAME]`` brings)."""
    from pathlib import Path

    from policylint.loading.resolution import Resolution

    return Resolution(None, Path(root), pack=name).run()[0]


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


def _resolution(
    config: StrPath | None, root: StrPath, revision: Revision | None = None
) -> Resolution:
    """A load of ``config`` for ``root`` (from ``revision``, when given); ``policylint.loading``
    is imported here, on first use (and ``pathlib`` with it: the hook path passes strings)."""
    from pathlib import Path

    from policylint.loading.resolution import Resolution

    return Resolution(None if config is None else Path(config), Path(root), revision)
