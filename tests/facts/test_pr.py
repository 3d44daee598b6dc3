"""Pull-request facts from a GitHub event file, GitLab's variables, --pr-json and flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policylint.errors import PullRequestError
from policylint.facts.pr import CiContext, PullRequest, detect, from_flags, from_json
from policylint.facts.pr.github import from_github_event
from policylint.facts.pr.gitlab import from_gitlab
from policylint.facts.pr.json_file import MAX_BYTES
from tests.helpers.paths import ROOT
from tests.helpers.repos import MakeRepo, git

BASE_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
HEAD_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6"
MAIN_SHA = "9049f1265b7d61be4a8904a9a27120d2064dab3b"


def account(login: str, type_: str = "User", id_: int = 583231) -> dict[str, Any]:
    return {
        "login": login,
        "id": id_,
        "node_id": "MDQ6VXNlcjU4MzIzMQ==",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{id_}?v=4",
        "html_url": f"https://github.com/{login}",
        "type": type_,
        "site_admin": False,
    }


def repository(full_name: str, *, fork: bool = False) -> dict[str, Any]:
    owner, name = full_name.split("/")
    return {
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": name,
        "full_name": full_name,
        "private": False,
        "owner": account(owner, "Organization"),
        "html_url": f"https://github.com/{full_name}",
        "fork": fork,
        "default_branch": "main",
    }


def label(name: str) -> dict[str, Any]:
    return {
        "id": 208045946,
        "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
        "url": f"https://api.github.com/repos/octo-org/hello/labels/{name}",
        "name": name,
        "color": "f29513",
        "default": False,
        "description": None,
    }


def branch(ref: str, sha: str, repo: dict[str, Any] | None) -> dict[str, Any]:
    owner = repo["owner"]["login"] if repo else "ghost"
    return {"label": f"{owner}:{ref}", "ref": ref, "sha": sha, "user": account(owner), "repo": repo}


def pr_event(**changes: Any) -> dict[str, Any]:
    """A ``pull_request`` webhook payload shaped like GitHub's (action ``opened``)."""
    repo = repository("octo-org/hello")
    pull: dict[str, Any] = {
        "url": "https://api.github.com/repos/octo-org/hello/pulls/42",
        "id": 1866409372,
        "node_id": "PR_kwDOABCD5M5vPqrs",
        "html_url": "https://github.com/octo-org/hello/pull/42",
        "number": 42,
        "state": "open",
        "locked": False,
        "title": "Add a changelog entry",
        "user": account("ada"),
        "body": "Adds `CHANGES.md`.\r\n\r\n```release-note\r\nNONE\r\n```",
        "labels": [label("documentation"), label("needs review")],
        "draft": False,
        "head": branch("changelog", HEAD_SHA, repo),
        "base": branch("main", BASE_SHA, repo),
        "author_association": "MEMBER",
        "merged": False,
        "commits": 1,
        "additions": 3,
        "deletions": 0,
        "changed_files": 1,
    }
    pull.update(changes)
    return {
        "action": "opened",
        "number": pull["number"],
        "pull_request": pull,
        "repository": repo,
        "sender": pull["user"],
    }


def merge_group_event() -> dict[str, Any]:
    return {
        "action": "checks_requested",
        "merge_group": {
            "head_sha": HEAD_SHA,
            "head_ref": f"refs/heads/gh-readonly-queue/main/pr-42-{MAIN_SHA}",
            "base_sha": MAIN_SHA,
            "base_ref": "refs/heads/main",
            "head_commit": {
                "id": HEAD_SHA,
                "tree_id": "0d5e4f3c2b1a09f8e7d6c5b4a39281706f5e4d3c",
                "message": "Merge pull request #42 from octo-org/changelog",
                "timestamp": "2024-05-02T10:00:00Z",
                "author": {"name": "Ada Lovelace", "email": "ada@example.org"},
                "committer": {"name": "GitHub", "email": "noreply@github.com"},
            },
        },
        "repository": repository("octo-org/hello"),
        "sender": account("ada"),
    }


