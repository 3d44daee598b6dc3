"""Property-based (hypothesis) generators of hostile input, and the command line run in the
test's own process (a subprocess per example would cost 150 ms each).

``outcome(...)`` records every run when ``POLICYLINT_FUZZ_LOG`` names a file (one JSON line
per example: generator, exit code, seconds, whether an exit-2 message was positioned), which
``python -m tests.helpers.fuzz FILE`` sums up: how the long profile is reported.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import string
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from hypothesis import strategies as st

from policylint.cli import main

# A line of any output that a CI runner would take for a workflow command.
COMMAND_LINE = re.compile(r"^\s*::|##\[", re.MULTILINE)
# The github format's own commands, the only ones allowed to start a line.
OWN_COMMAND = re.compile(
    r"(?:error|warning|notice) (?:file=[^,:]+,line=\d+,)?title=|group::|endgroup::"
)
# Characters no JSON output may carry raw (JSON escapes them).
RAW_IN_JSON = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
POSITIONED = re.compile(r"^policylint: .+?:\d+:\d+: ")
HANG_SECONDS = 10.0  # an example slower than this is counted as a hang in the long profile


class Run(NamedTuple):
    code: int
    stdout: str
    stderr: str
    seconds: float


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set, restored afterwards."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_in_process(*argv: str, env: Mapping[str, str] | None = None) -> Run:
    """``policylint ARGV`` in this process: its exit code and its output as text."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="backslashreplace")
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace")
    start = time.perf_counter()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        with environment({"GITHUB_ACTIONS": "", **(env or {})}):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
        stdout.flush()
        stderr.flush()
    seconds = time.perf_counter() - start
    return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"), seconds)


def outcome(generator: str, run: Run, *, positioned: bool = True) -> None:
    """Checks the run's exit code (never 3) and, when ``positioned``, that every exit-2 line
    names ``file:line:col``; records it for the long profile's summary. With
    ``POLICYLINT_FUZZ_COLLECT=1`` (the long profile's bulk runs) a failing case is recorded,
    with its output, instead of stopping the test: every case gets counted."""
    unpositioned = [
        line
        for line in run.stderr.splitlines()
        if run.code == 2 and positioned and not POSITIONED.match(line)
    ]
    failed = run.code not in (0, 1, 2) or "Traceback" in run.stderr or bool(unpositioned)
    log = os.environ.get("POLICYLINT_FUZZ_LOG")
    if log:
        record: dict[str, Any] = {
            "generator": generator,
            "code": run.code,
            "seconds": round(run.seconds, 3),
            "unpositioned": len(unpositioned),
        }
        if failed or run.seconds > HANG_SECONDS:
            record["stderr"] = run.stderr[-2000:]
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(record) + "\n")
    if os.environ.get("POLICYLINT_FUZZ_COLLECT") == "1":
        return
    assert run.code in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert unpositioned == [], run.stderr


def inert_output(text: str, *, fmt: str) -> None:
    """No line of ``text`` (an output of format ``fmt``) starts a workflow command, except the
    github format's own; JSON formats carry no raw control, bidi or separator character."""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("::"):
            assert fmt == "github" and line.startswith("::"), line
            assert OWN_COMMAND.match(line[2:]), line
        assert "##[" not in line, line
    if fmt in ("json", "sarif", "gitlab") and text:
        assert RAW_IN_JSON.findall(text) == [], text
        json.loads(text)


# --- untrusted text ------------------------------------------------------------------------

HOSTILE_PIECES = [
    "::error::x", "::add-mask::", "##[add-mask]", "##[group]", "\n::warning::", "%0A", "\r\n",
    "\u202e", "\u2028", "\u2029", "\x85", "\x9b", "\x1b[31m", "\x00", "\x07", "\t", "\\",
    '"', "'", "`", "<b>", "](x)", "[x](javascript:y)", "&amp;", "${{ x }}", "@octocat", "#1",
    "\ud800", "\udcff", "é", "😀", " ", "::", "##", "[", "]", "%", ",", "=",
]  # fmt: skip


