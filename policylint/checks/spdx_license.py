"""spdx-license: the licence file is a licence askalono recognises, by its SPDX id.

What it checks
    That one of the licence files the ``globs`` find (by default at the repository root:
    ``LICENSE``, ``LICENCE``, ``COPYING``, ``UNLICENSE``, ``MIT-LICENSE``, any extension, and
    the files of a REUSE ``LICENSES/`` directory) is identified by askalono, the licence
    detector (``pyaskalono``), as an SPDX licence with a score of at least 0.8: the rule passes
    and reports the SPDX id (in JSON as the rule's ``details``, in SARIF as the run's
    ``ruleDetails``, in the audit report as the repository's licence). A file holding the
    project's licence followed by the notices of bundled code is identified by its first
    section that is a licence.

    A licence file that is empty, whitespace only or holds a template placeholder (``TODO:
    pick a licence``, ``[year] [fullname]``, ``[FILL IN: ...]``) fails with its line, at the
    rule's severity. A text askalono does not recognise is a ``warning`` that says so and names
    the closest licence; so is a run without the detector installed. With ``allowed``, an
    identified licence that is not in the list fails, naming its SPDX id.

Why
    A licence file that nobody can identify — or that says "TODO" — gives users and
    contributors no terms at all; an audit that can say "MIT" or "Apache-2.0" for every
    repository shows at once which ones need a lawyer's look.

Options
    askalono answers in about 140 ms per text, so answers are cached by the text's SHA-256 in
    policylint's cache directory: the pre-commit hook does not pay it twice. When no file
    matches, the rule passes: presence is the job of a ``file-exists`` rule (``license``).
    askalono's licence store knows Apache-2.0 with its appendix; the text without it, which
    askalono takes for ``Pixar``, is reported as ``Apache-2.0`` when it never names Pixar.

Example
    ```yaml
    license-identified:
      kind: spdx-license
      title: The licence is identified
      severity: error
      options:
        allowed: [MIT, Apache-2.0, BSD-3-Clause]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.community import (
    Text,
    locate_options,
    located,
    read_filled,
    validate_locate,
)
from policylint.conventions.licences import THRESHOLD, Identified, identify
from policylint.model import Observation, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Rule

GLOBS = ["license*", "licence*", "copying*", "unlicense*", "mit-license*"]
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **locate_options(GLOBS, [""]),
        "allowed": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "SPDX ids the project may use; by default any identified licence.",
        },
    },
}
EXAMPLES = (
    Example(
        options={},
        passes={
            "files": {
                "LICENSE": (
                    "Permission to use, copy, modify, and/or distribute this software for any\n"
                    "purpose with or without fee is hereby granted, provided that the above\n"
                    "copyright notice and this permission notice appear in all copies.\n\n"
                    'THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\n'
                    "WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\n"
                    "MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR\n"
                    "ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\n"
                    "WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN\n"
                    "ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF\n"
                    "OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n"
                )
            }
        },
        fails={"files": {"LICENSE": "Copyright 2026 Ada\n\nTODO: pick a licence\n"}},
        message='still holds the template placeholder "TODO: pick a licence"',
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    return validate_locate(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem | Observation]:
    texts, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems
    if not texts:
        return
    results = [(file, identify(file.text)) for file in texts]
    known = [(file, found) for file, found in results if found.spdx is not None]
    if not known:
        from policylint.checks.support.evidence import files_read

        looked_at = (files_read([file.path for file in texts]),)
        yield _unrecognised(*results[0])._replace(evidence=looked_at)
        return
    ids = list(dict.fromkeys(found.spdx or "" for _, found in known))
    paths = [file.path for file, _ in known]
    yield Observation({"spdx": ", ".join(ids), "path": ", ".join(paths)})
    allowed = rule.options.get("allowed")
    if allowed is not None:
        yield from _not_allowed(known, allowed)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: each licence file's SPDX id and its score, or that no licence
    file was found (a file-exists rule judges that)."""
    from policylint.checks.support.evidence import listed, nothing_located
    from policylint.display import display

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    known = [(file, found) for file in texts if (found := identify(file.text)).spdx is not None]
    if not known:
        return [nothing_located(rule.options["globs"], rule.options["directories"])]
    shown = [
        f"{display(file.path)}: {found.spdx} (score {found.score:.2f})" for file, found in known
    ]
    allowed = rule.options.get("allowed")
    return [listed(shown), *([f"allowed: {', '.join(allowed)}"] if allowed is not None else [])]


def _unrecognised(file: Text, found: Identified) -> Problem:
    if found.unavailable is not None:
        message = f"not identified: {found.unavailable}"
    elif found.closest is None:
        message = (
            f"not recognised as an SPDX licence: no licence text comes close (a score of "
            f"{found.score:.2f}, below {THRESHOLD}); use the unchanged text of a licence "
            "(https://spdx.org/licenses/)"
        )
    else:
        message = (
            f"not recognised as an SPDX licence: the closest is {found.closest} with a score of "
            f"{found.score:.2f}, below {THRESHOLD}; use the unchanged text of a licence "
            "(https://spdx.org/licenses/)"
        )
    properties = {"spdx": "NOASSERTION"}
    if found.closest is not None:
        properties["closest"] = found.closest
    return Problem(
        message, file.path, 1, key=f"{file.path}:spdx", severity="warning", properties=properties
    )


def _not_allowed(known: list[tuple[Text, Identified]], allowed: list[str]) -> Iterator[Problem]:
    permitted = {spdx.lower() for spdx in allowed}
    for file, found in known:
        spdx = found.spdx or ""
        if spdx.lower() not in permitted:
            message = f"is {spdx}, which is not one of the allowed licences ({', '.join(allowed)})"
            yield Problem(
                message, file.path, 1, key=f"{file.path}:allowed", properties={"spdx": spdx}
            )