def write_event(tmp_path: Path, event: dict[str, Any], name: str = "event.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(event, indent=2), encoding="utf-8")
    return str(path)


EXPECTED = PullRequest(
    title="Add a changelog entry",
    body="Adds `CHANGES.md`.\r\n\r\n```release-note\r\nNONE\r\n```",
    labels=("documentation", "needs review"),
    author="ada",
    author_type="User",
    draft=False,
    base_ref="main",
    head_ref="changelog",
    base_sha=BASE_SHA,
    head_sha=HEAD_SHA,
    fork=False,
    number=42,
    source="GitHub Actions pull_request event",
)


# GitHub Actions


def test_a_pull_request_event_gives_every_field(tmp_path: Path) -> None:
    path = write_event(tmp_path, pr_event())
    context = from_github_event("pull_request", path)
    source = "GitHub Actions pull_request event"
    base_at = f"{path}:80:14: $.pull_request.base.sha"  # for problems with the range
    assert context == CiContext(EXPECTED, BASE_SHA, HEAD_SHA, source, base_at)


def test_pull_request_target_reads_the_same_payload(tmp_path: Path) -> None:
    path = write_event(tmp_path, pr_event())
    context = from_github_event("pull_request_target", path)
    source = "GitHub Actions pull_request_target event"
    base_at = f"{path}:80:14: $.pull_request.base.sha"
    expected = CiContext(EXPECTED._replace(source=source), BASE_SHA, HEAD_SHA, source, base_at)
    assert context == expected


@pytest.mark.parametrize("body", [None, ""])
def test_an_empty_description_is_none(tmp_path: Path, body: str | None) -> None:
    context = from_github_event("pull_request", write_event(tmp_path, pr_event(body=body)))
    assert context is not None and context.pr == EXPECTED._replace(body=None)


def test_a_bot_author_and_a_draft(tmp_path: Path) -> None:
    event = pr_event(user=account("dependabot[bot]", "Bot", 49699333), draft=True, labels=[])
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None
    assert context.pr.author == "dependabot[bot]"
    assert context.pr.author_type == "Bot"
    assert context.pr.draft is True
    assert context.pr.labels == ()


def test_label_names_are_exact_and_in_order(tmp_path: Path) -> None:
    names = ["release-note-none", "Release-Note-None", " spaced ", "kind/bug"]
    event = pr_event(labels=[label(name) for name in names])
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None
    assert context.pr.labels == tuple(names)


def test_a_pull_request_from_a_fork(tmp_path: Path) -> None:
    fork = repository("mallory/hello", fork=True)
    event = pr_event(head=branch("patch-1", HEAD_SHA, fork))
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None
    assert context.pr.fork is True
    assert context.pr.head_ref == "patch-1"


def test_a_deleted_fork_counts_as_a_fork(tmp_path: Path) -> None:
    event = pr_event(head=branch("patch-1", HEAD_SHA, None))
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None and context.pr.fork is True


def test_a_branch_of_a_repository_that_is_itself_a_fork_is_no_fork(tmp_path: Path) -> None:
    repo = repository("ada/hello", fork=True)  # head.repo.fork is true, but it is the same repo
    event = pr_event(head=branch("topic", HEAD_SHA, repo), base=branch("main", BASE_SHA, repo))
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None and context.pr.fork is False


def test_untrusted_text_is_kept_as_it_is(tmp_path: Path) -> None:
    title = "::error file=x::pwned\x1b[31m\u202e\n%0A"
    event = pr_event(title=title, labels=[label("<script>")], body="line\x00two")
    context = from_github_event("pull_request", write_event(tmp_path, event))
    assert context is not None and context.pr is not None
    assert (context.pr.title, context.pr.labels, context.pr.body) == (
        title,
        ("<script>",),
        "line\x00two",
    )


def test_a_merge_group_has_a_change_but_no_pull_request(tmp_path: Path) -> None:
    path = write_event(tmp_path, merge_group_event())
    context = from_github_event("merge_group", path)
    base_at = f"{path}:6:17: $.merge_group.base_sha"
    assert context == CiContext(
        None, MAIN_SHA, HEAD_SHA, "GitHub Actions merge_group event", base_at
    )


def test_other_events_give_nothing_and_their_file_is_not_read(tmp_path: Path) -> None:
    assert from_github_event("push", str(tmp_path / "absent.json")) is None
    assert from_github_event("workflow_dispatch", write_event(tmp_path, {"inputs": {}})) is None


# Event files that cannot be used


def test_a_missing_event_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", str(path))
    assert str(caught.value) == (
        f"{path}: cannot read the GitHub event file: No such file or directory"
    )


def test_an_event_file_with_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text('{\n  "pull_request": {\n    "title": "x",\n  }\n}\n', encoding="utf-8")
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", str(path))
    assert str(caught.value) == (
        f"{path}:4:3: invalid JSON: Expecting property name enclosed in double quotes"
    )


def test_an_oversized_event_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", str(path))
    assert str(caught.value) == f"{path}: the GitHub event file is larger than 25 MiB"


def test_an_event_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b'{"pull_request": {"title": "caf\xe9"}}')
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", str(path))
    assert str(caught.value) == f"{path}:1:32: not UTF-8 text (byte 0xe9)"


