"""Exemptions with an owner and an end, through the real console script: before the date the
finding is exempted (with a note when it lapses soon), after it the finding counts again and
names the exemption's file:line; JSON lists the exemptions with their expiry."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from tests.helpers.cli import run_policylint
from tests.helpers.repos import HEALTHY, MakeRepo

NO_GOVERNANCE = {k: v for k, v in HEALTHY.items() if k != "GOVERNANCE.md"}
MESSAGE = "No governance document (GOVERNANCE*) in the repository root, .github/ or docs/"


def day(offset: int) -> str:
    return (
        datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(offset)
    ).isoformat()


def repo_with(make_repo: MakeRepo, exemption: str, extra: str = "") -> Path:
    config = (
        "extends: [builtin:community-health]\n"
        f"{extra}"
        "rules:\n"
        "  governance: {severity: error}\n"
        "exemptions:\n"
        f"  - {exemption}\n"
    )
    return make_repo({**NO_GOVERNANCE, ".policylint.yaml": config})


def governance(repo: Path) -> tuple[int, dict[str, object], list[dict[str, object]]]:
    proc = run_policylint("check", str(repo), "--format", "json")
    document = json.loads(proc.stdout)
    (finding,) = [f for f in document["findings"] if f["rule"] == "governance"]
    return proc.returncode, finding, document["exemptions"]


def test_an_undated_exemption_holds_as_before(make_repo: MakeRepo) -> None:
    code, finding, exemptions = governance(
        repo_with(make_repo, "{rule: governance, reason: Later}")
    )
    assert (code, finding["status"], finding["exemption"]) == (0, "exempted", "Later")
    assert "exemption-note" not in finding
    assert exemptions == [{"rule": "governance", "reason": "Later", "at": ".policylint.yaml:5",
                           "paths": [], "expires": None, "owner": None, "state": "active",
                           "findings": 1}]  # fmt: skip


def test_before_its_date_an_exemption_holds(make_repo: MakeRepo) -> None:
    end = day(60)
    repo = repo_with(
        make_repo, f"{{rule: governance, reason: Later, expires: {end}, owner: '@ada'}}"
    )
    code, finding, exemptions = governance(repo)
    assert (code, finding["status"], finding["message"]) == (0, "exempted", MESSAGE)
    assert "exemption-note" not in finding
    assert [(e["expires"], e["owner"], e["state"]) for e in exemptions] == [(end, "@ada", "active")]


def test_within_the_notice_days_a_note_says_it_lapses(make_repo: MakeRepo) -> None:
    end = day(3)
    repo = repo_with(
        make_repo, f"{{rule: governance, reason: Later, expires: '{end}', owner: '@ada'}}"
    )
    code, finding, exemptions = governance(repo)
    note = f"the exemption at .policylint.yaml:5 (owner: @ada) expires in 3 days ({end})"
    assert (code, finding["status"], finding["exemption-note"]) == (0, "exempted", note)
    assert exemptions[0]["state"] == "expiring"
    text = run_policylint("check", str(repo)).stdout
    assert f"    reason: Later\n    note: {note}\n" in text


def test_the_notice_period_is_configurable(make_repo: MakeRepo) -> None:
    exemption = f"{{rule: governance, reason: Later, expires: {day(3)}}}"
    repo = repo_with(make_repo, exemption, extra="exemption-notice-days: 2\n")
    _, finding, exemptions = governance(repo)
    assert "exemption-note" not in finding
    assert exemptions[0]["state"] == "active"


def test_on_its_last_day_it_still_holds(make_repo: MakeRepo) -> None:
    end = day(0)
    _, finding, _ = governance(
        repo_with(make_repo, f"{{rule: governance, reason: Later, expires: {end}}}")
    )
    assert finding["status"] == "exempted"
    assert finding["exemption-note"] == f"the exemption at .policylint.yaml:5 expires today ({end})"


def test_after_its_date_the_finding_counts_again_naming_the_exemption(make_repo: MakeRepo) -> None:
    end = day(-1)
    repo = repo_with(
        make_repo, f"{{rule: governance, reason: Later, expires: {end}, owner: '@ada'}}"
    )
    code, finding, exemptions = governance(repo)
    lapsed = f"the exemption at .policylint.yaml:5 (owner: @ada) expired on {end}"
    assert (code, finding["status"]) == (1, "fail")
    assert finding["message"] == f"{MESSAGE} ({lapsed})"
    assert "exemption" not in finding
    assert [(e["state"], e["findings"]) for e in exemptions] == [("expired", 0)]
    text = run_policylint("check", str(repo)).stdout
    assert f"  error governance: {MESSAGE} ({lapsed})\n" in text


def test_a_date_that_is_no_date_is_a_configuration_error(make_repo: MakeRepo) -> None:
    repo = repo_with(make_repo, "{rule: governance, reason: Later, expires: 2026-02-30}")
    proc = run_policylint("check", str(repo))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: .policylint.yaml:5:48: $.exemptions[0].expires: '2026-02-30' is not a date "
        "(YYYY-MM-DD)\n"
    )
    repo = repo_with(make_repo, "{rule: governance, reason: Later, expires: next week}")
    proc = run_policylint("check", str(repo))
    assert proc.stderr == (
        "policylint: .policylint.yaml:5:48: $.exemptions[0].expires: must match "
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$ (got 'next week')\n"
    )
