"""commitlint's parser and default ignores, as policylint replays them (the replay in
benchmarks/replay_commitlint.py compares them with commitlint itself on real histories)."""

from __future__ import annotations

import pytest

from policylint.conventions.commitlint import PRESET_RULES, Commitlint, problems
from policylint.conventions.commitlint_parse import Parsed, ignored, parse

PRESET = Commitlint("t", {k: v for k, v in PRESET_RULES.items() if v[0] == 2}, True, True)


def test_header_fields_take_the_scope_to_the_last_closing_parenthesis() -> None:
    parsed = parse("feat(api (v2))!: add a thing\n")
    assert (parsed.type, parsed.scope, parsed.subject) == ("feat", "api (v2)", "add a thing")
    assert parse("Fix: the thing").type == "Fix"
    assert parse("fix the thing").type is None
    assert parse("feat(api)!: x", conventional=False).type is None  # angular: no "!"


def test_the_footer_starts_at_a_reference_or_a_breaking_change_note() -> None:
    parsed = parse("fix: a\n\nWhy it broke.\n\nCloses #12\nMore text\n")
    assert (parsed.body, parsed.footer, parsed.references) == (
        "Why it broke.",
        "Closes #12\nMore text",
        1,
    )
    noted = parse("feat: a\n\nBody.\nBREAKING CHANGE: the API moved\n")
    assert (noted.body, noted.footer) == ("Body.", "BREAKING CHANGE: the API moved")


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("see #12", 1),
        ("see #12, which fixes the bug", 0),  # after an action, only its sentence counts
        ("fixes #12 and closes #13", 2),
        ("https://example.org/#12", 0),
        ("#12!", 0),
    ],
)
def test_references_are_found_as_the_parser_finds_them(line: str, count: int) -> None:
    assert parse(f"fix: a\n\n{line}\n").references == count


@pytest.mark.parametrize(
    "message",
    [
        "fixup! feat: a\n",
        "squash! feat: a\n",
        "amend! feat: a\n",
        'Revert "feat: a"\n',
        "v1.2.3\n",
        "chore(release): 1.2.3 [skip ci]\n",
        "Merge pull request #1 from a/b\n",
        "fix: x\n\nMerge branch 'main' into fix\n",
        "Automatic merge from submit-queue\n",
    ],
)
def test_commitlints_default_ignores(message: str) -> None:
    assert ignored(message)


def test_ordinary_messages_are_not_ignored() -> None:
    assert not ignored("feat: a\n")
    assert not ignored("Merged\n")


def _problems(message: str) -> list[str]:
    parsed: Parsed = parse(message)
    return problems(PRESET, parsed)


def test_the_preset_judges_as_config_conventional() -> None:
    assert _problems("feat(parser): accept `ISO` dates\n") == []
    assert _problems("feat: Accept dates.\n") == [
        "subject must not be sentence-case, start-case, pascal-case, upper-case [subject-case]",
        "subject may not end with full stop [subject-full-stop]",
    ]
    assert _problems("feat: " + "x" * 95 + "\n") == [
        "header must not be longer than 100 characters, current length is 101 [header-max-length]"
    ]
    assert _problems("feat: 日本語のテスト\n") == []  # no cased letter: subject-case passes
    long_url = "https://example.org/" + "a" * 120
    assert _problems(f"feat: a\n\n{long_url}\n") == []
    assert _problems("feat: a\n\n" + "b" * 101 + "\n") == [
        "body's lines must not be longer than 100 characters [body-max-line-length]"
    ]
