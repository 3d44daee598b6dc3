"""Running a test file: its policy loaded once, each case built and evaluated, each expectation
judged against the rule's outcome and findings.

The policy is loaded as ``policylint check`` loads it (``policylint.loading.load_policy``), from
outside the case repositories, so no file of a case can define or change it: a built-in pack
through a two-line config in the run's directory (``extends: [builtin:NAME]``), a policy file
from its path relative to the test file. Facts come from the real readers: the checkout
(``Repo``), the change and its commits (``read_range(main, change)``), the case's ``pr``.
Repositories are built and their facts read in worker threads (git processes run in
parallel); rules are evaluated in the calling thread, one case after another.
"""

from __future__ import annotations

import os
import shutil
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policylint.display import one_line
from policylint.engine import evaluate
from policylint.errors import PolicyError, SpecError
from policylint.facts import Facts
from policylint.facts.change import read_range
from policylint.facts.gathering import history_of
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.policytest.build import CHANGE, MAIN, build
from policylint.resources import builtin_packs

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from policylint.facts import Facts
    from policylint.model import Policy, Result
    from policylint.policytest.records import Case, Expectation, SpecFile

BUILTIN = "builtin:"
# Threads building repositories and reading their facts: mostly waiting for git and the disk.
WORKERS = 8
AHEAD = 4 * WORKERS  # cases built before the one being evaluated
STATUS_NAMES = {"pass": "pass", "fail": "fail", "skipped": "skip", "error": "error"}


class Judged(NamedTuple):
    """One expectation against what happened: the rule's status, the messages of its findings
    and the reason of its outcome, and the expected messages none of them contains."""

    case: Case
    expectation: Expectation
    status: str
    messages: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.status == self.expectation.status and not self.missing


class FileRun(NamedTuple):
    """A test file's run: its rules (policy order), cases run and judged expectations."""

    spec: SpecFile
    rules: tuple[str, ...]
    cases: int
    judged: tuple[Judged, ...]


def load_test_policy(spec: SpecFile, spec_path: Path, workdir: str) -> Policy:
    """The policy ``spec`` names, with every rule its cases expect; raises ``SpecError``."""
    config = _config(spec, spec_path, workdir)
    try:
        policy = load_policy(config, root=workdir, use_cache=False)
    except PolicyError as exc:
        problems = [f"{spec.policy_origin}: $.policy: invalid policy:", *exc.problems]
        raise SpecError(problems) from None
    _check_rules(spec, policy)
    return policy


def _config(spec: SpecFile, spec_path: Path, workdir: str) -> Path:
    """The file to load: the policy file, or for ``builtin:NAME`` a config extending it."""
    if spec.policy.startswith(BUILTIN):
        name = spec.policy[len(BUILTIN) :]
        if name not in builtin_packs():
            known = ", ".join(BUILTIN + pack for pack in builtin_packs())
            _fail(spec, f"unknown built-in pack {spec.policy!r}; available: {known}")
        config = Path(workdir, f"builtin-{name}.yaml")
        config.write_text(f"extends: ['{spec.policy}']\n", encoding="utf-8")
        return config
    # named as the test file is (relative to the current directory, if it lies below it)
    path = Path(os.path.normpath(Path(spec.display).parent / spec.policy))
    shown = one_line(str(path), 100)
    if os.path.isabs(spec.policy):
        _fail(spec, f"{shown} is an absolute path; name the policy relative to the test file")
    # A test file may come with a pull request: it must not read (and print) files outside
    # the checkout it belongs to, such as /etc/passwd through ../../.. .
    checkout = _checkout_of(os.path.realpath(spec_path.parent))
    target = os.path.realpath(spec_path.parent / spec.policy)
    if target != checkout and not target.startswith(os.path.join(checkout, "")):
        _fail(spec, f"{shown} lies outside the checkout of the test file; keep the policy in it")
    if not os.path.isfile(target):
        _fail(spec, f"no such policy file: {shown} (paths are relative to the test file)")
    return path


