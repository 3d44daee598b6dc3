"""Making untrusted or undecodable text safe to show."""

from __future__ import annotations

# Characters that move the cursor, start escape sequences or reorder text on a terminal or a
# web page (C0, DEL, C1, bidi controls, line separators): shown as visible escapes instead.
_CONTROLS: dict[int, str] = {
    **{c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))},
    **{c: f"\\u{c:04x}" for c in (0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F))},
    **{c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)},
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
}


# What ``json.dumps(..., ensure_ascii=False)`` writes raw although a terminal or a browser
# acts on it (DEL, C1 controls, bidi controls, line and paragraph separators): written as
# JSON's own ``\uXXXX`` escapes instead, which a parser reads back as the same characters.
_JSON_CONTROLS: dict[int, str] = {c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x7F}


def printable(text: str) -> str:
    """``text`` with undecodable bytes (surrogate escapes) shown as ``\\xNN``, so that it always
    encodes as UTF-8. Never raises."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeError:  # a lone surrogate that no file name decoding produces
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def display(text: str) -> str:
    """Untrusted ``text`` made safe to show on one line: undecodable bytes as ``\\xNN``, control
    characters (ANSI escapes, newlines, bidi overrides) as visible escapes. Never raises."""
    return printable(text).translate(_CONTROLS)


def one_line(text: str, limit: int = 200) -> str:
    """A single, printable line of at most ``limit`` characters."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def shown(value: object, limit: int = 60) -> str:
    """A short rendering of a (YAML) value for messages: never the whole of a long string."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an integer of {value.bit_length():,} bits"  # repr may refuse to write it
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def inert_json(text: str) -> str:
    """Serialized JSON (``ensure_ascii=False``) made safe to print in a terminal or a CI log,
    meaning unchanged: bidi controls, line separators and C1 controls become ``\\uXXXX``
    escapes, and ``##[`` (GitHub's older workflow-command form, obeyed anywhere on a line)
    becomes ``#\\u0023[``. Outside strings JSON holds none of these, so only string contents
    change, and only in how they are written. (``::`` cannot start a line of indented JSON.)"""
    return text.translate(_JSON_CONTROLS).replace("##[", "#\\u0023[")


def inert(line: str) -> str:
    """``line`` (already ``display``-ed) such that a CI runner reading the log cannot take it
    for a workflow command: GitHub's runner obeys ``::command::`` at the start of a line
    (after white space) and the older ``##[command]`` anywhere. A file named
    ``::error::Approved`` must print as a file name."""
    line = line.replace("##[", "#\\x23[")
    indent = len(line) - len(line.lstrip())
    if line[indent : indent + 2] == "::":
        return f"{line[:indent]}\\x3a{line[indent + 1 :]}"
    return line
