"""The command line: the only module that reads argv and the environment and picks exit codes.

Exit codes: 0 no finding at or above ``fail-on``; 1 findings at or above it; 2 a usage,
configuration or environment error (the message says what and where); 3 an internal error (a
bug: the traceback is printed, please report it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from policylint import __version__

if TYPE_CHECKING:
    from policylint.model import Policy, Rule

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
ROOT_HELP = "the checkout (default: the git work tree around the current directory, else .)"


class UsageError(Exception):
    """A mistake in how policylint was invoked; exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(next((a for a in arguments if not a.startswith("-")), None))
    args = parser.parse_args(arguments)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one error boundary
        return _report_error(exc)
    return code


def _report_error(exc: Exception) -> int:
    from policylint.audit import AuditError
    from policylint.baseline import BaselineError
    from policylint.facts.pr import PullRequestError
    from policylint.facts.repo import RepoError
    from policylint.loader import PolicyError

    if isinstance(exc, (PolicyError, PullRequestError, BaselineError)):
        for problem in exc.problems:
            _err(problem)
        return EXIT_USAGE
    if isinstance(exc, (RepoError, UsageError, AuditError)):
        _err(str(exc))
        return EXIT_USAGE
    if isinstance(exc, OSError) and exc.filename is not None:
        _err(f"{exc.filename}: {exc.strerror}")
        return EXIT_USAGE
    import traceback

    traceback.print_exc()
    _err(f"policylint {__version__}: internal error (a bug); please report it with the above.")
    return EXIT_INTERNAL


