"""``policylint check``: its options, and the run from facts to report and exit code."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from typing import TYPE_CHECKING

from policylint.commands.options import (
    ROOT_HELP,
    add_policy_options,
    checkout_root,
    load_policy_for,
    write_stdout,
)
from policylint.errors import EXIT_FAILED, EXIT_OK, UsageError

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.gathering import Request
    from policylint.model import Policy, Result, Stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from policylint.model import FAIL_ON_LEVELS
    from policylint.reporters import REPORTERS

    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    add_policy_options(parser)
    parser.add_argument("-f", "--format", choices=tuple(REPORTERS), default="text", help="format")
    parser.add_argument("-o", "--output", help="write the report to FILE (atomically)")
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_LEVELS,
        help="lowest severity that makes the exit code 1 (overrides the policy's fail-on)",
    )
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument(
        "--untracked", action="store_true", help="also check untracked files that are not ignored"
    )
    parser.add_argument(
        "--org-defaults",
        metavar="DIR",
        help="a checkout of the organisation's .github repository: its community health files "
        "count where the checkout has none, as on GitHub",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only what fails the run (with --output, the file still has the whole report)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say what each finding looked at and what satisfied each passing rule (JSON "
        "always does)",
    )
    parser.add_argument(
        "--sarif",
        metavar="FILE",
        help="also write a SARIF report to FILE (atomically), whatever --format prints",
    )
    parser.add_argument(
        "--summary",
        metavar="FILE",
        help="append a Markdown summary to FILE (with --format github: $GITHUB_STEP_SUMMARY "
        "when it is set)",
    )
    _add_baseline_options(parser)
    _add_change_options(parser)
    _add_pr_options(parser)


def _add_baseline_options(parser: argparse.ArgumentParser) -> None:
    baseline = parser.add_argument_group(
        "baseline",
        "Roll a policy out on a project with a backlog: record today's findings, then fail "
        "only on new ones.",
    )
    baseline.add_argument(
        "--baseline",
        metavar="FILE",
        help="findings recorded in FILE do not fail the run (with --policy-ref, FILE is read "
        "from that commit)",
    )
    baseline.add_argument(
        "--write-baseline", metavar="FILE", help="record this run's findings in FILE"
    )


def _add_change_options(parser: argparse.ArgumentParser) -> None:
    change = parser.add_argument_group(
        "change",
        "The change that change and commit rules judge. Without these options: the pre-push "
        "range pre-commit exports, else the pull request's base and head in CI, else none "
        "(those rules are skipped, and say so).",
    )
    change.add_argument(
        "--base", metavar="REF", help="judge the change from the merge base with REF to --head"
    )
    change.add_argument("--head", metavar="REF", help="with --base: the change's tip (HEAD)")
    change.add_argument(
        "--staged", action="store_true", help="judge the staged change (the index against HEAD)"
    )
    change.add_argument(
        "--all-findings",
        action="store_true",
        help="with a change: list the findings that were already there before it too, and let "
        "them fail the run (by default only what the change introduces does)",
    )
    change.add_argument(
        "--commit-msg",
        metavar="FILE",
        help="judge the commit being made, its message in FILE (the commit-msg hook): only "
        "the rules that read commits run",
    )


def _add_pr_options(parser: argparse.ArgumentParser) -> None:
    pr = parser.add_argument_group(
        "pull request",
        "Pull-request metadata. By default read from the CI platform (a GitHub Actions "
        "pull_request, pull_request_target or merge_group event; a GitLab merge-request "
        "pipeline); these options replace it.",
    )
    pr.add_argument("--pr-json", metavar="FILE", help="metadata as JSON (schemas/pr.schema.json)")
    pr.add_argument("--title", help="the pull request's title")
    pr.add_argument("--body", help="the pull request's description")
    pr.add_argument(
        "--label", action="append", default=[], metavar="NAME", help="a label (repeatable)"
    )
    pr.add_argument("--author", metavar="LOGIN", help="the pull request's author")
    pr.add_argument(
        "--no-ci", action="store_true", help="ignore the CI platform's pull-request metadata"
    )


def run(args: argparse.Namespace) -> int:
    # Everything imported so far lives until the process ends: frozen, the cyclic garbage
    # collector no longer walks it on each collection (about 3 ms of a 40 ms hook run).
    gc.freeze()
    from policylint.engine import evaluate, facts_read
    from policylint.facts.gathering import gather
    from policylint.facts.repo import Repo

    root = checkout_root(args.path)
    request = _request(args)
    repo = Repo(root, untracked=args.untracked, org_defaults=args.org_defaults)
    if request.commit_msg is None and request.base is None:
        repo.prefetch()  # git lists the checkout while the policy is read
    policy = _policy(args, root, request)
    reads = facts_read(policy)
    facts = gather(repo, request, os.environ, params=policy.params, now=time.time(), reads=reads)
    if args.policy_ref is not None:  # rules that read trust data (CODEOWNERS) read it there too
        facts = facts._replace(trusted_ref=args.policy_ref)
    result = evaluate(policy, facts, evidence=args.verbose or args.format == "json")
    if facts.change is not None:  # judged on what it introduces
        from policylint.comparison import compare

        result = compare(result, facts, count_all=args.all_findings)
    result = _baselined(args, result)._replace(stage=_stage(request, facts))
    _emit(args, result)
    _summarise(args, result)
    if args.sarif is not None:
        from policylint.reporters import render

        _write_report(args.sarif, render("sarif", result))
    return EXIT_FAILED if result.failed() else EXIT_OK


def _policy(args: argparse.Namespace, root: str, request: Request) -> Policy:
    from policylint.engine import needs

    policy = load_policy_for(args, root)
    if args.fail_on:
        policy = policy._replace(fail_on=args.fail_on)
    if request.commit_msg is not None:  # the commit-msg hook runs only what reads the commit
        policy = policy._replace(rules=tuple(r for r in policy.rules if "commits" in needs(r)))
    return policy


def _request(args: argparse.Namespace) -> Request:
    from policylint.facts.gathering import Request

    for name in ("base", "head", "commit_msg", "pr_json", "policy_ref", "baseline", "sarif"):
        if getattr(args, name) == "":  # `--base "$UNSET"` must not quietly judge no change
            option = "--" + name.replace("_", "-")
            raise UsageError(
                f"{option} is empty (an unset variable?): give a value or leave it out"
            )
    if args.baseline is not None and args.write_baseline is not None:
        raise UsageError(
            "--baseline and --write-baseline: give one (--write-baseline records this run's "
            "findings and then judges the run against them)"
        )
    if args.head is not None and args.base is None:
        raise UsageError("--head needs --base: the change runs from the merge base with --base")
    given = [name for name in ("base", "staged", "commit_msg") if getattr(args, name)]
    if len(given) > 1:
        names = " and ".join("--" + name.replace("_", "-") for name in given)
        raise UsageError(f"{names} name different changes; give one")
    return Request(
        base=args.base,
        head=args.head,
        staged=args.staged,
        commit_msg=args.commit_msg,
        pr_json=args.pr_json,
        title=args.title,
        body=args.body,
        labels=tuple(args.label),
        author=args.author,
        detect_ci=not args.no_ci,
    )


def _stage(request: Request, facts: Facts) -> Stage:
    """Where this run happens, for advice that fits it."""
    if request.commit_msg is not None:
        return "commit-msg"
    if request.staged:
        return "pre-commit"
    if facts.pr is not None:
        return "pull-request"
    if facts.change is None and facts.commits is None and request.base is None:
        return "check"  # no change asked for (or none its policy reads)
    from policylint.facts.gathering import PRE_PUSH_VARIABLES

    pushed = request.base is None and any(os.environ.get(n) for n in PRE_PUSH_VARIABLES)
    return "pre-push" if pushed else "branch"


def _baselined(args: argparse.Namespace, result: Result) -> Result:
    """The result with findings a baseline records marked as such (after writing one)."""
    if args.write_baseline is None and args.baseline is None:
        return result
    from policylint import baseline

    if args.write_baseline is not None:
        count = baseline.write(args.write_baseline, result)
        sys.stderr.write(f"policylint: {count} finding(s) recorded in {args.write_baseline}\n")
        return baseline.apply(result, args.write_baseline)
    return baseline.apply(result, args.baseline, ref=args.policy_ref)


def _emit(args: argparse.Namespace, result: Result) -> None:
    """The report on stdout or in ``--output``; ``--quiet``: stdout shows only what fails."""
    from policylint.reporters import render

    color = _color(args.color)
    if args.output is None:
        if args.format != "text":
            write_stdout(render(args.format, result, color=color))
            return
        write_stdout(render("text", result, color=color, quiet=args.quiet, verbose=args.verbose))
        if not args.quiet:
            _fix_hint(result)
        return
    options = {"verbose": args.verbose} if args.format == "text" else {}
    try:
        _write_report(args.output, render(args.format, result, **options))
    except UsageError:
        write_stdout(render("text", result, color=color, verbose=args.verbose))  # never lose it
        raise
    if args.quiet:
        write_stdout(render("text", result, color=color, quiet=True, verbose=args.verbose))
    elif args.format != "text":
        write_stdout(render("text", result, color=color, verbose=args.verbose))


def _fix_hint(result: Result) -> None:
    """Point at ``policylint fix`` when it can create a file a failing rule asks for."""
    failing = {f.rule for f in result.findings if f.status == "fail" and not result.preexisting(f)}
    if not failing:
        return
    from policylint.scaffold.templates import TEMPLATES

    fixable = [t.rule for t in TEMPLATES if t.rule in failing]
    if fixable:
        write_stdout(
            f"hint: `policylint fix` creates the missing files from templates "
            f"({', '.join(fixable)})\n"
        )


def _summarise(args: argparse.Namespace, result: Result) -> None:
    """Append the Markdown summary to ``--summary`` (or GitHub's step summary)."""
    target = args.summary
    if target is None and args.format == "github":
        target = os.environ.get("GITHUB_STEP_SUMMARY") or None
    if target is None:
        return
    from policylint.reporters import render

    try:
        with open(target, "a", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(render("markdown", result))
    except OSError as exc:
        raise UsageError(f"{target}: cannot write the summary: {exc.strerror}") from None


def _color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _write_report(name: str, text: str) -> None:
    from pathlib import Path

    from policylint.atomicfile import write_atomically

    path = Path(name)
    try:
        write_atomically(path, text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the report: {exc.strerror}") from None
