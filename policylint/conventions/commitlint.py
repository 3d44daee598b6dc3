"""commitlint's configuration and rules, as commitlint 20 applies them: the configuration
found where cosmiconfig looks (``package.json#commitlint``, ``.commitlintrc``,
``.commitlintrc.json``, ``.commitlintrc.yaml``, ``.commitlintrc.yml``), the rules of
``@commitlint/config-conventional`` when it extends that preset, then its own ``rules``.
Only errors (level 2) fail a message, as in commitlint. Used by the commitlint kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.conventions.commitlint_parse import Parsed, header_fields, js_length
from policylint.conventions.config_files import ConfigProblem, parse_yaml, read_json, read_text

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

PRESET = "@commitlint/config-conventional"
PARSER_PRESETS = ("conventional-changelog-conventionalcommits", "conventionalcommits")
DATA_FILES = (".commitlintrc", ".commitlintrc.json", ".commitlintrc.yaml", ".commitlintrc.yml")
CODE_FILES = tuple(
    f"{stem}.{ext}"
    for stem in (".commitlintrc", "commitlint.config")
    for ext in ("js", "cjs", "mjs", "ts", "cts", "mts")
)
CONVENTIONAL_TYPES = (
    *("build", "chore", "ci", "docs", "feat", "fix"),
    *("perf", "refactor", "revert", "style", "test"),
)
PRESET_RULES: dict[str, list[Any]] = {
    "body-leading-blank": [1, "always"],
    "body-max-line-length": [2, "always", 100],
    "footer-leading-blank": [1, "always"],
    "footer-max-line-length": [2, "always", 100],
    "header-max-length": [2, "always", 100],
    "header-trim": [2, "always"],
    "subject-case": [2, "never", ["sentence-case", "start-case", "pascal-case", "upper-case"]],
    "subject-empty": [2, "never"],
    "subject-full-stop": [2, "never", "."],
    "type-case": [2, "always", "lower-case"],
    "type-empty": [2, "never"],
    "type-enum": [2, "always", list(CONVENTIONAL_TYPES)],
}


class Commitlint(NamedTuple):
    source: str
    rules: dict[str, list[Any]]  # name -> [level, when, value?], level 2 only
    conventional: bool  # the conventionalcommits parser (else angular's)
    default_ignores: bool


def load(repo: Repo) -> Commitlint | None:
    """The checkout's configuration, None when it has none."""
    package = read_json(repo, "package.json")
    if isinstance(package, dict) and "commitlint" in package:
        return _parsed("package.json#commitlint", package["commitlint"])
    for name in DATA_FILES:
        text = read_text(repo, name)
        if text is not None:
            return _parsed(name, _data(name, text))
    code = next((name for name in CODE_FILES if repo.has(name)), None)
    if code is not None:
        raise ConfigProblem(
            f"{code} is JavaScript or TypeScript, which policylint does not run: move the "
            "configuration to .commitlintrc.json or .commitlintrc.yaml (commitlint reads "
            "those too), or turn this rule off and keep running commitlint itself",
            code,
        )
    return None


