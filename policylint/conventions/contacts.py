"""Ways to reach people that community files give: e-mail addresses (also written ``security
at python dot org``), links (absolute ``https://`` URLs and Markdown/reST link targets) and the
phrases that name GitHub's private vulnerability reporting.

Addresses at the documentation domains ``example.com``/``.org``/``.net`` and ``noreply``
addresses reach nobody and are not counted. Every pattern runs in linear time.
"""

from __future__ import annotations

import re
from functools import lru_cache


class _Patterns:
    __slots__ = ("email", "private_reporting", "spelled", "target", "url")

    def __init__(self, **patterns: re.Pattern[str]) -> None:
        self.email, self.spelled = patterns["email"], patterns["spelled"]
        self.url, self.target = patterns["url"], patterns["target"]
        self.private_reporting = patterns["private_reporting"]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(
        # Each starts only where a token starts, so a long run of word characters is
        # scanned once, not from every position.
        email=re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)"),
        spelled=re.compile(
            r"(?<![\w.+-])[\w.+-]+[ \t]*(?:\[at\]|\(at\))[ \t]*([\w-]+(?:[ \t]*"
            r"(?:\[dot\]|\(dot\)|\.)[ \t]*[\w-]+)+)"
            r"|(?<![\w.+-])[\w.+-]+ at ([\w-]+(?: dot [\w-]+)+)",
            re.IGNORECASE,
        ),
        url=re.compile(r"https://[^\s<>()\[\]\"'`]+", re.IGNORECASE),
        # Markdown ](target) and [ref]: target, reST `text <target>`_ and .. _ref: target
        target=re.compile(
            r"\]\(([^()\s]+)\)|^[ \t]*\[[^\]\n]+\]:[ \t]*(\S+)|<([^<>\s]+)>`_"
            r"|^\.\. _[^:\n]+:[ \t]*(\S+)",
            re.MULTILINE,
        ),
        private_reporting=re.compile(
            r"private(?:ly)?[ \t\n]+(?:vulnerability[ \t\n]+)?report|report[ \t\n]+a[ \t\n]+"
            r"vulnerability|security[ \t\n]+advisor(?:y|ies)[ \t\n]+(?:form|page|tab)",
            re.IGNORECASE,
        ),
    )


def emails(text: str) -> list[str]:
    """Addresses that reach someone, lower-cased, in order of appearance: ``a@b.org`` and the
    spelled-out ``a at b dot org``."""
    found: list[str] = []
    for match in _patterns().email.finditer(text):
        if _reachable(match.group(0), match.group(1)):
            found.append(match.group(0).lower())
    for match in _patterns().spelled.finditer(text):
        spelled = match.group(1) or match.group(2)
        domain = re.sub(r"[ \t]*(?:\[dot\]|\(dot\)| dot |\.)[ \t]*", ".", spelled)
        if "." in domain and _reachable(match.group(0), domain):
            found.append(match.group(0).lower())
    return found


def _reachable(address: str, domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    if re.fullmatch(r"(?:[\w-]+\.)*example\.(?:com|org|net)", domain):
        return False
    return not address.lower().startswith(("noreply", "no-reply"))


def urls(text: str) -> list[str]:
    """Absolute ``https://`` URLs, in order, without trailing punctuation."""
    return [m.group(0).rstrip(".,;:!?*_") for m in _patterns().url.finditer(text)]


def link_targets(text: str) -> list[str]:
    """Targets of Markdown and reStructuredText links (relative ones too)."""
    return [next(g for g in m.groups() if g) for m in _patterns().target.finditer(text)]


def names_private_reporting(text: str) -> bool:
    """Whether the text points to private vulnerability reporting in words."""
    return bool(private_reporting(text))


def private_reporting(text: str) -> list[str]:
    """The words that point to private vulnerability reporting (the first such words), or
    an empty list."""
    found = _patterns().private_reporting.search(text)
    return [found.group(0)] if found else []
