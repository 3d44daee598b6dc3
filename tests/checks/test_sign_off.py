"""The sign-off check kind: the DCO as the DCO GitHub App (dcoapp/app) checks it."""

from __future__ import annotations

import random
import re

import pytest

from policylint.checks import KINDS, load_kind, sign_off
from policylint.checks.support.patterns import greedy_split
from policylint.facts.change import read_range
from policylint.facts.commits import Commit
from policylint.model import OptionError
from tests.helpers.kinds import documented_rule, pr_level_messages, run_check
from tests.helpers.repos import git

ANN = ("Ann Author", "ann@example.org")
BOB = ("Bob Builder", "bob@example.net")
BASE = "0" * 40
SHA1, SHA2, SHA3 = "1" * 40, "2" * 40, "3" * 40
ANN_SIGNS = "Signed-off-by: Ann Author <ann@example.org>"
HEREBY = "hereby add my Signed-off-by to this commit"


def commit(
    sha: str,
    body: str = "",
    *,
    author: tuple[str, str] = ANN,
    committer: tuple[str, str] | None = None,
    parents: tuple[str, ...] = (BASE,),
) -> Commit:
    return Commit(sha, f"Change {sha[0]}", body, *author, *(committer or author), parents)


messages = pr_level_messages


def remedy(sha: str, who: tuple[str, str] = ANN) -> str:
    """The fix the message offers when remediation commits are allowed."""
    line = f"I, {who[0]} <{who[1]}>, {HEREBY}: {sha}"
    return f', or add a signed-off commit by {who[0]} whose message says "{line}"'


AMEND = "to fix, run git commit --amend --signoff"


def test_registered():
    assert load_kind("sign-off") is sign_off
    assert KINDS["sign-off"].needs == frozenset({"commits"})


def test_matching_sign_off_passes(tmp_path):
    assert (
        messages(
            run_check("sign-off", root=tmp_path, commits=(commit(SHA1, f"Why.\n\n{ANN_SIGNS}"),))
        )
        == []
    )


def test_token_name_and_email_are_compared_ignoring_case(tmp_path):
    body = "signed-off-by: ANN AUTHOR <Ann@Example.ORG>  "
    assert messages(run_check("sign-off", root=tmp_path, commits=(commit(SHA1, body),))) == []


def test_missing_sign_off(tmp_path):
    assert messages(
        run_check("sign-off", root=tmp_path, commits=(commit(SHA1, "Just a body."),))
    ) == [f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}"; {AMEND}']


def test_a_sign_off_must_be_a_whole_line(tmp_path):
    body = f"As in {ANN_SIGNS}.\n\nSigned-off-by:Ann Author <ann@example.org>"
    assert messages(
        run_check(
            "sign-off", {"allow-remediation": False}, root=tmp_path, commits=(commit(SHA1, body),)
        )
    ) == [f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}"; {AMEND}']


def test_name_mismatch(tmp_path):
    body = "Signed-off-by: Ann <ann@example.org>"
    assert messages(
        run_check(
            "sign-off", {"allow-remediation": False}, root=tmp_path, commits=(commit(SHA1, body),)
        )
    ) == [
        f'commit {SHA1[:12]}: expected "{ANN_SIGNS}", but got '
        f'"Signed-off-by: Ann <ann@example.org>"; {AMEND}'
    ]


def test_email_mismatch(tmp_path):
    body = "Signed-off-by: Ann Author <ann@example.com>"
    assert messages(
        run_check(
            "sign-off", {"allow-remediation": False}, root=tmp_path, commits=(commit(SHA1, body),)
        )
    ) == [f'commit {SHA1[:12]}: expected "{ANN_SIGNS}", but got "{body}"; {AMEND}']


def test_one_matching_sign_off_among_several_is_enough(tmp_path):
    other = "Signed-off-by: Bob Builder <bob@example.net>"
    assert (
        messages(
            run_check("sign-off", root=tmp_path, commits=(commit(SHA1, f"{other}\n{ANN_SIGNS}"),))
        )
        == []
    )
    assert messages(
        run_check(
            "sign-off",
            root=tmp_path,
            commits=(commit(SHA1, f"{other}\nSigned-off-by: X <x@y.org>"),),
        )
    ) == [
        f'commit {SHA1[:12]}: expected "{ANN_SIGNS}", but got "{other}", '
        f'"Signed-off-by: X <x@y.org>"; {AMEND}'
    ]