def test_a_wrongly_typed_field_is_named_with_its_position(tmp_path: Path) -> None:
    path = write_event(tmp_path, pr_event(title=42))
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", path)
    assert str(caught.value) == f"{path}:12:14: $.pull_request.title: must be a string (got 42)"


def test_true_is_no_number(tmp_path: Path) -> None:
    path = write_event(tmp_path, pr_event(number=True))
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", path)
    assert str(caught.value) == f"{path}:9:15: $.pull_request.number: must be an integer (got true)"


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    event = pr_event()
    del event["pull_request"]["head"]["sha"]
    path = write_event(tmp_path, event)
    with pytest.raises(PullRequestError) as caught:
        from_github_event("pull_request", path)
    assert str(caught.value) == (
        f"{path}:44:13: $.pull_request.head.sha: must be a string (missing or null)"
    )


def test_an_event_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write_event(tmp_path, [])  # type: ignore[arg-type]
    with pytest.raises(PullRequestError) as caught:
        from_github_event("merge_group", path)
    assert str(caught.value) == (
        f"{path}:1:1: $.merge_group.base_sha: must be a string (missing or null)"
    )


# GitLab merge request pipelines


def gitlab_env(**changes: str) -> dict[str, str]:
    """The variables of a GitLab merge request pipeline (a "detached" one), as GitLab sets them."""
    env = {
        "GITLAB_CI": "true",
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_COMMIT_SHA": HEAD_SHA,
        "CI_MERGE_REQUEST_IID": "42",
        "CI_MERGE_REQUEST_ID": "300000042",
        "CI_MERGE_REQUEST_TITLE": "Add a changelog entry",
        "CI_MERGE_REQUEST_DESCRIPTION": "Adds `CHANGES.md`.\r\n\r\n```release-note\r\nNONE\r\n```",
        "CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED": "false",
        "CI_MERGE_REQUEST_LABELS": "documentation,needs review",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": BASE_SHA,
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": "",
        "CI_MERGE_REQUEST_TARGET_BRANCH_SHA": "",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "changelog",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_DRAFT": "false",
        "CI_MERGE_REQUEST_EVENT_TYPE": "detached",
        "CI_MERGE_REQUEST_PROJECT_ID": "278964",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "278964",
        "CI_MERGE_REQUEST_PROJECT_PATH": "octo-org/hello",
        "GITLAB_USER_LOGIN": "ada",
        "GITLAB_USER_NAME": "Ada Lovelace",
    }
    env.update(changes)
    return env


GITLAB = "GitLab merge request pipeline"


def test_a_gitlab_merge_request_pipeline_gives_every_field() -> None:
    pr = EXPECTED._replace(source=GITLAB)
    assert from_gitlab(gitlab_env()) == CiContext(pr, BASE_SHA, HEAD_SHA, GITLAB)


def test_gitlab_without_a_merge_request_gives_nothing() -> None:
    env = gitlab_env(CI_MERGE_REQUEST_IID="")
    assert from_gitlab(env) is None
    assert from_gitlab({"GITLAB_CI": "true", "CI_COMMIT_SHA": HEAD_SHA}) is None


