"""The pr-title check kind, run through the engine with pull-request facts."""

from __future__ import annotations

import pytest

from policylint.checks import KINDS, load_kind, pr_title
from policylint.documents.schema_errors import schema_problems
from policylint.errors import PolicyError
from policylint.facts.pr import PullRequest
from policylint.loading import load_policy
from policylint.model import OptionError
from tests.helpers.kinds import documented_rule, pr_level_messages, run_check

CONVENTIONAL = '("type(scope)!: description", scope and "!" optional)'
TYPES = "build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test"


def titled(title: str | None) -> PullRequest | None:
    return None if title is None else PullRequest(title=title, body=None)


messages = pr_level_messages


def test_registered():
    assert load_kind("pr-title") is pr_title
    assert KINDS["pr-title"].needs == frozenset({"pr"})


def test_skipped_without_pull_request_facts(tmp_path):
    result = run_check("pr-title", {"matches": "^feat"}, root=tmp_path, pr=titled(None))
    assert result.outcomes[0].status == "skipped"
    assert result.outcomes[0].reason.startswith("needs pr facts")


def test_matches_all_patterns(tmp_path):
    options = {"matches": ["^(feat|fix)", r"\S$"]}
    assert messages(run_check("pr-title", options, root=tmp_path, pr=titled("fix: a bug"))) == []
    assert messages(run_check("pr-title", options, root=tmp_path, pr=titled("Update stuff"))) == [
        'the pull request title "Update stuff" does not match /^(feat|fix)/'
    ]
    assert (
        messages(
            run_check("pr-title", {"matches": "stuff$"}, root=tmp_path, pr=titled("Update stuff"))
        )
        == []
    )


def test_matching_is_case_sensitive_unless_asked(tmp_path):
    assert messages(
        run_check("pr-title", {"matches": "^fix"}, root=tmp_path, pr=titled("FIX: x"))
    ) == ['the pull request title "FIX: x" does not match /^fix/']
    assert (
        messages(run_check("pr-title", {"matches": "(?i)^fix"}, root=tmp_path, pr=titled("FIX: x")))
        == []
    )


def test_not_matches(tmp_path):
    options = {"not-matches": ["(?i)wip", "do not merge"]}
    assert messages(run_check("pr-title", options, root=tmp_path, pr=titled("feat: ready"))) == []
    assert messages(
        run_check("pr-title", options, root=tmp_path, pr=titled("[WIP] feat: half"))
    ) == ['the pull request title "[WIP] feat: half" matches the forbidden pattern /(?i)wip/']


def test_max_length(tmp_path):
    assert (
        messages(run_check("pr-title", {"max-length": 72}, root=tmp_path, pr=titled("x" * 72)))
        == []
    )
    assert messages(
        run_check("pr-title", {"max-length": 72}, root=tmp_path, pr=titled("é" * 73))
    ) == [f'the pull request title "{"é" * 73}" is 73 characters long, more than 72']


@pytest.mark.parametrize(
    "title",
    ["feat: add x", "fix(parser): handle y", "feat(api)!: drop z", "refactor!: rename", "FEAT: x"],
)
def test_conventional_commits_headers_pass(tmp_path, title):
    assert (
        messages(
            run_check(
                "pr-title", {"preset": "conventional-commits"}, root=tmp_path, pr=titled(title)
            )
        )
        == []
    )


@pytest.mark.parametrize(
    "title",
    ["Add x", "feat:add x", "feat:  add x", "feat(): x", "feat(a)(b): x", "feat: ", ": x"],
)
def test_non_headers_fail(tmp_path, title):
    assert messages(
        run_check("pr-title", {"preset": "conventional-commits"}, root=tmp_path, pr=titled(title))
    ) == [f'the pull request title "{title}" does not follow Conventional Commits ' + CONVENTIONAL]


def test_unknown_type(tmp_path):
    assert messages(
        run_check(
            "pr-title", {"preset": "conventional-commits"}, root=tmp_path, pr=titled("feature: x")
        )
    ) == [f'the pull request title "feature: x" has type "feature", not one of {TYPES}']


