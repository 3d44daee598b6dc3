"""CEL expressions from a grammar, as an ``expr`` rule's assertion and as a rule's ``when``:
refused at load with a position, or evaluated to a pass, a finding or an error finding."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.fuzz import cel_expressions, outcome, run_in_process
from tests.helpers.fuzz_settings import examples
from tests.helpers.repos import MakeRepo


@settings(max_examples=examples(250))
@given(expression=cel_expressions(), place=st.sampled_from(["assert", "when"]))
def test_cel_expressions(make_repo: MakeRepo, tmp_path: Path, expression: str, place: str) -> None:
    repo = tmp_path / "cel-repo"
    if not repo.exists():
        repo = make_repo({"README.md": "# x\n", "docs/a.md": "a\n"}, name="cel-repo")
        (repo / "pr.json").write_text(json.dumps({"title": "feat: x", "labels": ["a"]}))
    rule = {"kind": "expr", "title": "E", "severity": "error"}
    if place == "assert":
        rule["options"] = {"assert": expression, "message": "m"}
    else:
        rule.update(when=expression, options={"assert": "true", "message": "m"})
    (repo / ".policylint.yaml").write_text(json.dumps({"rules": {"e": rule}}), encoding="utf-8")
    run = run_in_process("check", "--no-cache", "--pr-json", str(repo / "pr.json"), str(repo))
    outcome(f"cel {place}", run)
