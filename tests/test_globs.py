"""policylint.globs: gitignore semantics, checked against git itself and against pathspec."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pathspec
import pytest

from policylint.globs import GlobError, Scope, compile_globs, scope, translate

PATTERNS = [
    "*", "*.py", "*.PY", "README*", "/README*", "docs", "docs/", "/docs", "/docs/", "docs/*",
    "docs/*.md", "docs/**", "docs/**/*.md", "**/docs", "**/docs/", "**/*.md", "a/**/b", "a/**/b/",
    "**", "**/", "a/**", "a/**/", "*/b", "/*/b", "a/*/c", "a?c", "[ab]*", "[!a]*", "[a-c]x",
    "a[!x]b", "[a\\]]x", "a[\\-]b", "a\\*b", "\\#x", "\\!x", "foo/bar/", "*.tar.gz", ".github/*",
    ".git*", "*/", "a/b/**/c/*.txt", "x/**/**/y", "releasenotes/notes/", "a/**b", "**a/b",
    "ab ", "a\\ ", "a/**/b/**/c", "**/a/**/b", "*a*b*", "a*b*c", "**/x/**/*.txt", "*.*.*",
    "[ab]*[!c]*x", "**/q/**/r/**/s",
]  # fmt: skip
PATHS = [
    "README.md", "readme", "docs", "docs/index.md", "docs/api/x.md", "src/docs/a.md", "src/docs",
    "a.py", "pkg/a.py", "pkg/A.PY", "a/b", "a/x/b", "a/x/y/b", "a/b/c", "a/bc", "ab", "abc",
    "acb", "a/c", "x/b", "b", "xb", "cx", "a*b", "axb", "a-b", "a\\b", "]x", "ax", "a]x", "#x",
    "!x", "foo/bar", "foo/bar/baz", "x/foo/bar", "f.tar.gz", ".github/CODEOWNERS",
    ".github/workflows/ci.yml", ".gitignore", "a/b/q/c/d.txt", "x/a/b/y", "a/xb", "xa/b",
    "releasenotes/notes/a.yaml", "releasenotes/notes", "a ", "a/x/b/y/c", "a/b/c/d", "q/a/r/b",
    "aab", "xaxbx", "axbxc", "a.b.c", "x/y/x/z/t.txt", "bcax", "q/x/r/q/s", "q/r/s/q",
]  # fmt: skip
# Where pathspec (1.1) parts from git, policylint follows git: backslash escapes inside a
# class, a negated class never matching "/", "a/**/" meaning the directories below a/.
PATHSPEC_DIFFERS_FROM_GIT = {"[a\\]]x", "a[\\-]b", "a[!x]b", "a/**/", "[ab]*[!c]*x"}


def git_matches(repo: Path, pattern: str) -> set[str]:
    """The paths of PATHS that git itself ignores with ``pattern`` as the only exclude line."""
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text(pattern + "\n", encoding="utf-8")
    proc = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.ignorecase=false", "check-ignore", "--no-index",
         "--stdin", "-z"],
        input="\0".join(PATHS).encode(), capture_output=True, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return {p for p in proc.stdout.decode().split("\0") if p}


def test_single_patterns_match_as_git_does(make_repo):
    repo = make_repo({})
    differences = []
    for pattern in PATTERNS:
        globs = compile_globs((pattern,))
        ours = {path for path in PATHS if globs.match(path)}
        if ours != git_matches(repo, pattern):
            differences.append((pattern, sorted(ours ^ git_matches(repo, pattern))))
    assert differences == []


def test_single_patterns_match_as_pathspec_does():
    differences = []
    for pattern in sorted(set(PATTERNS) - PATHSPEC_DIFFERS_FROM_GIT):
        spec = pathspec.GitIgnoreSpec.from_lines([pattern])
        globs = compile_globs((pattern,))
        differences += [(pattern, p) for p in PATHS if globs.match(p) != spec.match_file(p)]
    assert differences == []


def test_documented_pathspec_differences_are_real():
    """If pathspec changes to agree with git, the exception list above should shrink."""
    for pattern in PATHSPEC_DIFFERS_FROM_GIT:
        spec = pathspec.GitIgnoreSpec.from_lines([pattern])
        globs = compile_globs((pattern,))
        assert any(globs.match(p) != spec.match_file(p) for p in PATHS), pattern


LISTS = [
    ("*.md", "!README.md"),
    ("!README.md", "*.md"),
    ("*.md", "!README.md", "docs/README.md"),
    ("docs/", "!docs/x.md"),
    ("src/**", "!src/vendor/**"),
    ("*", "!*.py", "a.py"),
    ("**/*.yaml", "!/releasenotes/**", "releasenotes/notes/keep.yaml"),
    ("docs", "!docs/a"),
    ("*.md", "!**/CHANGELOG*", "docs/**"),
]
LIST_PATHS = [
    "README.md", "a/README.md", "docs/README.md", "docs/x.md", "docs/a", "docs/a/b",
    "src/vendor/x.c", "src/main.c", "a.py", "b.py", "releasenotes/notes/keep.yaml",
    "releasenotes/notes/x.yaml", "x.yaml", "CHANGELOG.md", "docs/CHANGELOG.md",
]  # fmt: skip


def test_negation_lists_match_as_pathspec_does():
    differences = []
    for patterns in LISTS:
        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        globs = compile_globs(patterns)
        differences += [(patterns, p) for p in LIST_PATHS if globs.match(p) != spec.match_file(p)]
    assert differences == []


def test_the_last_matching_pattern_wins():
    globs = compile_globs(("docs/**", "!docs/api/**", "docs/api/index.md"))
    assert [p for p in ("docs/a.md", "docs/api/x.md", "docs/api/index.md") if globs.match(p)] == [
        "docs/a.md",
        "docs/api/index.md",
    ]
    assert not compile_globs(("!*.md",)).match("a.md")  # only exclusions: nothing included


def test_excluding_a_directory_excludes_its_contents():
    """Intended difference from git and pathspec, which keep docs/api/x.md matched by docs/**."""
    globs = compile_globs(("docs/**", "!docs/api/"))
    assert pathspec.GitIgnoreSpec.from_lines(globs.patterns).match_file("docs/api/x.md")
    assert not globs.match("docs/api/x.md")
    assert globs.match("docs/x.md")


def test_ignore_case():
    assert not compile_globs(("readme*",)).match("README.md")
    assert compile_globs(("readme*",), ignore_case=True).match("README.md")
    assert compile_globs(("[a-c]x",), ignore_case=True).match("BX")
    assert not compile_globs(("*.md", "!readme.md"), ignore_case=True).match("docs/README.MD")


def test_surrounding_whitespace_is_dropped():
    """Intended difference from git, which keeps leading spaces: in YAML they are typos."""
    assert compile_globs((" ab",)).match("ab")
    assert compile_globs(("a\\ ",)).match("a ")
    assert not compile_globs(("a\\ ",)).match("a")


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        (("  ",), "empty pattern"),
        (("!",), "pattern '!' matches nothing"),
        (("/",), "pattern '/' matches nothing"),
        (("a\\",), "pattern 'a\\\\': a pattern must not end with an unescaped backslash"),
        (("docs/[ab",), "pattern 'docs/[ab': unclosed character class; write \\[ for a literal ["),
        (("[z-a]",), "invalid pattern in ['[z-a]']: bad character range z-a at position 9"),
    ],
)
def test_bad_patterns(patterns, message):
    """git never matches an unclosed class; a policy author gets told instead."""
    with pytest.raises(GlobError) as info:
        compile_globs(patterns)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("pattern", "where"),
    [
        ("README*", Scope("", False)),
        ("docs", Scope("", False)),
        ("/README.md", Scope("", True)),
        ("/readme*", Scope("", True)),
        ("docs/*.md", Scope("docs", True)),
        ("/docs/api/", Scope("docs/api", False)),
        ("docs/api/**/*.md", Scope("docs/api", False)),
        ("a/*/c/d.txt", Scope("a", False)),
        ("a/b\\*/c", Scope("a", False)),
        ("**/docs/x", Scope("", False)),
    ],
)
def test_scope(pattern, where):
    assert scope(pattern) == where


