"""The README's examples are true: its commands, its configuration, its error message."""

from __future__ import annotations

import re
from pathlib import Path

from policylint.errors import PolicyError
from policylint.loading import load_policy, validate_files
from tests.helpers.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.DOTALL)


def test_readme_opens_with_exactly_two_commands() -> None:
    before_prose = README.split("\n---\n", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", before_prose, re.DOTALL)
    assert [c.strip().count("\n") for c in commands] == [0, 0]
    install, test = (c.strip() for c in commands)
    assert install.endswith("policylint check")
    assert "[test]" in test
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci  # CI runs the README's test command itself


def example_config() -> str:
    (config,) = [body for lang, body in BLOCKS if body.startswith("# .policylint.yaml")]
    return config


def test_configuration_example_is_valid(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "org-policy.yaml").write_text("rules: {}\n")
    config = tmp_path / ".policylint.yaml"
    config.write_text(example_config())
    policy = load_policy(config, root=tmp_path, use_cache=False)
    ids = [rule.id for rule in policy.rules]
    assert "docs-index" in ids
    assert "enough-docs" in ids
    assert "code-of-conduct" not in ids


def test_error_example_is_what_policylint_says(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "org-policy.yaml").write_text("rules: {}\n")
    config = tmp_path / ".policylint.yaml"
    config.write_text(example_config().replace("kind: file-content", "kind: file-contents"))
    (shown,) = re.findall(r"^policylint: (\.policylint\.yaml:.*)$", README, re.MULTILINE)
    try:
        load_policy(config, root=tmp_path, use_cache=False)
    except PolicyError as exc:
        assert exc.problems == [shown]
    else:
        raise AssertionError("the mistaken example was accepted")
    assert validate_files([config])  # and `validate` reports it too
