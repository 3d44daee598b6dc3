"""CEL: the activation, functions backed by real repositories, limits, errors with locations."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from policylint import cel
from policylint.cel import compiler, functions
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Location, Rule

POLICY = ".policylint.yaml"
WHEN = f"{POLICY}:12:11: rule 'docs-needed' when"
NOW = 1_700_000_000.0  # 2023-11-14T22:13:20Z
SLOW = "[0,1,2,3,4,5,6,7,8,9]"  # nested five deep: 100,000 evaluations, minutes of work
CORPUS = [
    'a.b(1) + [2][0] == {"c": 3.0}["c"]',
    "x.all(y, y > 0) ? -1u : 2.5e3",
    'r"\\d+" + """m\nl""" + b"\\x00" + \'\'\'q\'\'\'',
    "!a || b && c in [d] // comment",
    "f(g)[h].i",
]
SLOW_EXPRESSION = f"{SLOW}.all(a, {SLOW}.all(b, {SLOW}.all(c, {SLOW}.all(d, {SLOW}.all(e, true)))))"


def make_rule(when: str | None = None, positions: dict[str, Location] | None = None) -> Rule:
    if not positions:
        positions = {"when": Location(POLICY, 12, 11)}
    origin = Location(POLICY, 10, 3)
    return Rule("docs-needed", "expr", "Docs", "error", {}, origin, when=when, positions=positions)


def facts_of(root: Path, params: dict[str, Any] | None = None) -> Facts:
    return Facts(repo=Repo(root), params=params or {}, now=NOW)


def value(root: Path, expression: str, params: dict[str, Any] | None = None) -> object:
    return cel.evaluate(make_rule(), "when", expression, facts_of(root, params))


def error(root: Path, expression: str, params: dict[str, Any] | None = None) -> str:
    with pytest.raises(cel.CelError) as caught:
        value(root, expression, params)
    return str(caught.value)


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(
        {
            "README.md": "# Demo\n\nRelease notes live in docs/.\n",
            "docs/index.md": "x",
            "docs/api.md": "y",
            "logo.png": b"\x89PNG\x00\x01",
        }
    )


# --- functions and variables ---------------------------------------------------------------


def test_exists_and_count_match_checkout_files(repo):
    assert value(repo, 'exists("docs/*.md")') is True
    assert value(repo, 'exists("src/**")') is False
    assert value(repo, 'count("*.md")') == 3
    assert value(repo, 'count(["*.md", "!README.md"])') == 2
    assert value(repo, 'count("/README.md") == 1 && !exists("readme.md")') is True


def test_exists_reports_bad_globs_and_arguments(repo):
    assert error(repo, 'exists("docs/[")') == (
        f"{WHEN}: exists(): pattern 'docs/[': unclosed character class; write \\[ for a literal ["
    )
    assert error(repo, "1 < 2 && count(3) > 0") == (
        f"{WHEN}: line 1, column 10: no such overload: "
        "count() takes a glob or a list of globs, not int"
    )


def test_read_returns_text(repo):
    assert value(repo, 'read("README.md")') == "# Demo\n\nRelease notes live in docs/.\n"
    assert value(repo, 'read("README.md").matches("Release\\\\s+notes")') is True


def test_read_is_empty_for_missing_binary_unlisted_and_outside_files(make_repo, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    root = make_repo({"a.txt": "a", "logo.png": b"\x89PNG\x00"})
    (root / "untracked.txt").write_text("not listed")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    subprocess.run(["git", "-C", str(root), "add", "link.txt"], check=True)
    for path in [
        "missing.txt",
        "logo.png",
        "untracked.txt",
        "../secret.txt",
        "link.txt",
        str(tmp_path / "secret.txt"),
        ".git/config",
        "",
    ]:
        assert value(root, f"read({path!r})") == "", path


def test_read_is_capped_and_decodes_bad_utf8(make_repo):
    root = make_repo({"big.txt": "x" * (functions.READ_CAP + 10), "latin.txt": b"caf\xe9\n"})
    assert value(root, 'size(read("big.txt"))') == 65536
    assert value(root, 'read("latin.txt")') == "caf\ufffd\n"


def test_repo_params_and_now(repo):
    assert value(repo, "repo") == {"root": str(repo.resolve()), "file_count": 4}
    params = {"min": 2, "names": ["a", "b"], "deep": {"ok": True}, "due": datetime.date(2024, 1, 2)}
    assert value(repo, "params.names.size() >= params.min && params.deep.ok", params) is True
    assert value(repo, "params.due", params) == datetime.datetime(
        2024, 1, 2, tzinfo=datetime.timezone.utc
    )
    assert value(repo, "now") == datetime.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=datetime.timezone.utc
    )
    assert value(repo, 'now - duration("24h") > timestamp("2023-11-13T00:00:00Z")') is True
    assert value(repo, "now.getFullYear()") == 2023


def test_params_that_cel_cannot_hold(repo):
    assert error(repo, "params.x", {"x": {1, 2}}) == (
        f"{WHEN}: params: a value of type set cannot be used in CEL"
    )


def test_results_are_plain_python(repo):
    result = value(repo, '[1, 2.5, "s", b"b", null, {"k": [true]}, duration("90s"), type(1)]')
    assert result == [1, 2.5, "s", b"b", None, {"k": [True]}, datetime.timedelta(seconds=90), "int"]
    kinds = [int, float, str, bytes, type(None), dict, datetime.timedelta, str]
    assert [type(item) for item in result] == kinds  # type: ignore[union-attr]


def test_duration_is_strict_and_fast(repo):
    assert value(repo, 'duration("1h30m")') == datetime.timedelta(hours=1, minutes=30)
    assert value(repo, 'duration("-1.5s")') == datetime.timedelta(seconds=-1.5)
    assert value(repo, 'duration("250ms") + duration("10us") + duration("1µs")') == (
        datetime.timedelta(microseconds=250_011)
    )
    assert value(repo, 'duration(duration("2m"))') == datetime.timedelta(minutes=2)
    hint = (
        "not a duration; write numbers with units h, m, s, ms, us or ns, such as '90s' or '1h30m'"
    )
    assert error(repo, 'duration("1d")') == f"{WHEN}: duration('1d'): {hint}"
    hostile = "a" * 40 + "!"  # cel-python's own regex backtracks for hours on this
    assert error(repo, f'duration("{hostile}")') == f"{WHEN}: duration('{hostile}'): {hint}"
    assert functions.parse_duration("1" * 60 + "s") is None  # past CEL's range
    assert functions.parse_duration("1s" * 40) is None  # longer than 64 characters


def test_bad_regex_is_an_error_without_noise_on_stderr(repo, capfd):
    assert error(repo, '"a".matches("(")') == (
        f"{WHEN}: matches(): invalid regular expression '(': missing ): ("
    )
    assert capfd.readouterr().err == ""


# --- errors carry the rule's location and the position in the expression -------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "1 < 2 && foo",
            "line 1, column 10: undeclared reference to 'foo'; known: change, commits, now, "
            "params, pr, repo",
        ),
        ("params.missing", "line 1, column 1: no such member in mapping: 'missing'"),
        ('params["missing"]', "line 1, column 1: no such key: 'missing'"),
        (
            'repo.file_count + "a"',
            "line 1, column 1: no matching overload for '+' applied to (int, string)",
        ),
        ("\n  1 / 0 == 1", "line 2, column 3: modulus or divide by zero"),
        ('int("x") > 0', "line 1, column 1: invalid literal for int() with base 10: 'x'"),
        ("[1][3]", "line 1, column 1: invalid_argument: list index out of range"),
        ("9223372036854775807 + 1 > 0", "line 1, column 1: arithmetic overflow"),
        (
            '"x".startsWith(1)',
            "line 1, column 5: no such overload: "
            "startswith first arg must be str or a tuple of str, not int",
        ),
    ],
)
def test_runtime_errors_name_rule_and_position(repo, expression, message):
    assert error(repo, expression) == f"{WHEN}: {message}"


def test_location_falls_back_to_the_rule_origin(repo):
    rule = make_rule(when="nope", positions={"options.assert": Location(POLICY, 20, 13)})
    with pytest.raises(cel.CelError) as caught:
        cel.guard(rule, facts_of(repo))
    assert str(caught.value) == (
        f"{POLICY}:10:3: rule 'docs-needed' when: line 1, column 1: undeclared reference to "
        "'nope'; known: change, commits, now, params, pr, repo"
    )
    with pytest.raises(cel.CelError) as caught:
        cel.evaluate(rule, "options.assert", "1 +", facts_of(repo))
    assert str(caught.value) == (
        f"{POLICY}:20:13: rule 'docs-needed' options.assert: line 1, column 4: "
        "the expression ends too early"
    )


def test_guard(repo):
    facts = facts_of(repo)
    assert cel.guard(make_rule(), facts) is True
    assert cel.guard(make_rule('exists("docs/**")'), facts) is True
    assert cel.guard(make_rule("repo.file_count > 10"), facts) is False
    with pytest.raises(cel.CelError) as caught:
        cel.guard(make_rule("repo.file_count"), facts)
    assert str(caught.value) == f"{WHEN}: must be true or false, not int 4"
    with pytest.raises(cel.CelError) as caught:
        cel.guard(make_rule('read("README.md")'), facts)
    assert str(caught.value) == (
        f"{WHEN}: must be true or false, not string '# Demo\\n\\nRelease notes live in docs/.\\n'"
    )


# --- syntax and size limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("1 +", "line 1, column 4: the expression ends too early"),
        ("", "the expression is empty"),
        ("// only a comment", "line 1, column 18: the expression ends too early"),
        ("a $ b", "line 1, column 3: unexpected character '$'"),
        ("1 ) 2", "line 1, column 3: unexpected ')'"),
        ("true &&\n  'abc", "line 2, column 3: unterminated string literal"),
        ("(" * 33 + ")" * 33, "line 1, column 33: brackets nest more than 32 levels deep"),
        ("[[{'a': " * 11 + "1", "line 1, column 83: brackets nest more than 32 levels deep"),
    ],
)
def test_syntax_errors(expression, message):
    assert cel.syntax_error(expression) == message


def test_valid_expressions_have_no_syntax_error():
    assert cel.syntax_error('exists("docs/**") && params.x in ["a", "b"]') is None
    assert cel.syntax_error("(" * 32 + "1" + ")" * 32) is None
    assert cel.syntax_error("[" * 32 + "1" + "]" * 32) is None
    # Brackets inside literals and comments do not nest.
    assert (
        cel.syntax_error('"(((" + r"\\"[[[" + """\n{{{""" // (((((\n' + "+ '(' * 0 == ''") is None
    )


def test_ten_thousand_brackets_are_refused_before_parsing():
    message = cel.syntax_error("(" * 10_000 + "1" + ")" * 10_000)
    assert message == "the expression is 20,001 characters long; at most 4,096 are allowed"
    depth = 2_000  # within the length limit: the bracket scan refuses it
    assert cel.syntax_error("(" * depth + "1" + ")" * depth) == (
        "line 1, column 33: brackets nest more than 32 levels deep"
    )


def test_length_limit():
    text = "'" + "x" * 4_998 + "'"
    assert cel.syntax_error(text) == (
        "the expression is 5,000 characters long; at most 4,096 are allowed"
    )
    assert cel.syntax_error("'" + "x" * 4_088 + "' != ''") is None  # 4,096 characters
    assert cel.syntax_error("'" + "x" * 4_089 + "' != ''") == (
        "the expression is 4,097 characters long; at most 4,096 are allowed"
    )


def test_deep_operator_chains_are_refused_not_a_recursion_error(repo):
    deep = "!" * 600 + "true"
    tree_depth = (
        "the expression nests more than 500 levels deep once parsed (long chains of operators "
        "or calls count as nesting); split it into rules or simplify it"
    )
    assert cel.syntax_error(deep) == tree_depth
    assert cel.syntax_error("+".join(["1"] * 300) + " > 0") == tree_depth
    # Just within the limits, cel-python's recursive evaluator gets the stack it needs.
    assert value(repo, "+".join(["1"] * 240) + " == 240") is True
    assert value(repo, "!" * 488 + "true") is True
    assert value(repo, "[" * 32 + "1" + "]" * 32 + " != []") is True


def test_each_expression_is_compiled_once(repo, monkeypatch):
    environment = compiler.environment()
    calls: list[str] = []
    real = environment.compile
    monkeypatch.setattr(environment, "compile", lambda text: calls.append(text) or real(text))
    expression = f'"{uuid.uuid4()}" != "" && exists("docs/**")'
    assert cel.syntax_error(expression) is None
    for _ in range(3):
        assert value(repo, expression) is True
    broken = f'"{uuid.uuid4()}" +'
    assert cel.syntax_error(broken) == cel.syntax_error(broken) is not None
    assert calls == [expression, broken]


# --- the time budget ------------------------------------------------------------------------


def test_time_budget_stops_a_slow_evaluation(make_repo):
    root = make_repo({"a" * 200: "", "README.md": ""})
    handler, started = signal.getsignal(signal.SIGALRM), time.perf_counter()
    assert error(root, SLOW_EXPRESSION) == (
        f"{WHEN}: stopped after 1 s, the time one evaluation may take"
    )
    assert time.perf_counter() - started > 0.9  # the budget ran out; it did not fail early
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert value(root, 'count("*.md")') == 1  # the next evaluation is unaffected


def test_a_glob_that_once_backtracked_for_hours_answers_at_once(make_repo):
    # [^/]*a[^/]*a...b against 200 a's backtracked for hours in Python's re; the parts between
    # the stars are now placed at their first fit (policylint.globs): well within the budget.
    root = make_repo({"a" * 200: "", "README.md": ""})
    assert value(root, 'exists("*a*a*a*a*a*a*a*a*a*b")') is False
    assert value(root, 'exists("*a*a*a*a*a*a*a*a*a*a")') is True


def test_time_budget_in_a_thread_uses_a_watchdog(repo):
    outcome: list[str] = []

    def evaluate() -> None:
        try:
            value(repo, SLOW_EXPRESSION)
        except cel.CelError as exc:
            outcome.append(str(exc))

    started = time.perf_counter()
    worker = threading.Thread(target=evaluate)
    worker.start()
    worker.join(timeout=10)
    assert outcome == [f"{WHEN}: stopped after 1 s, the time one evaluation may take"]
    assert time.perf_counter() - started > 0.9  # the budget ran out; it did not fail early
    assert [t.name for t in threading.enumerate() if t.name.startswith("policylint")] == []


# --- import cost and the parser cache -------------------------------------------------------


def run_python(code: str, cache: Path) -> str:
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_policies_without_cel_never_import_celpy(make_repo, tmp_path):
    root = make_repo({"README.md": "x"})
    code = f"""
        import sys
        from pathlib import Path
        from policylint.engine import evaluate
        from policylint.facts import Facts
        from policylint.facts.repo import Repo
        from policylint.model import Location, Policy, Rule
        import policylint.cel

        from policylint.checks import with_defaults
        options = with_defaults("file-exists", {{"globs": ["readme*"]}})
        rule = Rule("readme", "file-exists", "A README", "error", options,
                    Location("p.yaml", 1, 1))
        facts = Facts(repo=Repo(Path({str(root)!r})))
        result = evaluate(Policy(("p.yaml",), (rule,)), facts)
        print(result.outcomes[0].status, "celpy" in sys.modules)
        print(policylint.cel.syntax_error("(" * 5000), "celpy" in sys.modules)
        guarded = rule._replace(when="repo.file_count == 1")
        result = evaluate(Policy(("p.yaml",), (guarded,)), facts)
        print(result.outcomes[0].status, "celpy" in sys.modules)
    """
    assert run_python(code, tmp_path / "cache").splitlines() == [
        "pass False",
        "the expression is 5,000 characters long; at most 4,096 are allowed False",
        "pass True",
    ]


def test_the_parser_is_cached_on_disk_and_parses_alike(tmp_path):
    cache = tmp_path / "cache"
    code = f"""
        from celpy.celparser import CELParser
        from policylint.cel import compiler, parser_cache
        loaded = parser_cache.install()
        environment = compiler.environment()
        corpus = {CORPUS!r}
        trees = [environment.compile(text) for text in corpus]
        CELParser.CEL_PARSER = None
        CELParser()  # built afresh
        print(loaded, trees == [environment.compile(text) for text in corpus])
    """
    assert run_python(code, cache) == "False True\n"
    [saved] = cache.glob("cel-parser-*.pickle")
    assert saved.stat().st_mode & 0o077 == 0
    assert run_python(code, cache) == "True True\n"


def test_a_bad_parser_cache_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    code = """
        from policylint.cel import compiler, parser_cache
        print(parser_cache.install(), compiler.environment().compile("1 + 2").data)
    """
    run_python(code, cache)
    [saved] = cache.glob("cel-parser-*.pickle")
    saved.chmod(0o664)  # writable by others: never unpickled
    assert run_python(code, cache) == "False expr\n"
    saved.chmod(0o600)
    saved.write_bytes(saved.read_bytes()[:5000])  # truncated
    assert run_python(code, cache) == "False expr\n"
    assert run_python(code, cache) == "True expr\n"  # rewritten by the previous run


def test_concatenation_is_capped_so_doubling_cannot_exhaust_memory(repo):
    doubling = '["ab"]' + ".map(x, x + x)" * 30 + "[0].size() > 0"  # 2 GiB without the cap
    assert error(repo, doubling) == (
        f"{WHEN}: line 1, column 281: '+' would make a string of 2,097,152 characters; "
        "at most 1,048,576 are allowed"
    )
    assert error(repo, '1 < 2 && "a" + 1 == ""') == (
        f"{WHEN}: line 1, column 10: no matching overload for '+' applied to (string, int)"
    )
    assert value(repo, '"ab" + "cd" == "abcd" && [1] + [2] == [1, 2] && b"a" + b"b" == b"ab"')


def test_converting_a_huge_result_counts_against_the_budget(repo):
    shared = "[1]" + ".map(x, [x, x])" * 30  # 2**30 leaves, all the same list
    assert error(repo, shared) == f"{WHEN}: stopped after 1 s, the time one evaluation may take"


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ('exsits("docs/**")', "line 1, column 1: unknown function 'exsits'; known: added, bool, "
         "bytes, changed, count, double, duration, dyn, exists, has, int, list, map, matches, "
         "read, size, string, timestamp, type, uint"),
        ("repo.file_count > 1 && param.min < 2",
         "line 1, column 24: undeclared reference to 'param'; known: change, commits, now, "
         "params, pr, repo"),
        ("[1].all(x, x > 0) && y", "line 1, column 22: undeclared reference to 'y'; known: "
         "change, commits, now, params, pr, repo"),
    ],
)  # fmt: skip
def test_unknown_names_are_found_when_the_policy_is_loaded(expression, error):
    assert cel.syntax_error(expression) == error


@pytest.mark.parametrize(
    "expression",
    [
        "[1, 2].all(x, x > 0) && [3].exists(y, y == 3) && {'a': 1}.map(k, k).size() == 1",
        "has(params.x) || type(1) == int && dyn(1) == 1",
        "now > timestamp('2020-01-01T00:00:00Z') && duration('1h') > duration('1m')",
        "read('README.md').startsWith('#') && count('*.md') >= 0 && exists('x')",
        "[1].exists_one(v, v == 1) && [2].filter(w, w > 1).size() == 1",
        "int('1') + 1 == 2 && string(1) == '1' && size('ab') == 2 && matches('ab', 'a.')",
    ],
)
def test_known_names_pass(expression):
    assert cel.syntax_error(expression) is None
