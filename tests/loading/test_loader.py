"""Loading policies: every problem with its position, extends and overrides, the records."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint import cel
from policylint.errors import PolicyError
from policylint.loading import find_config, load_policy, validate_files
from policylint.model import Exemption, Location, Policy, Rule, Skip
from policylint.resources import builtin_packs, data_dir
from tests.helpers.paths import fixture_policy
from tests.helpers.repos import MakeRepo

ORG_PACK = fixture_policy("org-pack.yaml")

CONFIG = ".policylint.yaml"


REPO_CONFIG = """\
extends:
  - ./ci/org.yaml
fail-on: warning
params: {team: infra}
rules:
  governance-doc:
    severity: error
    options:
      directories: ["", docs]
  security-doc: off
  readme:
    kind: file-exists
    title: There is a README
    severity: note
    when: repo.file_count > 0
    skip: {labels: [no-readme]}
    tags: [community-health]
    options: {globs: ["readme*"]}
exemptions:
  - rule: readme
    reason: The README lives in the wiki.
    paths: ["docs/**"]
"""

RULE = "    kind: file-exists\n    title: A title\n    severity: error\n"


def rule_text(rule_id: str) -> str:
    """A ``rules:`` section defining one valid rule."""
    return f"rules:\n  {rule_id}:\n{RULE}    options: {{globs: [x]}}\n"


@pytest.fixture
def repo(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory as the checked root and working directory (short paths in messages)."""
    root = make_repo({}, use_git=False)
    monkeypatch.chdir(root)
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def load(config: str | None = CONFIG) -> Policy:
    return load_policy(Path(config) if config else None, root=Path("."), use_cache=False)


def problems(config: str = CONFIG) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load(config)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_the_three_mistakes_of_the_issue_are_all_reported(repo: Path) -> None:
    when = "change.files.exists(f, f.startsWith('src/')"
    write(repo, {CONFIG: (
        "rules:\n"
        "  api-docs:\n"
        "    kind: co-chnage\n"
        "    title: API changes come with docs\n"
        "    severity: fatal\n"
        f'    when: "{when}"\n'
    )})  # fmt: skip
    cel_error = cel.syntax_error(when)
    assert cel_error is not None
    assert problems() == [
        ".policylint.yaml:3:11: $.rules.api-docs.kind: unknown kind 'co-chnage'; "
        "did you mean 'co-change'?",
        ".policylint.yaml:5:15: $.rules.api-docs.severity: must be one of: error, warning, note "
        "(got 'fatal')",
        f".policylint.yaml:6:11: $.rules.api-docs.when: invalid CEL expression: {cel_error}",
    ]


def _kinds() -> list[str]:
    from policylint.checks import KINDS

    return list(KINDS)


def test_builtin_recommended_is_the_default(repo: Path) -> None:
    policy = load(None)
    assert policy.sources == (
        "builtin:recommended", "builtin:community-health", "builtin:pr-hygiene",
    )  # fmt: skip
    assert policy.config_path is None
    assert policy.fail_on == "error"
    assert [rule.id for rule in policy.rules][:2] == ["readme", "license"]
    readme = policy.rules[0]
    assert readme.origin.path == "builtin:community-health"
    assert readme.enabled_at is None
    assert readme.positions["options.globs"].path == "builtin:community-health"


def test_extends_overrides_and_records(repo: Path) -> None:
    write(repo, {"ci/org.yaml": ORG_PACK, CONFIG: REPO_CONFIG})
    policy = load()
    assert policy == Policy(
        sources=(".policylint.yaml", "ci/org.yaml"),
        rules=(
            Rule(
                id="governance-doc",
                kind="file-exists",
                title="Governance is written down",
                severity="error",
                # the loader fills in the options' defaults
                options={
                    "globs": ["governance*"],
                    "directories": ["", "docs"],
                    "case-sensitive": False,
                },
                origin=Location("ci/org.yaml", 5, 3),
                enabled_at=Location(".policylint.yaml", 6, 3),
                positions={
                    "options.globs": Location("ci/org.yaml", 10, 14),
                    "options.directories": Location(".policylint.yaml", 9, 20),
                },
            ),
            Rule(
                id="readme",
                kind="file-exists",
                title="There is a README",
                severity="note",
                options={
                    "globs": ["readme*"],
                    "directories": ["", ".github", "docs"],
                    "case-sensitive": False,
                },
                origin=Location(".policylint.yaml", 11, 3),
                when="repo.file_count > 0",
                skip=Skip(labels=("no-readme",)),
                tags=("community-health",),
                enabled_at=Location(".policylint.yaml", 11, 3),
                positions={
                    "when": Location(".policylint.yaml", 15, 11),
                    "options.globs": Location(".policylint.yaml", 18, 22),
                },
            ),
        ),
        fail_on="warning",
        exemptions=(
            Exemption(
                "readme", "The README lives in the wiki.", Location(".policylint.yaml", 20, 5),
                ("docs/**",),
            ),
        ),
        config_path=".policylint.yaml",
        params={"team": "infra"},
    )  # fmt: skip


