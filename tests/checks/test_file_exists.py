"""The file-exists check kind, run through the engine on real repositories."""

from __future__ import annotations

from policylint.checks import file_exists
from policylint.facts.repo import Repo
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import git

EVERYWHERE = "the repository root, .github/ or docs/"


def failures(result: Result) -> list[tuple[str | None, str]]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    return [(f.path, f.message) for f in result.findings]


def test_a_file_at_the_root_passes(make_repo):
    assert (
        failures(
            run_check("file-exists", {"globs": ["readme*"]}, root=make_repo({"README.md": "# x"}))
        )
        == []
    )


def test_github_and_docs_directories_count(make_repo):
    assert (
        failures(
            run_check(
                "file-exists", {"globs": ["readme*"]}, root=make_repo({".github/README.md": ""})
            )
        )
        == []
    )
    assert (
        failures(
            run_check(
                "file-exists", {"globs": ["README*"]}, root=make_repo({"docs/Readme.rst": ""})
            )
        )
        == []
    )


def test_other_directories_do_not(make_repo):
    result = run_check(
        "file-exists",
        {"globs": ["readme*"]},
        root=make_repo({"src/README.md": "", "docs/api/README.md": ""}),
    )
    assert failures(result) == [(None, f"No file matching readme* in {EVERYWHERE}")]


def test_matching_ignores_case_unless_case_sensitive(make_repo):
    root = make_repo({"readme.md": ""})
    assert failures(run_check("file-exists", {"globs": ["README*"]}, root=root)) == []
    assert failures(
        run_check(
            "file-exists", {"globs": ["README*", "READ.ME"], "case-sensitive": True}, root=root
        )
    ) == [(None, f"No file matching README*, READ.ME in {EVERYWHERE}")]


def test_directories_option(make_repo):
    root = make_repo({"docs/GOVERNANCE.md": ""})
    assert (
        failures(
            run_check("file-exists", {"globs": ["governance*"], "directories": ["docs"]}, root=root)
        )
        == []
    )
    assert failures(
        run_check("file-exists", {"globs": ["governance*"], "directories": [""]}, root=root)
    ) == [(None, "No file matching governance* in the repository root")]
    assert failures(
        run_check(
            "file-exists", {"globs": ["governance*"], "directories": ["/", ".github/"]}, root=root
        )
    ) == [(None, "No file matching governance* in the repository root or .github/")]


def test_a_directory_exists_when_it_has_a_file(make_repo):
    assert (
        failures(
            run_check(
                "file-exists",
                {"globs": ["changelog.d/"]},
                root=make_repo({"changelog.d/1.fix.md": ""}),
            )
        )
        == []
    )
    root = make_repo({"changelog.d": "a file, not the fragment directory"})
    assert failures(
        run_check("file-exists", {"globs": ["changelog.d/"], "directories": [""]}, root=root)
    ) == [(None, "No file matching changelog.d/ in the repository root")]


def test_deeper_patterns(make_repo):
    root = make_repo({"releasenotes/notes/fix-1a2b.yaml": "---\nfixes: [x]\n"})
    assert (
        failures(run_check("file-exists", {"globs": ["releasenotes/notes/*.yaml"]}, root=root))
        == []
    )
    assert failures(
        run_check("file-exists", {"globs": ["**/*.yaml"], "directories": ["docs"]}, root=root)
    ) == [(None, "No file matching **/*.yaml in docs/")]


def test_message_replaces_the_generated_one(make_repo):
    result = run_check(
        "file-exists",
        {"globs": ["security*"], "message": "Say how to report a flaw"},
        root=make_repo({"a.txt": ""}),
    )
    assert failures(result) == [(None, "Say how to report a flaw")]


def test_the_finding_has_a_stable_fingerprint(make_repo):
    first = run_check("file-exists", {"globs": ["x"]}, root=make_repo({"a.txt": ""})).findings
    second = run_check("file-exists", {"globs": ["x"]}, root=make_repo({"b.txt": ""})).findings
    assert len(first[0].fingerprint) == 32
    assert first[0].fingerprint == second[0].fingerprint


