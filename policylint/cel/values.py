"""Conversions between plain Python values and cel-python's types."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

CEL_TYPE_NAMES = (  # checked in order: bool before int, datetime before date
    (bool, "bool"),
    (int, "int"),
    (float, "double"),
    (str, "string"),
    (bytes, "bytes"),
    (list, "list"),
    (dict, "map"),
    (datetime.datetime, "timestamp"),
    (datetime.timedelta, "duration"),
    (type(None), "null"),
)


def to_cel(value: Any) -> Any:
    """A plain value (as the loader hands over ``params``) as a CEL value; ``date`` becomes a
    timestamp at midnight UTC. Raises ValueError for anything else."""
    from celpy import celtypes

    if isinstance(value, Mapping):
        return celtypes.MapType({to_cel(k): to_cel(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return celtypes.ListType([to_cel(item) for item in value])
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
    conversions: tuple[tuple[type, Callable[[Any], Any]], ...] = (
        (bool, celtypes.BoolType),
        (int, celtypes.IntType),
        (float, celtypes.DoubleType),
        (str, celtypes.StringType),
        (bytes, celtypes.BytesType),
        (datetime.datetime, celtypes.TimestampType),
        (datetime.timedelta, celtypes.DurationType),
    )
    for kind, convert in conversions:
        if isinstance(value, kind):
            return convert(value)
    if value is None:
        return None
    raise ValueError(f"a value of type {type(value).__name__} cannot be used in CEL")


def to_python(value: Any) -> Any:
    """A CEL result as plain Python: bool, int, float, str, bytes, list, dict, datetime,
    timedelta or None; CEL types (``type(1)``) as their names."""
    from celpy import celtypes

    if isinstance(value, (bool, celtypes.BoolType)):  # BoolType is an int: bool is final
        return bool(value)
    plain: tuple[type, ...] = (int, float, str, bytes)
    for kind in plain:
        if isinstance(value, kind):
            return kind(value)
    if isinstance(value, Mapping):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_python(item) for item in value]
    if isinstance(value, datetime.datetime):
        return datetime.datetime.fromtimestamp(value.timestamp(), tz=value.tzinfo)
    if isinstance(value, datetime.timedelta):
        return datetime.timedelta(value.days, value.seconds, value.microseconds)
    if value is None:
        return None
    name = str(getattr(value, "__name__", value))  # a type, such as type(1)
    return name[:-4].lower() if name.endswith("Type") else name


def type_name(value: Any) -> str:
    """The CEL name of a value's type (a plain or a CEL value)."""
    plain = to_python(value)
    return next((name for kind, name in CEL_TYPE_NAMES if isinstance(plain, kind)), "type")


def show(value: Any, limit: int = 60) -> str:
    """A short rendering of a value for messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
