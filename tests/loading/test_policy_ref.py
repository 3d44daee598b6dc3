"""``--policy-ref``: the policy and its local packs come from a git revision, never from the
working tree, so a pull request cannot weaken the gate that judges it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint import loading as loader
from policylint.documents.document import MAX_BYTES
from policylint.errors import PolicyError
from policylint.loading import cache, find_config, load_policy
from policylint.model import Location, Policy
from tests.helpers.paths import fixture_policy
from tests.helpers.repos import MakeRepo, git, write_files

ORG_PACK = fixture_policy("org-pack.yaml")

CONFIG = ".policylint.yaml"
MAIN_CONFIG = "extends:\n  - ./ci/org.yaml\nrules:\n  governance-doc: {severity: error}\n"
PR_CONFIG = "extends:\n  - ./ci/org.yaml\nrules:\n  governance-doc: off\n"
PR_PACK = ORG_PACK.replace("severity: error", "severity: note")
MUST_BE_REGULAR = "a policy read from a git revision must be a regular file"


@pytest.fixture
def pr_branch(make_repo: MakeRepo) -> Path:
    """A checkout of branch ``pr``, which turns off a rule of main's policy and weakens the
    local pack that main's policy extends."""
    root = make_repo({CONFIG: MAIN_CONFIG, "ci/org.yaml": ORG_PACK})
    git(root, "checkout", "-q", "-b", "pr")
    commit(root, {CONFIG: PR_CONFIG, "ci/org.yaml": PR_PACK})
    return root


def commit(root: Path, files: dict[str, str | bytes]) -> None:
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change the policy")


def severities(policy: Policy) -> dict[str, str]:
    return {rule.id: rule.severity for rule in policy.rules}


def problems(root: Path, ref: str = "main", config: str | Path | None = None) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy(config, root=root, ref=ref, use_cache=False)
    return caught.value.problems


def test_the_base_policy_judges_a_branch_that_weakens_it(pr_branch: Path) -> None:
    trusted = load_policy(None, root=pr_branch, ref="main")
    assert severities(trusted) == {"governance-doc": "error", "security-doc": "error"}
    assert trusted.sources == ("main:.policylint.yaml", "main:ci/org.yaml")
    assert trusted.rules[0].origin == Location("main:ci/org.yaml", 5, 3)
    assert trusted.rules[0].enabled_at is None  # main's lines are not the checkout's
    assert trusted.config_path is None
    own = load_policy(find_config(pr_branch), root=pr_branch)
    assert severities(own) == {"security-doc": "note"}
    assert own.sources == (".policylint.yaml", "ci/org.yaml")


