"""User errors: one base class, so the command line and the audit worker map one type.

A ``PolicylintError`` is a mistake in what policylint was given (how it was invoked, a policy
file, pull-request metadata, a baseline, a checkout it cannot read, an audit source, a policy
test file): the run stops with exit code 2 and ``problems``, one line each (``file:line:col:
$.path: message`` where there is a file). Anything else that escapes is a bug (exit code 3).
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class PolicylintError(Exception):
    """A user error; ``problems`` holds one formatted line per problem."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class UsageError(PolicylintError):
    """A mistake in how policylint was invoked."""


class PolicyError(PolicylintError):
    """Invalid policy files: every problem of every file."""


class RepoError(PolicylintError):
    """The checkout cannot be read (not a directory, git failed)."""


class PullRequestError(PolicylintError):
    """Pull-request metadata that cannot be read or is invalid."""


class BaselineError(PolicylintError):
    """A baseline file that cannot be read or written, or is invalid."""


class AuditError(PolicylintError):
    """A mistake in how the audit was asked for (a missing source, a bad manifest, a journal
    that is not one): nothing was audited."""


class SpecError(PolicylintError):
    """Invalid policy test files (``*.test.yaml``)."""


class OutputError(PolicylintError):
    """Standard output cannot be written (a pipe closed early, a full disk)."""


class CloneError(PolicylintError):
    """A repository URL that cannot be cloned or refreshed (an audit row's reason)."""
