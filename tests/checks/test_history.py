"""The history check kind on real repositories with dated commits: documentation freshness
and active maintainers, complete and shallow histories."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.checks import history as history_kind
from policylint.checks import with_defaults
from policylint.engine import evaluate
from policylint.errors import PolicyError
from policylint.facts import Facts
from policylint.facts.history import History
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.model import Location, OptionError, Policy, Result, Rule
from tests.helpers.history import BOB, Commit, build, seconds, shallow_clone
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo

NOW = "2026-01-01"
DOCS = {"check": "docs-freshness", "docs": ["docs/**"], "code": ["src/**"]}
PEOPLE = {"check": "active-maintainers"}
UNSHALLOW = "fetch the full history (actions/checkout fetch-depth: 0, or git fetch --unshallow)"
SHARE = "should share the maintenance"


def messages(result: Result) -> list[str]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    assert all(f.path is None and f.status == "fail" for f in result.findings)
    return [f.message for f in result.findings]


def repo(tmp_path: Path, *commits: Commit) -> Path:
    return build(tmp_path / "repo", commits)


# --- docs-freshness -------------------------------------------------------------------------


def docs_then_code(tmp_path: Path, docs: str, code: str) -> Path:
    return repo(
        tmp_path,
        Commit("2024-01-15", {"docs/index.md": "1", "src/app.py": "1", "README.md": "x"}),
        Commit(docs, {"docs/index.md": "2"}),
        Commit(code, {"src/app.py": "2"}),
    )


def test_code_changing_within_the_lag_of_the_docs_passes(tmp_path: Path):
    assert (
        messages(
            run_check(
                "history",
                DOCS,
                root=docs_then_code(tmp_path, "2025-03-01", "2025-09-01"),
                now=seconds(NOW),
                history=True,
            )
        )
        == []
    )


def test_code_changing_more_than_the_lag_after_the_docs_fails(tmp_path: Path):
    root = docs_then_code(tmp_path, "2025-03-01", "2025-09-02")
    assert messages(run_check("history", DOCS, root=root, now=seconds(NOW), history=True)) == [
        "The documentation (docs/**) was last changed on 2025-03-01, but the code (src/**) kept "
        "changing until 2025-09-02: more than 6 months without a documentation update"
    ]
    assert (
        messages(
            run_check("history", {**DOCS, "months": 7}, root=root, now=seconds(NOW), history=True)
        )
        == []
    )
    assert messages(
        run_check(
            "history",
            {**DOCS, "months": 1, "docs": ["docs/**", "README*"]},
            root=root,
            now=seconds(NOW),
            history=True,
        )
    ) == [
        "The documentation (docs/**, README*) was last changed on 2025-03-01, but the code "
        "(src/**) kept changing until 2025-09-02: more than 1 month without a documentation "
        "update"
    ]


def test_the_latest_change_counts_not_the_first(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2024-01-15", {"docs/a.md": "1", "src/a.py": "1"}),
        Commit("2025-01-01", {"src/a.py": "2"}),
        Commit("2025-06-01", {"docs/a.md": "2"}),  # the docs caught up
        Commit("2025-08-01", {"src/a.py": "3"}),
    )
    assert messages(run_check("history", DOCS, root=root, now=seconds(NOW), history=True)) == []


def test_docs_unchanged_in_the_whole_period_read(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2020-01-01", {"docs/index.md": "1", "src/app.py": "1"}),
        Commit("2025-12-01", {"src/app.py": "2"}),
    )
    # Read: 6 + 24 months back from 2026-01-01.
    assert messages(run_check("history", DOCS, root=root, now=seconds(NOW), history=True)) == [
        "The documentation (docs/**) was not changed since 2023-07-01, but the code (src/**) "
        "kept changing until 2025-12-01: more than 6 months without a documentation update"
    ]


def test_code_unchanged_in_the_period_read_is_not_judged(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2018-01-01", {"docs/index.md": "1", "src/app.py": "1"}),
        Commit("2019-06-01", {"src/app.py": "2"}),
        Commit("2023-09-01", {"src/app.py": "3"}),  # in the period, within 6 months of its start
    )
    assert messages(run_check("history", DOCS, root=root, now=seconds(NOW), history=True)) == []


def test_paths_are_matched_as_globs_not_prefixes(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2024-06-01", {"docs/index.md": "1", "src/app.py": "1"}),
        Commit("2025-10-01", {"docs/conf.py": "2"}),  # not documentation by these globs
        Commit("2025-11-01", {"src/app.py": "2"}),
    )
    options = {**DOCS, "docs": ["docs/**/*.md"]}
    assert messages(run_check("history", options, root=root, now=seconds(NOW), history=True)) == [
        "The documentation (docs/**/*.md) was last changed on 2024-06-01, but the code (src/**) "
        "kept changing until 2025-11-01: more than 6 months without a documentation update"
    ]


SHALLOW_DOCS = (
    Commit("2024-01-15", {"docs/index.md": "1", "src/app.py": "1"}),
    Commit("2025-01-10", {"src/app.py": "2"}),
    Commit("2025-02-01", {"docs/index.md": "2"}),
    Commit("2025-09-01", {"src/app.py": "3"}),
)


def test_a_shallow_clone_that_shows_the_docs_keeping_up_passes(tmp_path: Path):
    source = build(tmp_path / "source", SHALLOW_DOCS)
    assert (
        messages(
            run_check(
                "history",
                {**DOCS, "months": 7},
                root=shallow_clone(source, tmp_path / "clone", depth=3),
                now=seconds(NOW),
                history=True,
            )
        )
        == []
    )


def test_a_shallow_clone_that_already_shows_stale_docs_fails_and_says_it_is_shallow(tmp_path):
    source = build(tmp_path / "source", SHALLOW_DOCS)
    clone = shallow_clone(source, tmp_path / "clone", depth=2)  # cut at 2025-02-01
    assert messages(
        run_check("history", {**DOCS, "months": 3}, root=clone, now=seconds(NOW), history=True)
    ) == [
        "The documentation (docs/**) was not changed since 2025-02-01, but the code (src/**) "
        "kept changing until 2025-09-01: more than 3 months without a documentation update "
        f"(the clone is shallow and its history starts on 2025-02-01; {UNSHALLOW})"
    ]


def test_a_shallow_clone_too_short_to_tell_fails(tmp_path: Path):
    source = build(tmp_path / "source", SHALLOW_DOCS)
    clone = shallow_clone(source, tmp_path / "clone", depth=1)
    message = (
        "Cannot tell whether the documentation keeps up with the code: the clone is shallow and "
        f"its history starts on 2025-09-01; {UNSHALLOW}"
    )
    assert messages(run_check("history", DOCS, root=clone, now=seconds(NOW), history=True)) == [
        message
    ]
    clone = shallow_clone(source, tmp_path / "clone2", depth=2)  # code 7 months after the cut
    assert messages(
        run_check("history", {**DOCS, "months": 8}, root=clone, now=seconds(NOW), history=True)
    ) == [message.replace("2025-09-01", "2025-02-01")]


def test_a_shallow_cut_before_the_period_read_changes_nothing(tmp_path: Path):
    source = build(tmp_path / "source", SHALLOW_DOCS)
    clone = shallow_clone(source, tmp_path / "clone", depth=3)  # cut at 2025-01-10
    assert (
        messages(run_check("history", DOCS, root=clone, now=seconds("2028-01-01"), history=True))
        == []
    )  # nothing in the 30 months read


# --- active-maintainers ---------------------------------------------------------------------


def test_two_people_in_the_last_year_pass(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2025-02-01", {"a": "1"}),
        Commit("2025-11-01", {"a": "2"}, author=BOB),
    )
    assert messages(run_check("history", PEOPLE, root=root, now=seconds(NOW), history=True)) == []


def test_one_person_fails_and_older_commits_do_not_count(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2024-12-31", {"a": "1"}, author=BOB),
        Commit("2025-02-01", {"a": "2"}),
        Commit("2025-11-01", {"a": "3"}, author="Ada L. <ADA@example.org>"),
    )
    assert messages(run_check("history", PEOPLE, root=root, now=seconds(NOW), history=True)) == [
        f"Only 1 person committed in the last 12 months (Ada L.); at least 2 {SHARE}"
    ]
    assert (
        messages(
            run_check(
                "history", {**PEOPLE, "months": 13}, root=root, now=seconds(NOW), history=True
            )
        )
        == []
    )
    assert messages(
        run_check("history", {**PEOPLE, "months": 1}, root=root, now=seconds(NOW), history=True)
    ) == [f"No one committed in the last 1 month; at least 2 {SHARE}"]
    assert (
        messages(
            run_check(
                "history", {**PEOPLE, "min-people": 1}, root=root, now=seconds(NOW), history=True
            )
        )
        == []
    )


def test_several_people_but_too_few_are_named(tmp_path: Path):
    commits = [
        Commit(f"2025-0{n}-01", {"a": str(n)}, author=f"P{n} <p{n}@x.org>") for n in (1, 2, 3)
    ]
    assert messages(
        run_check(
            "history",
            {**PEOPLE, "min-people": 4},
            root=repo(tmp_path, *commits),
            now=seconds(NOW),
            history=True,
        )
    ) == [f"Only 3 people committed in the last 12 months (P3, P2, P1); at least 4 {SHARE}"]


def test_bots_do_not_count(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2025-03-01", {"a": "1"}),
        Commit(
            "2025-04-01",
            {"a": "2"},
            author="dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
        ),
        Commit("2025-05-01", {"a": "3"}, author="Renovate Bot <bot@renovateapp.com[bot]>"),
        Commit("2025-06-01", {"a": "4"}, author="github-actions[bot] <actions@github.com>"),
    )
    assert messages(run_check("history", PEOPLE, root=root, now=seconds(NOW), history=True)) == [
        f"Only 1 person committed in the last 12 months (Ada Lovelace); at least 2 {SHARE}"
    ]


def test_merges_count_as_maintenance(tmp_path: Path):
    root = repo(
        tmp_path,
        Commit("2025-03-01", {"a": "1"}),
        Commit("2025-04-01", {"b": "1"}),
        Commit("2025-05-01", {}, author="Merger <merger@example.org>", merge=1),
    )
    assert messages(run_check("history", PEOPLE, root=root, now=seconds(NOW), history=True)) == []


MAINTAINERS_MD = """\
# Maintainers

