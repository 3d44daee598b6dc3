"""Linear-time matching: RE2 for policy and repository patterns (``policylint.linear``), and
the internal patterns kept in ``re`` because they are proven linear — each run here on a long
adversarial input that a quadratic or exponential pattern would not finish."""

from __future__ import annotations

import pytest

from policylint.checks.sign_off import _GITHUB_APP, _NOREPLY
from policylint.checks.support.patterns import conventional_problem
from policylint.conventions.codeowners import _words, parse_codeowners
from policylint.conventions.maintainers import _identities
from policylint.documents.json_text import JsonProblem, parse_json
from policylint.linear import compile_linear, regex_problem

LONG = 200_000


def test_python_end_of_text_is_accepted() -> None:
    assert compile_linear(r"x\Z").search("ax") is not None
    assert compile_linear(r"x\Z").search("x\n") is None
    assert compile_linear(r"\\Z").search("\\Z") is not None  # an escaped backslash stays


def test_flags() -> None:
    assert compile_linear("^b", multiline=True).search("a\nb") is not None
    assert compile_linear("^b").search("a\nb") is None
    assert compile_linear("WIP", ignore_case=True).search("wip") is not None
    assert compile_linear("a.b", dotall=True).search("a\nb") is not None


def test_text_with_undecodable_bytes_is_matched() -> None:
    text = "caf\udce9 TODO \ud800"  # surrogate escapes, a lone surrogate
    found = compile_linear("TODO").search(text)
    assert found is not None and found.start() == 5
    assert [m.group() for m in compile_linear("[a-z]+").finditer(text)] == ["caf"]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (
            "(?<!a)b",
            "patterns run in linear time (RE2), which cannot use lookahead or lookbehind "
            "((?=, (?!, (?<=, (?<!): match the surrounding text itself, or move a forbidden "
            "form to not-matches",
        ),
        (
            r"(\w+) \1",
            "patterns run in linear time (RE2), which cannot use backreferences: spell out "
            "the repeated text",
        ),
        (
            "a++",
            "patterns run in linear time (RE2), which cannot use atomic groups or possessive "
            "quantifiers: drop them: RE2 never backtracks",
        ),
        (
            "a{1001}",
            "invalid repetition size: {1001} (patterns use RE2 syntax: "
            "https://github.com/google/re2/wiki/Syntax)",
        ),
        ("(", "missing ), unterminated subpattern at position 0"),
        ("^(a+)+$", None),
    ],
)
def test_regex_problems(pattern: str, problem: str | None) -> None:
    assert regex_problem(pattern) == problem


def test_a_backtracking_pattern_is_linear_in_re2() -> None:
    assert compile_linear("^(a+)+$").search("a" * LONG + "!") is None


def test_internal_patterns_on_long_adversarial_input() -> None:
    # maintainers: a line with no @, logins, names
    assert list(_identities("a" * LONG, bare_login=False)) == []
    assert list(_identities("@" + "a" * LONG, bare_login=False)) == []
    assert list(_identities("Ada " * (LONG // 4), bare_login=False)) == []
    # CODEOWNERS: backslashes, brackets, one endless word
    assert _words("\\" * LONG) == ["\\" * LONG]
    assert parse_codeowners("\\" * LONG + "[ @x\n", "CODEOWNERS").errors[0].reason == (
        "character ranges ([ ]) do not work in CODEOWNERS; write each name out"
    )
    assert parse_codeowners("* @" + "a" * LONG + "!\n", "CODEOWNERS").errors != ()
    # Conventional Commits headers, GitHub noreply addresses
    assert conventional_problem("a" * LONG, ["feat"]) is not None
    assert conventional_problem("feat(" + "a" * LONG, ["feat"]) is not None
    assert _GITHUB_APP.fullmatch("1+" + "[bot]" * (LONG // 5) + "@x") is None
    assert _NOREPLY.fullmatch("1" * LONG + "@users.noreply.github.co") is None


def test_the_json_token_pattern_on_long_adversarial_input() -> None:
    with pytest.raises(JsonProblem):
        parse_json('["' + "\\\\" * LONG)
    with pytest.raises(JsonProblem) as caught:
        parse_json("[" * LONG)
    assert caught.value.message == "invalid JSON: nested deeper than 500 levels"