def untrusted_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that mixes workflow commands, control and bidi characters, surrogates and
    markup with arbitrary characters."""
    piece = st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=6))
    return st.lists(piece, max_size=max_size // 4 + 1).map("".join)


# --- JSON ----------------------------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    untrusted_text(20),
)
json_values = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(untrusted_text(10), inner, max_size=4)
    ),
    max_leaves=12,
)


def json_text(value: Any) -> st.SearchStrategy[str]:
    """``value`` as JSON text, sometimes damaged: cut short, a huge integer, deep nesting,
    a byte order mark."""
    text = json.dumps(value)
    return st.one_of(
        st.just(text),
        st.integers(0, len(text)).map(lambda cut: text[:cut]),
        st.integers(4300, 6000).map(
            lambda n: text.replace("1", "9" * n, 1) if "1" in text else "9" * n
        ),
        st.integers(1, 1200).map(lambda depth: "[" * depth + text + "]" * depth),
        st.just("\ufeff" + text),
    )


PR_KEYS = ("title", "body", "labels", "author", "author_type", "draft", "base_ref",
           "head_ref", "base_sha", "head_sha", "fork", "number", "body_truncated")  # fmt: skip


def pr_objects() -> st.SearchStrategy[Any]:
    """``--pr-json`` documents: the known keys with values of the right or wrong types."""
    right = {
        "title": untrusted_text(),
        "body": untrusted_text(80),
        "labels": st.lists(untrusted_text(12), max_size=4),
        "author": untrusted_text(12),
        "author_type": st.sampled_from(["User", "Bot", "Organization"]),
        "draft": st.booleans(),
        "number": st.integers(),
    }
    value = st.one_of(json_values, *right.values())
    fields = st.dictionaries(st.sampled_from(PR_KEYS), value, max_size=6)
    return st.one_of(fields, json_values)


def github_events() -> st.SearchStrategy[Any]:
    """GitHub webhook payloads: a pull_request object of right and wrong shapes."""
    user = st.fixed_dictionaries({}, optional={"login": untrusted_text(12), "type": json_values})
    label = st.one_of(json_values, st.fixed_dictionaries({"name": untrusted_text(12)}))
    pull = st.fixed_dictionaries(
        {},
        optional={
            "title": st.one_of(untrusted_text(), json_values),
            "body": st.one_of(untrusted_text(80), json_values),
            "labels": st.one_of(st.lists(label, max_size=3), json_values),
            "user": st.one_of(user, json_values),
            "draft": json_values,
            "number": json_values,
            "base": st.one_of(json_values, st.fixed_dictionaries({"ref": untrusted_text(10)})),
        },
    )
    return st.one_of(st.fixed_dictionaries({"pull_request": pull}), json_values)


def baselines() -> st.SearchStrategy[Any]:
    finding = st.fixed_dictionaries(
        {},
        optional={
            "fingerprint": st.one_of(untrusted_text(10), json_values),
            "rule": st.one_of(untrusted_text(10), json_values),
            "path": st.one_of(st.none(), untrusted_text(10), json_values),
            "message": st.one_of(untrusted_text(), json_values),
        },
    )
    document = st.fixed_dictionaries(
        {},
        optional={
            "version": st.one_of(st.just(1), json_values),
            "tool": st.one_of(st.just("policylint"), json_values),
            "findings": st.one_of(st.lists(finding, max_size=3), json_values),
        },
    )
    return st.one_of(document, json_values)


# --- YAML ----------------------------------------------------------------------------------

YAML_TOKENS = [
    "rules:", "extends:", "fail-on:", "apiVersion:", "exemptions:", "params:", "kind:",
    "options:", "when:", "skip:", "- ", ": ", "? ", "\n", "\n  ", "\n    ", "[", "]", "{", "}",
    ",", "&a ", "*a", "&b ", "*b", "!!str ", "!!map ", "!!seq ", "!!int ", "!!float ",
    "!!bool ", "!!null ", "!!binary ", "!!set ", "!!omap ", "!!timestamp ", "!foo ",
    "!<tag:yaml.org,2002:str> ", "!!python/object:os.system ", "<<: ", "---\n", "...\n",
    "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", '"', "'", "\\", '"\\U00110000"', '"\\UFFFFFFFF"',
    '"\\ud800"', '"\\x41"', '"\\u202e"', '"\\N\\_\\L\\P"', '"\\z"', "|\n  x", ">-\n  y",
    "#c", "\t", "\ufeff", "\x00", "\x85", "\u2028", "0x" + "f" * 40, "9" * 5000, ".inf", "~",
    "yes", "2024-13-45", "file-exists", "expr", "co-change", "off", "error", "never",
]  # fmt: skip


def lexical_yaml() -> st.SearchStrategy[str]:
    """YAML text from tokens that hit the scanner's corners: escapes, tags, anchors and
    aliases, flow collections, directives, block scalars and odd characters."""
    token = st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4))
    return st.lists(token, max_size=40).map("".join)


KINDS = ("file-exists", "file-content", "co-change", "pr-title", "pr-body", "pr-labels",
         "pr-size", "commit-message", "sign-off", "codeowners", "patch-debt", "history",
         "expr", "no-such-kind")  # fmt: skip
OPTION_NAMES = ("globs", "matches", "not-matches", "contains", "headings", "if-changed",
                "require-changed", "max-length", "min-length", "preset", "types", "labels",
                "missing", "all-files", "case-sensitive", "paths", "check", "assert",
                "message", "bots", "subject-matches", "max-files", "sections")  # fmt: skip
REGEXES = ("^feat", "(a+)+$", "(?!x)", "(?<=a)b", "\\1", "(?P<x>a)(?P=x)", "a{1001}", "[",
           "\\Z", "(?i)wip", "a++", "\\pL+", ".*", "")  # fmt: skip


def policies() -> st.SearchStrategy[Any]:
    """Policy documents shaped like real ones (rules keyed by id, kinds, options, extends,
    exemptions, CEL guards), with values of right and wrong types."""
    scalar = st.one_of(
        st.sampled_from(REGEXES), untrusted_text(12), st.integers(), st.booleans(), st.none()
    )
    value = st.one_of(scalar, st.lists(scalar, max_size=3))
    options = st.dictionaries(st.sampled_from(OPTION_NAMES), value, max_size=4)
    rule = st.one_of(
        st.sampled_from(["off", "error", "warning", None]),
        st.fixed_dictionaries(
            {},
            optional={
                "kind": st.sampled_from(KINDS),
                "title": untrusted_text(20),
                "severity": st.sampled_from(["error", "warning", "note", "fatal"]),
                "options": st.one_of(options, value),
                "when": cel_expressions(),
                "skip": st.dictionaries(
                    st.sampled_from(["labels", "markers", "trailers", "title"]), value, max_size=2
                ),
            },
        ),
    )
    rule_id = st.one_of(st.sampled_from(["readme", "license", "t", "x.y"]), untrusted_text(12))
    extends = st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "builtin:recommended",
                    "builtin:dco",
                    "builtin:nope",
                    "./x.yaml",
                    "../up.yaml",
                    "/etc/passwd",
                    "./" + "a" * 300,
                ]
            ),
            untrusted_text(12),
        ),
        max_size=3,
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "apiVersion": st.sampled_from(["policylint/v1", "v2"]),
            "extends": st.one_of(extends, scalar),
            "fail-on": st.one_of(st.sampled_from(["error", "warning", "note", "never"]), scalar),
            "rules": st.one_of(st.dictionaries(rule_id, rule, max_size=4), value),
            "exemptions": st.lists(
                st.dictionaries(st.sampled_from(["rule", "reason", "paths"]), value, max_size=3),
                max_size=2,
            ),
            "params": st.dictionaries(untrusted_text(8), value, max_size=3),
        },
    )


def yaml_of(data: Any) -> st.SearchStrategy[str]:
    """``data`` as YAML text: flow style (JSON is YAML), or block style."""
    return st.sampled_from(["flow", "block"]).map(lambda style: _dump(data, style))


def _dump(data: Any, style: str) -> str:
    if style == "flow":
        return json.dumps(data, ensure_ascii=False) + "\n"
    return "\n".join(_block(data, 0)) + "\n"


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines += [f"{pad}{json.dumps(key)}:", *_block(item, indent + 2)]
            else:
                lines.append(f"{pad}{json.dumps(key)}: {json.dumps(item, ensure_ascii=False)}")
        return lines
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            if isinstance(item, (dict, list)) and item:
                lines += [f"{pad}-", *_block(item, indent + 2)]
            else:
                lines.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
        return lines
    return [pad + json.dumps(value, ensure_ascii=False)]


# --- CEL -----------------------------------------------------------------------------------

_CEL_ATOMS = ["1", "-1", "0", "1.5", "true", "false", "null", '"x"', "'y'", 'b"z"', "[]", "{}",
              "pr.title", "pr.labels", "pr.body", "change.files", "repo.file_count", "params",
              "now", "commits", "9223372036854775807", "-9223372036854775808", "1u", "1e308",
              '"\\u202e"', "'::error::x'", "'##[add-mask]'", "x"]  # fmt: skip
_CEL_CALLS = ["exists", "changed", "added", "count", "read", "size", "matches", "startsWith",
              "duration", "timestamp", "int", "string", "has", "type", "dyn"]  # fmt: skip


def cel_expressions() -> st.SearchStrategy[str]:
    """CEL expressions from a small grammar: literals, facts, operators, calls, macros, and
    the odd stray character."""

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<",
                                                   "&&", "||", "in", "."]), inner)  # fmt: skip
        return st.one_of(
            binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(st.sampled_from(_CEL_CALLS), st.lists(inner, max_size=2)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            st.tuples(
                inner, st.sampled_from(["all", "exists", "map", "filter", "exists_one"]), inner
            ).map(lambda t: f"{t[0]}.{t[1]}(v, {t[2]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
            inner.map(lambda e: f"!{e}"),
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        )

    atoms = st.one_of(st.sampled_from(_CEL_ATOMS), st.text(string.printable, max_size=3))
    return st.recursive(atoms, extend, max_leaves=8)


# --- the long profile's summary ------------------------------------------------------------


def summary(log: Path) -> str:
    """Counts per generator of exit codes, hangs (over ``HANG_SECONDS``) and unpositioned
    exit-2 messages, from a ``POLICYLINT_FUZZ_LOG`` file."""
    table: dict[str, dict[str, int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        row = table.setdefault(record["generator"], {"cases": 0, "hangs": 0, "unpositioned": 0})
        row["cases"] += 1
        row[f"exit {record['code']}"] = row.get(f"exit {record['code']}", 0) + 1
        row["hangs"] += record["seconds"] > HANG_SECONDS
        row["unpositioned"] += record["unpositioned"]
        row["slowest ms"] = max(row.get("slowest ms", 0), int(record["seconds"] * 1000))
    lines = [f"{name}: {json.dumps(row)}" for name, row in sorted(table.items())]
    total = sum(row["cases"] for row in table.values())
    return "\n".join([*lines, f"total cases: {total}"])


if __name__ == "__main__":
    sys.stdout.write(summary(Path(sys.argv[1])) + "\n")