def test_configured_types(tmp_path):
    options = {"preset": "conventional-commits", "types": ["feature", "bugfix"]}
    assert (
        messages(run_check("pr-title", options, root=tmp_path, pr=titled("Feature(ui): x"))) == []
    )
    assert messages(run_check("pr-title", options, root=tmp_path, pr=titled("fix: x"))) == [
        'the pull request title "fix: x" has type "fix", not one of feature, bugfix'
    ]


def test_each_unmet_condition_is_a_finding_with_its_own_fingerprint(tmp_path):
    options = {"preset": "conventional-commits", "max-length": 10, "not-matches": "stuff"}
    result = run_check("pr-title", options, root=tmp_path, pr=titled("Update stuff"))
    assert messages(result) == [
        'the pull request title "Update stuff" matches the forbidden pattern /stuff/',
        'the pull request title "Update stuff" does not follow Conventional Commits '
        + CONVENTIONAL,
        'the pull request title "Update stuff" is 12 characters long, more than 10',
    ]
    assert len({f.fingerprint for f in result.findings}) == 3


def test_titles_are_shown_with_control_characters_escaped(tmp_path):
    assert messages(
        run_check("pr-title", {"matches": "^feat"}, root=tmp_path, pr=titled("fix:\tx\x1b[2J"))
    ) == ['the pull request title "fix:\\tx\\x1b[2J" does not match /^feat/']


def test_long_titles_are_cut_in_messages(tmp_path):
    title = "feat: " + "word " * 60
    (message,) = messages(
        run_check("pr-title", {"max-length": 100}, root=tmp_path, pr=titled(title))
    )
    quoted = message.split('"')[1]
    assert len(quoted) == 120 and quoted.endswith("…")
    assert message.endswith(f" is {len(title)} characters long, more than 100")


def test_validate_reports_bad_regexes_at_their_path():
    assert pr_title.validate({"matches": "(", "not-matches": ["ok", "[a"]}) == [
        OptionError(
            ("matches",),
            "invalid regular expression: missing ), unterminated subpattern at position 0",
        ),
        OptionError(
            ("not-matches", 1),
            "invalid regular expression: unterminated character set at position 0",
        ),
    ]


def test_validate_needs_a_condition_and_types_need_the_preset():
    assert pr_title.validate({"types": ["feat"]}) == [
        OptionError((), "give at least one of matches, not-matches, max-length, preset"),
        OptionError(("types",), "types apply only with preset: conventional-commits"),
    ]
    assert pr_title.validate({"preset": "conventional-commits", "types": ["feat"]}) == []


def test_schema_takes_one_pattern_or_a_list():
    assert schema_problems({"matches": "x", "not-matches": ["y"]}, pr_title.OPTIONS) == []
    assert schema_problems({"matches": []}, pr_title.OPTIONS)
    assert schema_problems({"preset": "angular"}, pr_title.OPTIONS)
    assert schema_problems({"max-length": 0}, pr_title.OPTIONS)


def test_the_documented_example_loads_and_works(tmp_path):
    rule = documented_rule(pr_title, tmp_path)
    assert rule.kind == "pr-title"
    assert (
        messages(
            run_check(
                "pr-title", rule.options, root=tmp_path, pr=titled("feat(ui): add a dark theme")
            )
        )
        == []
    )
    assert messages(
        run_check("pr-title", rule.options, root=tmp_path, pr=titled("WIP: feat: x"))
    ) == [
        'the pull request title "WIP: feat: x" matches the forbidden pattern '
        "/(?i)wip|do not merge/",
        f'the pull request title "WIP: feat: x" has type "WIP", not one of {TYPES}',
    ]


def test_bad_options_are_reported_with_their_position(tmp_path):
    config = tmp_path / ".policylint.yaml"
    config.write_text(
        "rules:\n  title:\n    kind: pr-title\n    title: T\n    severity: error\n"
        '    options:\n      matches: ["^feat", "(x"]\n      types: [feat]\n'
    )
    with pytest.raises(PolicyError) as raised:
        load_policy(config, root=tmp_path, use_cache=False)
    assert raised.value.problems == [
        ".policylint.yaml:7:26: $.rules.title.options.matches[1]: invalid regular expression: "
        "missing ), unterminated subpattern at position 0",
        ".policylint.yaml:8:14: $.rules.title.options.types: "
        "types apply only with preset: conventional-commits",
    ]
