"""Plain, immutable records passed between layers.

Records are ``typing.NamedTuple`` rather than frozen dataclasses: ``dataclasses`` imports
``inspect`` (about 6 ms, half a bare interpreter start), and these records sit on the
pre-commit hook's hot path. They are just as immutable and ``mypy --strict`` sees every field.
"""

from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning", "note"]
FailOn = Literal["error", "warning", "note", "never"]
FindingStatus = Literal["fail", "exempted", "error"]
RuleStatus = Literal["pass", "fail", "skipped", "error"]
# How a rule's findings are judged when the run has a change: ``change`` (the default) fails
# only on findings the change introduced; ``repository`` fails whenever the rule fails.
Scope = Literal["change", "repository"]
# A finding against the change's base (SARIF's ``baselineState``): ``new`` (introduced by the
# change, or not comparable) or ``unchanged`` (already there on the base).
BaselineState = Literal["new", "unchanged"]
SCOPES: tuple[Scope, ...] = ("change", "repository")
# Where a run happens, for advice that fits it: a plain check, a hook stage, a branch judged
# with --base, or a pull request.
Stage = Literal["check", "pre-commit", "commit-msg", "pre-push", "branch", "pull-request"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")
FAIL_ON_LEVELS: tuple[FailOn, ...] = (*SEVERITIES, "never")
# Policy files: the repository's own names for it, the pack without one, built-in packs' prefix.
CONFIG_NAMES = (".policylint.yaml", ".policylint.yml")
DEFAULT_PACK = "recommended"
BUILTIN = "builtin:"
SEVERITY_RANK: dict[str, int] = {"note": 1, "warning": 2, "error": 3, "never": 4}


class Location(NamedTuple):
    """A place in a policy file: ``path`` as given to the loader, 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Skip(NamedTuple):
    """Opt-outs of a rule: exact PR labels, title/body markers, commit trailers."""

    labels: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    trailers: tuple[str, ...] = ()


class Rule(NamedTuple):
    """One rule of the effective policy, after ``extends`` and overrides are resolved."""

    id: str
    kind: str
    title: str
    severity: Severity
    options: dict[str, Any]
    origin: Location
    description: str = ""
    help: str = ""
    when: str | None = None
    skip: Skip = Skip()
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    # Where the checked repository's own config enables or overrides this rule, if it does.
    enabled_at: Location | None = None
    # Value positions inside the rule, keyed by dotted path ("when", "options.assert").
    positions: dict[str, Location] = {}  # noqa: RUF012 - never mutated; NamedTuple default
    scope: Scope = "change"
    # The rule's documentation: the policy's ``help-uri``; built-in rules link to the rule
    # reference (``policylint.links``).
    help_uri: str | None = None


class Exemption(NamedTuple):
    """An accepted finding: every finding of ``rule`` (under ``paths`` if given), until the end
    of the day ``expires`` (``YYYY-MM-DD``, UTC) when it has one; ``owner`` answers for it."""

    rule: str
    reason: str
    origin: Location
    paths: tuple[str, ...] = ()
    expires: str | None = None
    owner: str | None = None

    @property
    def at(self) -> str:
        """Where the exemption is written, ``file:line``."""
        return f"{self.origin.path}:{self.origin.line}"


class Policy(NamedTuple):
    """The effective policy: rules in a deterministic order, plus how to judge them."""

    sources: tuple[str, ...]
    rules: tuple[Rule, ...]
    fail_on: FailOn = "error"
    exemptions: tuple[Exemption, ...] = ()
    # The config file's path relative to the checked root, when it lives inside it.
    config_path: str | None = None
    # Values the policy hands to CEL as ``params``.
    params: dict[str, Any] = {}  # noqa: RUF012 - never mutated; NamedTuple default
    # An exempted finding whose exemption expires within this many days carries a note.
    expiry_notice_days: int = 14


class Problem(NamedTuple):
    """What a check kind yields: a message and, where it has one, a place in the repository."""

    message: str
    path: str | None = None
    line: int | None = None
    # Distinguishes findings of one rule at one path for fingerprints; defaults to the path.
    key: str | None = None
    # What the check looked at, for JSON and ``--verbose`` ("changed files: src/app.py").
    evidence: tuple[str, ...] = ()
    # The finding's severity when it differs from the rule's (a licence not recognised is a
    # warning of a rule whose other findings are errors).
    severity: Severity | None = None
    # Values for machines (JSON, SARIF ``properties``): ``{"spdx": "MIT"}``.
    properties: dict[str, str] = {}  # noqa: RUF012 - never mutated; NamedTuple default


class Observation:
    """What a check kind may yield besides problems: values it found that reports show even
    when the rule passes (the licence it identified); they end up in ``RuleOutcome.details``.
    A plain class: creating a NamedTuple class costs a fifth of a millisecond of every run."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values


class OptionError(NamedTuple):
    """A problem in a rule's options that a schema cannot catch: where inside ``options``
    (``("matches", 1)``) and what is wrong."""

    path: tuple[str | int, ...]
    message: str


class Finding(NamedTuple):
    rule: str
    severity: Severity
    status: FindingStatus
    message: str
    fingerprint: str
    path: str | None = None
    line: int | None = None
    exemption: str | None = None  # the exemption's reason, when status is "exempted"
    # Against the change's base, when the run has a change (``policylint.comparison``).
    state: BaselineState | None = None
    evidence: tuple[str, ...] = ()  # the problem's evidence
    properties: dict[str, str] = {}  # noqa: RUF012 - never mutated; NamedTuple default
    # Of an exempted finding whose exemption lapses soon, or of a finding that counts again
    # because its exemption expired: what happened, naming the exemption's file:line.
    exemption_note: str | None = None
    exemption_at: str | None = None  # the accepting exemption's file:line


class RuleOutcome(NamedTuple):
    rule: str
    status: RuleStatus
    reason: str | None = None
    # What satisfied a passing rule ("found LICENSE.txt"), from its kind's ``evidence``, when
    # the run asked for it (``evaluate(..., evidence=True)``).
    evidence: tuple[str, ...] = ()
    # What the rule's check observed (``Observation``), e.g. ``{"spdx": "MIT"}``.
    details: dict[str, str] = {}  # noqa: RUF012 - never mutated; NamedTuple default


class Baseline(NamedTuple):
    """How a run used a baseline file (``policylint.baseline``): the file as shown, how many
    failing findings it accepted, and how many of its entries no finding matched any more."""

    path: str
    baselined: int
    stale: int

    @property
    def reason(self) -> str:
        """The exemption reason of the findings it accepts."""
        return f"recorded in the baseline {self.path}"

    @property
    def summary_line(self) -> str:
        """One line for reports: how many findings were baselined, and any stale entries."""
        findings = "finding" if self.baselined == 1 else "findings"
        line = f"{self.baselined} {findings} baselined in {self.path} (not listed)"
        if not self.stale:
            return line
        occur = "occurs" if self.stale == 1 else "occur"
        return (
            f"{line}; {self.stale} of its entries no longer {occur} (regenerate it with "
            f"--write-baseline {self.path} to drop them)"
        )


class Comparison(NamedTuple):
    """How a run with a change judged its findings against the change's base: ``base`` the
    commit the repository rules also ran on ("" for the empty tree), ``change`` the change's
    description; ``excused`` the fingerprints of pre-existing findings that do not fail the
    run (none with ``--all-findings``); ``absent`` the base's findings the change removed."""

    base: str
    change: str
    excused: frozenset[str] = frozenset()
    absent: tuple[Finding, ...] = ()

    @property
    def summary_line(self) -> str:
        """One line for reports: how many pre-existing findings are not listed, and how to
        see them."""
        count = len(self.excused)
        findings = "finding was" if count == 1 else "findings were"
        named = self.change.startswith(("the ", "this "))
        change = self.change if named else f"the change {self.change}"
        return (
            f"{count} pre-existing {findings} already there before {change} (not listed, not "
            f"failing it): `policylint check` lists them, as does --all-findings"
        )


class Result(NamedTuple):
    """Everything a reporter needs; reporters are pure functions of it."""

    root: str
    policy: Policy
    findings: tuple[Finding, ...]
    outcomes: tuple[RuleOutcome, ...]
    # An existing repository file (README first) to anchor findings that have no file.
    anchor: str | None = None
    # The baseline the findings were checked against, when there was one.
    baseline: Baseline | None = None
    # The change's base the findings were judged against, when the run had a change.
    comparison: Comparison | None = None
    stage: Stage = "check"
    # The run's time (seconds since the epoch): the day exemptions are judged on.
    now: float = 0.0

    @property
    def summary(self) -> dict[str, int]:
        """Rules per outcome and exempted findings; with a baseline, also how many of the
        exempted findings it accepted (``baselined``) and its ``stale`` entries; with a change,
        the pre-existing findings that do not fail it and the base's findings it removed."""
        counts = {"fail": 0, "pass": 0, "skipped": 0, "exempted": 0, "error": 0}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        counts["exempted"] = sum(1 for f in self.findings if f.status == "exempted")
        if self.baseline is not None:
            counts["baselined"] = self.baseline.baselined
            counts["stale"] = self.baseline.stale
        if self.comparison is not None:
            counts["preexisting"] = len(self.comparison.excused)
            counts["absent"] = len(self.comparison.absent)
        return counts

    def failed(self) -> bool:
        """True when a finding reaches the policy's ``fail-on`` level, or a rule could not be
        evaluated: an error fails the run at every level, ``never`` included, because a rule
        that could not be evaluated is never a silent pass."""
        return any(self.blocks(f) for f in self.findings)

    def blocks(self, finding: Finding) -> bool:
        """Whether ``finding`` fails the run: a rule error always; a failing finding at or
        above ``fail-on`` unless it was already there before the change (and its rule is not
        ``scope: repository``, and the run is not ``--all-findings``)."""
        if finding.status == "error":
            return True
        if finding.status != "fail" or self.preexisting(finding):
            return False
        return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[self.policy.fail_on]

    def preexisting(self, finding: Finding) -> bool:
        """Whether ``finding`` was already there before the change and is not listed for it."""
        return self.comparison is not None and finding.fingerprint in self.comparison.excused
