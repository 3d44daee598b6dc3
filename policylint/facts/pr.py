"""Pull-request facts: title, body, labels and the rest of a pull (merge) request's metadata,
read from the CI platform's own files and variables (no network), ``--pr-json`` or flags.

Every string is untrusted and kept as the platform sent it (escaping is the reporters' job);
only an empty description becomes None, as GitHub sends it. ``json`` is imported inside the
functions that read files: this module is imported on every ``check``, which usually has no
pull request. docs/pull-request-facts.md says where each field comes from on each platform.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

MAX_BYTES = 25 * 1024 * 1024  # GitHub event files carry whole repository objects
GITHUB_PR_EVENTS = ("pull_request", "pull_request_target")
GITLAB_SOURCE = "GitLab merge request pipeline"
GITLAB_DRAFT_PREFIXES = ("draft:", "[draft]", "(draft)")  # before CI_MERGE_REQUEST_DRAFT

Path = tuple[str | int, ...]  # a JSON path: ("pull_request", "labels", 0, "name")


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


class PullRequestError(Exception):
    """Pull-request metadata that cannot be read or is invalid: a usage error (exit 2).
    ``problems`` holds one formatted line per problem."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else problems
        super().__init__("\n".join(self.problems))


class CiContext(NamedTuple):
    """What a CI run says about the change it runs for: the pull request (None for a merge
    queue), the change's base and head (commit ids, or refs) and where this was read from."""

    pr: PullRequest | None
    base: str | None
    head: str | None
    source: str


def detect(env: Mapping[str, str]) -> CiContext | None:
    """The CI context of a GitHub Actions pull-request or merge-queue run, or of a GitLab merge
    request pipeline; None elsewhere (and for other GitHub events)."""
    name, path = env.get("GITHUB_EVENT_NAME"), env.get("GITHUB_EVENT_PATH")
    if env.get("GITHUB_ACTIONS") == "true" and name and path:
        return from_github_event(name, path)
    return from_gitlab(env)


def from_flags(
    title: str, body: str | None = None, labels: Iterable[str] = (), author: str | None = None
) -> PullRequest:
    """The pull request that ``--title``, ``--body``, ``--label`` (repeated), ``--author`` give."""
    return PullRequest(title, body or None, tuple(labels), author)


# GitHub Actions: the webhook payload at GITHUB_EVENT_PATH.


def from_github_event(event_name: str, path: str) -> CiContext | None:
    """The context of a ``pull_request``, ``pull_request_target`` or ``merge_group`` event;
    None for any other event (its file is not read)."""
    if event_name not in (*GITHUB_PR_EVENTS, "merge_group"):
        return None
    event = _read_json(path, "GitHub event file")
    source = f"GitHub Actions {event_name} event"
    if event_name == "merge_group":  # a merge queue's group: no single pull request
        base = event.get(("merge_group", "base_sha"), str)
        return CiContext(None, base, event.get(("merge_group", "head_sha"), str), source)
    pr = _github_pull_request(event, source)
    return CiContext(pr, pr.base_sha, pr.head_sha, source)


def _github_pull_request(event: _Json, source: str) -> PullRequest:
    def get(*path: str | int, kind: type = str, required: bool = True) -> Any:
        return event.get(("pull_request", *path), kind, required=required)

    labels = get("labels", kind=list, required=False) or []
    head_repo = get("head", "repo", kind=dict, required=False)  # null: the fork was deleted
    fork = head_repo is None or get("head", "repo", "full_name") != get("base", "repo", "full_name")
    return PullRequest(
        title=get("title"),
        body=get("body", required=False) or None,
        labels=tuple(get("labels", i, "name") for i in range(len(labels))),
        author=get("user", "login", required=False),
        author_type=get("user", "type", required=False),
        draft=bool(get("draft", kind=bool, required=False)),
        base_ref=get("base", "ref"),
        head_ref=get("head", "ref"),
        base_sha=get("base", "sha"),
        head_sha=get("head", "sha"),
        fork=fork,
        number=get("number", kind=int),
        source=source,
    )


# GitLab CI: the predefined CI_MERGE_REQUEST_* variables of a merge request pipeline.


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
        author_type=_gitlab_user_type(env.get("GITLAB_USER_LOGIN")),
        draft=_gitlab_draft(env.get("CI_MERGE_REQUEST_DRAFT"), title),
        base_ref=env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") or None,
        head_ref=env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") or None,
        base_sha=env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA") or None,
        head_sha=head,
        fork=_gitlab_fork(env),
        number=_gitlab_iid(iid),
        body_truncated=env.get("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED") == "true",
        source=GITLAB_SOURCE,
    )
    return CiContext(pr, pr.base_sha, pr.head_sha, GITLAB_SOURCE)


