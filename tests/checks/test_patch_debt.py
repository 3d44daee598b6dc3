"""The patch-debt check kind on real repositories: DEP-3 and Yocto patch headers, drop-by
dates, and deprecations that declare their removal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from policylint.checks import patch_debt
from policylint.errors import PolicyError
from policylint.loading import load_policy
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo, git

DIFF = "---\n a/x.c | 1 +\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1,2 @@\n x\n+y\n"
FORWARDED = "Forwarded: https://github.com/example/x/pull/1\n"
DROP_BY = "Drop-By: 2027-01-31\n"
NOW = "2026-11-21"
MISSING_UPSTREAM = (
    "The patch does not say where it went upstream: add Forwarded: <url> or Bug: <url> "
    "(DEP-3; Forwarded: not-needed if it is not meant for upstream) or Upstream-Status: (Yocto)"
)
NO_DROP_BY = "No Drop-By: date: say by when the patch must be dropped (Drop-By: YYYY-MM-DD)"

Found = list[tuple[str | None, int | None, str]]


def at(day: str) -> float:
    """Noon UTC of ``day`` (YYYY-MM-DD), in seconds since the epoch."""
    moment = datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def failures(result: Result) -> Found:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    assert all(f.status == "fail" for f in result.findings), result.findings
    return [(f.path, f.line, f.message) for f in result.findings]


def patch(header: str) -> str:
    return "Description: Fix the build with GCC 14\n" + header + DIFF


def one_patch(make_repo: MakeRepo, header: str, options: dict[str, Any] | None = None) -> Found:
    root = make_repo({"patches/fix.patch": patch(header)})
    return failures(run_check("patch-debt", options, root=root, now=at(NOW)))


@pytest.mark.parametrize(
    "header",
    [
        FORWARDED,
        "Forwarded: yes\n",
        "Bug: https://github.com/example/x/issues/7\n",
        "Applied-Upstream: 2.1, commit:0123abcd\n",
        "Origin: upstream, https://github.com/example/x/commit/0123abcd\n",
        "Origin: backport, https://github.com/example/x/commit/0123abcd\n",
        "forwarded: https://lists.example.org/msg/1\n",  # field names ignore case
        "Upstream-Status: Submitted [https://github.com/example/x/pull/1]\n",
        "Upstream-Status: Submitted\n",
        "Upstream-Status: Backport [2.1]\n",
        "Upstream-Status: Accepted\n",
        "Upstream-Status: Denied [upstream wants a different API]\n",
        "upstream-status: backport [https://github.com/example/x/commit/0123abcd]\n",
    ],
)
def test_a_patch_that_went_upstream_with_a_drop_by_date_passes(make_repo, header):
    assert one_patch(make_repo, header + DROP_BY) == []


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Origin: vendor, https://salsa.debian.org/x\n",
        "Origin: other\n",
        "Origin: https://github.com/example/x/commit/0123abcd\n",  # no keyword: not known upstream
        "Bug-Debian: https://bugs.debian.org/1000\n",
        "Bug-Ubuntu: https://launchpad.net/bugs/1\n",
        "Forwarded:\n",
    ],
)
def test_a_patch_that_does_not_say_where_it_went_upstream_fails(make_repo, header):
    found = one_patch(make_repo, header + DROP_BY)
    assert found == [("patches/fix.patch", 1, MISSING_UPSTREAM)]


def test_forwarded_no_is_work_not_done_unless_pending_is_allowed(make_repo):
    found = one_patch(make_repo, "Author: Ann <ann@example.org>\nForwarded: no\n" + DROP_BY)
    message = (
        "Forwarded: no: the patch has not been sent upstream; send it and record where "
        "(Forwarded: <url>), or write Forwarded: not-needed if it is not meant for upstream"
    )
    assert found == [("patches/fix.patch", 3, message)]
    header = "Forwarded: no\n" + DROP_BY
    assert one_patch(make_repo, header, {"allow-pending": True}) == []


def test_an_explicit_forwarded_no_wins_over_a_bug(make_repo):
    found = one_patch(make_repo, "Bug: https://example.org/bugs/1\nForwarded: no\n" + DROP_BY)
    assert [line for _, line, _ in found] == [3]
    assert found[0][2].startswith("Forwarded: no: the patch has not been sent upstream")


def test_upstream_status_pending_is_work_not_done_unless_pending_is_allowed(make_repo):
    found = one_patch(make_repo, "Upstream-Status: Pending\n" + DROP_BY)
    message = (
        "Upstream-Status: Pending: the patch has not been sent upstream; send it and write "
        "Submitted [where], or Inappropriate [reason] if it is not meant for upstream"
    )
    assert found == [("patches/fix.patch", 2, message)]
    header = "Upstream-Status: Pending\n" + DROP_BY
    assert one_patch(make_repo, header, {"allow-pending": True}) == []


def test_upstream_status_decides_over_dep3_fields(make_repo):
    found = one_patch(make_repo, FORWARDED + "Upstream-Status: Pending\n" + DROP_BY)
    assert [line for _, line, _ in found] == [3]


def test_a_malformed_upstream_status_fails(make_repo):
    found = one_patch(make_repo, "Upstream-Status: Maybe later\n" + DROP_BY)
    assert found == [
        (
            "patches/fix.patch",
            2,
            "Upstream-Status: 'Maybe later' is not one of Pending, Submitted [where], "
            "Backport [version], Denied [reason], Inactive-Upstream [lastcommit: when], "
            "Inappropriate [reason]",
        )
    ]
    found = one_patch(make_repo, "Upstream-Status: Inappropriate\n")
    message = "Upstream-Status: Inappropriate needs a reason: Inappropriate [oe specific]"
    assert found == [("patches/fix.patch", 1, NO_DROP_BY), ("patches/fix.patch", 2, message)]


def test_an_untrusted_status_is_shown_escaped(make_repo):
    found = one_patch(make_repo, "Upstream-Status: \x1b[31mRed\u202e\n" + DROP_BY)
    assert found[0][2].startswith("Upstream-Status: '\\x1b[31mRed\\u202e' is not one of ")


@pytest.mark.parametrize(
    "header",
    [
        "Forwarded: not-needed\n",
        "Upstream-Status: Inappropriate [oe specific]\n",
        "Upstream-Status: Inactive-Upstream [lastcommit: 2019, lastrelease: 2018]\n",
        "Upstream-Status: Inactive-Upstream\n",
    ],
)
def test_a_permanent_patch_needs_no_drop_by_date(make_repo, header):
    assert one_patch(make_repo, header) == []


def test_a_denied_patch_still_needs_a_drop_by_date(make_repo):
    found = one_patch(make_repo, "Upstream-Status: Denied [they prefer a flag]\n")
    assert found == [("patches/fix.patch", 1, NO_DROP_BY)]


def test_a_missing_drop_by_date_fails_unless_not_required(make_repo):
    assert one_patch(make_repo, FORWARDED) == [("patches/fix.patch", 1, NO_DROP_BY)]
    assert one_patch(make_repo, FORWARDED, {"require-drop-by": False}) == []


def test_an_overdue_patch_fails_with_the_days_it_is_overdue(make_repo):
    found = one_patch(make_repo, FORWARDED + "Drop-By: 2026-03-01\n")
    message = "Overdue since 2026-03-01 (265 days): drop the patch, or set a new Drop-By: date"
    assert found == [("patches/fix.patch", 3, message)]
    found = one_patch(make_repo, FORWARDED + "Drop-By: 2026-11-20\n")
    message = "Overdue since 2026-11-20 (1 day): drop the patch, or set a new Drop-By: date"
    assert found == [("patches/fix.patch", 3, message)]
    assert one_patch(make_repo, FORWARDED + "Drop-By: 2026-11-21\n") == []  # due today


def test_a_drop_by_date_may_be_followed_by_a_note(make_repo):
    assert one_patch(make_repo, FORWARDED + "Drop-By: 2027-06-30 (when 3.0 ships)\n") == []


@pytest.mark.parametrize("value", ["soon", "2026-02-30", "31.12.2026", "2026/12/31"])
def test_a_drop_by_value_that_is_no_date_fails(make_repo, value):
    found = one_patch(make_repo, FORWARDED + f"Drop-By: {value}\n")
    message = f"Drop-By: {value!r} is not a date (YYYY-MM-DD)"
    assert found == [("patches/fix.patch", 3, message)]


def test_an_empty_drop_by_value_is_no_date(make_repo):
    found = one_patch(make_repo, FORWARDED + "Drop-By:\n")
    assert found == [("patches/fix.patch", 3, "Drop-By: '' is not a date (YYYY-MM-DD)")]


def test_the_drop_by_field_can_be_renamed_and_remove_by_is_a_synonym(make_repo):
    header = FORWARDED + "Expires: 2026-01-01\n"
    found = one_patch(make_repo, header, {"drop-by-field": "Expires:"})
    message = "Overdue since 2026-01-01 (324 days): drop the patch, or set a new Expires: date"
    assert found == [("patches/fix.patch", 3, message)]
    found = one_patch(make_repo, FORWARDED, {"drop-by-field": "Expires"})
    no_date = "No Expires: date: say by when the patch must be dropped (Expires: YYYY-MM-DD)"
    assert found == [("patches/fix.patch", 1, no_date)]
    assert one_patch(make_repo, FORWARDED + "Remove-By: 2027-01-01\n") == []


def test_only_the_header_is_read(make_repo):
    diff_with_fields = (
        "diff --git a/debian/control b/debian/control\n--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n"
        "+Forwarded: https://example.org\n+Drop-By: 2030-01-01\n"
    )
    root = make_repo({"patches/a.patch": "Description: x\n" + diff_with_fields})
    found = failures(run_check("patch-debt", root=root, now=at(NOW)))
    assert found == [
        ("patches/a.patch", 1, MISSING_UPSTREAM),
        ("patches/a.patch", 1, NO_DROP_BY),
    ]


def test_a_description_continuation_line_is_no_field(make_repo):
    header = "Description: Fix x\n Forwarded: no, says the bug reporter\n" + FORWARDED + DROP_BY
    assert one_patch(make_repo, header) == []


def test_a_git_format_patch_with_trailers_passes(make_repo):
    text = (
        "From 0123abcd Mon Sep 17 00:00:00 2001\n"
        "From: Ann Example <ann@example.org>\n"
        "Date: Tue, 3 Mar 2026 10:00:00 +0100\n"
        "Subject: [PATCH] Fix the build with GCC 14\n\n"
        "The new compiler warns about x.\n\n"
        "Upstream-Status: Backport [https://github.com/example/x/commit/0123abcd]\n"
        "Drop-By: 2027-01-31\n"
        "Signed-off-by: Ann Example <ann@example.org>\n" + DIFF
    )
    root = make_repo({"patches/0001-fix.patch": text})
    assert failures(run_check("patch-debt", root=root, now=at(NOW))) == []


def test_a_dpatch_style_commented_header_is_read(make_repo):
    text = "#! /bin/sh /usr/share/dpatch/dpatch-run\n## Forwarded: https://example.org/1\n"
    root = make_repo({"debian/patches/01_fix.dpatch": text + "# Drop-By: 2027-01-01\n" + DIFF})
    assert failures(run_check("patch-debt", root=root, now=at(NOW))) == []


def test_default_globs_take_debian_patches_but_not_the_series(make_repo):
    root = make_repo(
        {
            "debian/patches/series": "fix.patch\n",
            "debian/patches/00list": "fix\n",
            "debian/patches/fix.patch": patch(""),
            "patches/sub/old.diff": patch(FORWARDED + DROP_BY),
            "patches/README": "not a patch\n",
            "src/fix.patch": patch(""),  # not where carried patches live by default
        }
    )
    assert failures(run_check("patch-debt", root=root, now=at(NOW))) == [
        ("debian/patches/fix.patch", 1, MISSING_UPSTREAM),
        ("debian/patches/fix.patch", 1, NO_DROP_BY),
    ]
    assert failures(
        run_check("patch-debt", {"globs": ["src/*.patch"]}, root=root, now=at(NOW))
    ) == [
        ("src/fix.patch", 1, MISSING_UPSTREAM),
        ("src/fix.patch", 1, NO_DROP_BY),
    ]


def test_a_binary_or_unreadable_patch_fails(make_repo, tmp_path):
    outside = tmp_path / "outside.patch"
    outside.write_text(patch(FORWARDED + DROP_BY), encoding="utf-8")
    root = make_repo({"patches/bin.patch": b"GIT binary patch\0\x01"})
    (root / "patches" / "link.patch").symlink_to(outside)
    git(root, "add", "patches/link.patch")
    assert failures(run_check("patch-debt", root=root, now=at(NOW))) == [
        ("patches/bin.patch", None, "Patch header not read: a binary file"),
        (
            "patches/link.patch",
            None,
            "Patch header not read: not a regular file inside the checkout (a broken link or "
            "one leading out)",
        ),
    ]


def test_a_field_beyond_the_header_limit_is_not_read(make_repo):
    long = "Description: x\n" + " more words\n" * (patch_debt.HEADER_BYTES // 12) + FORWARDED
    root = make_repo({"patches/long.patch": long + DROP_BY + DIFF})
    assert failures(run_check("patch-debt", root=root, now=at(NOW))) == [
        ("patches/long.patch", 1, MISSING_UPSTREAM),
        ("patches/long.patch", 1, NO_DROP_BY),
    ]


def test_no_patches_passes(make_repo):
    assert (
        failures(run_check("patch-debt", root=make_repo({"README.md": "# x\n"}), now=at(NOW))) == []
    )


# --- deprecations ---------------------------------------------------------------------------

SOURCE = """\
import warnings


