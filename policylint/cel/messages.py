"""cel-python's evaluation errors as short messages: ``line L, column C: reason``."""

from __future__ import annotations

import re
from typing import Any

_ACTIVATION = re.compile(r" \(in activation '.*\)\Z", re.DOTALL)
_OVERLOAD = re.compile(
    # An operator: _[_], or a rule, a lark Token when the parser was built, a str when loaded.
    r"found no matching overload for (?:Token\('RULE', )?'?([^\s']+?)'?\)? applied to '\((.*)\)'\Z",
    re.DOTALL,
)
_CLASS = re.compile(r"<class '(?:[\w.]+\.)?(\w+?)'>")
_TYPES = "Int|Uint|Double|String|Bool|Bytes|List|Map|Timestamp|Duration|None"
_WRAPPED_VALUE = re.compile(rf"\b(?:{_TYPES})Type\((.*?)\)")  # StringType('x') -> 'x'
_TYPE_NAME = re.compile(rf"\b({_TYPES})Type\b")  # IntType -> int
OPERATORS = {
    "addition_add": "+",
    "addition_sub": "-",
    "multiplication_mul": "*",
    "multiplication_div": "/",
    "multiplication_mod": "%",
    "relation_lt": "<",
    "relation_le": "<=",
    "relation_gt": ">",
    "relation_ge": ">=",
    "relation_eq": "==",
    "relation_ne": "!=",
    "relation_in": "in",
    "unary_neg": "-",
    "unary_not": "!",
    "_[_]": "[]",
    "_?_:_": "?:",
    "_||_": "||",
    "_&&_": "&&",
}


def eval_reason(exc: Any) -> str:
    """The message of a ``CELEvalError``, with its position in the expression when known."""
    text = _ACTIVATION.sub("", str(exc.args[0]) if exc.args else "evaluation failed")
    overload = _OVERLOAD.match(text)
    if overload:
        operator = OPERATORS.get(overload.group(1), overload.group(1))
        operands = _tidy(_CLASS.sub(lambda m: m.group(1), overload.group(2)).rstrip(","))
        text = f"no matching overload for '{operator}' applied to ({operands})"
        return _at(exc, text)  # the wrapped TypeError only says NotImplemented
    text, detail = _tidy(text), _tidy(_detail(exc.args))
    if text == "return error for overflow":
        # cel-python's text for any ValueError: int('x') is no overflow
        text = detail if detail and detail != "overflow" else "arithmetic overflow"
    elif detail and detail not in text and not _is(exc.args, ZeroDivisionError):
        text = f"{text}: {detail}"
    return _at(exc, text)


def _at(exc: Any, text: str) -> str:
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    return f"line {line}, column {column}: {text}" if line and column else text


def _tidy(text: str) -> str:
    """cel-python's type names as CEL's: ``StringType('x')`` -> ``'x'``, ``IntType`` -> ``int``."""
    return _TYPE_NAME.sub(_cel_type_name, _WRAPPED_VALUE.sub(r"\1", text))


def _cel_type_name(match: re.Match[str]) -> str:
    return "null" if match.group(1) == "None" else match.group(1).lower()


def _detail(args: tuple[Any, ...]) -> str:
    """The text of the Python exception cel-python wrapped (its third argument)."""
    if len(args) < 3 or not isinstance(args[2], tuple) or not args[2]:
        return ""
    # A CEL string (a key not found) is quoted; Python's own message text is not.
    return ", ".join(
        a if type(a) is str else repr(str(a)) if isinstance(a, str) else str(a) for a in args[2]
    )


def _is(args: tuple[Any, ...], kind: type[BaseException]) -> bool:
    return len(args) > 1 and isinstance(args[1], type) and issubclass(args[1], kind)