def test_gitlab_truncated_description_no_labels_and_a_draft() -> None:
    env = gitlab_env(CI_MERGE_REQUEST_DESCRIPTION="x" * 2700, CI_MERGE_REQUEST_DRAFT="true")
    env["CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED"] = "true"
    del env["CI_MERGE_REQUEST_LABELS"]  # GitLab leaves it unset for a merge request without labels
    context = from_gitlab(env)
    assert context is not None and context.pr is not None
    assert (context.pr.body, context.pr.body_truncated) == ("x" * 2700, True)
    assert (context.pr.labels, context.pr.draft) == ((), True)


@pytest.mark.parametrize(
    ("title", "draft"),
    [("Draft: changelog", True), ("[Draft] changelog", True), ("(draft) x", True), ("x", False)],
)
def test_gitlab_before_17_10_the_title_marks_a_draft(title: str, draft: bool) -> None:
    env = gitlab_env(CI_MERGE_REQUEST_TITLE=title)
    del env["CI_MERGE_REQUEST_DRAFT"]
    context = from_gitlab(env)
    assert context is not None and context.pr is not None and context.pr.draft is draft


def test_gitlab_labels_are_split_on_commas_only() -> None:
    context = from_gitlab(gitlab_env(CI_MERGE_REQUEST_LABELS="kind::bug,needs review,Docs"))
    assert context is not None and context.pr is not None
    assert context.pr.labels == ("kind::bug", "needs review", "Docs")


def test_gitlab_fork_and_access_token_bot() -> None:
    env = gitlab_env(
        CI_MERGE_REQUEST_SOURCE_PROJECT_ID="5550001", GITLAB_USER_LOGIN="project_278964_bot_3f2a"
    )
    context = from_gitlab(env)
    assert context is not None and context.pr is not None
    assert (context.pr.fork, context.pr.author, context.pr.author_type) == (
        True,
        "project_278964_bot_3f2a",
        "Bot",
    )


def test_gitlab_merged_results_pipeline_takes_the_source_branch_head() -> None:
    merge_commit = "1111111111111111111111111111111111111111"
    env = gitlab_env(CI_COMMIT_SHA=merge_commit, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA=HEAD_SHA)
    env["CI_MERGE_REQUEST_EVENT_TYPE"] = "merged_result"
    context = from_gitlab(env)
    assert context is not None and context.pr is not None
    assert (context.head, context.pr.head_sha) == (HEAD_SHA, HEAD_SHA)


def test_gitlab_variables_that_make_no_sense_are_errors() -> None:
    with pytest.raises(PullRequestError) as caught:
        from_gitlab(gitlab_env(CI_MERGE_REQUEST_IID="4two"))
    assert str(caught.value) == "CI_MERGE_REQUEST_IID: must be a number (got '4two')"
    env = gitlab_env()
    del env["CI_MERGE_REQUEST_TITLE"]
    with pytest.raises(PullRequestError) as caught:
        from_gitlab(env)
    assert str(caught.value) == "CI_MERGE_REQUEST_IID is set, but CI_MERGE_REQUEST_TITLE is not"


# Detection


def test_detect_reads_github_actions_first(tmp_path: Path) -> None:
    path = write_event(tmp_path, pr_event())
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": path}
    assert detect({**gitlab_env(), **env}) == from_github_event("pull_request", path)


def test_detect_gitlab_and_nothing() -> None:
    assert detect(gitlab_env()) == from_gitlab(gitlab_env())
    assert detect({"CI": "true", "HOME": "/root"}) is None
    assert detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"}) is None


def test_detect_on_a_github_push_gives_nothing(tmp_path: Path) -> None:
    path = write_event(tmp_path, {"ref": "refs/heads/main", "after": HEAD_SHA})
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": path}
    assert detect(env) is None


def test_detect_fails_when_the_event_file_is_gone(tmp_path: Path) -> None:
    path = str(tmp_path / "event.json")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": path}
    with pytest.raises(PullRequestError) as caught:
        detect(env)
    assert str(caught.value) == (
        f"{path}: cannot read the GitHub event file: No such file or directory"
    )