def test_committer_sign_off_counts_only_when_allowed(tmp_path):
    bob_signs = "Signed-off-by: Bob Builder <bob@example.net>"
    by_committer = commit(SHA1, bob_signs, committer=BOB)
    options = {"allow-committer": False}
    assert messages(run_check("sign-off", options, root=tmp_path, commits=(by_committer,))) == [
        f'commit {SHA1[:12]}: expected "{ANN_SIGNS}", but got "{bob_signs}"; {AMEND}'
    ]
    assert (
        messages(
            run_check(
                "sign-off",
                {**options, "allow-committer": True},
                root=tmp_path,
                commits=(by_committer,),
            )
        )
        == []
    )
    unsigned = commit(SHA1, committer=BOB)
    assert messages(
        run_check(
            "sign-off", {**options, "allow-committer": True}, root=tmp_path, commits=(unsigned,)
        )
    ) == [
        f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}" or '
        f'"{bob_signs}"; {AMEND}'
    ]


def test_invalid_author_email(tmp_path):
    root = ("root", "root@localhost")
    signed = commit(SHA1, "Signed-off-by: root <root@localhost>", author=root)
    assert messages(run_check("sign-off", root=tmp_path, commits=(signed,))) == [
        f'commit {SHA1[:12]}: "root@localhost" is not a valid email address; to fix, set a '
        "valid address with git config user.email and re-create the commit"
    ]


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("ann@example.org", True),
        ("a.b+c@sub.example-1.co", True),
        ("ann@localhost", False),
        ("ann@@example.org", False),
        ("ann.@example.org", False),
        ("ann@example.c", False),
        (f"{'a' * 65}@example.org", False),
        ("", False),
    ],
)
def test_email_validation_follows_email_validator(email, valid):
    assert sign_off.valid_email(email) is valid


def test_merge_commits_are_skipped(tmp_path):
    merge = commit(SHA1, "Merge branch 'main'", parents=(BASE, SHA2))
    assert messages(run_check("sign-off", root=tmp_path, commits=(merge,))) == []


@pytest.mark.parametrize(
    "author",
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ("Renovate Bot", "29139614+renovate[bot]@users.noreply.github.com"),
        ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
    ],
)
def test_bot_authors_are_skipped(tmp_path, author):
    assert (
        messages(
            run_check("sign-off", root=tmp_path, commits=(commit(SHA1, "Bump x", author=author),))
        )
        == []
    )


def test_remediation_commit_is_honoured(tmp_path):
    unsigned = commit(SHA1, "Forgot it.")
    fix = commit(
        SHA2, f"I, Ann Author <ann@example.org>, {HEREBY}: {SHA1}\n\n{ANN_SIGNS}", parents=(SHA1,)
    )
    remediating = {"allow-remediation": True}
    assert (
        messages(run_check("sign-off", remediating, root=tmp_path, commits=(unsigned, fix))) == []
    )
    # Not with the option off (the default); then the fix hint offers no remediation either.
    assert messages(
        run_check("sign-off", {"allow-remediation": False}, root=tmp_path, commits=(unsigned, fix))
    ) == [
        f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}"; '
        "to fix, run git rebase HEAD~2 --signoff"
    ]


def test_remediation_must_come_from_the_author_for_that_commit(tmp_path):
    unsigned = commit(SHA1, "Forgot it.")
    by_bob = commit(
        SHA2,
        f"I, Ann Author <ann@example.org>, {HEREBY}: {SHA1}\n\n{ANN_SIGNS}",
        author=BOB,
        parents=(SHA1,),
    )
    wrong_sha = commit(
        SHA3, f"I, Ann Author <ann@example.org>, {HEREBY}: {SHA2}\n\n{ANN_SIGNS}", parents=(SHA2,)
    )
    missing = f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}"'
    assert messages(
        run_check(
            "sign-off",
            {"allow-remediation": True, "allow-committer": False},
            root=tmp_path,
            commits=(unsigned, by_bob, wrong_sha),
        )
    ) == [
        f"{missing}; to fix, run git rebase HEAD~3 --signoff" + remedy(SHA1),
        f'commit {SHA2[:12]}: expected "Signed-off-by: Bob Builder <bob@example.net>", but got '
        f'"{ANN_SIGNS}"; to fix, run git rebase HEAD~2 --signoff' + remedy(SHA2, BOB),
    ]


def test_third_party_remediation_needs_its_option(tmp_path):
    unsigned = commit(SHA1, "Forgot it.")
    line = f"On behalf of Ann Author <ann@example.org>, I, Bob Builder <bob@example.net>, {HEREBY}"
    by_bob = commit(
        SHA2,
        f"{line}: {SHA1}\n\nSigned-off-by: Bob Builder <bob@example.net>",
        author=BOB,
        parents=(SHA1,),
    )
    remediating = {"allow-remediation": True}
    assert messages(
        run_check("sign-off", remediating, root=tmp_path, commits=(unsigned, by_bob))
    ) == [
        f'commit {SHA1[:12]}: the sign-off is missing: expected "{ANN_SIGNS}"; '
        "to fix, run git rebase HEAD~2 --signoff" + remedy(SHA1)
    ]
    options = {**remediating, "allow-third-party-remediation": True}
    assert messages(run_check("sign-off", options, root=tmp_path, commits=(unsigned, by_bob))) == []


