"""An SVG badge per repository (``--badges DIR``): "policylint | 87.5 B", coloured by grade, as
CLOMonitor and Scorecard offer, for a README to show (``DIR/<name>.svg``, the name made a
safe file name as for SARIF files).

A badge is a standalone SVG: no script, no link, no external font; the repository's name is
only in its escaped ``<title>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from policylint.atomicfile import write_atomically
from policylint.audit.report.svg import esc
from policylint.audit.worker import sarif_name

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry

COLOURS = {
    "A": "#1a7f37",
    "B": "#56a03a",
    "C": "#c69100",
    "D": "#dd6a10",
    "F": "#cf222e",
    None: "#6e7781",
}
LABEL = "policylint"


def badge(entry: RepoEntry) -> str:
    value = _value(entry)
    left, right = _width(LABEL), _width(value)
    colour = COLOURS.get(entry.score.grade, COLOURS[None])
    title = f"{entry.name}: policylint {value}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="20" '
        f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{left / 2:.1f}" y="14">{LABEL}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{esc(value)}</text></g></svg>\n'
    )


def write_badges(agg: Aggregate, directory: str) -> None:
    """``directory/<name>.svg`` for every repository. Raises OSError naming the file."""
    for entry in agg.repositories:
        name = sarif_name(entry.name).removesuffix(".sarif") + ".svg"
        write_atomically(Path(directory, name), badge(entry).encode("utf-8"))


def badge_name(name: str) -> str:
    return sarif_name(name).removesuffix(".sarif") + ".svg"


def _value(entry: RepoEntry) -> str:
    if entry.status != "ok":
        return "not audited"
    if entry.score.points is None:
        return "not graded"
    return f"{entry.score.points:.1f} {entry.score.grade}"


def _width(text: str) -> int:
    """About the width of ``text`` in 11 px Verdana, with padding."""
    return round(len(text) * 7 + 12)
