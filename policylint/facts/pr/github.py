"""Pull-request facts on GitHub Actions: the webhook payload at GITHUB_EVENT_PATH of a
``pull_request``, ``pull_request_target`` or ``merge_group`` event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policylint.facts.pr.json_file import JsonDocument, read_json
from policylint.facts.pr.records import CiContext, PullRequest

GITHUB_PR_EVENTS = ("pull_request", "pull_request_target")


def detect(env: Mapping[str, str]) -> CiContext | None:
    """The context of a GitHub Actions run's pull-request or merge-queue event, else None."""
    name, path = env.get("GITHUB_EVENT_NAME"), env.get("GITHUB_EVENT_PATH")
    if env.get("GITHUB_ACTIONS") == "true" and name and path:
        return from_github_event(name, path)
    return None


def from_github_event(event_name: str, path: str) -> CiContext | None:
    """The context of a ``pull_request``, ``pull_request_target`` or ``merge_group`` event;
    None for any other event (its file is not read)."""
    if event_name not in (*GITHUB_PR_EVENTS, "merge_group"):
        return None
    event = read_json(path, "GitHub event file")
    source = f"GitHub Actions {event_name} event"
    if event_name == "merge_group":  # a merge queue's group: no single pull request
        base = event.get(("merge_group", "base_sha"), str)
        head = event.get(("merge_group", "head_sha"), str)
        return CiContext(None, base, head, source, event.where(("merge_group", "base_sha")))
    pr = _pull_request(event, source)
    base_at = event.where(("pull_request", "base", "sha"))
    return CiContext(pr, pr.base_sha, pr.head_sha, source, base_at)


def _pull_request(event: JsonDocument, source: str) -> PullRequest:
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