def test_fix_names_how_far_back_to_rebase(tmp_path):
    chain = (
        commit(SHA3, parents=(SHA2,)),  # newest first, as git log lists them
        commit(SHA2, ANN_SIGNS, parents=(SHA1,)),
        commit(SHA1),
    )
    options = {"allow-remediation": False}
    expected = f'the sign-off is missing: expected "{ANN_SIGNS}"'
    assert messages(run_check("sign-off", options, root=tmp_path, commits=chain)) == [
        f"commit {SHA3[:12]}: {expected}; {AMEND}",
        f"commit {SHA1[:12]}: {expected}; to fix, run git rebase HEAD~3 --signoff",
    ]


def test_validate():
    assert (
        sign_off.validate({"allow-third-party-remediation": True, "allow-remediation": True}) == []
    )
    assert sign_off.validate({"allow-third-party-remediation": True}) == [
        OptionError(
            ("allow-third-party-remediation",),
            "third-party remediation needs allow-remediation: true (as in the DCO app)",
        )
    ]
    assert sign_off.validate(
        {"allow-third-party-remediation": True, "allow-remediation": False}
    ) == [
        OptionError(
            ("allow-third-party-remediation",),
            "third-party remediation needs allow-remediation: true (as in the DCO app)",
        )
    ]


def test_git_commit_signoff_end_to_end(make_repo):
    repo = make_repo({"README.md": "# x\n"})
    (repo / "a.txt").write_text("a\n")
    git(repo, "add", "a.txt")
    git(repo, "commit", "-q", "-s", "-m", "Add a", "-m", "Because.")
    (repo / "b.txt").write_text("b\n")
    git(repo, "add", "b.txt")
    # --signoff signs as the committer (Ada), not as the author given here.
    git(repo, "commit", "-q", "-s", "--author", "Bob Builder <bob@example.net>", "-m", "Add b")
    _, commits = read_range(str(repo), "HEAD~2")
    newest = commits[0].sha
    assert messages(
        run_check("sign-off", {"allow-committer": False}, root=repo, commits=commits)
    ) == [
        f'commit {newest[:12]}: expected "Signed-off-by: Bob Builder <bob@example.net>", but '
        f'got "Signed-off-by: Ada Lovelace <ada@example.org>"; {AMEND}'
    ]
    assert (
        messages(run_check("sign-off", {"allow-committer": True}, root=repo, commits=commits)) == []
    )


def test_the_documented_example_loads_and_works(tmp_path):
    rule = documented_rule(sign_off, tmp_path)
    assert rule.options == {  # no options given: every one at its default
        "allow-committer": True,
        "allow-remediation": False,
        "allow-third-party-remediation": False,
    }
    assert (
        messages(
            run_check("sign-off", rule.options, root=tmp_path, commits=(commit(SHA1, ANN_SIGNS),))
        )
        == []
    )


def test_greedy_split_cuts_lines_as_the_apps_regular_expression_does():
    rng = random.Random(7)
    regex = re.compile(r"(.*) <(.*)>, i, (.*)", re.IGNORECASE)
    pieces = [" <", ">, I, ", ">, i, ", "a", " ", "<", ">", ","]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        found = regex.fullmatch(text)
        expected = list(found.groups()) if found else None
        assert greedy_split(text, (" <", ">, I, ")) == expected, text


def test_hostile_messages_are_read_in_linear_time(tmp_path):
    """Commit messages are untrusted; the app's regular expressions backtrack on these for
    hours (a line of 20,000 " <" took 9 s)."""
    n = 200_000
    hostile = [
        "Signed-off-by: " + " <" * n,
        "I, " + " <" * n + f">, {HEREBY}: x",
        "On behalf of " + " <>, I, " * n + "x",
    ]
    commits = [commit(str(i + 1) * 40, text) for i, text in enumerate(hostile)]
    options = {"allow-remediation": True, "allow-third-party-remediation": True}
    assert len(messages(run_check("sign-off", options, root=tmp_path, commits=commits))) == 3


def test_the_commit_being_made_gets_advice_that_fits_it(tmp_path):
    """In the commit-msg hook the commit has no id yet: amending or a remediation commit
    would be the wrong advice."""
    result = run_check("sign-off", root=tmp_path, commits=(commit(SHA1)._replace(sha=""),))
    assert messages(result) == [
        f'the commit being made: the sign-off is missing: expected "{ANN_SIGNS}"; to fix, '
        "commit again with git commit --signoff (-s)"
    ]