def test_uncommitted_and_untracked_files_are_not_seen(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n"})
    write_files(root, {CONFIG: "rules: {readme: off}\n", "ci/org.yaml": ORG_PACK})
    policy = load_policy(None, root=root, ref="main")
    assert policy.sources == (
        "builtin:recommended", "builtin:community-health", "builtin:pr-hygiene",
    )  # fmt: skip
    assert policy == load_policy(None, root=root)
    commit(root, {CONFIG: "extends: [./ci/new.yaml]\n"})
    write_files(root, {"ci/new.yaml": ORG_PACK})  # untracked
    assert problems(root) == [
        "main:.policylint.yaml:1:11: $.extends[0]: no such file: main:ci/new.yaml"
    ]


def test_an_unknown_ref_says_how_to_fetch_it(pr_branch: Path) -> None:
    assert problems(pr_branch, "origin/main") == [
        f"policy ref 'origin/main' names no commit in {pr_branch}; fetch it first "
        "(e.g. `git fetch origin main`; with actions/checkout, `fetch-depth: 0`)"
    ]
    assert problems(pr_branch, "--output=x") == ["policy ref '--output=x': not a revision name"]


def test_a_directory_that_is_no_repository_is_an_error(make_repo: MakeRepo) -> None:
    root = make_repo({CONFIG: MAIN_CONFIG}, use_git=False)
    (problem,) = problems(root)
    assert problem.startswith(f"policy ref 'main' cannot be read in {root}: fatal: not a git ")


def test_problems_name_files_ref_colon_path(pr_branch: Path) -> None:
    git(pr_branch, "checkout", "-q", "main")
    commit(pr_branch, {
        CONFIG: MAIN_CONFIG.replace("error}", "fatal}"),
        "ci/org.yaml": ORG_PACK.replace("kind: file-exists", "kind: file-exist", 1),
    })  # fmt: skip
    git(pr_branch, "update-ref", "refs/remotes/origin/main", "main")
    git(pr_branch, "checkout", "-q", "pr")
    assert problems(pr_branch, "origin/main") == [
        "origin/main:.policylint.yaml:4:30: $.rules.governance-doc.severity: must be one of: "
        "error, warning, note (got 'fatal')",
        "origin/main:ci/org.yaml:6:11: $.rules.governance-doc.kind: unknown kind 'file-exist'; "
        "did you mean 'file-exists'?",
    ]


def _kinds() -> list[str]:
    from policylint.checks import KINDS

    return list(KINDS)


def test_local_packs_must_stay_inside_the_checkout(make_repo: MakeRepo) -> None:
    entries = ["../outside.yaml", "/etc/passwd", "ci/../../x.yaml"]
    root = make_repo({CONFIG: "extends:\n" + "".join(f"  - {e}\n" for e in entries)})
    (root.parent / "outside.yaml").write_text(ORG_PACK, encoding="utf-8")
    leaves = "leaves the checkout; local packs must live inside it"
    assert problems(root) == [
        f"main:.policylint.yaml:{line}:5: $.extends[{line - 2}]: extends {entry!r} {leaves}"
        for line, entry in enumerate(entries, start=2)
    ]


def test_a_checked_subdirectory_is_the_checkout(make_repo: MakeRepo) -> None:
    root = make_repo({
        "base.yaml": ORG_PACK,
        "sub/.policylint.yml": "extends: [../base.yaml]\n",
        "sub/ci/org.yaml": ORG_PACK,
    })  # fmt: skip
    assert problems(root / "sub") == [
        "main:sub/.policylint.yml:1:11: $.extends[0]: extends '../base.yaml' leaves the "
        "checkout; local packs must live inside it"
    ]
    commit(root, {"sub/.policylint.yml": "extends: [ci/./org.yaml]\n"})
    policy = load_policy(None, root=root / "sub", ref="main")
    assert policy.sources == ("main:sub/.policylint.yml", "main:sub/ci/org.yaml")


def test_a_config_path_is_read_relative_to_the_root(pr_branch: Path) -> None:
    expected = ("main:.policylint.yaml", "main:ci/org.yaml")
    assert load_policy(CONFIG, root=pr_branch, ref="main").sources == expected
    assert load_policy(pr_branch / CONFIG, root=pr_branch, ref="main").sources == expected
    assert problems(pr_branch, config="ci/missing.yaml") == [
        "main:ci/missing.yaml: no such policy file"
    ]
    assert problems(pr_branch, config="ci/../../x.yaml") == [
        "ci/../../x.yaml: outside the checkout; with a policy ref, the config is read from its tree"
    ]


def test_a_link_a_submodule_or_a_directory_is_no_policy_file(make_repo: MakeRepo) -> None:
    root = make_repo({"ci/org.yaml": ORG_PACK})
    os.symlink("ci/org.yaml", root / CONFIG)
    os.symlink("org.yaml", root / "ci" / "link.yaml")
    commit(root, {})
    assert problems(root) == [f"main:.policylint.yaml:1:1: $: a symbolic link; {MUST_BE_REGULAR}"]
    assert problems(root, config="ci/link.yaml") == [
        f"main:ci/link.yaml:1:1: $: a symbolic link; {MUST_BE_REGULAR}"
    ]
    (root / CONFIG).unlink()
    commit(root, {CONFIG: "extends: [./ci/link.yaml, ./ci]\n"})
    assert problems(root) == [
        f"main:.policylint.yaml:1:11: $.extends[0]: main:ci/link.yaml: a symbolic link; "
        f"{MUST_BE_REGULAR}",
        f"main:.policylint.yaml:1:27: $.extends[1]: main:ci: a directory; {MUST_BE_REGULAR}",
    ]
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", CONFIG)
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{head},{CONFIG}")
    git(root, "commit", "-q", "-m", "a submodule where the policy was")
    assert problems(root) == [f"main:.policylint.yaml:1:1: $: a submodule; {MUST_BE_REGULAR}"]


def test_size_cap_and_encoding_apply_to_blobs(make_repo: MakeRepo) -> None:
    root = make_repo({CONFIG: "#" * MAX_BYTES + "\n", "ci/org.yaml": b"rules:\n  x: \xff\n"})
    assert problems(root) == [
        "main:.policylint.yaml:1:1: $: the file is too large (1,048,577 bytes); "
        "policy files are limited to 1,048,576"
    ]
    assert problems(root, config="ci/org.yaml") == [
        "main:ci/org.yaml:2:6: $: not valid UTF-8 (byte 0xff)"
    ]


def test_cycles_and_builtin_packs_at_a_ref(make_repo: MakeRepo) -> None:
    root = make_repo({
        CONFIG: "extends: [builtin:recommended, ./a.yaml]\n",
        "a.yaml": "extends: [./b.yaml]\n",
        "b.yaml": "extends:\n  - ./a.yaml\n",
    })  # fmt: skip
    assert problems(root) == [
        "main:b.yaml:2:5: $.extends[0]: extends cycle: main:a.yaml -> main:b.yaml -> main:a.yaml"
    ]
    commit(root, {"b.yaml": "rules: {}\n"})
    policy = load_policy(None, root=root, ref="main")
    assert policy.sources == (
        "main:.policylint.yaml", "builtin:recommended", "builtin:community-health",
        "builtin:pr-hygiene", "main:a.yaml", "main:b.yaml",
    )  # fmt: skip


def test_a_cached_policy_is_keyed_by_ref_and_commit(
    pr_branch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_policy(None, root=pr_branch, ref="main")
    with monkeypatch.context() as patch:
        patch.setattr(loader, "_resolution", _refuse)
        assert load_policy(None, root=pr_branch, ref="main") == first
    git(pr_branch, "checkout", "-q", "main")
    commit(pr_branch, {"ci/org.yaml": PR_PACK})
    git(pr_branch, "checkout", "-q", "pr")
    after = load_policy(None, root=pr_branch, ref="main")
    assert severities(after) == {"governance-doc": "error", "security-doc": "note"}
    assert len(list(cache.cache_dir().glob("*"))) == 1  # one entry per ref, replaced
    other = load_policy(None, root=pr_branch, ref="refs/heads/main")
    assert other.sources[0] == "refs/heads/main:.policylint.yaml"


def _refuse(*args: object) -> None:
    raise AssertionError("the policy was read, not taken from the cache")
