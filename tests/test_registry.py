"""The ``KINDS`` table against the modules it names: mypy cannot see through ``import_module``,
so every kind is imported here and checked against the ``CheckKind`` Protocol."""

from __future__ import annotations

import inspect
from typing import Any

import jsonschema
import pytest

from policylint.checks import KINDS, CheckKind, load_kind

NAMES = sorted(KINDS)


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_every_kind_in_the_table_loads() -> None:
    loaded = {name: load_kind(name) for name in KINDS}
    assert {name: module.__name__ for name, module in loaded.items()} == {
        name: f"policylint.checks.{kind.module}" for name, kind in KINDS.items()
    }


@pytest.mark.parametrize("name", NAMES)
def test_each_kind_is_a_check_kind(name: str) -> None:
    kind: CheckKind = load_kind(name)
    assert isinstance(kind.OPTIONS, dict)
    assert kind.OPTIONS.get("type") == "object"
    assert callable(kind.validate)
    assert parameters(kind.validate) == ["options"]
    assert callable(kind.check)
    assert parameters(kind.check) == ["rule", "facts"]


@pytest.mark.parametrize("name", NAMES)
def test_needs_is_declared_exactly_when_the_options_decide(name: str) -> None:
    row = KINDS[name]
    decide = getattr(load_kind(name), "needs", None)
    assert callable(decide) == row.by_options
    if row.by_options:
        assert parameters(decide) == ["options"]
    assert row.needs <= {"repo", "change", "pr", "commits", "history"}


@pytest.mark.parametrize("name", NAMES)
def test_every_default_is_valid_for_its_own_option(name: str) -> None:
    properties: dict[str, Any] = load_kind(name).OPTIONS.get("properties", {})
    defaults = {key: spec["default"] for key, spec in properties.items() if "default" in spec}
    for key, value in defaults.items():
        problems = [
            e.message for e in jsonschema.Draft202012Validator(properties[key]).iter_errors(value)
        ]
        assert problems == [], f"{name}: options.{key} default {value!r}"


def test_some_kinds_give_defaults() -> None:
    """The test above is not vacuous: the loader has defaults to fill in."""
    assert load_kind("file-exists").OPTIONS["properties"]["case-sensitive"]["default"] is False


def test_every_reporter_renders_a_result() -> None:
    from policylint.model import Policy, Result
    from policylint.reporters import REPORTERS

    result = Result("/r", Policy(("p.yaml",), ()), (), ())
    for name in REPORTERS:
        module = REPORTERS.load(name)
        assert module.__name__ == f"policylint.reporters.{name}"
        assert parameters(module.render)[0] == "result"
        assert isinstance(module.render(result), str)


def test_every_sub_command_has_its_arguments_and_its_run() -> None:
    from policylint.cli import COMMANDS, MODULES

    assert list(MODULES) == list(COMMANDS)
    for name in COMMANDS:
        module = MODULES.load(name)
        assert module.__name__ == f"policylint.commands.{COMMANDS[name].module}"
        assert parameters(module.add_arguments) == ["parser"]
        assert parameters(module.run) == ["args"]


def test_every_platform_reader_detects_nothing_without_its_variables() -> None:
    from policylint.facts.platforms import PLATFORMS, READERS

    for name, platform in PLATFORMS.items():
        reader = READERS.load(name)
        assert reader.__name__ == f"policylint.facts.pr.{platform.module}"
        assert parameters(reader.detect) == ["env"]
        assert reader.detect({}) is None


def test_a_row_added_to_a_table_is_loadable_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint.checks import Kind

    monkeypatch.setitem(KINDS, "alias-of-expr", Kind("expr", frozenset({"repo"})))
    assert load_kind("alias-of-expr") is load_kind("expr")
