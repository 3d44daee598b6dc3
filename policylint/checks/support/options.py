"""Schema fragments that several kinds' ``OPTIONS`` share."""

from __future__ import annotations

from typing import Any

# A list of globs, labels, strings or headings: at least one, none empty.
NON_EMPTY_STRINGS: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "minLength": 1},
}
