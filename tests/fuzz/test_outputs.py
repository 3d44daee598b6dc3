"""Untrusted text (pull-request title, body and labels, file names, rule titles and ids of
the checked repository's policy) through every output format: no line starts a workflow
command but the github format's own, JSON outputs parse and carry no raw control, bidi or
separator character."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.fuzz import inert_output, outcome, run_in_process, untrusted_text
from tests.helpers.fuzz_settings import examples

FORMATS = ["text", "json", "sarif", "github", "gitlab", "markdown"]


def _encodable(text: str) -> str:
    """A title a policy file can hold (YAML refuses lone surrogates), never empty."""
    return text.encode("utf-8", "replace").decode("utf-8") or "t"


@settings(max_examples=examples(300))
@given(
    title=untrusted_text(),
    body=untrusted_text(80),
    labels=st.lists(untrusted_text(12), max_size=3),
    rule_title=untrusted_text(20).map(_encodable),
    file_name=untrusted_text(20),
    fmt=st.sampled_from(FORMATS),
)
def test_untrusted_text_through_every_format(
    tmp_path: Path,
    title: str,
    body: str,
    labels: list[str],
    rule_title: str,
    file_name: str,
    fmt: str,
) -> None:
    root = tmp_path / "out"
    root.mkdir(exist_ok=True)
    for old in root.iterdir():
        old.unlink()
    # Any bytes but / and NUL: lone surrogates become bytes that are not UTF-8.
    name = file_name.replace("/", "_").replace("\0", "_").encode("utf-8", "surrogatepass")[:200]
    if name not in (b"", b".", b".."):
        (root / os.fsdecode(name)).write_text("TODO\n")
    policy = {
        "rules": {
            "t": {"kind": "pr-title", "title": rule_title, "severity": "error",
                  "options": {"matches": "^never$"}},
            "todo": {"kind": "file-content", "title": rule_title, "severity": "warning",
                     "options": {"globs": ["*"], "not-matches": ["TODO"], "all-files": True}},
            "present": {"kind": "file-exists", "title": rule_title, "severity": "note",
                        "options": {"globs": ["MISSING"]}},
        }
    }  # fmt: skip
    (tmp_path / "policy.yaml").write_text(
        json.dumps(policy), encoding="utf-8", errors="surrogatepass"
    )
    pr = json.dumps({"title": title, "body": body, "labels": labels})
    (tmp_path / "pr.json").write_text(pr, encoding="utf-8")
    run = run_in_process(
        "check", "--no-cache", "-c", str(tmp_path / "policy.yaml"), "--pr-json",
        str(tmp_path / "pr.json"), "--format", fmt, str(root),
    )  # fmt: skip
    outcome(f"output {fmt}", run, positioned=False)
    inert_output(run.stdout, fmt=fmt)
    inert_output(run.stderr, fmt="stderr")
