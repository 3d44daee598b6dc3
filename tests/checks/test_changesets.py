"""The changesets check kind: a changeset per change to a package, judged as ``changeset
status`` judges it from the project's ``.changeset/config.json`` and its workspace. (The
reader's own details are in tests/conventions/test_changesets.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policylint.checks import KINDS, changesets, load_kind
from policylint.facts.change import ChangedFile
from policylint.model import Result
from tests.helpers.cli import run_policylint
from tests.helpers.kinds import documented_rule, run_check
from tests.helpers.repos import MakeRepo, commit, git

Found = list[tuple[str | None, int | None, str]]
HOW = (
    "but adds or edits no .changeset/*.md (run changeset add, or changeset add --empty for a "
    "change that releases nothing)"
)


def package(name: str, version: str | None = "1.0.0", **more: Any) -> str:
    data: dict[str, Any] = {"name": name, **more}
    if version is not None:
        data["version"] = version
    return json.dumps(data) + "\n"


def monorepo(config: dict[str, Any] | None = None, **packages: str) -> dict[str, str]:
    """A workspace of ``packages`` (directory -> package.json) under ``packages/``."""
    files = {
        ".changeset/config.json": json.dumps(config or {}) + "\n",
        "package.json": package("root", None, private=True, workspaces=["packages/*"]),
    }
    for directory, manifest in packages.items():
        files[f"packages/{directory}/package.json"] = manifest
        files[f"packages/{directory}/index.js"] = "x\n"
    return files


def findings(result: Result) -> Found:
    return [(f.path, f.line, f.message) for f in result.findings]


def check(root: Path, *changed: str | ChangedFile) -> Found:
    change = [c if isinstance(c, ChangedFile) else ChangedFile(c, "added") for c in changed]
    return findings(run_check("changesets", root=root, change=change))


def no_changeset(touched: str) -> tuple[None, None, str]:
    return (None, None, f"no changeset: the change touches {touched} {HOW}")


def test_registered_and_needs_a_change(make_repo: MakeRepo) -> None:
    assert load_kind("changesets") is changesets
    assert KINDS["changesets"].needs == frozenset({"change"})
    rule = documented_rule(changesets, make_repo({"README.md": "# x\n"}))
    assert (rule.kind, rule.options) == ("changesets", {})


def test_a_single_package_repository(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".changeset/config.json": "{}\n",
            "package.json": package("app"),
            "index.js": "x\n",
            ".changeset/brave-lions.md": '---\n"app": patch\n---\n\nFix.\n',
        }
    )
    assert check(root, "index.js", ".changeset/brave-lions.md") == []
    assert check(root, "index.js") == [no_changeset("app (.)")]


def test_an_empty_changeset_counts(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".changeset/config.json": "{}\n",
            "package.json": package("app"),
            ".changeset/quiet-owls.md": "---\n---\n",
        }
    )
    assert check(root, "index.js", ".changeset/quiet-owls.md") == []


def test_a_deleted_changeset_or_the_readme_is_no_changeset(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".changeset/config.json": "{}\n",
            ".changeset/README.md": "# Changesets\n",
            "package.json": package("app"),
        }
    )
    deleted = ChangedFile(".changeset/old-news.md", "deleted")
    assert check(root, "index.js", deleted, ".changeset/README.md") == [no_changeset("app (.)")]


def test_workspace_packages_are_named_by_their_manifests(make_repo: MakeRepo) -> None:
    root = make_repo(monorepo(a=package("@x/a"), b=package("@x/b")))
    assert check(root, "packages/a/index.js", "packages/b/index.js") == [
        no_changeset("@x/a (packages/a), @x/b (packages/b)")
    ]
    assert check(root, "README.md", "package.json") == []  # the root is no package here


def test_more_than_three_packages_are_counted(make_repo: MakeRepo) -> None:
    names = "abcde"
    root = make_repo(monorepo(**{n: package(n) for n in names}))
    changed = [f"packages/{n}/index.js" for n in names]
    assert check(root, *changed) == [
        no_changeset("a (packages/a), b (packages/b), c (packages/c) and 2 more")
    ]


@pytest.mark.parametrize(
    "workspace",
    [
        {"package.json": package("root", None, workspaces={"packages": ["packages/*"]})},
        {
            "package.json": package("root", None),
            "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - '!packages/skip'\n",
        },
    ],
)
def test_other_workspace_forms(make_repo: MakeRepo, workspace: dict[str, str]) -> None:
    files = {**monorepo(a=package("a"), skip=package("skip")), **workspace}
    root = make_repo(files)
    assert check(root, "packages/a/index.js") == [no_changeset("a (packages/a)")]
    if "pnpm-workspace.yaml" in workspace:
        assert check(root, "packages/skip/index.js") == []


def test_ignored_private_and_unversioned_packages_need_none(make_repo: MakeRepo) -> None:
    config = {"ignore": ["ignored"], "privatePackages": {"version": False}}
    root = make_repo(
        monorepo(
            config,
            ignored=package("ignored"),
            private=package("private", private=True),
            unversioned=package("unversioned", None),
            public=package("public"),
        )
    )
    quiet = ("packages/ignored/index.js", "packages/private/index.js", "packages/unversioned/x")
    assert check(root, *quiet) == []
    assert check(root, *quiet, "packages/public/index.js") == [
        no_changeset("public (packages/public)")
    ]


def test_private_packages_are_versioned_by_default(make_repo: MakeRepo) -> None:
    root = make_repo(monorepo(private=package("private", private=True)))
    assert check(root, "packages/private/index.js") == [no_changeset("private (packages/private)")]


def test_changed_file_patterns(make_repo: MakeRepo) -> None:
    config = {"changedFilePatterns": ["src/**", "!src/**/*.test.js"]}
    root = make_repo(monorepo(config, a=package("a")))
    assert check(root, "packages/a/README.md", "packages/a/src/x.test.js") == []
    assert check(root, "packages/a/src/x.js") == [no_changeset("a (packages/a)")]


def test_a_file_belongs_to_the_deepest_package(make_repo: MakeRepo) -> None:
    files = {
        ".changeset/config.json": "{}\n",
        "package.json": package("root", None, workspaces=["packages/**"]),
        "packages/outer/package.json": package("outer", private=True),
        "packages/outer/inner/package.json": package("inner"),
    }
    config = {"privatePackages": {"version": False}}
    files[".changeset/config.json"] = json.dumps(config)
    root = make_repo(files)
    assert check(root, "packages/outer/inner/a.js") == [
        no_changeset("inner (packages/outer/inner)")
    ]
    assert check(root, "packages/outer/a.js") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "{p} is empty: a changeset starts with front matter naming packages and bumps"),
        (
            "Fix.\n",
            '{p} has no front matter: a changeset starts with "---", package: bump lines, "---"',
        ),
        ("---\n'@x/a': [\n---\nFix.\n", "{p}: the front matter is not valid YAML: "),
        (
            "---\n- '@x/a'\n---\nFix.\n",
            "{p}: the front matter must map package names to bump types",
        ),
        (
            "---\n'@x/a': pach\n---\nFix.\n",
            "{p}: '@x/a' has the bump 'pach'; valid bumps are major, minor, patch, none",
        ),
        (
            "---\n'@x/c': patch\n---\nFix.\n",
            "{p} names the package '@x/c', which is not in the workspace",
        ),
        (
            "---\n'@x/a': patch\n'@x/b': minor\n---\nFix.\n",
            "{p} mixes ignored packages (@x/b) with others, which Changesets refuses",
        ),
    ],
)
def test_a_changeset_changeset_status_refuses(make_repo: MakeRepo, text: str, problem: str) -> None:
    path = ".changeset/odd-cats.md"
    root = make_repo(
        {**monorepo({"ignore": ["@x/b"]}, a=package("@x/a"), b=package("@x/b")), path: text}
    )
    found = check(root, "packages/a/index.js", path)
    assert len(found) == 1
    where, line, message = found[0]
    assert (where, line) == (path, None)
    expected = problem.format(p=path)
    if expected.endswith(": "):  # the YAML parser's own words follow
        assert message.startswith(expected) and message != expected
    else:
        assert message == expected


def test_a_valid_changeset_of_an_ignored_package_alone(make_repo: MakeRepo) -> None:
    path = ".changeset/odd-cats.md"
    files = monorepo({"ignore": ["@x/b"]}, a=package("@x/a"), b=package("@x/b"))
    root = make_repo({**files, path: "---\n'@x/b': minor\n---\nFix.\n"})
    assert check(root, "packages/b/index.js", path) == []


@pytest.mark.parametrize(
    ("files", "found"),
    [
        (
            {},
            (
                ".changeset/config.json",
                None,
                "there is no .changeset/config.json: run changeset init",
            ),
        ),
        (
            {".changeset/config.json": '{\n  "ignore": [,]\n}\n'},
            (
                ".changeset/config.json",
                2,
                ".changeset/config.json is not valid JSON: Expecting value",
            ),
        ),
        (
            {".changeset/config.json": "[]\n"},
            (
                ".changeset/config.json",
                None,
                ".changeset/config.json: the configuration must be an object",
            ),
        ),
        (
            {".changeset/config.json": '{"ignore": "@x/a"}\n'},
            (
                ".changeset/config.json",
                None,
                ".changeset/config.json: ignore and changedFilePatterns are arrays of strings",
            ),
        ),
        (
            {".changeset/config.json": "{}\n", "pnpm-workspace.yaml": "packages: [\n"},
            ("pnpm-workspace.yaml", 2, None),
        ),
    ],
)
def test_a_broken_configuration_is_one_finding_at_the_file(
    make_repo: MakeRepo, files: dict[str, str], found: tuple[str, int | None, str | None]
) -> None:
    root = make_repo({"package.json": package("app"), **files})
    (problem,) = check(root, "index.js")
    if found[2] is None:
        assert problem[:2] == found[:2]
        assert problem[2].startswith(f"{found[0]}:{found[1]}:")
    else:
        assert problem == found


def test_hostile_package_names_are_shown_printable(make_repo: MakeRepo) -> None:
    root = make_repo({".changeset/config.json": "{}\n", "package.json": package("app\x1b[2J\nx")})
    assert check(root, "index.js") == [no_changeset("app\\x1b[2J\\nx (.)")]


# --- through the real console script ---------------------------------------------------


def test_the_pack_on_a_pull_request(make_repo: MakeRepo) -> None:
    files = {
        ".policylint.yaml": "extends: [builtin:release-notes-changesets]\n",
        **monorepo(a=package("@x/a")),
    }
    root = make_repo(files)
    git(root, "switch", "-q", "-c", "feature")
    commit(root, {"packages/a/index.js": "y\n"}, "Change a")
    failed = run_policylint("check", "--base", "main", cwd=root)
    assert failed.returncode == 1, failed.stderr
    assert f"no changeset: the change touches @x/a (packages/a) {HOW}" in failed.stdout
    commit(root, {".changeset/odd-cats.md": "---\n'@x/a': patch\n---\nFix.\n"}, "Add a changeset")
    passed = run_policylint("check", "--base", "main", cwd=root)
    assert (passed.returncode, passed.stderr) == (0, "")


def test_options_are_refused_at_their_position(make_repo: MakeRepo) -> None:
    policy = (
        "rules:\n  cs:\n    kind: changesets\n    title: T\n    severity: error\n"
        "    options:\n      ignore: [a]\n"
    )
    root = make_repo({".policylint.yaml": policy})
    proc = run_policylint("check", cwd=root)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("policylint: .policylint.yaml:7:7: ")
    assert "Traceback" not in proc.stderr
