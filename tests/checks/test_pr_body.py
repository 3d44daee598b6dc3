"""The pr-body check kind, run through the engine with pull-request facts."""

from __future__ import annotations

import pytest

from policylint.checks import KINDS, load_kind, pr_body
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.model import Location, OptionError, Policy, Rule
from tests.helpers.kinds import documented_rule, pr_level_messages, run_check

FILL = "write the note in it, or NONE when the change needs none"
NO_BLOCK = f"the description has no release-note block (```release-note ... ```); {FILL}"
EMPTY_BLOCK = f"the description has an empty release-note block; {FILL}"
TRUNCATED = (
    " (GitLab truncated this description in CI_MERGE_REQUEST_DESCRIPTION; the full text may"
    " meet this: pass it with --pr-json)"
)

TEMPLATE = """\
<!-- Thanks for sending a pull request! Please fill in every section. -->

## What this PR does

<!-- Describe the change. -->

## Testing
<!--
How did you test it?
-->

## Notes
"""

FILLED = """\
## What this PR does / why we need it

Adds retries to the uploader, which failed on flaky networks.

## Testing:

### Unit
`pytest tests/test_upload.py`

```
## not a heading: inside a fence
```

Checklist
=========
- [x] docs
"""


def pull_request(body: str | None, *, labels: tuple[str, ...] = ()) -> PullRequest:
    return PullRequest(title="feat: x", body=body, labels=labels)


messages = pr_level_messages


def test_registered():
    assert load_kind("pr-body") is pr_body
    assert KINDS["pr-body"].needs == frozenset({"pr"})


def test_min_length_does_not_count_comments_or_runs_of_whitespace(tmp_path):
    minimum = {"min-length": 20}
    assert (
        messages(
            run_check(
                "pr-body", minimum, root=tmp_path, pr=pull_request("Fixes   the\n\nupload bug.")
            )
        )
        == []
    )
    assert messages(
        run_check("pr-body", {"min-length": 50}, root=tmp_path, pr=pull_request(TEMPLATE))
    ) == [
        # "## What this PR does ## Testing ## Notes": the headings of an unfilled template
        "the description has 40 characters without HTML comments, fewer than 50"
    ]
    unclosed = "short <!-- a very long comment, never closed"
    assert messages(run_check("pr-body", minimum, root=tmp_path, pr=pull_request(unclosed))) == [
        "the description has 5 characters without HTML comments, fewer than 20"
    ]


@pytest.mark.parametrize("body", [None, "", " \n\t"])
def test_a_missing_description_counts_as_empty(tmp_path, body):
    assert messages(
        run_check("pr-body", {"min-length": 10}, root=tmp_path, pr=pull_request(body))
    ) == ["the pull request has no description; it needs 10 characters"]


def test_required_sections_with_content_pass(tmp_path):
    wanted = {"required-sections": ["what this PR does / why we need it", "Testing", "checklist"]}
    assert messages(run_check("pr-body", wanted, root=tmp_path, pr=pull_request(FILLED))) == []


def test_missing_and_unfilled_sections(tmp_path):
    wanted = ["What this PR does", "Testing", "Notes", "Release notes"]
    assert messages(
        run_check(
            "pr-body", {"required-sections": wanted}, root=tmp_path, pr=pull_request(TEMPLATE)
        )
    ) == [
        'the "What this PR does" section of the description is empty (HTML comments do not count)',
        'the "Testing" section of the description is empty (HTML comments do not count)',
        'the "Notes" section of the description is empty (HTML comments do not count)',
        'the description has no "Release notes" section',
    ]


def test_a_sub_heading_alone_is_no_content_but_its_text_is(tmp_path):
    wanted = {"required-sections": ["Testing"]}
    assert messages(
        run_check(
            "pr-body",
            wanted,
            root=tmp_path,
            pr=pull_request("## Testing\n### Unit\n\n## Other\ntext"),
        )
    ) == ['the "Testing" section of the description is empty (HTML comments do not count)']
    assert (
        messages(
            run_check(
                "pr-body",
                wanted,
                root=tmp_path,
                pr=pull_request("## Testing\n### Unit\nran it\n## Other"),
            )
        )
        == []
    )


def test_headings_in_fences_and_comments_do_not_count(tmp_path):
    body = "```\n## Testing\nran\n```\n<!--\n## Testing\n-->\nran"
    assert messages(
        run_check(
            "pr-body", {"required-sections": ["Testing"]}, root=tmp_path, pr=pull_request(body)
        )
    ) == ['the description has no "Testing" section']


def test_setext_heading_after_a_heading_is_no_title(tmp_path):
    body = "# Summary\n---\nSome text"
    assert pr_body.sections(body) == {"summary": True}