def _err(message: str) -> None:
    from policylint.text import display

    sys.stderr.write(f"policylint: {display(message)}\n")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` known, only that sub-command's options are built
    (argparse costs about 1 ms a sub-command, and the hook runs ``check`` on every commit)."""
    parser = _Parser(
        prog="policylint",
        description="Policy-as-code linter for contribution workflows.",
        epilog="Exit codes: 0 pass, 1 findings at or above fail-on, 2 usage or configuration "
        "error, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"policylint {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    builders = {
        "check": _add_check,
        "validate": _add_validate,
        "rules": _add_rules,
        "explain": _add_explain,
        "schema": _add_schema,
        **{name: _module_command(name) for name in MODULE_COMMANDS},
    }
    for name, build in builders.items():
        if command in (None, name) or command not in builders:
            build(sub)
    return parser


# Sub-commands whose module has ``add_arguments(parser)`` and ``run(args)``: the module,
# the one-line help and the description.
MODULE_COMMANDS = {
    "test": (
        "policylint.policytest.command",
        "run policy unit tests (*.test.yaml)",
        "Run policy unit tests: build each case's repository, evaluate the policy and compare "
        "every rule's outcome with the expected one. Exit codes: 0 all hold, 1 a mismatch, 2 "
        "invalid test files or no test ran.",
    ),
    "audit": (
        "policylint.audit.command",
        "evaluate many repositories and report on all of them",
        "Audit many repositories (directories of checkouts, manifests, git URLs) and write a "
        "summary, CSV, JSON, a self-contained HTML report and SARIF per repository.",
    ),
    "init": (
        "policylint.scaffold.init",
        "write a .policylint.yaml that fits the checkout",
        "Write a commented .policylint.yaml whose packs fit what the checkout already does "
        "(release-note style, sign-offs, Conventional Commits, carried patches, governance). "
        "Never overwrites an existing one without --force.",
    ),
    "fix": (
        "policylint.scaffold.fix",
        "create missing community files from templates",
        "Create the community files the checkout lacks (CONTRIBUTING, CODE_OF_CONDUCT, "
        "SECURITY, GOVERNANCE, MAINTAINERS) from templates, and list what is left to fill in. "
        "Never overwrites an existing file.",
    ),
}


def _module_command(name: str) -> Callable[[argparse._SubParsersAction[_Parser]], None]:
    """The builder of sub-command ``name`` from ``MODULE_COMMANDS`` (its module is imported
    only when that sub-command is built)."""

    def build(sub: argparse._SubParsersAction[_Parser]) -> None:
        from importlib import import_module

        module_name, summary, description = MODULE_COMMANDS[name]
        module = import_module(module_name)
        parser = sub.add_parser(name, help=summary, description=description)
        module.add_arguments(parser)
        parser.set_defaults(run=module.run)

    return build


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter without its ``shutil`` import (``shutil`` pulls in the compression
    modules: about 3 ms on every run, for a terminal width only ``--help`` needs)."""

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        try:
            width = int(columns) if columns.isdigit() else os.get_terminal_size().columns
        except OSError:  # not a terminal
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _add_schema(sub: argparse._SubParsersAction[_Parser]) -> None:
    schema = sub.add_parser("schema", help="print the JSON Schema of policy files (for editors)")
    schema.set_defaults(run=_run_schema)


def _add_check(sub: argparse._SubParsersAction[_Parser]) -> None:
    from policylint.check_command import add_check

    add_check(sub)  # type: ignore[arg-type]


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    # Plain strings, not type=Path: pathlib costs about 3 ms, and ``check`` runs on every commit.
    parser.add_argument("-c", "--config", help="policy file (default: PATH/.policylint.yaml)")
    parser.add_argument(
        "--no-cache", action="store_true", help="re-read and re-validate the policy every time"
    )
    parser.add_argument(
        "--policy-ref",
        metavar="REF",
        help="read the policy (and the local packs it extends) from the git commit REF, never "
        "from the working tree, so a change cannot weaken the gate that judges it; -c is then "
        "a path inside REF",
    )


def _add_validate(sub: argparse._SubParsersAction[_Parser]) -> None:
    from pathlib import Path

    validate = sub.add_parser(
        "validate",
        help="validate policy files",
        description="Validate policy files and report every problem with file:line:col.",
    )
    validate.add_argument(
        "files", nargs="*", type=Path, help="policy files (default: ./.policylint.yaml or .yml)"
    )
    validate.set_defaults(run=_run_validate)


def _add_rules(sub: argparse._SubParsersAction[_Parser]) -> None:
    rules = sub.add_parser("rules", help="list the effective rules of a checkout")
    rules.add_argument("path", nargs="?", help=ROOT_HELP)
    add_policy_options(rules)
    rules.set_defaults(run=_run_rules)


def _add_explain(sub: argparse._SubParsersAction[_Parser]) -> None:
    explain = sub.add_parser("explain", help="show the documentation of a rule or check kind")
    explain.add_argument("name", help="a rule id of the effective policy, or a check kind")
    explain.add_argument("--path", help="the checkout whose policy to read; " + ROOT_HELP[4:])
    add_policy_options(explain)
    explain.set_defaults(run=_run_explain)


def load_policy_for(args: argparse.Namespace, root: str) -> Policy:
    from policylint.loader import find_config, load_policy

    if args.policy_ref is not None:  # the trusted policy: git objects at REF, never the work tree
        return load_policy(args.config, root=root, use_cache=not args.no_cache, ref=args.policy_ref)
    config = args.config if args.config is not None else find_config(root)
    if args.config is not None and not os.path.isfile(args.config):
        from pathlib import Path  # named as before, when argparse made it a Path: x/./y -> x/y

        raise UsageError(f"{Path(args.config)}: no such policy file")
    return load_policy(config, root=root, use_cache=not args.no_cache)


def checkout_root(path: str | None) -> str:
    """The checkout to check: ``path`` as given, or the git work tree around the current
    directory, so that ``policylint check`` in ``docs/`` checks the whole repository."""
    if path is None:
        return _work_tree(os.getcwd())
    if not os.path.isdir(path):
        raise UsageError(f"{path}: not a directory")
    return path


def _work_tree(here: str) -> str:
    """The nearest of ``here`` (absolute) and its parents that holds ``.git``, else ``here``."""
    directory = here
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return here
        directory = parent
    return directory


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stdout.flush()


def _run_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from policylint.loader import find_config, validate_files

    if args.files:
        files = args.files
    else:  # the checkout's policy file, from anywhere inside it (as check finds it)
        root = _work_tree(os.getcwd())
        default = find_config(root)
        if default is None:
            raise UsageError(f"no .policylint.yaml or .policylint.yml in {root}")
        files = [Path(os.path.relpath(default))]
    for file in files:
        if file.is_dir():
            raise UsageError(f"{file}: a directory, not a policy file")
        if not file.is_file():
            raise UsageError(f"{file}: no such policy file")
    problems = validate_files(files)
    for problem in problems:
        _err(problem)
    if problems:
        return EXIT_USAGE
    sys.stdout.write(f"{len(files)} policy file(s) valid\n")
    return EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    from policylint.text import display

    policy = load_policy_for(args, checkout_root(args.path))
    width = max((len(rule.id) for rule in policy.rules), default=2)
    lines = [f"{'ID':<{width}}  {'SEVERITY':<8}  {'KIND':<12}  TITLE"]
    for rule in policy.rules:
        lines.append(
            f"{rule.id:<{width}}  {rule.severity:<8}  {rule.kind:<12}  {display(rule.title)}"
        )
    lines.append(f"{len(policy.rules)} rules from {', '.join(policy.sources)}")
    write_stdout("\n".join(lines) + "\n")
    return EXIT_OK


def _run_explain(args: argparse.Namespace) -> int:
    import inspect

    from policylint.checks import KINDS, load_kind

    if args.name in KINDS:
        write_stdout(f"{args.name}\n\n{inspect.cleandoc(load_kind(args.name).__doc__ or '')}\n")
        return EXIT_OK
    root = checkout_root(args.path)
    policy = load_policy_for(args, root)
    rule = next((r for r in policy.rules if r.id == args.name), None)
    note = ""
    if rule is None:
        rule = _builtin_rule(args.name, root)
        note = " (a built-in rule this checkout's policy does not use)"
    if rule is None:
        known = ", ".join(sorted(KINDS) + [r.id for r in policy.rules])
        raise UsageError(
            f"{args.name!r} is neither a rule of the effective policy, a rule of a built-in pack "
            f"nor a check kind; known here: {known}"
        )
    parts = [
        f"{rule.id} ({rule.kind}, {rule.severity}): {rule.title}",
        f"defined at {rule.origin}{note}",
    ]
    parts += [text.strip() for text in (rule.description, rule.help) if text.strip()]
    if rule.tags:
        parts.append("tags: " + ", ".join(rule.tags))
    parts += [f"see: {ref}" for ref in rule.references]
    write_stdout("\n\n".join(_multiline(part) for part in parts) + "\n")
    return EXIT_OK


def _builtin_rule(rule_id: str, root: str) -> Rule | None:
    """The rule ``rule_id`` of the first built-in pack that defines it (``explain`` works for
    every built-in rule, used by this checkout or not)."""
    from policylint.loader import load_pack
    from policylint.resources import builtin_packs

    for name in builtin_packs():
        found = next((r for r in load_pack(name, root=root).rules if r.id == rule_id), None)
        if found is not None:
            return found
    return None


def _multiline(text: str) -> str:
    """Policy text shown line by line, each line with its control characters escaped."""
    from policylint.text import display

    return "\n".join(display(line) for line in text.split("\n"))


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from policylint.schema import policy_schema

    write_stdout(json.dumps(policy_schema(), indent=2, sort_keys=True) + "\n")
    return EXIT_OK