def test_reading_nothing_imports_no_json() -> None:
    code = (
        "import sys\n"
        "from policylint.facts.pr import detect\n"
        "env = {'GITHUB_ACTIONS': 'true', 'GITHUB_EVENT_NAME': 'push', 'GITHUB_EVENT_PATH': 'x'}\n"
        "assert detect(env) is None and detect({}) is None\n"
        "print(sorted({'json', 'pathlib', 'jsonschema'} & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "[]\n", result.stderr


# The same merge request on both platforms


@pytest.fixture
def branch_repo(make_repo: MakeRepo) -> tuple[Path, str, str]:
    """A repository whose ``changelog`` branch adds a file to ``main``: (root, base, head)."""
    root = make_repo({"README.md": "# hello\n", "src/hello.py": "print('hello')\n"})
    git(root, "checkout", "-q", "-b", "changelog")
    (root / "CHANGES.md").write_text("# Changes\n\n- A changelog.\n", encoding="utf-8")
    git(root, "add", "CHANGES.md")
    git(root, "commit", "-q", "-m", "Add a changelog")
    git(root, "checkout", "-q", "main")
    base, head = (git(root, "rev-parse", ref).strip() for ref in ("main", "changelog"))
    return root, base, head


def github_and_gitlab(
    tmp_path: Path, *, base_tip: str, merge_base: str, head: str, commit_sha: str = ""
) -> tuple[CiContext | None, CiContext | None]:
    """The contexts that GitHub (base.sha is the base branch's tip) and GitLab (the diff base
    is the merge base) give for one merge request."""
    event = pr_event(head=branch("changelog", head, repository("octo-org/hello")))
    event["pull_request"]["base"]["sha"] = base_tip
    github = from_github_event("pull_request", write_event(tmp_path, event))
    env = gitlab_env(CI_MERGE_REQUEST_DIFF_BASE_SHA=merge_base, CI_COMMIT_SHA=commit_sha or head)
    if commit_sha:  # a merged-results pipeline builds a merge commit
        env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = head
        env["CI_MERGE_REQUEST_EVENT_TYPE"] = "merged_result"
    return github, from_gitlab(env)


def diff(root: Path, context: CiContext | None) -> tuple[str, str]:
    assert context is not None and context.base is not None and context.head is not None
    merge_base = git(root, "merge-base", context.base, context.head).strip()
    return merge_base, git(root, "diff", "--name-status", f"{context.base}...{context.head}")


def test_github_and_gitlab_give_identical_facts(
    tmp_path: Path, branch_repo: tuple[Path, str, str]
) -> None:
    root, base, head = branch_repo
    github, gitlab = github_and_gitlab(tmp_path, base_tip=base, merge_base=base, head=head)
    assert github is not None and gitlab is not None
    assert github.pr is not None and gitlab.pr is not None
    assert github.pr._replace(source="") == gitlab.pr._replace(source="")
    assert (github.base, github.head) == (gitlab.base, gitlab.head) == (base, head)
    assert diff(root, github) == diff(root, gitlab) == (base, "A\tCHANGES.md\n")


def test_after_the_base_branch_moves_both_still_give_the_same_change(
    tmp_path: Path, branch_repo: tuple[Path, str, str]
) -> None:
    root, merge_base, head = branch_repo
    (root / "README.md").write_text("# hello, again\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Main moves on")
    tip = git(root, "rev-parse", "main").strip()
    git(root, "checkout", "-q", "-b", "merge-result", tip)
    git(root, "merge", "-q", "--no-ff", "-m", "Merge changelog", "changelog")
    merge_commit = git(root, "rev-parse", "HEAD").strip()
    github, gitlab = github_and_gitlab(
        tmp_path, base_tip=tip, merge_base=merge_base, head=head, commit_sha=merge_commit
    )
    assert github is not None and gitlab is not None
    assert github.pr is not None and gitlab.pr is not None
    # GitHub names the base branch's tip, GitLab the merge base: the same three-dot change.
    assert github.pr._replace(source="", base_sha=None) == gitlab.pr._replace(
        source="", base_sha=None
    )
    assert github.head == gitlab.head == head
    assert diff(root, github) == diff(root, gitlab) == (merge_base, "A\tCHANGES.md\n")


# --pr-json FILE


def write_pr_json(tmp_path: Path, text: str) -> str:
    path = tmp_path / "pr.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_pr_json_with_every_key(tmp_path: Path) -> None:
    document = {
        "title": "Add a changelog entry",
        "body": "Adds `CHANGES.md`.\r\n\r\n```release-note\r\nNONE\r\n```",
        "labels": ["documentation", "needs review"],
        "author": "ada",
        "author_type": "User",
        "draft": False,
        "base_ref": "main",
        "head_ref": "changelog",
        "base_sha": BASE_SHA,
        "head_sha": HEAD_SHA,
        "fork": False,
        "number": 42,
        "body_truncated": False,
    }
    path = write_pr_json(tmp_path, json.dumps(document))
    source = f"--pr-json {path}"
    pr = EXPECTED._replace(source=source)
    assert from_json(path) == CiContext(pr, BASE_SHA, HEAD_SHA, source, f"{path}:1:262: $.base_sha")


def test_pr_json_with_a_title_only_and_refs(tmp_path: Path) -> None:
    path = write_pr_json(
        tmp_path, '{"title": "WIP", "body": "", "base_ref": "main", "head_ref": "topic"}'
    )
    source = f"--pr-json {path}"
    pr = PullRequest("WIP", None, base_ref="main", head_ref="topic", source=source)
    assert from_json(path) == CiContext(pr, "main", "topic", source, f"{path}:1:42: $.base_ref")


def test_pr_json_reports_every_problem_with_its_position(tmp_path: Path) -> None:
    path = write_pr_json(
        tmp_path,
        "{\n"
        '  "title": "Add a changelog",\n'
        '  "labels": ["docs", 7],\n'
        '  "lables": ["docs"],\n'
        '  "draft": "no",\n'
        '  "base_sha": "main",\n'
        '  "number": 0,\n'
        '  "title": "Add a changelog entry"\n'
        "}\n",
    )
    with pytest.raises(PullRequestError) as caught:
        from_json(path)
    assert caught.value.problems == [
        f"{path}:3:22: $.labels[1]: must be a string (got 7)",
        f"{path}:4:3: $.lables: unknown key 'lables'; did you mean 'labels'?",
        f"{path}:5:12: $.draft: must be true or false (got 'no')",
        f"{path}:6:15: $.base_sha: must match ^[0-9a-f]{{7,64}}$ (got 'main')",
        f"{path}:7:13: $.number: must be at least 1 (got 0)",
        f"{path}:8:3: $.title: duplicate key 'title' (first defined on line 2)",
    ]


def test_pr_json_without_a_title_or_not_a_mapping(tmp_path: Path) -> None:
    path = write_pr_json(tmp_path, '  {"labels": []}')
    with pytest.raises(PullRequestError) as caught:
        from_json(path)
    assert str(caught.value) == f"{path}:1:3: $: missing required key 'title'"
    path = write_pr_json(tmp_path, '["title"]')
    with pytest.raises(PullRequestError) as caught:
        from_json(path)
    assert str(caught.value) == f"{path}:1:1: $: must be a mapping (got a list)"


def test_pr_json_that_is_no_json(tmp_path: Path) -> None:
    path = write_pr_json(tmp_path, '{"title": "x",\n "labels": [}\n')
    with pytest.raises(PullRequestError) as caught:
        from_json(path)
    assert str(caught.value) == f"{path}:2:13: invalid JSON: Expecting value"
    path = write_pr_json(tmp_path, "[" * 100_000)
    with pytest.raises(PullRequestError) as caught:
        from_json(path)
    assert str(caught.value) == f"{path}:1:501: invalid JSON: nested deeper than 500 levels"


def test_the_schema_documents_every_field() -> None:
    schema = json.loads((ROOT / "schemas" / "pr.schema.json").read_text(encoding="utf-8"))
    assert list(schema["properties"]) == [f for f in PullRequest._fields if f != "source"]
    assert schema["required"] == ["title"]
    assert schema["additionalProperties"] is False


# Flags


def test_flags_give_a_pull_request() -> None:
    pr = from_flags("fix: a typo", "", ["typo", "docs"], "ada")
    assert pr == PullRequest("fix: a typo", None, ("typo", "docs"), "ada")
    assert from_flags("x") == PullRequest("x", None)