def test_release_note_blocks_as_prow_reads_them(tmp_path):
    notes = {"release-note": True}
    written = "Text\n```release-note\nThe uploader retries failed chunks.\n```\n"
    assert messages(run_check("pr-body", notes, root=tmp_path, pr=pull_request(written))) == []
    assert (
        messages(
            run_check(
                "pr-body", notes, root=tmp_path, pr=pull_request("```release-note normal note.```")
            )
        )
        == []
    )
    assert messages(
        run_check("pr-body", notes, root=tmp_path, pr=pull_request("No note here"))
    ) == [NO_BLOCK]
    assert messages(run_check("pr-body", notes, root=tmp_path, pr=pull_request(None))) == [NO_BLOCK]
    assert messages(
        run_check(
            "pr-body", notes, root=tmp_path, pr=pull_request("bologna ```release-note \n ```")
        )
    ) == [EMPTY_BLOCK]
    assert messages(
        run_check("pr-body", notes, root=tmp_path, pr=pull_request("```release-note\n```"))
    ) == [EMPTY_BLOCK]


@pytest.mark.parametrize("note", ["NONE", "none", "None.", " - no - ", "NO"])
def test_none_says_no_note_is_needed(tmp_path, note):
    body = f"```release-note\n{note}\n```"
    assert (
        messages(run_check("pr-body", {"release-note": True}, root=tmp_path, pr=pull_request(body)))
        == []
    )


def test_kubernetes_template_form(tmp_path):
    body = (
        "**Does this PR introduce a user-facing change?**:\n"
        "**Release note**:\n<!-- Write your release note -->\n```\nAdds --retries.\n```\n"
    )
    assert (
        messages(run_check("pr-body", {"release-note": True}, root=tmp_path, pr=pull_request(body)))
        == []
    )
    assert pr_body.release_note(body) == "Adds --retries."


def test_release_note_none_label_and_deprecation_as_in_prow(tmp_path):
    notes = {"release-note": True}
    assert (
        messages(
            run_check(
                "pr-body",
                notes,
                root=tmp_path,
                pr=pull_request("nothing", labels=("release-note-none",)),
            )
        )
        == []
    )
    deprecation = ("release-note-none", "kind/deprecation")
    assert messages(
        run_check("pr-body", notes, root=tmp_path, pr=pull_request("nothing", labels=deprecation))
    ) == [NO_BLOCK]
    assert messages(
        run_check(
            "pr-body",
            notes,
            root=tmp_path,
            pr=pull_request("```release-note\nNONE\n```", labels=("kind/deprecation",)),
        )
    ) == [
        'the release note says "NONE", but a change labelled kind/deprecation needs a release note'
    ]


def test_a_truncated_description_says_so(tmp_path):
    rule = Rule("body", "pr-body", "Body", "error", {"release-note": True}, Location("t", 1, 1))
    pr = PullRequest(title="x", body="a long text, cut", body_truncated=True)
    result = evaluate(Policy(("t",), (rule,)), Facts(Repo(tmp_path), pr=pr))
    assert messages(result) == [NO_BLOCK + TRUNCATED]


def test_validate_needs_a_condition():
    message = "give at least one of min-length, required-sections, release-note"
    assert pr_body.validate({}) == [OptionError((), message)]
    assert pr_body.validate({"release-note": False}) == [OptionError((), message)]
    assert pr_body.validate({"release-note": True}) == []


def test_the_documented_example_loads_and_works(tmp_path):
    rule = documented_rule(pr_body, tmp_path)
    assert messages(
        run_check(
            "pr-body",
            rule.options,
            root=tmp_path,
            pr=pull_request(FILLED + "```release-note\nNONE\n```\n"),
        )
    ) == ['the description has no "What this PR does" section']
    # Headings are whole titles: "What this PR does / why we need it" is another one.
    assert messages(
        run_check("pr-body", rule.options, root=tmp_path, pr=pull_request(TEMPLATE))
    ) == [
        'the "What this PR does" section of the description is empty (HTML comments do not count)',
        'the "Testing" section of the description is empty (HTML comments do not count)',
        NO_BLOCK,
    ]


def test_hostile_descriptions_are_read_in_linear_time(tmp_path):
    """Descriptions are untrusted: inputs built to make the patterns backtrack."""
    n = 100_000
    bodies = [
        "<!--" * n,
        "Release note**:" * n,
        "Release note**: " + "<!--" * n,
        "```release-note" * n + "x",
        "# x\n" + "=" * n + "\n" + "- " * n,
    ]
    options = {"min-length": 1, "required-sections": ["x"], "release-note": True}
    for body in bodies:  # a rule out of time would be an error, not these findings
        assert messages(run_check("pr-body", options, root=tmp_path, pr=pull_request(body)))


def test_windows_line_endings_as_github_sends_them(tmp_path):
    body = "## Testing\r\n<!-- how? -->\r\nran it\r\n\r\n```release-note\r\nNONE\r\n```\r\n"
    options = {"required-sections": ["testing"], "release-note": True}
    assert messages(run_check("pr-body", options, root=tmp_path, pr=pull_request(body))) == []
    assert messages(
        run_check(
            "pr-body", options, root=tmp_path, pr=pull_request("## Testing\r\n<!-- how? -->\r\n")
        )
    ) == [
        'the "testing" section of the description is empty (HTML comments do not count)',
        NO_BLOCK,
    ]
