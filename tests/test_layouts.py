"""The built-in packs on repositories shaped like well-known open source layouts.

Each ``tests/layouts/*.yaml`` describes one layout as data:

- ``name``: what it is; a comment above says which real projects it is shaped like;
- ``packs``: the built-in packs a ``.policylint.yaml`` extends; ``config``: more of that file
  (``params``, rule overrides);
- ``files``: the repository, committed on ``main`` (a file whose text is ``@licence-text:MIT``
  holds the whole MIT licence, ``tests.helpers.repos.MIT``); ``history``: later commits on ``main``
  (``files``, ``author``); ``change``: one commit on a branch ``change`` (``files``, null
  deletes; ``message``), judged as ``main...change``; ``pr``: pull-request ``title``, ``body``,
  ``labels``;
- ``org-defaults``: files of the organisation's ``.github`` repository (``--org-defaults``);
- ``fail``: rule id -> text its finding contains: exactly these rules fail; ``skipped``: rules
  skipped (opted out, or facts the layout lacks). Every other rule of the policy must pass:
  no false failure on the files a project has, and each file it lacks caught.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from policylint.engine import evaluate
from policylint.facts.gathering import Request, gather
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.model import Result
from tests.helpers.repos import MIT, MakeRepo, git, write_files

LAYOUTS = Path(__file__).parent / "layouts"
KEYS = {"name", "packs", "config", "files", "history", "change", "pr", "org-defaults"}
KEYS |= {"fail", "skipped"}


def load_layout(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    layout: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert set(layout) <= KEYS, f"{path.name}: unknown keys {set(layout) - KEYS}"
    return layout


def build(make_repo: MakeRepo, layout: dict[str, Any]) -> Path:
    """The layout's repository, checked out at the change when it has one."""
    files = {
        name: MIT if text == "@licence-text:MIT" else text for name, text in layout["files"].items()
    }
    root = make_repo(files, name="repo")
    for commit in layout.get("history", ()):
        write_files(root, commit["files"])
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "history", f"--author={commit['author']}")
    change = layout.get("change")
    if change is not None:
        git(root, "checkout", "-q", "-b", "change")
        _apply(root, change["files"])
        git(root, "commit", "-q", "-m", change.get("message", "change"))
    return root


def _apply(root: Path, files: dict[str, str | None]) -> None:
    for name, content in files.items():
        if content is None:
            git(root, "rm", "-q", name)
        else:
            write_files(root, {name: content})
            git(root, "add", name)


def run(root: Path, layout: dict[str, Any], config: Path, org: Path | None) -> Result:
    config.write_text(json.dumps(_config(layout)), encoding="utf-8")
    policy = load_policy(config, root=root)
    pr = layout.get("pr") or {}
    request = Request(
        base="main" if "change" in layout else None,
        head="change" if "change" in layout else None,
        title=pr.get("title"),
        body=pr.get("body"),
        labels=tuple(pr.get("labels", ())),
        detect_ci=False,
    )
    repo = Repo(root, org_defaults=org)
    facts = gather(repo, request, {}, params=policy.params, now=time.time())
    return evaluate(policy, facts)


def _config(layout: dict[str, Any]) -> dict[str, Any]:
    extends = [f"builtin:{pack}" for pack in layout["packs"]]
    header: dict[str, Any] = {"apiVersion": "policylint/v1", "kind": "Config", "extends": extends}
    config: dict[str, Any] = layout.get("config", {})
    return header | config


def outcomes(result: Result) -> dict[str, str]:
    return {outcome.rule: outcome.status for outcome in result.outcomes}


def messages(result: Result, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule and f.status == "fail"]


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_layout(path: Path, make_repo: MakeRepo, tmp_path: Path) -> None:
    layout = load_layout(path)
    root = build(make_repo, layout)
    org = make_repo(layout["org-defaults"], name="org") if "org-defaults" in layout else None
    result = run(root, layout, tmp_path / "policy.json", org)
    fail, skipped = layout.get("fail", {}), set(layout.get("skipped", ()))
    expected = {
        rule: "fail" if rule in fail else "skipped" if rule in skipped else "pass"
        for rule in outcomes(result)
    }
    assert outcomes(result) == expected, [f.message for f in result.findings]
    for rule, text in fail.items():
        assert any(text in message for message in messages(result, rule)), (rule, text)


def test_every_layout_names_only_rules_of_its_policy(make_repo: MakeRepo, tmp_path: Path) -> None:
    """A typo in ``fail`` or ``skipped`` would otherwise go unnoticed as an unexpected pass."""
    root = make_repo({"README.md": "# x\n"})
    for path in sorted(LAYOUTS.glob("*.yaml")):
        layout = load_layout(path)
        config = tmp_path / f"{path.stem}.json"
        config.write_text(json.dumps(_config(layout)), encoding="utf-8")
        rules = {rule.id for rule in load_policy(config, root=root).rules}
        named = set(layout.get("fail", {})) | set(layout.get("skipped", ()))
        assert named <= rules, f"{path.name}: {sorted(named - rules)}"


def test_there_are_a_dozen_layouts() -> None:
    assert len(list(LAYOUTS.glob("*.yaml"))) >= 12


def test_a_layout_catches_a_file_it_lacks(make_repo: MakeRepo, tmp_path: Path) -> None:
    """The harness itself can fail: removing the code of conduct from a layout that passes
    the rule turns it into a failure."""
    layout = load_layout(LAYOUTS / "go-cncf.yaml")
    del layout["files"]["CODE_OF_CONDUCT.md"]
    result = run(build(make_repo, layout), layout, tmp_path / "policy.json", None)
    assert outcomes(result)["code-of-conduct"] == "fail"
