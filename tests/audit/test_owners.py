"""Per-repository organisation defaults in audits: each repository is judged with its own
owner's ``.github`` checkout (by remote URL or manifest), or the one its manifest entry names;
and the audit report shows each repository's licence and its lapsing exemptions."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

from policylint.audit.owners import owner_in_url
from tests.helpers.audit import audit, by_name
from tests.helpers.repos import HEALTHY, MakeRepo, git

# A project whose community files live at its organisation's level: README, LICENSE only.
PROJECT = {"README.md": HEALTHY["README.md"], "LICENSE": HEALTHY["LICENSE"]}
ORG_FILES = {
    "CONTRIBUTING.md": HEALTHY["CONTRIBUTING.md"],
    "CODE_OF_CONDUCT.md": HEALTHY["CODE_OF_CONDUCT.md"],
    "SECURITY.md": HEALTHY["SECURITY.md"],
}
COMMUNITY = ("contributing", "code-of-conduct", "security-policy")


def statuses(row: dict[str, object]) -> list[str]:
    rules = {r["id"]: r["status"] for r in row["report"]["rules"]}  # type: ignore[index]
    return [rules[rule] for rule in COMMUNITY]


def test_owners_are_read_from_urls() -> None:
    assert owner_in_url("https://github.com/acme/app.git") == "acme"
    assert owner_in_url("git@github.com:Other-Org/lib.git") == "Other-Org"
    assert owner_in_url("ssh://git@git.example.org:2222/group/tool") == "group"
    assert owner_in_url("file:///srv/git/acme/app.git") == "acme"
    assert owner_in_url("https://github.com/lonely") is None


def test_each_repository_gets_its_owners_defaults(make_repo: MakeRepo, tmp_path: Path) -> None:
    defaults = tmp_path / "defaults"
    make_repo(ORG_FILES, name="defaults/acme/.github")  # acme keeps its files at org level
    make_repo({"README.md": "# other's defaults\n"}, name="defaults/other/.github")
    acme = make_repo(PROJECT, name="org/acme-app")
    git(acme, "remote", "add", "origin", "https://github.com/ACME/acme-app.git")
    other = make_repo(PROJECT, name="org/other-lib")
    git(other, "remote", "add", "origin", "git@github.com:other/other-lib.git")
    make_repo(PROJECT, name="org/no-remote")
    _, rows = audit(tmp_path / "a.jsonl", str(tmp_path / "org"), "--org-defaults", str(defaults))
    named = by_name(rows)
    assert named["acme-app"]["org_defaults"] == str(defaults / "acme" / ".github")
    assert statuses(named["acme-app"]) == ["pass", "pass", "pass"]
    assert named["other-lib"]["org_defaults"] == str(defaults / "other" / ".github")
    assert statuses(named["other-lib"]) == ["fail", "fail", "fail"]  # not acme's files
    assert named["no-remote"]["org_defaults"] is None
    assert statuses(named["no-remote"]) == ["fail", "fail", "fail"]


def test_a_manifest_names_the_owner_or_the_checkout(make_repo: MakeRepo, tmp_path: Path) -> None:
    make_repo(ORG_FILES, name="defaults/acme/.github")
    make_repo(ORG_FILES, name="elsewhere/.github")
    make_repo(PROJECT, name="org/app")
    make_repo(PROJECT, name="org/tool")
    manifest = tmp_path / "repos.yaml"
    manifest.write_text(
        "repositories:\n"
        "  - {source: org/app, owner: acme}\n"
        "  - {source: org/tool, org-defaults: elsewhere/.github}\n",
        encoding="utf-8",
    )
    _, rows = audit(
        tmp_path / "m.jsonl", str(manifest), "--org-defaults", str(tmp_path / "defaults")
    )
    named = by_name(rows)
    assert named["app"]["org_defaults"] == str(tmp_path / "defaults" / "acme" / ".github")
    assert named["tool"]["org_defaults"] == str(tmp_path / "elsewhere" / ".github")
    assert statuses(named["app"]) == statuses(named["tool"]) == ["pass", "pass", "pass"]


def test_one_checkout_still_applies_to_every_repository(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    org = make_repo(ORG_FILES, name="org-github")
    make_repo(PROJECT, name="org/app")
    _, rows = audit(tmp_path / "o.jsonl", str(tmp_path / "org"), "--org-defaults", str(org))
    assert rows[0]["org_defaults"] == str(org)
    assert statuses(rows[0]) == ["pass", "pass", "pass"]


def test_a_manifest_org_defaults_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    from policylint.audit.sources import expand
    from policylint.errors import AuditError

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "README.md").write_text("# app\n")
    manifest = tmp_path / "repos.yaml"
    manifest.write_text("repositories:\n  - {source: app, org-defaults: nowhere}\n")
    try:
        expand([str(manifest)])
    except AuditError as exc:
        assert (
            str(exc)
            == f"{manifest}:2:33: $.repositories[0].org-defaults: no such directory: nowhere"
        )
    else:
        raise AssertionError("no error")


def test_the_report_lists_licences_and_lapsing_exemptions(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    soon = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    past = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    config = (
        "extends: [builtin:community-health]\n"
        "exemptions:\n"
        f"  - {{rule: governance, reason: Being written, expires: '{soon}', owner: '@ada'}}\n"
        f"  - {{rule: maintainers, reason: Team list on the forge, expires: '{past}'}}\n"
    )
    make_repo({**PROJECT, ".policylint.yaml": config}, name="org/app")
    make_repo(
        {"README.md": "# lib\n\nA small library.\n", "LICENSE": "All rights reserved.\n"},
        name="org/lib",
    )
    report, spreadsheet = tmp_path / "report.json", tmp_path / "report.csv"
    _, rows = audit(
        tmp_path / "r.jsonl",
        str(tmp_path / "org"),
        "--json",
        str(report),
        "--csv",
        str(spreadsheet),
    )
    repositories = {r["name"]: r for r in json.loads(report.read_text())["repositories"]}
    assert repositories["app"]["licence"] == "MIT"
    assert repositories["lib"]["licence"] == "NOASSERTION"
    assert [(e["rule"], e["expires"], e["owner"], e["state"], e["findings"])
            for e in repositories["app"]["exemptions"]] == [
        ("governance", soon, "@ada", "expiring", 1),
        ("maintainers", past, None, "expired", 0),
    ]  # fmt: skip
    table = list(csv.reader(io.StringIO(spreadsheet.read_text("utf-8"))))
    columns = {name: table[0].index(name) for name in ("name", "licence", "exemptions")}
    assert [[line[i] for i in columns.values()] for line in table[1:]] == [
        [
            "app",
            "MIT",
            f"governance until {soon} (expiring, @ada); maintainers until {past} (expired)",
        ],
        ["lib", "NOASSERTION", ""],
    ]
    from policylint.audit.report.aggregate import aggregate
    from policylint.audit.report.table import render

    text = render(aggregate(rows), title="audit")
    assert "licences: MIT 1, NOASSERTION 1\n" in text
    table = text.split("Exemptions expiring or expired\n")[1].split("\n\n")[0].splitlines()
    assert [line.split() for line in table] == [
        ["repository", "rule", "expires", "state", "owner", "exemption"],
        ["app", "maintainers", past, "expired", "-", ".policylint.yaml:4"],
        ["app", "governance", soon, "expiring", "@ada", ".policylint.yaml:3"],
    ]