def old():  # DEPRECATED: remove in 3.0
    pass


@deprecated(since="1.2", removal="2.0")
def older():
    pass


# deprecated: remove after 2026-06-01
def oldest():
    warnings.warn("oldest() is deprecated and will be removed in version 4", DeprecationWarning)


@deprecation.deprecated(deprecated_in="1.0", removed_in="2.1.0")
def other():
    pass
    # Deprecated, will be dropped in v2.5 (said the docs)
    # Deprecated: remove on 2027-01-01
"""


def deprecations(make_repo: MakeRepo, options: dict[str, Any] | None = None) -> Found:
    root = make_repo({"src/lib.py": SOURCE, "README.md": "deprecated: remove in 1.0\n"})
    return failures(
        run_check(
            "patch-debt",
            {"globs": [], "deprecations": {"globs": ["src/**/*.py"], **(options or {})}},
            root=root,
            now=at(NOW),
        )
    )


def test_deprecations_past_their_removal_version_and_date_fail(make_repo):
    found = deprecations(make_repo, {"current-version": "2.1"})
    later = "remove the deprecated code, or move its removal to a later version"
    assert found == [
        (
            "src/lib.py",
            8,
            f"Deprecation due for removal in 2.0; the current version is 2.1: {later}",
        ),
        (
            "src/lib.py",
            13,
            "Deprecation overdue since 2026-06-01 (173 days): remove the deprecated code, or "
            "move its removal date",
        ),
        (
            "src/lib.py",
            18,
            f"Deprecation due for removal in 2.1.0; the current version is 2.1: {later}",
        ),
    ]


def test_a_version_equal_to_the_current_one_is_due_and_suffixes_are_ignored(make_repo):
    found = deprecations(make_repo, {"current-version": "v3.0.0rc1"})
    lines = [line for _, line, _ in found]
    assert lines == [4, 8, 13, 18, 21]
    assert found[0][2].startswith("Deprecation due for removal in 3.0; the current version is ")
    assert found[4][2].startswith("Deprecation due for removal in 2.5; the current version is ")
    assert [line for _, line, _ in deprecations(make_repo, {"current-version": "4"})] == [
        4, 8, 13, 15, 18, 21
    ]  # fmt: skip


def test_without_a_current_version_only_dates_are_judged(make_repo):
    assert [line for _, line, _ in deprecations(make_repo)] == [13]


def test_a_deprecation_date_in_the_future_passes(make_repo):
    assert deprecations(make_repo, {"current-version": "1.9"}) == [
        (
            "src/lib.py",
            13,
            "Deprecation overdue since 2026-06-01 (173 days): remove the deprecated code, or "
            "move its removal date",
        )
    ]
    root = make_repo({"lib.c": "/* deprecated: remove after 2027-01-01 */\n"})
    assert (
        failures(
            run_check(
                "patch-debt",
                {"globs": [], "deprecations": {"globs": ["*.c"]}},
                root=root,
                now=at(NOW),
            )
        )
        == []
    )


def test_a_malformed_deprecation_date_fails(make_repo):
    root = make_repo({"lib.c": "int x;\n/* DEPRECATED: remove after 2026-13-01 */\n"})
    found = failures(
        run_check(
            "patch-debt", {"globs": [], "deprecations": {"globs": ["*.c"]}}, root=root, now=at(NOW)
        )
    )
    message = "Deprecation removal date '2026-13-01' is not a date (YYYY-MM-DD)"
    assert found == [("lib.c", 2, message)]


def test_a_custom_deprecation_pattern(make_repo):
    root = make_repo({"a.go": "package a\n\n// Sunset: v1.4\nfunc A() {}\n// Sunset: 1.6\n"})
    options = {"globs": ["*.go"], "pattern": r"^// Sunset: v?(?P<version>[\d.]+)$"}
    found = failures(
        run_check(
            "patch-debt",
            {"globs": [], "deprecations": {**options, "current-version": "1.5"}},
            root=root,
            now=at(NOW),
        )
    )
    message = (
        "Deprecation due for removal in 1.4; the current version is 1.5: remove the deprecated "
        "code, or move its removal to a later version"
    )
    assert found == [("a.go", 3, message)]


def test_binary_and_large_sources_are_skipped(make_repo):
    big = "# deprecated: remove after 2020-01-01\n" + "x = 1\n" * 200_000
    root = make_repo({"a.bin": b"\0deprecated: remove after 2020-01-01", "big.py": big})
    assert (
        failures(
            run_check(
                "patch-debt",
                {"globs": [], "deprecations": {"globs": ["*"]}},
                root=root,
                now=at(NOW),
            )
        )
        == []
    )


def test_patches_and_deprecations_together(make_repo):
    root = make_repo({"patches/a.patch": patch(FORWARDED), "x.py": "# deprecated: remove in 1\n"})
    found = failures(
        run_check(
            "patch-debt",
            {"deprecations": {"globs": ["*.py"], "current-version": "1.0"}},
            root=root,
            now=at(NOW),
        )
    )
    assert [(path, line) for path, line, _ in found] == [("patches/a.patch", 1), ("x.py", 1)]


# --- options --------------------------------------------------------------------------------


def test_validate():
    assert patch_debt.validate({}) == []
    assert patch_debt.validate({"globs": [], "deprecations": {"globs": ["src/**"]}}) == []
    assert patch_debt.validate({"globs": []}) == [
        OptionError(("globs",), "no patches and no deprecations: nothing to check")
    ]
    options = {"globs": ["p/["], "deprecations": {"globs": ["a", "b/["], "pattern": "x("}}
    assert patch_debt.validate(options) == [
        OptionError(
            ("globs", 0), "pattern 'p/[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(
            ("deprecations", "globs", 1),
            "pattern 'b/[': unclosed character class; write \\[ for a literal [",
        ),
        OptionError(
            ("deprecations", "pattern"),
            "not a regular expression: missing ), unterminated subpattern at position 1",
        ),
    ]
    assert patch_debt.validate({"deprecations": {"globs": ["a"], "pattern": "remove (\\d+)"}}) == [
        OptionError(
            ("deprecations", "pattern"),
            "needs a named group (?P<date>...) or (?P<version>...) holding the removal",
        )
    ]


def test_options_are_validated_at_their_positions(make_repo):
    root = make_repo({}, use_git=False)
    (root / ".policylint.yaml").write_text(
        "rules:\n"
        "  debt:\n"
        "    kind: patch-debt\n"
        "    title: Patch debt\n"
        "    severity: error\n"
        "    options:\n"
        "      drop-by-field: 'Drop By'\n"
        "      deprecations: {globs: [src/**], current-version: next}\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(root / ".policylint.yaml", root=root, use_cache=False)
    assert caught.value.problems == [
        ".policylint.yaml:7:22: $.rules.debt.options.drop-by-field: must match "
        "^[A-Za-z][A-Za-z0-9-]*:?$ (got 'Drop By')",
        ".policylint.yaml:8:56: $.rules.debt.options.deprecations.current-version: must match "
        "^v?\\d+(\\.\\d+)* (got 'next')",
    ]