def test_scopes_of_a_set():
    assert compile_globs(("docs/*.md", "/src/a/**", "!tests/**")).scopes == (
        Scope("docs", True),
        Scope("src/a", False),
    )
    assert compile_globs(("docs/*.md", "*.py")).scopes == (Scope("", False),)


def test_translate_is_a_fullmatch_regex():
    assert translate("docs/*.md") == "docs/[^/]*\\.md(?:/.+)?"
    assert translate("**/*.md") == "(?:.+/)?[^/]*\\.md(?:/.+)?"


def test_parts_that_could_be_tried_many_ways_are_placed_at_their_first_fit():
    """Directories between two ``**`` and parts of a name between two ``*`` are atomic groups
    (a first fit is never given up), so matching stays linear in the path."""
    assert translate("**/a/**/b") == "(?>(?:.+?/)??a(?=/))/(?:.+/)?b(?:/.+)?"
    assert translate("*a*b") == "(?:.+/)?(?>[^/]*?a)[^/]*b(?:/.+)?"
    # CODEOWNERS patterns run on RE2, which is linear and has no atomic groups
    assert translate("**/a/**/b", codeowners=True) == "(?:.+/)?a/(?:.+/)?b(?:/.+)?"


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("**/*a*a*a*a*b", ("a" * 255 + "/") * 15 + "a" * 255),  # was about 3 minutes
        ("**/a/**/a/**/b", "a/" * 2000 + "c"),  # was 15 s
        ("**/a/**/a/**/a/**/b", "a/" * 600 + "c"),  # was a minute
        ("*a*a*a*a*a*a*b", "a" * 255),
    ],
)
def test_a_hostile_path_is_matched_at_once(pattern: str, path: str) -> None:
    # No timing assertion: before the atomic groups, each of these ran for seconds to minutes
    # (the suite's own timeout would be the only verdict); now the whole set takes a moment.
    assert not compile_globs((pattern,)).match(path)
    assert compile_globs((pattern,)).match(path[:-1] + "b")