| Name | GitHub | Affiliation |
|------|--------|-------------|
| Ada Lovelace <ada@example.org> | @ada | Analytical |
| Carol | @carol | Acme |

- Bob Example
- Dave D. (@dave)
"""


def maintainers_repo(tmp_path: Path, files: dict[str, str], *authors: str) -> Path:
    commits = [Commit("2025-01-01", files)]
    commits += [
        Commit(f"2025-02-{n + 1:02}", {"x": str(n)}, author=a) for n, a in enumerate(authors)
    ]
    return repo(tmp_path, *commits)


@pytest.mark.parametrize(
    "author",
    [
        "Someone <ADA@example.org>",  # email, ignoring case
        "Bob Example <bob@elsewhere.example>",  # name of a list item
        "carol <carol@acme.example>",  # a login as the author's name
        "Dee <1234+dave@users.noreply.github.com>",  # a login's GitHub address
        "Dave <dave@users.noreply.github.com>",
    ],
)
def test_a_listed_maintainer_counts(tmp_path: Path, author: str):
    root = maintainers_repo(tmp_path, {"MAINTAINERS.md": MAINTAINERS_MD}, author)
    options = {**PEOPLE, "people": "maintainers-file", "min-people": 1}
    assert messages(run_check("history", options, root=root, now=seconds(NOW), history=True)) == []


def test_people_not_listed_do_not_count(tmp_path: Path):
    authors = ("Eve <eve@example.org>", "Ada Lovelace <ada@example.org>", "Analytical <a@b.c>")
    root = maintainers_repo(tmp_path, {"docs/MAINTAINERS.md": MAINTAINERS_MD}, *authors)
    assert messages(
        run_check(
            "history",
            {**PEOPLE, "people": "maintainers-file"},
            root=root,
            now=seconds(NOW),
            history=True,
        )
    ) == [
        "Only 1 maintainer listed in docs/MAINTAINERS.md committed in the last 12 months "
        f"(Ada Lovelace); at least 2 {SHARE}"
    ]


def test_no_listed_maintainer_active(tmp_path: Path):
    root = maintainers_repo(tmp_path, {"MAINTAINERS.md": MAINTAINERS_MD}, "Eve <eve@example.org>")
    assert messages(
        run_check(
            "history",
            {**PEOPLE, "people": "maintainers-file", "months": 2},
            root=root,
            now=seconds("2025-03-15"),
            history=True,
        )
    ) == [
        f"No maintainer listed in MAINTAINERS.md committed in the last 2 months; at least 2 {SHARE}"
    ]


def test_kubernetes_owners_approvers_and_reviewers_count_emeritus_do_not(tmp_path: Path):
    owners = (
        "# See the OWNERS docs\n"
        "approvers:\n  - alice\n  - bob # lead\n"
        "reviewers:\n- carol\n"
        "emeritus_approvers:\n  - zed\n"
        "labels:\n  - sig/node\n"
    )
    authors = (
        "zed <zed@example.org>",
        "alice <a@example.org>",
        "X <carol@users.noreply.github.com>",
    )
    root = maintainers_repo(tmp_path, {"OWNERS": owners, "OWNERS_ALIASES": "- zed\n"}, *authors)
    options = {**PEOPLE, "people": "maintainers-file", "min-people": 3}
    assert messages(run_check("history", options, root=root, now=seconds(NOW), history=True)) == [
        "Only 2 maintainers listed in OWNERS committed in the last 12 months (X, alice); at "
        f"least 3 {SHARE}"
    ]


def test_codeowners_users_and_emails_count_teams_do_not(tmp_path: Path):
    codeowners = "# owners\n*       @example/maintainers @ann ben@example.org\n/docs/ @cy\n"
    authors = ("Ann <ann@example.org>", "Ben <BEN@example.org>", "maintainers <m@example.org>")
    root = maintainers_repo(tmp_path, {".github/CODEOWNERS": codeowners}, *authors)
    assert messages(
        run_check(
            "history",
            {**PEOPLE, "people": "maintainers-file", "min-people": 3},
            root=root,
            now=seconds(NOW),
            history=True,
        )
    ) == [
        "Only 2 maintainers listed in .github/CODEOWNERS committed in the last 12 months (Ben, "
        f"Ann); at least 3 {SHARE}"
    ]


def test_every_maintainers_file_is_read(tmp_path: Path):
    files = {"MAINTAINERS": "M:\tAda Lovelace <ada@example.org>\n", "CODEOWNERS": "* @bob\n"}
    root = maintainers_repo(tmp_path, files, "Ada Lovelace <ada@example.org>", "bob <b@x.org>")
    assert (
        messages(
            run_check(
                "history",
                {**PEOPLE, "people": "maintainers-file"},
                root=root,
                now=seconds(NOW),
                history=True,
            )
        )
        == []
    )
    options = {**PEOPLE, "people": "maintainers-file", "maintainers-files": ["/CODEOWNERS"]}
    assert messages(run_check("history", options, root=root, now=seconds(NOW), history=True)) == [
        "Only 1 maintainer listed in CODEOWNERS committed in the last 12 months (bob); at least "
        f"2 {SHARE}"
    ]


def test_no_maintainers_file_fails(tmp_path: Path):
    root = maintainers_repo(tmp_path, {"README.md": "# x\n"}, BOB)
    assert messages(
        run_check(
            "history",
            {**PEOPLE, "people": "maintainers-file"},
            root=root,
            now=seconds(NOW),
            history=True,
        )
    ) == [
        "No maintainers file matching /MAINTAINERS*, /OWNERS, /CODEOWNERS, /.github/MAINTAINERS*, "
        "/.github/CODEOWNERS, /.gitlab/CODEOWNERS, /docs/MAINTAINERS*, /docs/CODEOWNERS to read"
    ]
    options = {**PEOPLE, "people": "maintainers-file", "maintainers-files": ["/TEAM.md"]}
    assert messages(run_check("history", options, root=root, now=seconds(NOW), history=True)) == [
        "No maintainers file matching /TEAM.md to read"
    ]


def test_a_shallow_clone_with_too_few_people_says_it_is_shallow(tmp_path: Path):
    source = repo(
        tmp_path,
        Commit("2025-02-01", {"a": "1"}, author=BOB),
        Commit("2025-06-01", {"a": "2"}),
        Commit("2025-07-01", {"a": "3"}),
    )
    clone = shallow_clone(source, tmp_path / "clone", depth=2)
    assert messages(run_check("history", PEOPLE, root=clone, now=seconds(NOW), history=True)) == [
        "Only 1 person committed in the last 12 months (Ada Lovelace); at least 2 should share "
        f"the maintenance (the clone is shallow and its history starts on 2025-06-01; {UNSHALLOW})"
    ]
    assert (
        messages(
            run_check(
                "history", {**PEOPLE, "min-people": 1}, root=clone, now=seconds(NOW), history=True
            )
        )
        == []
    )  # what was read decides


# --- engine and options ---------------------------------------------------------------------


def test_without_history_the_rule_is_skipped(make_repo: MakeRepo):
    root = make_repo({"README.md": "# x\n"}, use_git=False)
    rule = Rule(
        "h",
        "history",
        "History",
        "warning",
        with_defaults("history", PEOPLE),
        Location("t.yaml", 1, 1),
    )
    result = evaluate(Policy(("t.yaml",), (rule,)), Facts(repo=Repo(root)))
    assert result.outcomes[0].status == "skipped"
    assert result.outcomes[0].reason == (
        "needs history facts, which this run does not have "
        "(history: a git checkout (history is read from git log))"
    )


def test_a_broken_history_is_an_error_of_the_rule(make_repo: MakeRepo):
    root = make_repo({"README.md": "# x\n"})
    rule = Rule(
        "h",
        "history",
        "History",
        "warning",
        with_defaults("history", PEOPLE),
        Location("t.yaml", 1, 1),
    )
    facts = Facts(repo=Repo(root), now=seconds(NOW), history=History(str(root / "gone")))
    result = evaluate(Policy(("t.yaml",), (rule,)), facts)
    assert result.outcomes[0].status == "error"
    assert result.findings[0].message.startswith(
        "rule 'h' (history) failed: HistoryError: git log failed: fatal: cannot change to"
    )


def test_validate():
    assert history_kind.validate(DOCS) == []
    assert history_kind.validate({**PEOPLE, "people": "maintainers-file", "months": 6}) == []
    assert history_kind.validate(
        {"check": "docs-freshness", "docs": ["d/["], "people": "authors"}
    ) == [
        OptionError(("people",), "not an option of check: docs-freshness"),
        OptionError((), "check: docs-freshness needs docs and code globs"),
        OptionError(
            ("docs", 0), "pattern 'd/[': unclosed character class; write \\[ for a literal ["
        ),
    ]
    assert history_kind.validate({**PEOPLE, "code": ["src/**"]}) == [
        OptionError(("code",), "not an option of check: active-maintainers")
    ]


def test_options_are_validated_at_their_positions(make_repo: MakeRepo):
    root = make_repo({}, use_git=False)
    (root / ".policylint.yaml").write_text(
        "rules:\n"
        "  people:\n"
        "    kind: history\n"
        "    title: People\n"
        "    severity: warning\n"
        "    options:\n"
        "      check: active-maintainers\n"
        "      people: everyone\n"
        "      months: 0\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(root / ".policylint.yaml", root=root, use_cache=False)
    assert caught.value.problems == [
        ".policylint.yaml:8:15: $.rules.people.options.people: must be one of: authors, "
        "maintainers-file (got 'everyone')",
        ".policylint.yaml:9:15: $.rules.people.options.months: must be at least 1 (got 0)",
    ]