def test_rules_not_mentioned_are_enabled_at_the_extends_entry(repo: Path) -> None:
    write(repo, {"ci/org.yaml": ORG_PACK, CONFIG: "fail-on: never\nextends:\n  - ./ci/org.yaml\n"})
    policy = load()
    assert policy.fail_on == "never"
    assert [(rule.id, rule.enabled_at) for rule in policy.rules] == [
        ("governance-doc", Location(".policylint.yaml", 3, 5)),
        ("security-doc", Location(".policylint.yaml", 3, 5)),
    ]


def test_config_outside_the_root_enables_nothing_at_a_position(
    repo: Path, make_repo: MakeRepo
) -> None:
    other = make_repo({}, use_git=False)
    write(repo, {"ci/org.yaml": ORG_PACK, CONFIG: "extends: [./ci/org.yaml]\n"})
    policy = load_policy(Path(CONFIG), root=other, use_cache=False)
    assert policy.config_path is None
    assert policy.sources == (".policylint.yaml", "ci/org.yaml")
    assert {rule.enabled_at for rule in policy.rules} == {None}


def test_files_inside_the_root_are_named_relative_to_it(
    repo: Path, make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, {"ci/org.yaml": "fail-on: always\n", CONFIG: "extends: [./ci/org.yaml]\n"})
    monkeypatch.chdir(make_repo({}, use_git=False))
    with pytest.raises(PolicyError) as caught:
        load_policy(repo / CONFIG, root=repo, use_cache=False)
    assert caught.value.problems == [
        "ci/org.yaml:1:10: $.fail-on: must be one of: error, warning, note, never (got 'always')"
    ]


def test_relative_packs_resolve_against_the_extending_file(repo: Path) -> None:
    write(repo, {
        CONFIG: "extends: [ci/org.yaml]\n",
        "ci/org.yaml": "extends: [./base/a.yaml, ./base/b.yaml]\n",
        "ci/base/a.yaml": f"extends: [./common.yaml]\n{rule_text('a')}",
        "ci/base/b.yaml": f"extends: [common.yaml]\n{rule_text('b')}",
        "ci/base/common.yaml": rule_text("common"),
    })  # fmt: skip
    policy = load()
    # common.yaml is reached twice and loaded once; rules come in definition order.
    assert policy.sources == (
        ".policylint.yaml", "ci/org.yaml", "ci/base/a.yaml", "ci/base/common.yaml",
        "ci/base/b.yaml",
    )  # fmt: skip
    assert [rule.id for rule in policy.rules] == ["common", "a", "b"]
    assert policy.rules[0].origin == Location("ci/base/common.yaml", 2, 3)


def test_extends_builtin_and_override_by_id(repo: Path) -> None:
    write(repo, {CONFIG: (
        "extends: [builtin:community-health]\n"
        "rules:\n"
        "  governance: off\n"
        "  readme:\n"
        "    severity: warning\n"
        "    options: {message: Write a README}\n"
    )})  # fmt: skip
    policy = load()
    ids = [rule.id for rule in policy.rules]
    assert "governance" not in ids
    readme = policy.rules[ids.index("readme")]
    assert readme.severity == "warning"
    assert readme.options == {
        "globs": ["readme*"],
        "message": "Write a README",
        "directories": ["", ".github", "docs"],
        "case-sensitive": False,
    }
    assert readme.origin.path == "builtin:community-health"
    assert readme.positions["options.message"] == Location(".policylint.yaml", 6, 24)
    assert readme.enabled_at == Location(".policylint.yaml", 4, 3)
    assert policy.sources == (".policylint.yaml", "builtin:community-health")


def test_cycle_names_the_chain(repo: Path) -> None:
    write(repo, {
        CONFIG: "extends: [./a.yaml]\n",
        "a.yaml": "extends: [./b.yaml]\n",
        "b.yaml": "extends:\n  - ./a.yaml\n",
    })  # fmt: skip
    assert problems() == ["b.yaml:2:5: $.extends[0]: extends cycle: a.yaml -> b.yaml -> a.yaml"]


