"""The json reporter: the public, versioned document and its schema."""

from __future__ import annotations

import json
import random
from typing import Any

import jsonschema
import pytest

import policylint
from policylint.display import inert_json
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Finding, Policy
from policylint.reporters import REPORTERS
from policylint.reporters.json import dump, printable_tree
from tests.helpers.golden import assert_golden
from tests.helpers.repos import MakeRepo
from tests.helpers.results import CONFIG, EVIL, SCHEMA, STRICT, one_finding, rule, sample_result


@pytest.fixture
def fixed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policylint, "__version__", "0.0.0-golden")


render = REPORTERS.load("json").render


def test_golden(fixed_version: None, update_golden: bool) -> None:
    assert_golden("report.json", render(sample_result()), update_golden)


def test_document_follows_the_contract() -> None:
    doc = json.loads(render(sample_result()))
    assert list(doc) == [
        "version",
        "tool",
        "root",
        "policy",
        "findings",
        "rules",
        "summary",
        "failed",
        "stage",
    ]
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "policylint", "version": policylint.__version__}
    assert doc["policy"] == {"sources": [CONFIG, "builtin:community-health"], "fail-on": "error"}
    assert doc["summary"] == {"fail": 3, "pass": 2, "skipped": 1, "exempted": 1, "error": 1}
    assert doc["failed"] is True
    assert doc["findings"][1] == {
        "rule": "readme-title",
        "severity": "warning",
        "status": "fail",
        "message": "README.md has no title",
        "path": "README.md",
        "line": 3,
        "fingerprint": "e" * 32,
        "blocking": False,
    }
    assert doc["stage"] == "check"
    assert doc["findings"][3]["exemption"] == "Reports go through the foundation's process."
    assert doc["rules"][5] == {
        "id": "release-note",
        "status": "skipped",
        "reason": "needs change facts, which this run does not have",
        "severity": "warning",
        "title": "Title of release-note",
    }


def test_text_is_deterministic_indented_and_ends_with_a_newline() -> None:
    text = render(sample_result())
    assert text == render(sample_result())
    assert text.startswith('{\n  "version": 1,\n  "tool": {\n    "name": "policylint",')
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_sample_validates_against_the_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    document = json.loads(render(sample_result()))
    jsonschema.validate(document, STRICT, cls=jsonschema.Draft202012Validator)
    jsonschema.validate({**document, "added-later": 1}, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_engine_output_validates_and_never_leaks_the_absolute_root(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n"})
    rules = (
        rule("governance-file", options={"globs": ["governance*"]}),
        rule("readme-file", options={"globs": ["readme*"]}),
    )
    result = evaluate(Policy(("builtin:x",), rules), Facts(repo=Repo(root)))
    text = render(result)
    doc = json.loads(text)
    jsonschema.validate(doc, STRICT, cls=jsonschema.Draft202012Validator)
    assert doc["root"] == "."
    assert str(root) not in text and str(root.resolve()) not in text
    assert [(r["id"], r["status"]) for r in doc["rules"]] == [
        ("governance-file", "fail"),
        ("readme-file", "pass"),
    ]


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.pop("failed"), "'failed' is a required property"),
        (lambda d: d["findings"][3].pop("exemption"), "'exemption' is a required property"),
        (lambda d: d.update(root="/home/someone/project"), "'.' was expected"),
        (lambda d: d["findings"][0].update(line=0), "0 is less than the minimum of 1"),
    ],
)
def test_schema_rejects_documents_that_break_the_contract(mutate: Any, error: str) -> None:
    doc = json.loads(render(sample_result()))
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert caught.value.message == error


def test_undecodable_file_names_never_raise_and_stay_valid_utf8() -> None:
    finding = Finding("r", "error", "fail", "bad name: b\udcffd.md", "a" * 32, "b\udcffd.md", 1)
    text = render(one_finding(finding))
    text.encode("utf-8")  # would raise on a raw surrogate
    doc = json.loads(text)
    assert doc["findings"][0]["path"] == "b\\xffd.md"
    assert doc["findings"][0]["message"] == "bad name: b\\xffd.md"


def test_untrusted_text_is_json_escaped_and_round_trips() -> None:
    finding = Finding("r", "error", "fail", f"missing {EVIL}", "a" * 32, EVIL)
    text = render(one_finding(finding))
    assert "\x1b" not in text and "\\u001b[31mfake\\n[bold]x[/bold]-\\\\xff.md" in text
    assert all(line.startswith(" ") or line in "{}" for line in text.splitlines())
    doc = json.loads(text)
    assert doc["findings"][0]["path"] == "\x1b[31mfake\n[bold]x[/bold]-\\xff.md"


def test_failed_follows_fail_on() -> None:
    finding = Finding("r", "warning", "fail", "m", "a" * 32)
    assert json.loads(render(one_finding(finding, fail_on="warning")))["failed"] is True
    assert json.loads(render(one_finding(finding, fail_on="error")))["failed"] is False


def _random_value(rnd: random.Random, depth: int = 0) -> Any:
    text = "".join(rnd.choice(WRITER_CHARS) for _ in range(rnd.randint(0, 6)))
    roll = rnd.random()
    if depth > 4 or roll < 0.35:
        numbers = [rnd.randint(-(10**20), 10**20), rnd.random() * 10 ** rnd.randint(-5, 20)]
        specials = [float("nan"), float("inf"), float("-inf"), -0.0, 1e16]
        return rnd.choice([None, True, False, 0, *numbers, *specials, text, text])
    if roll < 0.65:
        items = [_random_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]
        return items if rnd.random() < 0.8 else tuple(items)
    keys = [text, "k", rnd.randint(0, 5), None, True, 1.5]
    return {rnd.choice(keys): _random_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))}


WRITER_CHARS = ["a", "é", "\n", "\t", "\x00", "\x1f", '"', "\\", "/", "\u2028", "\u202e", "#", "[",
                "😀", " ", "\x7f", "\x85", "\udcff"]  # fmt: skip


def test_the_writer_writes_what_json_dumps_writes() -> None:
    """dump() does without the json module; its text is json.dumps(indent=2,
    ensure_ascii=False)'s, made inert as before, on 5,000 random documents."""
    rnd = random.Random(12)
    for _ in range(5_000):
        value = _random_value(rnd)
        expected = json.dumps(printable_tree(value), indent=2, ensure_ascii=False)
        assert dump(value) == inert_json(expected) + "\n"


def test_the_writer_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        dump({"a": {1, 2}})
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None"):
        dump({(1, 2): "x"})