def _checkout_of(directory: str) -> str:
    """The git work tree around ``directory`` (the nearest parent holding ``.git``); outside
    git, the current directory when ``directory`` lies below it, else ``directory``."""
    here = directory
    while not os.path.exists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            current = os.path.realpath(os.getcwd())
            below = directory == current or directory.startswith(os.path.join(current, ""))
            return current if below else directory
        here = parent
    return here


def _fail(spec: SpecFile, message: str) -> None:
    raise SpecError([f"{spec.policy_origin}: $.policy: {message}"])


def _check_rules(spec: SpecFile, policy: Policy) -> None:
    known = [rule.id for rule in policy.rules]
    problems = [
        f"{expectation.origin}: $.tests[{index}].expect: the policy has no rule "
        f"{expectation.rule!r}; its rules: {', '.join(known) or '(none)'}"
        for index, case in enumerate(spec.cases)
        for expectation in case.expect
        if expectation.rule not in known
    ]
    if problems:
        raise SpecError(problems)


def run_file(
    spec: SpecFile, policy: Policy, cases: Sequence[Case], workdir: str, now: float
) -> FileRun:
    """Every case of ``cases`` built under ``workdir`` and judged (``now``: the default date)."""
    judged: list[Judged] = []
    for case, facts in _prepared(policy, cases, workdir, now):
        expected = {expectation.rule for expectation in case.expect}
        only = policy._replace(rules=tuple(r for r in policy.rules if r.id in expected))
        result = evaluate(only, facts)
        judged.extend(judge(case, expectation, result) for expectation in case.expect)
    rules = tuple(rule.id for rule in policy.rules)
    return FileRun(spec, rules, len(cases), tuple(judged))


def _prepared(
    policy: Policy, cases: Sequence[Case], workdir: str, now: float
) -> Iterator[tuple[Case, Facts]]:
    """Each case with its facts, in order. Repositories are built, read and removed again in
    worker threads (the work is git processes and file-system calls, which run in parallel),
    at most ``AHEAD`` cases ahead of the caller, so a long suite never fills the disk."""
    directory = Path(workdir, f"repos-{len(os.listdir(workdir))}")
    directory.mkdir()
    roots = [str(directory / str(index)) for index in range(len(cases))]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: deque[Future[Facts]] = deque()
        for index, case in enumerate(cases):
            while len(futures) < AHEAD and index + len(futures) < len(cases):
                ahead = index + len(futures)
                futures.append(pool.submit(case_facts, policy, cases[ahead], roots[ahead], now))
            yield case, futures.popleft().result()
            pool.submit(shutil.rmtree, roots[index], ignore_errors=True)


def case_facts(policy: Policy, case: Case, root: str, now: float) -> Facts:
    """The facts of ``case``, its repository built at ``root``."""
    moment = now if case.now is None else case.now
    built = build(case, root, moment)
    repo = Repo(built.root)
    repo.list_files()  # here, in the worker thread
    change, commits = read_range(built.root, MAIN, CHANGE) if built.change else (None, None)
    pr = case.pr
    if pr is not None and built.change is not None:
        pr = pr._replace(base_sha=built.main, head_sha=built.change)
    return Facts(repo, policy.params, moment, change, commits, pr, history_of(repo))


def judge(case: Case, expectation: Expectation, result: Result) -> Judged:
    """What ``result`` says of the expected rule, compared with the expectation."""
    outcome = next(o for o in result.outcomes if o.rule == expectation.rule)
    texts = [f.message for f in result.findings if f.rule == expectation.rule]
    if outcome.reason:
        texts.append(outcome.reason)
    unique = tuple(dict.fromkeys(texts))  # an error's reason is also its finding's message
    missing = tuple(m for m in expectation.messages if not any(m in text for text in unique))
    return Judged(case, expectation, STATUS_NAMES[outcome.status], unique, missing)
