"""A kind's documentation, as ``policylint explain KIND`` prints it and ``docs/kinds.md`` shows
it: the module's docstring, its Options section led by a table generated from ``OPTIONS`` and its
Example section followed by the module's ``EXAMPLES`` (a case that passes, one that fails and the
failing case's exact message; ``tests/test_kind_docs.py`` runs them)."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

from policylint.checks import Example, load_kind


def kind_doc(name: str) -> str:
    """The documentation of kind ``name``: ``name: title`` then its sections, indented by four."""
    module = load_kind(name)
    doc = inspect.cleandoc(module.__doc__ or "")
    examples: tuple[Example, ...] = getattr(module, "EXAMPLES", ())
    extra = {
        "Options": (options_table(module.OPTIONS), "before"),
        "Example": ("\n\n".join(_example(e) for e in examples), "after"),
    }
    out: list[str] = []
    for heading, body in _sections(doc):
        text, where = extra.get(heading, ("", ""))
        parts = [text, body] if where == "before" else [body, text]
        joined = "\n\n".join(part for part in parts if part)
        out.append(heading + ("\n" + _indented(joined) if joined else ""))
    return "\n\n".join(out)


def _sections(doc: str) -> list[tuple[str, str]]:
    """(heading, body without its indent) of each section; the title line's heading is itself."""
    found: list[tuple[str, list[str]]] = []
    for line in doc.splitlines():
        if line and not line.startswith(" "):
            found.append((line, []))
        else:
            found[-1][1].append(line.removeprefix("    "))
    return [(heading, "\n".join(lines).strip("\n")) for heading, lines in found]


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def options_table(schema: dict[str, Any]) -> str:
    """A Markdown table of the options: name, type, default (or required), description."""
    rows = ["| option | type | default | description |", "|---|---|---|---|"]
    rows += [
        f"| `{name}` | {_type(spec)} | {default} | {_cell(spec.get('description', ''))} |"
        for name, spec, default in _options(schema)
    ]
    return "\n".join(rows)


def _options(schema: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any], str]]:
    """(dotted name, schema, default as shown) of each option, a mapping's own options after it."""
    required = set(schema.get("required", ()))
    found = []
    for name, spec in schema.get("properties", {}).items():
        shown = f"`{json.dumps(spec['default'])}`" if "default" in spec else ""
        found.append((prefix + name, spec, "required" if name in required else shown))
        found += _options(spec, f"{prefix}{name}.")
    return found


def _type(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return " or ".join(f"`{json.dumps(value)}`" for value in spec["enum"])
    if "anyOf" in spec:
        return " or ".join(_type(choice) for choice in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items', {}))}s"
    kind: str = spec.get("type", "any")
    return "mapping" if kind == "object" else kind


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _example(example: Example) -> str:
    """The example as a policy test would write it: the options, then each case."""
    lines = [f"With `options: {_flow(example.options)}`, this passes:", "```yaml"]
    lines += [f"{key}: {_flow(value)}" for key, value in example.passes.items()]
    lines += ["```", "and this fails:", "```yaml"]
    lines += [f"{key}: {_flow(value)}" for key, value in example.fails.items()]
    lines += ["```", "with the finding:", "```text", example.message, "```"]
    return "\n".join(lines)


def _flow(value: Any) -> str:
    """``value`` in YAML's flow style (JSON is YAML), keys unquoted where plain."""
    text = json.dumps(value, ensure_ascii=False)
    return re.sub(r'"([A-Za-z][\w-]*)": ', r"\1: ", text)