def test_self_extension_is_a_cycle(repo: Path) -> None:
    write(repo, {CONFIG: "extends: [.policylint.yaml]\n"})
    assert problems() == [
        ".policylint.yaml:1:11: $.extends[0]: extends cycle: .policylint.yaml -> .policylint.yaml"
    ]


def test_unknown_builtin_lists_the_available_packs(repo: Path) -> None:
    write(repo, {CONFIG: "extends:\n  - builtin:recommended\n  - builtin:nope\n"})
    available = ", ".join(f"builtin:{name}" for name in builtin_packs())
    assert "builtin:community-health, " in available
    assert problems() == [
        f".policylint.yaml:3:5: $.extends[1]: unknown pack 'builtin:nope'; available: {available}"
    ]


def test_missing_relative_file_is_reported_at_the_entry(repo: Path) -> None:
    write(repo, {CONFIG: "extends: [builtin:recommended, ./ci/missing.yaml]\n"})
    assert problems() == [".policylint.yaml:1:32: $.extends[1]: no such file: ci/missing.yaml"]


def test_missing_config_file(repo: Path) -> None:
    assert problems("nope.yaml") == [
        "nope.yaml:1:1: $: cannot read the file: No such file or directory"
    ]


def test_new_rules_need_kind_title_and_severity(repo: Path) -> None:
    write(repo, {CONFIG: "rules:\n  a:\n    title: A\n  b:\n    options: {globs: [x]}\n"})
    assert problems() == [
        ".policylint.yaml:2:3: $.rules.a: new rule 'a' needs 'kind', 'severity' "
        "(no extended pack defines it)",
        ".policylint.yaml:4:3: $.rules.b: new rule 'b' needs 'kind', 'title', 'severity' "
        "(no extended pack defines it)",
    ]