def _gitlab_iid(value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise PullRequestError(f"CI_MERGE_REQUEST_IID: must be a number (got {value!r})")
    return int(value)


def _gitlab_draft(flag: str | None, title: str) -> bool:
    """CI_MERGE_REQUEST_DRAFT (GitLab 17.10+); before it, the title's draft prefix says."""
    if flag is not None:
        return flag == "true"
    return title.lstrip().lower().startswith(GITLAB_DRAFT_PREFIXES)


def _gitlab_user_type(login: str | None) -> str | None:
    """The account type GitHub would name: "Bot" for the bot users that GitLab makes for project
    and group access tokens (``project_123_bot_1a2b``), like GitHub's app accounts; else "User"."""
    if not login:
        return None
    scope, _, rest = login.partition("_")
    number, _, tail = rest.partition("_")
    is_bot = scope in ("project", "group") and number.isdigit() and tail.startswith("bot")
    return "Bot" if is_bot else "User"


def _gitlab_fork(env: Mapping[str, str]) -> bool:
    source = env.get("CI_MERGE_REQUEST_SOURCE_PROJECT_ID")
    target = env.get("CI_MERGE_REQUEST_PROJECT_ID")
    return bool(source and target and source != target)


# --pr-json FILE: a document that schemas/pr.schema.json describes.


def from_json(path: str) -> CiContext:
    """The context a ``--pr-json`` file describes; every schema problem reported at once."""
    document = _read_json(path, "--pr-json file")
    document.check_schema()
    data: dict[str, Any] = document.data
    fields = {key: value for key, value in data.items() if key in PullRequest._fields}
    fields["labels"] = tuple(fields.get("labels", ()))
    fields["body"] = fields.get("body") or None
    if fields.get("number") is not None:
        fields["number"] = int(fields["number"])  # JSON's 7.0 is an integer too
    pr = PullRequest(**fields, source=f"--pr-json {path}")
    return CiContext(pr, pr.base_sha or pr.base_ref, pr.head_sha or pr.head_ref, pr.source)


# Reading JSON, with positions for messages.


class _Json(NamedTuple):
    display: str
    text: str
    data: Any

    def get(self, path: Path, kind: type, *, required: bool = True) -> Any:
        """The value at ``path`` if it is a ``kind``; None when absent or null and not required."""
        value: Any = self.data
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                value = None
        if value is None and not required:
            return None
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        from policylint.text import shown

        wanted = _KIND_NAMES[kind]
        got = "missing or null" if value is None else f"got {shown(value)}"
        raise PullRequestError(self.problems([(path, f"must be {wanted} ({got})", False)]))

    def problems(self, found: list[tuple[Path, str, bool]]) -> list[str]:
        """(path, message, at key) -> ``file:line:col: $.path: message``, in file order."""
        from policylint.jsonpositions import locate
        from policylint.yamlio import format_problem

        placed = {(locate(self.text, path, at_key), path, text) for path, text, at_key in found}
        return [
            format_problem(self.display, *problem) for problem in sorted(placed, key=_file_order)
        ]

    def check_schema(self) -> None:
        import json

        from policylint.jsonpositions import duplicate_keys
        from policylint.resources import data_dir
        from policylint.schema import schema_problems

        schema = json.loads((data_dir("schemas") / "pr.schema.json").read_text("utf-8"))
        found = [(p.path, p.message, p.at_key) for p in schema_problems(self.data, schema)]
        found += [
            ((key,), f"duplicate key {key!r} (first defined on line {line})", True)
            for key, line in duplicate_keys(self.text)
        ]
        if found:
            raise PullRequestError(self.problems(found))


_KIND_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}


def _read_json(path: str, what: str) -> _Json:
    import json

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PullRequestError(f"{path}: cannot read the {what}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise PullRequestError(f"{path}: the {what} is larger than {MAX_BYTES >> 20} MiB")
    try:
        text = raw.decode("utf-8-sig")
        return _Json(path, text, json.loads(text))
    except UnicodeDecodeError as exc:
        raise PullRequestError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        message = f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        raise PullRequestError(message) from None
    except RecursionError:
        raise PullRequestError(f"{path}: invalid JSON: nested too deeply") from None


def _file_order(problem: tuple[tuple[int, int], Path, str]) -> tuple[tuple[int, int], str]:
    return problem[0], problem[2]