def test_validate():
    assert file_exists.validate({"globs": ["readme*", "docs/**/*.md"]}) == []
    assert file_exists.validate({"globs": ["x", "readme[", "a\\"]}) == [
        OptionError(
            ("globs", 1), "pattern 'readme[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(
            ("globs", 2), "pattern 'a\\\\': a pattern must not end with an unescaped backslash"
        ),
    ]
    assert file_exists.validate({"globs": ["x"], "directories": ["", "docs["]}) == [
        OptionError(("directories", 1), "a directory is a literal path, not a glob")
    ]


def test_an_exclusion_removes_what_the_patterns_before_it_matched(make_repo):
    only_md = make_repo({"README.md": ""})
    for globs in (["readme*", "!readme.md"], ["/readme*", "!/readme.md"]):
        assert failures(run_check("file-exists", {"globs": globs}, root=only_md)) == [
            (None, f"No file matching {', '.join(globs)} in {EVERYWHERE}")
        ]
    assert failures(
        run_check(
            "file-exists",
            {"globs": ["readme*", "!readme.md"]},
            root=make_repo({"docs/README.md": ""}),
        )
    ) == [
        (None, f"No file matching readme*, !readme.md in {EVERYWHERE}")
    ]  # anchored in every directory looked in
    both = make_repo({"README.md": "", "README.rst": ""})
    assert failures(run_check("file-exists", {"globs": ["readme*", "!readme.md"]}, root=both)) == []
    globs = {"globs": ["readme*", "!readme.md", " !/x", "\\!y"], "case-sensitive": False}
    assert file_exists.globset(globs).patterns == (
        "/readme*",
        "!/readme.md",
        "!/x",
        "/\\!y",
    )


def test_only_regular_files_inside_the_checkout_count(make_repo, tmp_path):
    (tmp_path / "outside.txt").write_text("MIT", encoding="utf-8")
    root = make_repo({"NOTICE": "x"}, commit=False)
    (root / "LICENSE").symlink_to("/nonexistent")
    (root / "COPYING").symlink_to(tmp_path / "outside.txt")
    (root / "AUTHORS").symlink_to("NOTICE")
    git(root, "add", "-A")
    assert Repo(root).files == ("AUTHORS", "COPYING", "LICENSE", "NOTICE")
    assert failures(run_check("file-exists", {"globs": ["license*", "copying*"]}, root=root)) == [
        (
            None,
            "No file matching license*, copying* in the repository root, .github/ or docs/ "
            "(COPYING, LICENSE: not a regular file inside the checkout)",
        )
    ]
    assert (
        failures(run_check("file-exists", {"globs": ["authors*"]}, root=root)) == []
    )  # a link to a file inside counts
    message = "Add a LICENSE file"
    assert failures(
        run_check("file-exists", {"globs": ["license*"], "message": message}, root=root)
    ) == [(None, message)]


def test_a_dangling_link_does_not_hide_a_real_file_elsewhere(make_repo):
    root = make_repo({"docs/LICENSE.md": "MIT"}, commit=False)
    (root / "LICENSE").symlink_to("/nonexistent")
    git(root, "add", "-A")
    assert failures(run_check("file-exists", {"globs": ["license*"]}, root=root)) == []


def test_an_exclusion_cannot_come_first():
    assert file_exists.validate({"globs": ["readme*", "!readme.md"]}) == []
    message = (
        "an exclusion (!) removes what the patterns before it matched, and this one has none; "
        "start with the files to look for"
    )
    for globs in (["!readme.md", "readme*"], [" !readme.md"]):
        assert file_exists.validate({"globs": globs}) == [OptionError(("globs", 0), message)]
    assert file_exists.validate({"globs": ["!readme["]}) == [
        OptionError(
            ("globs", 0), "pattern 'readme[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(("globs", 0), message),
    ]
