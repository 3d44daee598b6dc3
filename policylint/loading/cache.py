"""A cache of validated policies, so the hook path pays no YAML or JSON Schema import.

Reading YAML and validating it costs about 100 ms of imports (ruamel.yaml, jsonschema); a
cache hit costs a ``marshal`` load, a ``stat`` of policylint's own modules and a hash of each
policy file. An entry is keyed by policylint's version, the Python version, the checked root,
the config file (or the built-in default) and a fingerprint of policylint's code; it lists every
file read with the sha256 of its bytes and is ignored when any of them changed. Entries are
plain tuples, dicts and strings (``marshal`` takes no NamedTuples), written atomically; a cache
directory that cannot be written is silently skipped. Only valid policies are ever stored.

A policy read from a git revision (``at``: the ref as given, its commit id) is keyed by the ref
and the commit too: a commit names its whole tree, so only the files read from outside it
(built-in packs) are listed and hashed.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from typing import TYPE_CHECKING, Any

from policylint import __version__
from policylint.digest import sha256_hex
from policylint.model import Exemption, Location, Policy, Rule, Skip

if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

At = tuple[str, str]  # a git revision: the ref as given, its commit id

FORMAT = 1
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def cache_dir() -> Path:
    """``$POLICYLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/policylint``, else ``~/.cache/...``."""
    from pathlib import Path

    return Path(_cache_dir_str())


def cache_dir_str() -> str:
    """``cache_dir()`` as a ``str``, for the hook path (which does without ``pathlib``)."""
    return _cache_dir_str()


def _cache_dir_str() -> str:
    """``cache_dir()`` as a ``str``, for the hook path (which does without ``pathlib``)."""
    if os.environ.get("POLICYLINT_CACHE_DIR"):
        return os.environ["POLICYLINT_CACHE_DIR"]
    if os.environ.get("XDG_CACHE_HOME"):
        return os.path.join(os.environ["XDG_CACHE_HOME"], "policylint")
    return os.path.join(os.path.expanduser("~"), ".cache", "policylint")


def cache_key(config: StrPath | None, root: StrPath, at: At | None = None) -> str:
    """What an entry is valid for (the policy files' contents are checked on lookup)."""
    parts = (_place(config, root, at), str(FORMAT), __version__, sys.version, code_stamp())
    return "\0".join(parts if at is None else (*parts, at[1]))


def _place(config: StrPath | None, root: StrPath, at: At | None = None) -> str:
    """Which policy for which checkout, read by which installation (a pre-commit environment
    and a development install share the cache directory): one cache file each, replaced when
    anything changes."""
    source = "builtin:recommended" if config is None else f"{os.path.abspath(config)}\0{config}"
    if at is not None:  # one entry per ref, whichever commit it names now
        source = f"git:{at[0]}\0{'' if config is None else os.fspath(config)}"
    return f"{os.path.realpath(root)}\0{source}\0{PACKAGE_DIR}"


def code_stamp() -> str:
    """A cheap fingerprint of policylint's code: count, total size and newest mtime of its .py."""
    count = size = newest = 0
    pending = [PACKAGE_DIR]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name not in (
                    "__pycache__",
                    "_data",
                ):
                    pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    count, size = count + 1, size + stat.st_size
                    newest = max(newest, stat.st_mtime_ns)
    return f"{PACKAGE_DIR}:{count}:{size}:{newest}"


def lookup(config: StrPath | None, root: StrPath, *, at: At | None = None) -> Policy | None:
    """The stored policy of ``config`` for ``root`` (at git revision ``at``) when nothing it
    depends on changed."""
    try:
        with open(_entry_path(config, root, at), "rb") as stream:
            key, files, plain = marshal.load(stream)
        if key != cache_key(config, root, at) or any(_digest(path) != sha for path, sha in files):
            return None
        return _policy_from_plain(plain)
    except Exception:  # a missing, stale or corrupt entry is just a miss
        return None


def store(
    config: StrPath | None,
    root: StrPath,
    policy: Policy,
    files: list[tuple[str, str]],
    *,
    at: At | None = None,
) -> None:
    """Remember ``policy``, read from ``files`` (path, sha256 of the bytes read) and from git
    revision ``at``; never fails."""
    from pathlib import Path

    from policylint.atomicfile import write_atomically

    target = Path(_entry_path(config, root, at))
    with contextlib.suppress(OSError, ValueError):  # unwritable directory, unmarshallable value
        data = marshal.dumps((cache_key(config, root, at), files, _policy_to_plain(policy)))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)


def _entry_path(config: StrPath | None, root: StrPath, at: At | None = None) -> str:
    place = _place(config, root, at).encode("utf-8", "surrogateescape")
    return os.path.join(_cache_dir_str(), f"policy-{sha256_hex(place)[:32]}.marshal")


def _digest(path: str) -> str:
    from policylint.readfile import MAX_POLICY_BYTES, read_regular

    return sha256_hex(read_regular(path, MAX_POLICY_BYTES))  # a FIFO now: a miss, never a hang


def _plain(value: Any) -> Any:
    """Records as plain tuples (``marshal`` refuses tuple subclasses), containers recursively."""
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _policy_to_plain(policy: Policy) -> dict[str, Any]:
    plain: dict[str, Any] = _plain(policy._asdict())
    plain["rules"] = [_plain(rule._asdict()) for rule in policy.rules]
    return plain


def _policy_from_plain(plain: dict[str, Any]) -> Policy:
    exemptions = (Exemption(*e)._replace(origin=Location(*e[2])) for e in plain["exemptions"])
    return Policy(**{
        **plain,
        "rules": tuple(_rule_from_plain(rule) for rule in plain["rules"]),
        "exemptions": tuple(exemptions),
    })  # fmt: skip


def _rule_from_plain(plain: dict[str, Any]) -> Rule:
    enabled_at = plain["enabled_at"]
    return Rule(**{
        **plain,
        "origin": Location(*plain["origin"]),
        "skip": Skip(*plain["skip"]),
        "enabled_at": Location(*enabled_at) if enabled_at else None,
        "positions": {key: Location(*at) for key, at in plain["positions"].items()},
    })  # fmt: skip
