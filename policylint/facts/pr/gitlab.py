"""Pull-request facts on GitLab CI: the predefined CI_MERGE_REQUEST_* variables of a merge
request pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.errors import PullRequestError
from policylint.facts.pr.records import CiContext, PullRequest

if TYPE_CHECKING:
    from collections.abc import Mapping

GITLAB_SOURCE = "GitLab merge request pipeline"
GITLAB_DRAFT_PREFIXES = ("draft:", "[draft]", "(draft)")  # before CI_MERGE_REQUEST_DRAFT


def detect(env: Mapping[str, str]) -> CiContext | None:
    """The context of a GitLab merge request pipeline, else None."""
    return from_gitlab(env)


def from_gitlab(env: Mapping[str, str]) -> CiContext | None:
    """The context of a GitLab merge request pipeline (CI_MERGE_REQUEST_IID is set), else None."""
    iid = env.get("CI_MERGE_REQUEST_IID")
    if not iid:
        return None
    title = env.get("CI_MERGE_REQUEST_TITLE")
    if title is None:
        raise PullRequestError("CI_MERGE_REQUEST_IID is set, but CI_MERGE_REQUEST_TITLE is not")
    # Merged-results pipelines build a merge commit (CI_COMMIT_SHA); the MR's head is this one.
    head = env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA") or env.get("CI_COMMIT_SHA") or None
    pr = PullRequest(
        title=title,
        body=env.get("CI_MERGE_REQUEST_DESCRIPTION") or None,
        labels=tuple(label for label in env.get("CI_MERGE_REQUEST_LABELS", "").split(",") if label),
        author=env.get("GITLAB_USER_LOGIN") or None,
        author_type=_user_type(env.get("GITLAB_USER_LOGIN")),
        draft=_draft(env.get("CI_MERGE_REQUEST_DRAFT"), title),
        base_ref=env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") or None,
        head_ref=env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") or None,
        base_sha=env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA") or None,
        head_sha=head,
        fork=_fork(env),
        number=_iid(iid),
        body_truncated=env.get("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED") == "true",
        source=GITLAB_SOURCE,
    )
    return CiContext(pr, pr.base_sha, pr.head_sha, GITLAB_SOURCE)


def _iid(value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise PullRequestError(f"CI_MERGE_REQUEST_IID: must be a number (got {value!r})")
    return int(value)


def _draft(flag: str | None, title: str) -> bool:
    """CI_MERGE_REQUEST_DRAFT (GitLab 17.10+); before it, the title's draft prefix says."""
    if flag is not None:
        return flag == "true"
    return title.lstrip().lower().startswith(GITLAB_DRAFT_PREFIXES)


def _user_type(login: str | None) -> str | None:
    """The account type GitHub would name: "Bot" for the bot users that GitLab makes for project
    and group access tokens (``project_123_bot_1a2b``), like GitHub's app accounts; else "User"."""
    if not login:
        return None
    scope, _, rest = login.partition("_")
    number, _, tail = rest.partition("_")
    is_bot = scope in ("project", "group") and number.isdigit() and tail.startswith("bot")
    return "Bot" if is_bot else "User"


def _fork(env: Mapping[str, str]) -> bool:
    source = env.get("CI_MERGE_REQUEST_SOURCE_PROJECT_ID")
    target = env.get("CI_MERGE_REQUEST_PROJECT_ID")
    return bool(source and target and source != target)
