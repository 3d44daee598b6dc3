"""Audit sources: directories, manifests (text and YAML), git URLs cloned into the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.audit.clones import checkout, clone_dir
from policylint.audit.sources import Target, expand, is_git_url
from policylint.errors import AuditError, CloneError
from tests.helpers.audit import add_files, audit, by_name, check_json
from tests.helpers.repos import HEALTHY, MakeRepo, git, write_files


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://github.com/org/repo.git", True),
        ("ssh://git@host/org/repo", True),
        ("git@github.com:org/repo.git", True),
        ("file:///srv/git/repo.git", True),
        ("git://host/repo", True),
        ("repos/org", False),
        ("/abs/path", False),
        ("C:/x", False),
        ("./git@x", False),
    ],
)
def test_git_urls_are_told_from_paths(text: str, expected: bool) -> None:
    assert is_git_url(text) is expected


def test_a_directory_stands_for_its_checkouts(tmp_path: Path, make_repo: MakeRepo) -> None:
    make_repo({"README.md": ""}, name="org/b")
    make_repo({"README.md": ""}, name="org/a", use_git=False)
    (tmp_path / "org" / "empty").mkdir()
    (tmp_path / "org" / ".hidden").mkdir()
    (tmp_path / "org" / ".hidden" / "x").write_text("")
    (tmp_path / "org" / "notes.txt").write_text("")
    source = str(tmp_path / "org")
    assert expand([source]) == [
        Target(f"{source}/a", "a", f"{source}/a"),
        Target(f"{source}/b", "b", f"{source}/b"),
    ]


def test_a_directory_without_repositories_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "org" / "empty").mkdir(parents=True)
    with pytest.raises(AuditError) as caught:
        expand([str(tmp_path / "org")])
    assert str(caught.value) == f"{tmp_path / 'org'}: no repositories in this directory"


def test_names_are_unique_and_repeated_sources_audited_once(
    tmp_path: Path, make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_repo({"README.md": ""}, name="one/app")
    make_repo({"README.md": ""}, name="two/app")
    targets = expand(["one/app", "two/app", "one/app", "one/../one/app"])
    assert [(t.source, t.name) for t in targets] == [("one/app", "app"), ("two/app", "app-2")]


def test_text_manifest(tmp_path: Path, make_repo: MakeRepo) -> None:
    make_repo({"README.md": ""}, name="repos/a")
    manifest = tmp_path / "list" / "repos.txt"
    manifest.parent.mkdir()
    manifest.write_text(
        "# the org's repositories\n\n  ../repos/a  \nhttps://example.org/x/tool.git\n# end\n"
    )
    assert expand([str(manifest)]) == [
        Target(f"{tmp_path}/repos/a", "a", f"{tmp_path}/repos/a"),
        Target("https://example.org/x/tool.git", "tool", "https://example.org/x/tool.git", True),
    ]


def test_an_empty_text_manifest_is_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "repos.txt"
    manifest.write_text("# nothing yet\n\n")
    with pytest.raises(AuditError) as caught:
        expand([str(manifest)])
    assert str(caught.value) == f"{manifest}: the manifest lists no repositories"


def test_imposed_policy_yields_to_the_manifest_entry(tmp_path: Path) -> None:
    (tmp_path / "own.yaml").write_text("")
    manifest = tmp_path / "repos.yaml"
    manifest.write_text(
        "repositories:\n  - {source: a, policy: own.yaml}\n  - {source: b, name: bee}\n"
    )
    targets = expand([str(manifest)], policy="/org/policy.yaml")
    assert [(t.name, t.policy) for t in targets] == [
        ("a", f"{tmp_path}/own.yaml"),
        ("bee", "/org/policy.yaml"),
    ]


def test_yaml_manifest_problems_have_positions(tmp_path: Path) -> None:
    manifest = tmp_path / "repos.yaml"
    manifest.write_text(
        "repositories:\n"
        "  - source: a\n"
        "    colour: blue\n"
        "  - name: nameless\n"
        "  - source: b\n"
        "    policy: missing.yaml\n"
        "  - just-a-string\n"
        "  - {source: 3}\n"
    )
    with pytest.raises(AuditError) as caught:
        expand([str(manifest)])
    m = str(manifest)
    assert str(caught.value).splitlines() == [
        f"{m}:3:5: $.repositories[0].colour: unknown key; expected one of source, policy, "
        "name, org-defaults, owner",
        f"{m}:4:5: $.repositories[1].source: expected a non-empty string",
        f"{m}:6:13: $.repositories[2].policy: no such policy file: missing.yaml",
        f"{m}:7:5: $.repositories[3]: expected a mapping with 'source' (and 'policy', 'name', "
        "'org-defaults', 'owner')",
        f"{m}:8:14: $.repositories[4].source: expected a non-empty string",
    ]


def test_yaml_manifest_without_repositories(tmp_path: Path) -> None:
    manifest = tmp_path / "repos.yml"
    manifest.write_text("repos: []\n")
    with pytest.raises(AuditError) as caught:
        expand([str(manifest)])
    assert str(caught.value) == (
        f"{manifest}:1:1: $.repositories: expected a non-empty list of repositories"
    )


def test_yaml_manifest_syntax_error(tmp_path: Path) -> None:
    manifest = tmp_path / "repos.yaml"
    manifest.write_text("repositories: [a\n")
    with pytest.raises(AuditError, match=rf"^{manifest}:2:1: "):
        expand([str(manifest)])


def origin_repo(make_repo: MakeRepo) -> tuple[Path, str]:
    repo = make_repo({"README.md": "# origin\n"}, name="remote/tool")
    add_files(repo, {"LICENSE": "MIT\n"})
    return repo, f"file://{repo}"


def test_a_url_is_cloned_once_then_refreshed(tmp_path: Path, make_repo: MakeRepo) -> None:
    repo, url = origin_repo(make_repo)
    cache = str(tmp_path / "cache")
    first = checkout(url, cache, depth=1, refresh=True)
    assert first == clone_dir(cache, url)
    assert os.path.basename(first).startswith("tool-")
    assert git(Path(first), "rev-parse", "--is-shallow-repository").strip() == "true"
    marker = Path(first, ".git", "marker")
    marker.write_text("kept")  # reused, not cloned again
    add_files(repo, {"GOVERNANCE.md": "# Governance\n"})
    assert checkout(url, cache, depth=1, refresh=False) == first
    assert not Path(first, "GOVERNANCE.md").exists()
    assert checkout(url, cache, depth=1, refresh=True) == first
    assert marker.read_text() == "kept"
    assert Path(first, "GOVERNANCE.md").exists()
    assert git(Path(first), "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")


def test_a_failed_clone_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(CloneError) as caught:
        checkout(f"file://{tmp_path}/nothing.git", str(cache), depth=None, refresh=True)
    assert str(caught.value) == (
        f"git clone failed: fatal: '{tmp_path}/nothing.git' does not appear to be a git repository"
    )
    assert [p.name for p in cache.iterdir() if not p.name.endswith(".lock")] == []


def test_audit_of_urls_uses_and_refreshes_the_cache(tmp_path: Path, make_repo: MakeRepo) -> None:
    repo, url = origin_repo(make_repo)
    make_repo(HEALTHY, name="local")
    manifest = tmp_path / "repos.txt"
    manifest.write_text(f"{url}\nfile://{tmp_path}/missing.git\nlocal\n")
    cache = tmp_path / "cache"
    argv = [str(manifest), "--cache", str(cache), "--depth", "1"]
    _, rows = audit(tmp_path / "audit.jsonl", *argv)
    named = by_name(rows)
    assert named["tool"]["status"] == "ok"
    assert named["tool"]["source"] == url
    assert named["tool"]["head"] == git(repo, "rev-parse", "HEAD").strip()
    assert named["missing"]["error"] == (
        f"git clone failed: fatal: '{tmp_path}/missing.git' does not appear to be a git repository"
    )
    assert named["missing"]["policy"] is None
    assert named["local"]["status"] == "ok"
    add_files(repo, {"GOVERNANCE.md": "# Governance\n"})
    _, again = audit(tmp_path / "audit.jsonl", *argv)
    tool = by_name(again)["tool"]
    assert tool["head"] == git(repo, "rev-parse", "HEAD").strip()
    assert {"id": "governance", "status": "pass"}.items() <= next(
        r for r in tool["report"]["rules"] if r["id"] == "governance"
    ).items()


def bare_clone(origin: Path, destination: Path) -> Path:
    """A bare repository (a server's mirror: HEAD, objects/, refs/ and no work tree)."""
    git(origin.parent, "clone", "-q", "--bare", str(origin), str(destination))
    return destination


def test_bare_repositories_are_cloned_as_file_urls(tmp_path: Path, make_repo: MakeRepo) -> None:
    origin = make_repo({"README.md": ""}, name="work/app")
    server = tmp_path / "srv"
    bare_clone(origin, server / "app.git")
    bare_clone(origin, server / "lib.git")
    assert expand([str(server), str(server / "app.git")]) == [
        Target(f"{server}/app.git", "app", f"file://{server}/app.git", True),
        Target(f"{server}/lib.git", "lib", f"file://{server}/lib.git", True),
    ]
    manifest = tmp_path / "repos.yaml"
    manifest.write_text("repositories:\n  - {source: srv/lib.git, name: library}\n")
    assert expand([str(manifest)]) == [
        Target(f"{server}/lib.git", "library", f"file://{server}/lib.git", True),
    ]


def test_a_directory_that_only_looks_like_a_git_directory_is_read_in_place(
    tmp_path: Path,
) -> None:
    lookalike = tmp_path / "org" / "notes"
    write_files(lookalike, {"HEAD": "the head of the department\n", "objects/a": "", "refs/b": ""})
    assert expand([str(tmp_path / "org")]) == [Target(str(lookalike), "notes", str(lookalike))]


def test_audit_of_bare_repositories_evaluates_their_head(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    origin = make_repo(HEALTHY, name="work/app")
    server = tmp_path / "srv"
    bare_clone(origin, server / "app.git")
    bare_clone(make_repo({"README.md": "# lib\n"}, name="work/lib"), server / "lib.git")
    _, rows = audit(tmp_path / "audit.jsonl", str(server))
    named = by_name(rows)
    assert [(row["name"], row["status"]) for row in rows] == [("app", "ok"), ("lib", "ok")]
    assert named["app"]["source"] == f"{server}/app.git"
    assert named["app"]["head"] == git(origin, "rev-parse", "HEAD").strip()
    assert named["app"]["report"] == check_json(origin)
    assert named["lib"]["report"]["summary"]["fail"] == 8  # 7 files missing, a bare README
    _, rows = audit(tmp_path / "audit.jsonl", str(server / "app.git"))
    assert [(row["name"], row["report"]) for row in rows] == [("app", check_json(origin))]
