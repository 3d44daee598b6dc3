"""JSON Schema errors as short messages with a path into the document: what every reader of
a user document (policy files, pull-request JSON, baselines, policy tests, audit manifests)
reports, positioned by ``policylint.documents.problems``. jsonschema is imported on use."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from policylint.display import shown

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}


class SchemaProblem(NamedTuple):
    """A schema violation: where (a path into the instance) and what, in one line."""

    path: tuple[str | int, ...]
    message: str
    # True when the position to report is the mapping key at ``path``, not its value.
    at_key: bool = False


def schema_problems(instance: Any, schema: dict[str, Any]) -> list[SchemaProblem]:
    """Every way ``instance`` breaks ``schema`` (in the schema's order; callers sort)."""
    from jsonschema import Draft202012Validator

    errors = Draft202012Validator(schema).iter_errors(instance)
    # jsonschema reports `required` once per missing key, and each report names them all.
    return list(dict.fromkeys(problem for error in errors for problem in _explain(error)))


def _explain(error: Any) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    validator, expected, instance = error.validator, error.validator_value, error.instance
    if validator in ("anyOf", "oneOf"):
        return _explain_choice(error)
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        extra = [key for key in instance if key not in known]
        return [SchemaProblem((*path, key), _unknown_key(key, known), True) for key in extra]
    if validator == "required" and isinstance(instance, dict):
        missing = [key for key in expected if key not in instance]
        return [SchemaProblem(path, f"missing required key {key!r}") for key in missing]
    if "propertyNames" in error.schema_path:
        return [
            SchemaProblem(
                (*path, instance), f"invalid key {instance!r}: must match {expected}", True
            )
        ]
    return [SchemaProblem(path, _message(validator, expected, instance, error.message))]


def _explain_choice(error: Any) -> list[SchemaProblem]:
    """For ``anyOf``: the branch the value was evidently meant for, else what the choices are."""
    branches: dict[int, list[Any]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.schema_path[0], []).append(sub)
    meant = [
        errors
        for errors in branches.values()
        if not any(not e.relative_path and e.validator in ("type", "const", "enum") for e in errors)
    ]
    if len(meant) == 1:
        return [problem for sub in meant[0] for problem in _explain(sub)]
    choices = " or ".join(_describe(branch, error.schema) for branch in error.validator_value)
    path = tuple(error.absolute_path)
    return [SchemaProblem(path, f"must be {choices} (got {shown(error.instance)})")]


def _describe(branch: dict[str, Any], schema: dict[str, Any]) -> str:
    if "const" in branch:
        return repr(branch["const"])
    if "type" in branch:
        return _TYPE_NAMES.get(branch["type"], str(branch["type"]))
    return "a mapping" if "$ref" in branch else json.dumps(branch, sort_keys=True)


def _unknown_key(key: str, known: list[str]) -> str:
    from policylint.suggest import nearest

    guess = nearest(key, known)
    if guess is not None:
        return f"unknown key {key!r}; did you mean {guess!r}?"
    return f"unknown key {key!r}; expected one of: {', '.join(known)}"


def _message(validator: str, expected: Any, instance: Any, default: str) -> str:
    got = f" (got {shown(instance)})"
    if validator == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return "must be " + " or ".join(_TYPE_NAMES.get(n, n) for n in names) + got
    if validator == "enum":
        return "must be one of: " + ", ".join(str(v) for v in expected) + got
    if validator == "const":
        return f"must be {expected!r}{got}"
    if validator == "minLength" or (validator == "pattern" and expected == r"\S"):
        return (
            "must not be empty"
            if expected in (1, r"\S")
            else f"must be at least {expected} characters"
        )
    if validator == "minProperties":
        return "must not be empty" if expected == 1 else f"must have at least {expected} keys"
    if validator == "minItems":
        return "must not be empty" if expected == 1 else f"must have at least {expected} items"
    if validator == "pattern":
        return f"must match {expected}{got}"
    if validator in ("minimum", "maximum"):
        return f"must be {'at least' if validator == 'minimum' else 'at most'} {expected}{got}"
    return default
