"""Reading policy YAML: plain data with positions, and every unsafe or broken input refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.documents.document import MAX_BYTES, YamlError, json_path
from policylint.documents.yaml import parse_document, read_document
from tests.helpers.documents import billion_laughs


def problems(text: str) -> list[str]:
    with pytest.raises(YamlError) as caught:
        parse_document(text, "p.yaml")
    return caught.value.problems


def test_values_and_positions() -> None:
    text = (
        "apiVersion: policylint/v1\n"
        "rules:\n"
        "  readme:\n"
        "    options:\n"
        '      globs: ["readme*", docs/**]\n'
        "      n: 0x1F\n"
        "      flags: [true, ~, 1.5, .inf, 2024-01-01, '7']\n"
    )
    document = parse_document(text, "p.yaml")
    options = document.data["rules"]["readme"]["options"]
    assert options == {
        "globs": ["readme*", "docs/**"],
        "n": 31,
        "flags": [True, None, 1.5, float("inf"), "2024-01-01", "7"],
    }
    assert document.positions[("apiVersion",)] == (1, 13)
    assert document.positions[("rules", "readme", "options", "globs", 1)] == (5, 26)
    assert document.key_positions[("rules", "readme")] == (3, 3)
    assert document.key_positions[("rules", "readme", "options", "globs")] == (5, 7)


def test_folded_and_literal_scalars_keep_their_text() -> None:
    document = parse_document("a: >-\n  one\n  two\n\n  three\nb: |\n  x\n  y\n", "p.yaml")
    assert document.data == {"a": "one two\nthree", "b": "x\ny\n"}


def test_aliases_within_the_bound_are_expanded() -> None:
    document = parse_document("common: &globs [a, b]\nother: *globs\n", "p.yaml")
    assert document.data == {"common": ["a", "b"], "other": ["a", "b"]}


def test_empty_file_is_an_empty_mapping() -> None:
    assert parse_document("", "p.yaml").data == {}
    assert parse_document("# only a comment\n", "p.yaml").data == {}


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == ["p.yaml:1:1: $: the top level must be a mapping, not a list"]
    assert problems("just text\n") == [
        "p.yaml:1:1: $: the top level must be a mapping, not a scalar"
    ]


def test_duplicate_keys_are_errors_with_positions() -> None:
    text = "rules:\n  a: off\n  b: off\n  a: off\nfail-on: error\nfail-on: never\n"
    assert problems(text) == [
        "p.yaml:4:3: $.rules.a: duplicate key 'a' (first defined on line 2)",
        "p.yaml:6:1: $.fail-on: duplicate key 'fail-on' (first defined on line 5)",
    ]


def test_custom_tags_are_refused() -> None:
    text = "a: !!python/object/apply:os.system ['echo pwned']\nb: !foo bar\nc: !!binary aGk=\n"
    assert problems(text) == [
        "p.yaml:1:4: $.a: the tag '!!python/object/apply:os.system' is not allowed; "
        "policy files hold plain data",
        "p.yaml:2:4: $.b: the tag '!foo' is not allowed; policy files hold plain data",
        "p.yaml:3:4: $.c: the tag '!!binary' is not allowed; policy files hold plain data",
    ]


def test_explicit_core_tags_are_plain_data() -> None:
    assert parse_document("a: !!str 12\n", "p.yaml").data == {"a": "12"}


def test_keys_must_be_plain_strings() -> None:
    assert problems("? [a, b]\n: 1\n<<: {c: 1}\n") == [
        "p.yaml:1:3: $: mapping keys must be plain strings, not collections",
        "p.yaml:3:1: $: merge keys ('<<') are not supported; repeat the keys or use an alias",
    ]


def test_billion_laughs_fails_fast() -> None:
    # $.d[0] is d's first *c; $.d[0][0] inside it is c's first *b, written at line 3, column 8.
    assert problems(billion_laughs()) == [
        "p.yaml:3:8: $.d[0][0]: too many aliases: more than 100 uses (a 'billion laughs' document?)"
    ]


def test_an_alias_counts_once_however_large_its_value() -> None:
    globs = ", ".join(f"g{i}" for i in range(50))
    uses = "".join(f"r{i}: *globs\n" for i in range(100))
    document = parse_document(f"common: &globs [{globs}]\n{uses}", "p.yaml")
    assert document.data["r99"] == [f"g{i}" for i in range(50)]
    assert problems(f"common: &globs [{globs}]\n{uses}r100: *globs\n") == [
        "p.yaml:102:7: $.r100: too many aliases: more than 100 uses (a 'billion laughs' document?)"
    ]


def test_recursive_alias_is_refused() -> None:
    assert problems("a: &x [*x]\n") == ["p.yaml:1:8: $.a[0]: an alias refers to its own anchor"]
    assert problems("a: &x\n  b: {c: *x}\n") == [
        "p.yaml:2:10: $.a.b.c: an alias refers to its own anchor"
    ]


def test_deep_nesting_is_refused_before_the_parser_slows_down() -> None:
    assert problems("[" * 100_000) == ["p.yaml:1:51: $: nesting deeper than 50 levels"]
    nested = "".join(" " * depth + f"k{depth}:\n" for depth in range(60))
    assert problems(nested) == ["p.yaml:51:54: $: nesting deeper than 50 levels"]


def test_syntax_errors_have_positions_and_ruamels_text() -> None:
    assert problems("a: [1, 2\nb: 3\n") == [
        "p.yaml:2:2: $: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 1, column 4)"
    ]
    assert problems("a: b: c\n") == ["p.yaml:1:5: $: mapping values are not allowed here"]
    assert problems("a: *nope\n") == ["p.yaml:1:4: $: found undefined alias 'nope'"]
    assert problems("a: 1\n---\nb: 2\n") == [
        "p.yaml:2:1: $: but found another document (expected a single document in the stream "
        "at line 1, column 1)"
    ]
    assert problems("a: \x07\n") == [
        "p.yaml:1:4: $: unacceptable character #x0007: special characters are not allowed"
    ]


def test_oversized_file_is_refused_by_stat(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:  # sparse: instant to create, never read
        stream.truncate(50 * 1024 * 1024)
    with pytest.raises(YamlError) as caught:
        read_document(big, "big.yaml")
    assert caught.value.problems == [
        "big.yaml:1:1: $: the file is too large (52,428,800 bytes); "
        "policy files are limited to 1,048,576"
    ]


def test_read_document_records_the_digest_of_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"a: 1\n")
    assert read_document(path, "p.yaml").sha256 == hashlib.sha256(b"a: 1\n").hexdigest()
    assert parse_document("a: 1\n", "p.yaml").sha256 == ""


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")
    assert read_document(path, "limit.yaml").data == {"a": 1}


def test_non_utf8_is_refused_with_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: ok\ntitle: caf\xe9\n")
    with pytest.raises(YamlError) as caught:
        read_document(path, "latin1.yaml")
    assert caught.value.problems == ["latin1.yaml:2:11: $: not valid UTF-8 (byte 0xe9)"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_document(path, "bom.yaml").data == {"a": 1}


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as caught:
        read_document(tmp_path / "nope.yaml", "nope.yaml")
    assert caught.value.problems == [
        "nope.yaml:1:1: $: cannot read the file: No such file or directory"
    ]


def test_json_path_quotes_keys_that_are_not_plain() -> None:
    assert json_path(("rules", "a.b", "options", "globs", 0)) == "$.rules['a.b'].options.globs[0]"
    assert json_path(("fail-on",)) == "$.fail-on"
    assert json_path(()) == "$"


def test_importing_policylint_modules_does_not_import_ruamel_or_jsonschema() -> None:
    code = (
        "import sys, policylint.documents.yaml, policylint.loading, policylint.loading.cache, "
        "policylint.documents.schema_errors, policylint.loading.schema, policylint.resources; "
        "print(sorted(m for m in ('ruamel.yaml', 'jsonschema') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout == "[]\n"


def test_a_top_level_scalar_is_not_echoed() -> None:
    # A file that is no policy (/etc/passwd) must not have its start printed in the problem.
    assert problems("root:x:0:0:root:/root:/bin/bash\n" + "x" * 5000 + "\n") == [
        "p.yaml:1:1: $: the top level must be a mapping, not a scalar"
    ]
