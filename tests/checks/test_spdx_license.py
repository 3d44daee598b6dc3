"""spdx-license: licence files identified by askalono, the SPDX id reported everywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from policylint.reporters.json import document
from policylint.reporters.sarif import sarif_log
from tests.helpers.kinds import run_check
from tests.helpers.repos import MIT, MakeRepo

UNRECOGNISED = (
    "not recognised as an SPDX licence: the closest is {closest} with a score of {score}, "
    "below 0.8; use the unchanged text of a licence (https://spdx.org/licenses/)"
)
NOTICES = (
    "\n\n\njq's documentation is licensed under the Creative Commons CC BY 3.0 licence.\n\n\n"
    "jq incorporates dtoa.c, which bears the following notice:\n\n"
    "The author of this software is David M. Gay. Permission to use, copy, modify, and "
    "distribute this software for any purpose without fee is hereby granted.\n"
)


def test_an_identified_licence_passes_and_its_spdx_id_is_reported(make_repo: MakeRepo) -> None:
    result = run_check("spdx-license", {}, root=make_repo({"LICENSE": MIT, "README.md": "# x\n"}))
    assert result.findings == ()
    (outcome,) = result.outcomes
    assert (outcome.status, outcome.details) == ("pass", {"spdx": "MIT", "path": "LICENSE"})
    assert document(result)["rules"][0]["details"] == {"spdx": "MIT", "path": "LICENSE"}
    invocation = sarif_log(result)["runs"][0]["invocations"][0]
    assert invocation["properties"] == {"ruleDetails": {"r": {"spdx": "MIT", "path": "LICENSE"}}}


def test_an_unrecognised_text_is_a_warning_that_says_so(make_repo: MakeRepo) -> None:
    repo = make_repo({"LICENSE": MIT[: len(MIT) * 6 // 10]})  # the MIT text, cut short
    result = run_check("spdx-license", {}, root=repo, severity="error")
    (finding,) = result.findings
    assert (finding.path, finding.line, finding.severity, finding.status) == (
        "LICENSE", 1, "warning", "fail",
    )  # fmt: skip
    assert finding.properties == {"spdx": "NOASSERTION", "closest": "MIT"}
    score = finding.message.split("score of ")[1].split(",")[0]
    assert finding.message == UNRECOGNISED.format(closest="MIT", score=score)
    assert 0.5 <= float(score) < 0.8
    assert document(result)["findings"][0]["properties"] == finding.properties
    sarif = sarif_log(result)["runs"][0]["results"][0]
    assert sarif["properties"] == finding.properties
    assert not result.failed()  # a warning: the run fails only at fail-on warning


def test_a_text_like_no_licence_names_none(make_repo: MakeRepo) -> None:
    """askalono names an arbitrary licence for a text that shares nothing with any (a score
    near 0, a different name from run to run): no closest is told then."""
    repo = make_repo({"LICENSE": "All rights reserved, for now.\n"})
    (finding,) = run_check("spdx-license", {}, root=repo, severity="error").findings
    assert finding.properties == {"spdx": "NOASSERTION"}
    score = finding.message.split("score of ")[1].split(",")[0]
    assert finding.message == (
        f"not recognised as an SPDX licence: no licence text comes close (a score of {score}, "
        "below 0.8); use the unchanged text of a licence (https://spdx.org/licenses/)"
    )


def test_an_empty_or_placeholder_licence_fails_at_the_rules_severity(make_repo: MakeRepo) -> None:
    repo = make_repo({"LICENSE": "Copyright 2026 Ada Lovelace\n\nTODO: pick a licence\n"})
    result = run_check("spdx-license", {}, root=repo, severity="error")
    assert [(f.path, f.line, f.severity, f.message) for f in result.findings] == [
        ("LICENSE", 3, "error", 'still holds the template placeholder "TODO: pick a licence"')
    ]
    assert result.failed()


def test_a_licence_outside_the_allowed_list_fails_naming_its_spdx_id(make_repo: MakeRepo) -> None:
    repo = make_repo({"LICENSE": MIT})
    result = run_check("spdx-license", {"allowed": ["Apache-2.0", "BSD-3-Clause"]}, root=repo)
    assert [(f.path, f.line, f.message, f.properties) for f in result.findings] == [
        ("LICENSE", 1, "is MIT, which is not one of the allowed licences (Apache-2.0, "
         "BSD-3-Clause)", {"spdx": "MIT"}),
    ]  # fmt: skip
    assert result.outcomes[0].details == {"spdx": "MIT", "path": "LICENSE"}


def test_the_project_licence_then_bundled_notices_is_the_project_licence(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({"COPYING": MIT + NOTICES})
    result = run_check("spdx-license", {}, root=repo)
    assert result.findings == ()
    assert result.outcomes[0].details == {"spdx": "MIT", "path": "COPYING"}


def test_one_identified_file_of_several_is_enough(make_repo: MakeRepo) -> None:
    files = {
        "COPYING": "This project is dual-licensed under the Unlicense and MIT licenses.\n",
        "LICENSE-MIT": MIT,
    }
    result = run_check("spdx-license", {}, root=make_repo(files))
    assert result.findings == ()
    assert result.outcomes[0].details == {"spdx": "MIT", "path": "LICENSE-MIT"}


def test_answers_are_cached_by_content(make_repo: MakeRepo) -> None:
    repo = make_repo({"LICENSE": MIT})
    cache = Path(os.environ["POLICYLINT_CACHE_DIR"])
    run_check("spdx-license", {}, root=repo)
    (entry,) = cache.glob("licence-*.txt")
    assert entry.read_text().startswith("MIT\t")
    entry.write_text("ISC\t0.9900\t\t0.2.0")  # what the cache says is what the rule reports
    assert run_check("spdx-license", {}, root=repo).outcomes[0].details["spdx"] == "ISC"


def test_without_the_detector_the_rule_says_so(make_repo: MakeRepo, tmp_path: Path) -> None:
    """pyaskalono really absent: the run's path lists every installed package but it."""
    site = tmp_path / "site"
    site.mkdir()
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            for name in os.listdir(entry):
                if not name.startswith(("askalono", "pyaskalono")):
                    target = site / name
                    if not target.exists():
                        target.symlink_to(os.path.join(entry, name))
    repo = make_repo({"LICENSE": MIT})
    code = (
        "import sys, json; sys.path = [p for p in sys.path if 'site-packages' not in p];"
        f"sys.path.insert(0, {str(site)!r}); sys.path.insert(0, {str(Path.cwd())!r});"
        "from policylint.cli import main; sys.exit(main(['check', '--format', 'json', "
        f"{str(repo)!r}]))"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    findings = json.loads(proc.stdout)["findings"]
    licence = [f for f in findings if f["rule"] == "license-identified"]
    assert [(f["severity"], f["message"]) for f in licence] == [
        ("warning", "not identified: the licence detector is not installed (pip install "
         "pyaskalono (wheels for CPython 3.11 and later))"),
    ]  # fmt: skip
