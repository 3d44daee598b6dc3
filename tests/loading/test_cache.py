"""The policy cache: hits skip YAML and JSON Schema, any change of a source file is a miss."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint import loading as loader
from policylint.errors import PolicyError
from policylint.loading import cache, load_policy
from policylint.model import Location
from tests.helpers.paths import fixture_policy
from tests.helpers.repos import MakeRepo

ORG_PACK = fixture_policy("org-pack.yaml")

CONFIG = "extends: [./ci/org.yaml, builtin:recommended]\nrules:\n  readme: {severity: note}\n"


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo({".policylint.yaml": CONFIG, "ci/org.yaml": ORG_PACK}, use_git=False)


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("*"))


def refuse_to_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes any load that is not served from the cache fail."""

    def fail(*args: object) -> None:
        raise AssertionError("the policy was read, not taken from the cache")

    monkeypatch.setattr(loader, "_resolution", fail)


def test_second_load_is_served_from_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_policy(root / ".policylint.yaml", root=root)
    assert len(entries()) == 1
    refuse_to_read(monkeypatch)
    second = load_policy(root / ".policylint.yaml", root=root)
    assert second == first
    readme = next(rule for rule in second.rules if rule.id == "readme")
    assert readme.severity == "note"
    assert type(readme.origin) is Location
    assert type(readme.enabled_at) is Location
    assert {type(at) for at in readme.positions.values()} == {Location}
    assert type(second.rules[0].skip).__name__ == "Skip"


def test_builtin_default_is_cached(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_policy(None, root=root)
    refuse_to_read(monkeypatch)
    assert load_policy(None, root=root) == first


def test_use_cache_false_neither_reads_nor_writes(root: Path) -> None:
    load_policy(root / ".policylint.yaml", root=root, use_cache=False)
    assert entries() == []


def test_editing_an_extended_local_pack_invalidates_the_entry(root: Path) -> None:
    config = root / ".policylint.yaml"
    before = load_policy(config, root=root)
    assert before.rules[0].severity == "warning"
    pack = root / "ci" / "org.yaml"
    pack.write_text(ORG_PACK.replace("severity: warning", "severity: note"), encoding="utf-8")
    after = load_policy(config, root=root)
    assert after.rules[0].severity == "note"


def test_another_root_is_another_entry(root: Path, make_repo: MakeRepo) -> None:
    config = root / ".policylint.yaml"
    inside = load_policy(config, root=root)
    outside = load_policy(config, root=make_repo({}, use_git=False))
    assert (inside.config_path, outside.config_path) == (".policylint.yaml", None)
    assert len(entries()) == 2


def test_invalid_policies_are_never_cached(root: Path) -> None:
    (root / "ci" / "org.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    with pytest.raises(PolicyError):
        load_policy(root / ".policylint.yaml", root=root)
    assert entries() == []


def test_a_corrupt_entry_is_a_miss_and_is_replaced(root: Path) -> None:
    config = root / ".policylint.yaml"
    expected = load_policy(config, root=root)
    (entry,) = entries()
    entry.write_bytes(b"\x00garbage")
    assert load_policy(config, root=root) == expected
    assert entry.read_bytes() != b"\x00garbage"


def test_an_unwritable_cache_is_skipped(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = root / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(blocker / "cache"))
    policy = load_policy(root / ".policylint.yaml", root=root)
    assert policy.sources == (
        ".policylint.yaml", "ci/org.yaml", "builtin:recommended", "builtin:community-health",
        "builtin:pr-hygiene",
    )  # fmt: skip


def test_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", "/tmp/explicit")
    monkeypatch.setenv("XDG_CACHE_HOME", "/tmp/xdg")
    monkeypatch.setenv("HOME", "/tmp/home")
    assert cache.cache_dir() == Path("/tmp/explicit")
    monkeypatch.delenv("POLICYLINT_CACHE_DIR")
    assert cache.cache_dir() == Path("/tmp/xdg/policylint")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path("/tmp/home/.cache/policylint")


def _modules_after_load(root: Path) -> str:
    config, where = str(root / ".policylint.yaml"), str(root)
    code = (
        "import sys; from pathlib import Path; from policylint.loading import load_policy; "
        f"policy = load_policy(Path({config!r}), root=Path({where!r})); "
        "print(len(policy.rules), sorted(m for m in ('ruamel.yaml', 'jsonschema') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_cached_load_imports_neither_ruamel_nor_jsonschema(root: Path) -> None:
    rules = len(load_policy(root / ".policylint.yaml", root=root, use_cache=False).rules)
    assert entries() == []
    # The first run misses: it reads YAML and validates it (so the check below can fail) ...
    assert _modules_after_load(root) == f"{rules} ['jsonschema', 'ruamel.yaml']\n"
    # ... the second is served from the cache and imports neither.
    assert _modules_after_load(root) == f"{rules} []\n"


def test_built_in_packs_are_parsed_once_per_process(tmp_path: Path) -> None:
    from policylint.loading import resolution

    (tmp_path / ".policylint.yaml").write_text("extends: [builtin:recommended]\n")
    first = load_policy(str(tmp_path / ".policylint.yaml"), root=tmp_path, use_cache=False)
    cached = dict(resolution._BUILTIN_DOCUMENTS)
    again = load_policy(str(tmp_path / ".policylint.yaml"), root=tmp_path, use_cache=False)
    assert again == first
    assert {"builtin:recommended", "builtin:community-health"} <= cached.keys()
    assert all(resolution._BUILTIN_DOCUMENTS[k] is v for k, v in cached.items())