def _data(name: str, text: str) -> Any:
    """``.commitlintrc`` is JSON or YAML; the others say which by their extension."""
    import json

    if name.endswith(".json") or (name == ".commitlintrc" and text.lstrip().startswith("{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigProblem(f"{name} is not valid JSON: {exc.msg}", name, exc.lineno) from None
    return parse_yaml(name, text) or {}


def _parsed(source: str, data: Any) -> Commitlint:
    if not isinstance(data, dict):
        raise ConfigProblem(f"{source}: the configuration must be an object", source)
    extends = data.get("extends", [])
    extends = [extends] if isinstance(extends, str) else extends
    if not isinstance(extends, list) or any(name != PRESET for name in extends):
        raise ConfigProblem(
            f"{source}: extends {extends!r}; policylint applies only {PRESET} (write the "
            "other configuration's rules into rules, or keep running commitlint itself)",
            source,
        )
    preset = data.get("parserPreset")
    preset_name = preset.get("name") if isinstance(preset, dict) else preset
    if preset is not None and preset_name not in PARSER_PRESETS:
        raise ConfigProblem(
            f"{source}: parserPreset {preset_name!r} is not one policylint "
            f"reads (it knows {PARSER_PRESETS[0]})",
            source,
        )
    rules = dict(PRESET_RULES) if extends else {}
    own = data.get("rules", {})
    if not isinstance(own, dict):
        raise ConfigProblem(f"{source}: rules must be an object", source)
    rules.update(own)
    return Commitlint(
        source,
        _checked(source, rules),
        bool(extends) or preset is not None,
        data.get("defaultIgnores", True) is not False,
    )


def _checked(source: str, rules: dict[str, Any]) -> dict[str, list[Any]]:
    """The rules at level 2, each validated as commitlint validates them."""
    unknown = sorted(name for name in rules if name not in RULES)
    if unknown:
        raise ConfigProblem(
            f"{source}: rules policylint does not implement: {', '.join(unknown)}", source
        )
    checked = {}
    for name, config in rules.items():
        if not isinstance(config, list) or not config:
            raise ConfigProblem(
                f"{source}: rule {name} must be an array [level, when, value]", source
            )
        if config[0] == 0:
            continue
        if config[0] not in (1, 2) or len(config) not in (2, 3):
            raise ConfigProblem(f"{source}: rule {name} must be [level 0-2, when, value?]", source)
        if config[1] not in ("always", "never"):
            raise ConfigProblem(
                f'{source}: the condition of rule {name} must be "always" or "never"', source
            )
        if name.endswith("-case") and len(config) == 3:
            unknown_cases = [c for _, c in _cases(config[2]) if c not in CASES]
            if unknown_cases:
                raise ConfigProblem(
                    f"{source}: rule {name}: unknown case {unknown_cases[0]!r}", source
                )
        if config[0] == 2:
            checked[name] = config
    return checked


def problems(config: Commitlint, parsed: Parsed) -> list[str]:
    """The messages of the rules ``parsed`` breaks, in commitlint's words."""
    found = []
    for name, (_, when, *value) in config.rules.items():
        message = RULES[name](parsed, when == "never", *value)
        if message:
            found.append(f"{message} [{name}]")
    return found


# --- the rules: each returns what is wrong, or None ----------------------------------------
_QUOTED = re.compile("`[^\n\r\u2028\u2029]*?`|\"[^\n\r\u2028\u2029]*?\"|'[^\n\r\u2028\u2029]*?'")


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Z]?[a-z]+[0-9]*|[A-Z]+(?![a-z])[0-9]*|[0-9]+|[^\W_]+", text)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _camel(text: str) -> str:
    words = [w.lower() for w in _words(text)]
    return "".join(words[:1] + [_upper_first(w) for w in words[1:]])


CASES: dict[str, Callable[[str], str]] = {
    "lower-case": str.lower,
    "lowercase": str.lower,
    "lowerCase": str.lower,
    "upper-case": str.upper,
    "uppercase": str.upper,
    "sentence-case": _upper_first,
    "sentencecase": _upper_first,
    "start-case": lambda t: " ".join(_upper_first(w) for w in _words(t)),
    "pascal-case": lambda t: _upper_first(_camel(t)),
    "camel-case": _camel,
    "kebab-case": lambda t: "-".join(w.lower() for w in _words(t)),
    "snake-case": lambda t: "_".join(w.lower() for w in _words(t)),
}


def ensure_case(raw: str, target: str) -> bool:
    """@commitlint/ensure's case: quoted parts removed, then compared with the conversion."""
    text = _QUOTED.sub("", raw).strip().strip("\ufeff")
    converted = CASES.get(target, str)(text)
    return converted == "" or converted[:1] in "0123456789" or converted == text


def _cases(value: Any) -> list[tuple[bool, str]]:
    """(negated, case) of each check of a case rule's value."""
    checks = value if isinstance(value, list) else [value]
    return [
        (False, c) if isinstance(c, str) else (c.get("when") == "never", c.get("case", ""))
        for c in checks
    ]


def _cased(text: str) -> bool:
    """Starts with a cased letter (Unicode Ll, Lu or Lt), as subject-case asks."""
    return text[:1].isupper() or text[:1].islower() or text[:1].istitle()


def _ascii_letter(text: str) -> bool:
    return text[:1].isascii() and text[:1].isalpha()


def _case(field: str, starts: Callable[[str], bool] | None = None) -> Callable[..., str | None]:
    def rule(parsed: Parsed, never: bool, value: Any = ()) -> str | None:
        text = getattr(parsed, field)
        if not text or (starts is not None and not starts(text)):
            return None
        checks = _cases(value)
        result = any(ensure_case(text, case) != negated for negated, case in checks)
        if result != never:
            return None
        names = ", ".join(case for _, case in checks)
        return f"{field} must {'not ' if never else ''}be {names}"

    return rule


def _empty(field: str) -> Callable[..., str | None]:
    def rule(parsed: Parsed, never: bool, *_: Any) -> str | None:
        empty = not getattr(parsed, field)
        if empty == never:
            return f"{field} {'may not' if never else 'must'} be empty"
        return None

    return rule


def _enum(field: str) -> Callable[..., str | None]:
    def rule(parsed: Parsed, never: bool, value: Any = ()) -> str | None:
        text = getattr(parsed, field)
        allowed = list(value if isinstance(value, list) else value.get("scopes", []))
        if not text or (field == "scope" and not allowed):
            return None
        parts = re.split(r"/|\\|, ?", text) if field == "scope" else [text]
        inside = all(p in allowed for p in parts) or text in allowed
        if never:
            inside = any(p in allowed for p in parts) or text in allowed
        if inside != never:
            return None
        return f"{field} must {'not ' if never else ''}be one of [{', '.join(map(str, allowed))}]"

    return rule


def _length(field: str, most: bool, lines: bool = False) -> Callable[..., str | None]:
    def rule(parsed: Parsed, _never: bool, value: int = 0) -> str | None:
        text = getattr(parsed, field)
        if field not in ("header",) and not text:
            return None
        if lines:
            ok = all(_url_in(line) or js_length(line) <= value for line in re.split(r"\r?\n", text))
            return None if ok else f"{field}'s lines must not be longer than {value} characters"
        if text is None:
            return f"{field} must not be {'longer' if most else 'shorter'} than {value} characters"
        size = js_length(text)
        if (size <= value) if most else (size >= value):
            return None
        way = "longer" if most else "shorter"
        return f"{field} must not be {way} than {value} characters, current length is {size}"

    return rule


def _url_in(line: str) -> bool:
    return re.search(r"\bhttps?://\S", line) is not None


def _full_stop(field: str) -> Callable[..., str | None]:
    def rule(parsed: Parsed, never: bool, value: str = ".") -> str | None:
        text: str = (parsed.header if field == "subject" else getattr(parsed, field)) or ""
        if field == "subject" and text and text.find(":") > 0 and text.find(":") == len(text) - 1:
            return None
        if field == "body" and not text:
            return None
        stop = (
            bool(text) and text[-1:] == value and not (field == "subject" and text.endswith("..."))
        )
        if stop != never:
            return None
        return f"{field} {'may not' if never else 'must'} end with full stop"

    return rule


def _leading_blank(field: str) -> Callable[..., str | None]:
    def rule(parsed: Parsed, never: bool, *_: Any) -> str | None:
        text = getattr(parsed, field)
        if not text:
            return None
        raw = re.split(r"\r?\n", parsed.raw)
        if field == "body":
            blank = raw[1:2] == [""]
        else:
            first = re.split(r"\r?\n", text)[0]
            offset = raw.index(first) if first in raw else -1
            blank = (raw[offset - 1] if offset >= 1 else raw[-1]) == ""
        if blank != never:
            return None
        return f"{field} {'may not' if never else 'must'} have leading blank line"

    return rule


def _header_trim(parsed: Parsed, _never: bool, *_: Any) -> str | None:
    header = parsed.header
    if not header or header.strip() == header:
        return None
    return "header must not be surrounded by whitespace"


def _exclamation(parsed: Parsed, never: bool, *_: Any) -> str | None:
    header = parsed.header
    if not header:
        return None
    bang = header_fields(header, ("!: ",)) != (None, None, None)
    if bang != never:
        return None
    return f"subject must {'not ' if never else ''}have an exclamation mark in the subject"


def _references_empty(parsed: Parsed, never: bool, *_: Any) -> str | None:
    present = parsed.references > 0
    if never == present:  # "never" empty: valid with a reference; "always": valid without
        return None
    return f"references {'must' if not never else 'may not'} be empty"


def _signed_off(parsed: Parsed, never: bool, value: str = "") -> str | None:
    lines = [
        line
        for line in re.split(r"\r?\n", parsed.raw)
        if line
        and not line.startswith("#")
        and not re.fullmatch(r"\(cherry picked from commit [0-9a-f]{7,64}\)", line.strip(), re.I)
    ]
    signed = bool(lines) and lines[-1].startswith(value)
    if signed != never:
        return None
    return f"message {'must not' if never else 'must'} be signed off"


RULES: dict[str, Callable[..., str | None]] = {
    "type-case": _case("type"),
    "scope-case": _case("scope"),
    "subject-case": _case("subject", _cased),
    "header-case": _case("header", _ascii_letter),
    "body-case": _case("body"),
    "type-empty": _empty("type"),
    "scope-empty": _empty("scope"),
    "subject-empty": _empty("subject"),
    "body-empty": _empty("body"),
    "footer-empty": _empty("footer"),
    "type-enum": _enum("type"),
    "scope-enum": _enum("scope"),
    "header-max-length": _length("header", True),
    "header-min-length": _length("header", False),
    "type-max-length": _length("type", True),
    "type-min-length": _length("type", False),
    "scope-max-length": _length("scope", True),
    "scope-min-length": _length("scope", False),
    "subject-max-length": _length("subject", True),
    "subject-min-length": _length("subject", False),
    "body-max-length": _length("body", True),
    "body-min-length": _length("body", False),
    "footer-max-length": _length("footer", True),
    "footer-min-length": _length("footer", False),
    "body-max-line-length": _length("body", True, lines=True),
    "footer-max-line-length": _length("footer", True, lines=True),
    "subject-full-stop": _full_stop("subject"),
    "header-full-stop": _full_stop("header"),
    "body-full-stop": _full_stop("body"),
    "body-leading-blank": _leading_blank("body"),
    "footer-leading-blank": _leading_blank("footer"),
    "header-trim": _header_trim,
    "subject-exclamation-mark": _exclamation,
    "references-empty": _references_empty,
    "signed-off-by": _signed_off,
}
