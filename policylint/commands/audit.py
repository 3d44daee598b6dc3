"""``policylint audit SOURCE...``: its options, and the run from sources to reports.

Exit codes: 0 every repository was evaluated (findings or not: an audit reports, it does not
gate); 1 with ``--fail-on-error`` when some repository could not be evaluated (an error row);
``AuditError`` (exit code 2 at the command line's error boundary) for a usage mistake, found
before the journal is touched (``EPILOG`` says so in ``--help``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from typing import Any

from policylint.audit import progress, report, results, sources
from policylint.audit import runners as runner
from policylint.audit.report.summary import Summary
from policylint.audit.runners.jobs import Job
from policylint.audit.store import DEFAULT_URL, check_url
from policylint.audit.worker import Settings, policy_digest
from policylint.commands import audit_report as report_command
from policylint.commands.options import Parser, write_stdout
from policylint.errors import AuditError, PolicyError
from policylint.loading import load_policy
from policylint.loading.cache import cache_dir

EXECUTORS = ("local", "dask")
TITLE = "policylint audit"
EPILOG = (
    "An audit reports; it does not gate. Exit codes: 0 the audit ran, whatever the findings, "
    "even when a repository could not be audited (its row says why); 1 with --fail-on-error, "
    "when a repository could not be audited; 2 a usage error (found before anything is "
    "audited or written), an unreachable Dask scheduler, or a journal or report that cannot "
    "be written; 3 an internal error. 'policylint audit report --help': the reports of recorded "
    "runs, from the results database."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    if isinstance(parser, Parser):  # ``policylint audit report``: reports from the database
        parser.add_nested("report", report_command.add_arguments)
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a directory of checkouts (or one checkout), a manifest file (text: one path or git "
        "URL a line; YAML: repositories with per-repository overrides), or a git URL",
    )
    run = parser.add_argument_group("running")
    run.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: the number of cores)",
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="time one repository may take (default: 60)",
    )
    run.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="a local process pool, or a Dask cluster (needs policylint[dask])",
    )
    run.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler's address")
    run.add_argument("--no-progress", action="store_true", help="no progress on stderr")
    what = parser.add_argument_group("policy and checkouts")
    what.add_argument(
        "--policy",
        metavar="FILE",
        help="impose this policy on every repository "
        "(default: each repository's own .policylint.yaml, else the built-in one)",
    )
    what.add_argument(
        "--org-defaults",
        metavar="DIR",
        help="the organisation's community files, a fallback for repositories that lack them: "
        "a checkout of its .github repository, or a directory of <owner>/.github checkouts "
        "from which each repository gets its owner's (recorded in every row)",
    )
    what.add_argument(
        "--cache",
        metavar="DIR",
        help="where git URLs are cloned (default: policylint's cache directory/audit-clones)",
    )
    what.add_argument("--depth", type=int, metavar="N", help="clone and fetch with --depth N")
    out = parser.add_argument_group("results")
    out.add_argument(
        "--db",
        metavar="URL",
        help="the results database every run is recorded in: an SQLite file, or "
        "postgresql://USER@HOST/DATABASE (needs policylint[postgres]) "
        f"(default: {DEFAULT_URL} beside the journal)",
    )
    out.add_argument(
        "--journal",
        metavar="FILE",
        default="audit.jsonl",
        help="one JSON row per repository, appended as each finishes (default: audit.jsonl)",
    )
    out.add_argument(
        "--resume",
        action="store_true",
        help="continue the database's last run (or, when it finished, start one that keeps "
        "its rows of repositories whose HEAD and policy did not change); audit the rest",
    )
    out.add_argument("--csv", metavar="FILE", help="write a CSV report")
    out.add_argument("--json", metavar="FILE", help="write a JSON report")
    out.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    out.add_argument("--badges", metavar="DIR", help="write an SVG badge per repository in DIR")
    out.add_argument("--sarif-dir", metavar="DIR", help="write DIR/<name>.sarif per repository")
    out.add_argument(
        "--fail-on-error",
        action="store_true",
        help="exit with 1 when a repository could not be evaluated",
    )


def run(args: argparse.Namespace) -> int:
    _check_usage(args)
    imposed, args.policy_hash = _imposed_policy(args.policy)
    targets = sources.expand(args.sources, policy=imposed)
    settings = _settings(args)
    with _cluster(args) as cluster:  # an unreachable scheduler is found before the journal
        summary, run = _audit(args, targets, settings, cluster)
    _report(args, summary, run)
    return 1 if args.fail_on_error and summary.error_count else 0


def _audit(
    args: argparse.Namespace, targets: list[Any], settings: Any, cluster: Any
) -> tuple[Summary, Any]:
    """Every target audited (or kept from before): the summary of their rows (counts and the
    few rows it names; each row is in the database and the journal), and the run. Nothing
    before this touches the database or the journal."""
    plan = results.Plan(TITLE, list(args.sources), args.policy, args.policy_hash, _options(args))
    kept = results.start(args.db, args.journal, targets, plan, resume=args.resume)
    shown = progress.progress(len(targets), enabled=not args.no_progress)

    def on_row(job: Job, row: dict[str, Any] | None) -> None:
        shown.advance(failed=kept.add(job, row))

    try:
        _execute(args, cluster, kept.jobs(targets), settings, on_row, count=len(targets))
        kept.finish(targets)
    finally:
        shown.close()
        kept.close()
    return kept.summary, kept.run


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """How the run was made, for the ``runs`` table."""
    names = ("jobs", "timeout", "executor", "depth", "org_defaults", "resume", "journal")
    return {name: getattr(args, name) for name in names}


def _check_usage(args: argparse.Namespace) -> None:
    """Every usage mistake the options alone show, before anything is read or written: a
    typo must not cost a journal or a whole audit."""
    _check_numbers(args)
    _check_executor(args)
    for option in ("journal", "csv", "json", "html"):
        path = getattr(args, option)
        if path is not None:
            _check_output(f"--{option}", path)
    if args.db is None:
        args.db = os.path.join(os.path.dirname(args.journal), DEFAULT_URL)
    check_url(args.db)
    report_command.check_outputs(report_command.Outputs(badges=args.badges))
    if args.org_defaults is not None and not os.path.isdir(args.org_defaults):
        raise AuditError(f"--org-defaults {args.org_defaults}: not a directory")


def _settings(args: argparse.Namespace) -> Any:
    org_defaults = args.org_defaults and os.path.abspath(args.org_defaults)
    return Settings(_cache(args.cache), args.depth, _sarif_dir(args.sarif_dir), org_defaults)


def _check_numbers(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        raise AuditError(f"--jobs {args.jobs}: at least one worker is needed")
    if not args.timeout > 0:
        raise AuditError(f"--timeout {args.timeout:g}: must be more than 0 seconds")
    if args.depth is not None and args.depth < 1:
        raise AuditError(f"--depth {args.depth}: must be at least 1")


def _check_executor(args: argparse.Namespace) -> None:
    if args.executor == "dask" and not args.scheduler:
        raise AuditError("--executor dask needs --scheduler ADDRESS (the Dask scheduler)")
    if args.executor != "dask" and args.scheduler:
        raise AuditError("--scheduler is for --executor dask")
    if args.executor == "dask" and not _installed("distributed"):
        raise AuditError(
            "--executor dask needs the 'distributed' package: install policylint[dask]"
        )


def _installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def _check_output(option: str, path: str) -> None:
    """A report or journal file must be writable where it is named: its directory exists."""
    if os.path.isdir(path):
        raise AuditError(f"{option} {path}: is a directory")
    directory = os.path.dirname(path) or os.curdir
    if not os.path.isdir(directory):
        raise AuditError(f"{option} {path}: no such directory: {directory}")


def _cache(given: str | None) -> str:
    if given is not None:
        return os.path.abspath(given)

    return str(cache_dir() / "audit-clones")


def _sarif_dir(given: str | None) -> str | None:
    if given is None:
        return None
    try:
        os.makedirs(given, exist_ok=True)
    except OSError as exc:
        raise AuditError(f"--sarif-dir {given}: cannot create it: {exc.strerror}") from None
    return os.path.abspath(given)


def _imposed_policy(given: str | None) -> tuple[str | None, str | None]:
    """The absolute path of the policy imposed on every repository, validated once here, and
    its hash."""
    if given is None:
        return None, None
    if not os.path.isfile(given):
        raise AuditError(f"--policy {given}: no such policy file")

    try:  # files named as the user named them
        policy = load_policy(given, root=os.getcwd(), use_cache=False)
    except PolicyError as exc:
        raise AuditError(str(exc)) from None
    return os.path.abspath(given), policy_digest(policy)


def _cluster(args: argparse.Namespace) -> contextlib.AbstractContextManager[Any]:
    """The Dask cluster, connected (``runner.dask_cluster``); nothing for the local pool."""
    if args.executor != "dask":
        return contextlib.nullcontext()

    return runner.dask_cluster(args.scheduler)


def _execute(
    args: argparse.Namespace,
    cluster: Any,
    jobs: Iterable[Job],
    settings: Any,
    on_row: Any,
    *,
    count: int,
) -> None:
    if cluster is not None:
        runner.run_dask(jobs, settings, cluster=cluster, timeout=args.timeout, on_row=on_row)
    else:
        workers = min(args.jobs, max(count, 1))
        runner.run_local(jobs, settings, workers=workers, timeout=args.timeout, on_row=on_row)


def _report(args: argparse.Namespace, summary: Summary, run: Any) -> None:
    """The reports of the run just made, with its history, and the terminal summary."""
    outputs = report_command.Outputs(args.csv, args.json, args.html, args.badges)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if any(outputs):
        selected = report_command.Selection(run=run)
        agg = report_command.write_reports(args.db, outputs, selected=selected)
        write_stdout(report.summary_of(agg, color=color, title=TITLE))
        return
    # Gathered as the rows were recorded: the audit's memory stays flat in their number.
    write_stdout(report.summary_of(summary, color=color, title=TITLE))
