"""The records of pull-request facts: the pull request, the CI context it comes in, and the
error for metadata that cannot be read. policylint.facts.pr says where they come from."""

from typing import NamedTuple


class PullRequest(NamedTuple):
    """A pull request or merge request, as the platform describes it."""

    title: str
    body: str | None  # None for an empty description (GitHub sends null)
    labels: tuple[str, ...] = ()  # exact names, in the platform's order
    author: str | None = None  # login
    author_type: str | None = None  # "User", "Bot", "Organization"... (GitHub's user.type)
    draft: bool = False
    base_ref: str | None = None  # branch names, without refs/heads/
    head_ref: str | None = None
    base_sha: str | None = None
    head_sha: str | None = None
    fork: bool = False  # the head lives in another repository
    number: int | None = None
    body_truncated: bool = False  # GitLab cuts CI_MERGE_REQUEST_DESCRIPTION
    source: str = "command line"  # where these facts came from, for messages


class CiContext(NamedTuple):
    """What a CI run says about the change it runs for: the pull request (None for a merge
    queue), the change's base and head (commit ids, or refs) and where this was read from."""

    pr: PullRequest | None
    base: str | None
    head: str | None
    source: str
    # Where the base is written (``file:line:col: $.path``), for problems with the range it
    # names; "" when it comes from no file.
    base_at: str = ""
