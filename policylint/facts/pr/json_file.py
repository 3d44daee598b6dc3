"""The JSON documents pull-request facts are read from (a GitHub event file, a ``--pr-json``
file): read with a size limit, values taken by path with their types checked, and every
problem reported as ``file:line:col: $.path: message``.

``json`` is imported inside the functions: policylint.facts.pr imports this module on every
``check`` that looks for a pull request, and most have none.
"""

from typing import Any, NamedTuple

from policylint.errors import PullRequestError

MAX_BYTES = 25 * 1024 * 1024  # GitHub event files carry whole repository objects

Path = tuple[str | int, ...]  # a JSON path: ("pull_request", "labels", 0, "name")


def read_json(path: str, what: str) -> "JsonDocument":
    """The JSON file at ``path`` (``what`` it is, for messages): at most ``MAX_BYTES``, UTF-8
    with or without a byte order mark."""
    from policylint.documents.json_text import JsonProblem, decode_json_bytes, parse_json
    from policylint.readfile import FileTooLarge, read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
    except FileTooLarge:
        raw = b" " * (MAX_BYTES + 1)  # reported below as any file over the limit
    except OSError as exc:
        raise PullRequestError(f"{path}: cannot read the {what}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise PullRequestError(f"{path}: the {what} is larger than {MAX_BYTES >> 20} MiB")
    try:
        text = decode_json_bytes(raw)
        return JsonDocument(path, text, parse_json(text))
    except JsonProblem as exc:
        raise PullRequestError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None


class JsonDocument(NamedTuple):
    """A JSON file's name as shown, its text and its parsed data."""

    display: str
    text: str
    data: Any

    def get(self, path: Path, kind: type, *, required: bool = True) -> Any:
        """The value at ``path`` if it is a ``kind``; None when absent or null and not required."""
        value = _value_at(self.data, path)
        if value is None and not required:
            return None
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        raise PullRequestError(self.problems([(path, _not_a(kind, value), False)]))

    def where(self, path: Path) -> str:
        """``file:line:col: $.path`` of the value at ``path`` (the head of a problem line)."""
        from policylint.documents.document import json_path
        from policylint.documents.json_positions import locate

        line, column = locate(self.text, path)
        return f"{self.display}:{line}:{column}: {json_path(path)}"

    def problems(self, found: list[tuple[Path, str, bool]]) -> list[str]:
        """(path, message, at key) -> ``file:line:col: $.path: message``, in file order."""
        from policylint.documents.problems import JsonText, Problems, Site

        problems, site = Problems(PullRequestError), Site(self.display, JsonText(self.text))
        for path, message, at_key in found:
            problems.add(site, path, message, at_key=at_key)
        return problems.lines()

    def check_schema(self) -> None:
        """Every problem schemas/pr.schema.json finds, and duplicate keys, raised at once."""
        from policylint.documents.json_positions import duplicate_keys
        from policylint.documents.problems import JsonText, Problems, Site, load_schema

        problems, site = Problems(PullRequestError), Site(self.display, JsonText(self.text))
        problems.add_schema(site, load_schema("pr"), self.data)
        for key, line in duplicate_keys(self.text):
            message = f"duplicate key {key!r} (first defined on line {line})"
            problems.add(site, (key,), message, at_key=True)
        problems.raise_any()


_KIND_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}


def _value_at(data: Any, path: Path) -> Any:
    """The value at ``path``; None when the path leads nowhere."""
    value: Any = data
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            value = None
    return value


def _not_a(kind: type, value: Any) -> str:
    from policylint.display import shown

    got = "missing or null" if value is None else f"got {shown(value)}"
    return f"must be {_KIND_NAMES[kind]} ({got})"