def test_changing_a_rules_kind_is_an_error(repo: Path) -> None:
    write(repo, {CONFIG: (
        "extends: [builtin:community-health]\n"
        "rules:\n"
        "  readme:\n"
        "    kind: file-content\n"
        "  license:\n"
        "    kind: file-exists\n"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:4:11: $.rules.readme.kind: cannot change the kind of rule 'readme' "
        "from 'file-exists' to 'file-content'; turn the rule off and define a new id"
    ]


def test_turning_off_an_unknown_rule_is_an_error(repo: Path) -> None:
    write(repo, {CONFIG: "extends: [builtin:recommended]\nrules:\n  readmee: off\n"})
    assert problems() == [
        ".policylint.yaml:3:3: $.rules.readmee: rule 'readmee' is turned off, "
        "but no extended pack defines it"
    ]


def test_exemption_problems(repo: Path) -> None:
    write(repo, {CONFIG: (
        "extends: [builtin:recommended]\n"
        "rules:\n"
        "  governance: off\n"
        "exemptions:\n"
        "  - rule: readme\n"
        "  - rule: license\n"
        "    reason: '  '\n"
        "  - rule: governance\n"
        "    reason: Turned off above.\n"
        "  - {rule: no-such-rule, reason: Typo., paths: [docs/**]}\n"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:5:5: $.exemptions[0]: missing required key 'reason'",
        ".policylint.yaml:7:13: $.exemptions[1].reason: must not be empty",
        ".policylint.yaml:10:12: $.exemptions[3].rule: exemption for rule 'no-such-rule', "
        "which the effective policy does not have",
    ]


def test_exemption_paths_are_checked_globs(repo: Path) -> None:
    write(repo, {CONFIG: (
        "extends: [builtin:recommended]\n"
        "exemptions:\n"
        "  - rule: readme\n"
        "    reason: Vendored code.\n"
        '    paths: ["vendor/[", "", docs/**]\n'
        "  - {rule: license, reason: Elsewhere., paths: [ok/**, '!']}\n"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:5:13: $.exemptions[0].paths[0]: pattern 'vendor/[': unclosed "
        "character class; write \\[ for a literal [",
        ".policylint.yaml:5:25: $.exemptions[0].paths[1]: empty pattern",
        ".policylint.yaml:6:56: $.exemptions[1].paths[1]: pattern '!' matches nothing",
    ]


def test_exemptions_for_rules_turned_off_later_lapse(repo: Path) -> None:
    pack = (
        "extends: [builtin:community-health]\n"
        "exemptions:\n"
        "  - {rule: governance, reason: The foundation governs.}\n"
        "  - {rule: readme, reason: In the wiki.}\n"
    )
    write(repo, {"ci/org.yaml": pack, CONFIG: (
        "extends: [./ci/org.yaml]\nrules:\n  governance: off\n"
    )})  # fmt: skip
    policy = load()
    assert "governance" not in [rule.id for rule in policy.rules]
    assert policy.exemptions == (
        Exemption("readme", "In the wiki.", Location("ci/org.yaml", 4, 5)),
    )
    # A rule that never existed is still a mistake, wherever the exemption is.
    write(repo, {"ci/org.yaml": pack + "  - {rule: governanse, reason: Typo.}\n"})
    assert problems() == [
        "ci/org.yaml:5:12: $.exemptions[2].rule: exemption for rule 'governanse', "
        "which the effective policy does not have"
    ]


def test_fail_on_and_params_merge_with_the_config_last(repo: Path) -> None:
    write(repo, {
        "pack.yaml": "extends: [builtin:community-health]\nfail-on: note\n"
        "params: {team: core, months: 6}\n",
        CONFIG: "extends: [./pack.yaml]\nparams: {team: infra}\n",
    })  # fmt: skip
    policy = load()
    assert policy.fail_on == "note"
    assert policy.params == {"team": "infra", "months": 6}


def test_structural_problems(repo: Path) -> None:
    write(repo, {CONFIG: (
        "apiVersion: policylint/v2\n"
        "kind: Policy\n"
        "fail-on: fatal\n"
        "params: [a]\n"
        "extends: builtin:recommended\n"
        "unknown: 1\n"
        "rules:\n"
        "  bad id:\n"
        "    kind: file-exists\n"
        "  x: of\n"
        "  y:\n"
        "    sevrity: error\n"
        "    skip: {labels: no-docs}\n"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:1:13: $.apiVersion: must be 'policylint/v1' (got 'policylint/v2')",
        ".policylint.yaml:2:7: $.kind: must be one of: Pack, Config (got 'Policy')",
        ".policylint.yaml:3:10: $.fail-on: must be one of: error, warning, note, never "
        "(got 'fatal')",
        ".policylint.yaml:4:9: $.params: must be a mapping (got a list)",
        ".policylint.yaml:5:10: $.extends: must be a list (got 'builtin:recommended')",
        ".policylint.yaml:6:1: $.unknown: unknown key 'unknown'; expected one of: apiVersion, "
        "kind, name, description, extends, fail-on, params, rules, exemptions, "
        "exemption-notice-days",
        ".policylint.yaml:8:3: $.rules['bad id']: invalid key 'bad id': must match "
        "^[A-Za-z0-9][A-Za-z0-9._-]*$",
        ".policylint.yaml:8:3: $.rules['bad id']: new rule 'bad id' needs 'title', 'severity' "
        "(no extended pack defines it)",
        ".policylint.yaml:8:3: $.rules['bad id'].options: missing required key 'globs'",
        ".policylint.yaml:10:6: $.rules.x: must be 'off' or a mapping (got 'of')",
        ".policylint.yaml:11:3: $.rules.y: new rule 'y' needs 'kind', 'title', 'severity' "
        "(no extended pack defines it)",
        ".policylint.yaml:12:5: $.rules.y.sevrity: unknown key 'sevrity'; did you mean 'severity'?",
        ".policylint.yaml:13:20: $.rules.y.skip.labels: must be a list (got 'no-docs')",
    ]


def test_options_are_checked_against_the_kind_at_their_positions(repo: Path) -> None:
    write(repo, {CONFIG: (
        "rules:\n"
        "  a:\n"
        f"{RULE}"
        "    options:\n"
        "      globs: [readme*, 7]\n"
        "      directory: docs\n"
        "  b:\n"
        f"{RULE}"
        "    options: {globs: ['a\\']}\n"
        "  c:\n"
        f"{RULE}"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:7:24: $.rules.a.options.globs[1]: must be a string (got 7)",
        ".policylint.yaml:8:7: $.rules.a.options.directory: unknown key 'directory'; "
        "did you mean 'directories'?",
        ".policylint.yaml:13:23: $.rules.b.options.globs[0]: pattern 'a\\\\': a pattern must "
        "not end with an unescaped backslash",
        ".policylint.yaml:14:3: $.rules.c.options: missing required key 'globs'",
    ]


def test_option_problems_point_into_the_file_that_set_the_option(repo: Path) -> None:
    write(repo, {CONFIG: (
        "extends: [builtin:community-health]\n"
        "rules:\n"
        "  readme:\n"
        "    options:\n"
        "      case-sensitive: yes please\n"
    )})  # fmt: skip
    assert problems() == [
        ".policylint.yaml:5:23: $.rules.readme.options.case-sensitive: must be true or false "
        "(got 'yes please')"
    ]


def test_problems_in_an_extended_pack_name_the_pack(repo: Path) -> None:
    write(repo, {
        "ci/org.yaml": "rules:\n  a:\n    kind: file-exists\n    title: A\n    severity: high\n",
        CONFIG: "extends: [./ci/org.yaml]\nfail-on: sometimes\n",
    })  # fmt: skip
    assert problems() == [
        ".policylint.yaml:2:10: $.fail-on: must be one of: error, warning, note, never "
        "(got 'sometimes')",
        "ci/org.yaml:2:3: $.rules.a.options: missing required key 'globs'",
        "ci/org.yaml:5:15: $.rules.a.severity: must be one of: error, warning, note (got 'high')",
    ]


def test_problems_in_builtin_packs_are_named_builtin(repo: Path) -> None:
    write(repo, {CONFIG: "extends: [builtin:community-health]\nrules:\n  readme: {when: '1 +'}\n"})
    assert problems() == [
        f".policylint.yaml:3:18: $.rules.readme.when: invalid CEL expression: "
        f"{cel.syntax_error('1 +')}"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: !!python/object/apply:os.system ['echo pwned']\n",
            ".policylint.yaml:1:4: $.a: the tag '!!python/object/apply:os.system' is not "
            "allowed; policy files hold plain data",
        ),
        (
            "rules: {}\nfail-on: note\nrules: {}\n",
            ".policylint.yaml:3:1: $.rules: duplicate key 'rules' (first defined on line 1)",
        ),
    ],
)
def test_unsafe_yaml_is_a_policy_error(repo: Path, text: str, expected: str) -> None:
    write(repo, {CONFIG: text})
    assert problems() == [expected]


def test_billion_laughs_is_a_policy_error(repo: Path) -> None:
    from tests.helpers.documents import billion_laughs

    write(repo, {CONFIG: billion_laughs()})
    assert problems() == [
        ".policylint.yaml:3:8: $.d[0][0]: too many aliases: more than 100 uses "
        "(a 'billion laughs' document?)"
    ]


def test_oversized_pack_is_a_policy_error(repo: Path) -> None:
    write(repo, {CONFIG: "extends: [./big.yaml]\n"})
    with (repo / "big.yaml").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    assert problems() == [
        "big.yaml:1:1: $: the file is too large (52,428,800 bytes); policy files are limited "
        "to 1,048,576"
    ]


def test_a_config_linking_out_of_the_checkout_is_never_read(
    repo: Path, make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = repo.parent / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (repo / CONFIG).symlink_to(secret)
    expected = [
        f".policylint.yaml:1:1: $: a link to a file outside the checkout ({secret}); "
        "policy files must live inside it"
    ]
    assert problems() == expected
    assert validate_files([Path(CONFIG)]) == expected
    monkeypatch.chdir(make_repo({}, use_git=False))  # named relative to the root, from anywhere
    with pytest.raises(PolicyError) as caught:
        load_policy(find_config(repo), root=repo, use_cache=False)
    assert caught.value.problems == expected


def test_a_config_linking_inside_the_checkout_is_read(repo: Path) -> None:
    write(repo, {"ci/policy.yaml": "extends: [builtin:community-health]\nfail-on: note\n"})
    (repo / CONFIG).symlink_to(repo / "ci" / "policy.yaml")
    assert load().fail_on == "note"


def test_a_policy_without_rules_is_an_error_not_a_silent_pass(repo: Path) -> None:
    write(repo, {CONFIG: "fail-on: warning\n"})
    assert problems() == [
        ".policylint.yaml:1:1: $: the policy has no rules, so nothing would be checked: add "
        "`extends: [builtin:recommended]` (the default without a policy file) or define rules"
    ]


def test_local_packs_must_not_leave_the_checkout(repo: Path) -> None:
    (repo.parent / "secret.yaml").write_text("password: hunter2\n", encoding="utf-8")
    (repo / "link.yaml").symlink_to(repo.parent / "secret.yaml")
    write(repo, {
        CONFIG: "extends: [ci/org.yaml, ./link.yaml]\n",
        "ci/org.yaml": "extends:\n  - ../../secret.yaml\n  - /etc/passwd\n",
    })  # fmt: skip
    assert problems() == [
        ".policylint.yaml:1:24: $.extends[1]: extends './link.yaml' leaves the checkout; "
        "local packs must live inside it",
        "ci/org.yaml:2:5: $.extends[0]: extends '../../secret.yaml' leaves the checkout; "
        "local packs must live inside it",
        "ci/org.yaml:3:5: $.extends[1]: extends '/etc/passwd' leaves the checkout; "
        "local packs must live inside it",
    ]


def test_a_config_outside_the_root_may_extend_its_neighbours(
    repo: Path, make_repo: MakeRepo
) -> None:
    org = make_repo({
        "policy/org.yaml": "extends: [../shared/base.yaml, builtin:recommended]\n",
        "shared/base.yaml": "fail-on: warning\n",
    }, use_git=False)  # fmt: skip
    policy = load_policy(org / "policy" / "org.yaml", root=repo, use_cache=False)
    assert policy.fail_on == "warning"
    assert policy.sources[:2] == (f"{org}/policy/org.yaml", f"{org}/shared/base.yaml")
    assert validate_files([org / "policy" / "org.yaml"]) == []


def test_validate_files_keeps_packs_inside_the_working_directory(repo: Path) -> None:
    (repo.parent / "base.yaml").write_text("fail-on: note\n", encoding="utf-8")
    write(repo, {"sub/pack.yaml": "extends: [../../base.yaml]\n"})
    assert validate_files([Path("sub/pack.yaml")]) == [
        "sub/pack.yaml:1:11: $.extends[0]: extends '../../base.yaml' leaves the checkout; "
        "local packs must live inside it"
    ]


def test_validate_files_reports_every_file(repo: Path) -> None:
    write(repo, {
        "good.yaml": rule_text("a"),
        "bad.yaml": "fail-on: always\n",
        "worse.yaml": "rules: [a]\n",
    })  # fmt: skip
    paths = [Path("good.yaml"), Path("bad.yaml"), Path("worse.yaml")]
    assert validate_files(paths) == [
        "bad.yaml:1:10: $.fail-on: must be one of: error, warning, note, never (got 'always')",
        "worse.yaml:1:8: $.rules: must be a mapping (got a list)",
    ]


def test_validate_files_names_files_relative_to_the_working_directory(repo: Path) -> None:
    write(repo, {"sub/pack.yaml": "extends: [./base.yaml]\n", "sub/base.yaml": "rules: 1\n"})
    assert validate_files([repo / "sub" / "pack.yaml"]) == [
        "sub/base.yaml:1:8: $.rules: must be a mapping (got 1)"
    ]


def test_every_builtin_pack_validates_cleanly() -> None:
    packs = sorted(data_dir("policies").glob("*.yaml"))
    assert {pack.stem for pack in packs} >= {"community-health", "recommended"}
    assert validate_files(packs) == []


def test_find_config(make_repo: MakeRepo) -> None:
    assert find_config(make_repo({}, use_git=False)) is None
    root = make_repo({".policylint.yml": "{}\n"}, use_git=False)
    assert find_config(root) == str(root / ".policylint.yml")
    root = make_repo({".policylint.yml": "{}\n", ".policylint.yaml": "{}\n"}, use_git=False)
    with pytest.raises(PolicyError) as caught:
        find_config(root)  # one of them would be ignored
    assert caught.value.problems == [
        f"{root}: both .policylint.yaml and .policylint.yml exist; keep one (one is ignored)"
    ]
    root = make_repo({}, use_git=False)
    (root / ".policylint.yaml").mkdir()  # whatever has the name counts, and is then reported
    assert find_config(root) == str(root / ".policylint.yaml")


def test_data_dir_prefers_the_wheels_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint import resources
    from tests.helpers.paths import ROOT

    assert data_dir("policies") == ROOT / "policies"  # a checkout / editable install
    package = tmp_path / "site-packages" / "policylint"
    (package / "_data" / "policies").mkdir(parents=True)
    (package / "_data" / "policies" / "shipped.yaml").write_text("{}\n", encoding="utf-8")
    (package / "_data" / "policies" / "notes.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "PACKAGE_DIR", str(package))
    assert data_dir("policies") == package / "_data" / "policies"
    assert builtin_packs() == ["shipped"]
    assert data_dir("schemas") == tmp_path / "site-packages" / "schemas"
