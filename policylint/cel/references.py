"""Names an expression refers to, checked when the policy is loaded rather than on the day the
rule first runs: ``when: exsits("docs/**")`` is a configuration error with its position."""

from __future__ import annotations

from typing import Any

# Comprehension macros whose first argument names a variable bound inside them.
MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
# CEL's own global functions (cel-python's) and macros called like functions.
BUILTIN_FUNCTIONS = frozenset(
    {"bool", "bytes", "double", "duration", "dyn", "has", "int", "list", "map", "matches",
     "size", "string", "timestamp", "type", "uint"}
)  # fmt: skip
# Type names, usable as values: ``type(x) == int``.
TYPE_NAMES = frozenset(
    {"bool", "bytes", "double", "duration", "dyn", "int", "list", "map", "null_type", "string",
     "timestamp", "type", "uint"}
)  # fmt: skip


def reference_error(tree: Any) -> str | None:
    """``line L, column C: ...`` for the first unknown variable or function, else None."""
    from policylint.cel.activation import FUNCTIONS, VARIABLES

    bound = _bound_names(tree)
    for node in tree.iter_subtrees_topdown():
        if node.data == "ident":
            token = node.children[0]
            if str(token) not in VARIABLES.keys() | TYPE_NAMES | bound:
                known = ", ".join(sorted(VARIABLES))
                return _at(token, f"undeclared reference to {str(token)!r}; known: {known}")
        elif node.data == "ident_arg":
            token = node.children[0]
            if str(token) not in FUNCTIONS.keys() | BUILTIN_FUNCTIONS:
                known = ", ".join(sorted(FUNCTIONS.keys() | BUILTIN_FUNCTIONS))
                return _at(token, f"unknown function {str(token)!r}; known: {known}")
    return None


def _bound_names(tree: Any) -> set[str]:
    """Variables that comprehension macros bind (``x`` in ``list.all(x, x > 0)``)."""
    names: set[str] = set()
    for node in tree.find_data("member_dot_arg"):
        if len(node.children) == 3 and str(node.children[1]) in MACROS and node.children[2]:
            first = node.children[2].children[0]
            variable = next(first.find_data("ident"), None)
            if variable is not None:
                names.add(str(variable.children[0]))
    return names


def _at(token: Any, message: str) -> str:
    return f"line {token.line}, column {token.column}: {message}"
