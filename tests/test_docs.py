"""Documentation stays true: generated pages match the code they are generated from, and
samples of command output are what the commands print."""

from __future__ import annotations

import json
import re
from pathlib import Path

from policylint import docgen
from policylint.checks import KINDS, load_kind
from tests.helpers.cli import run_policylint
from tests.helpers.paths import ROOT, fixture_policy
from tests.helpers.repos import HEALTHY, MakeRepo, git


def test_generated_docs_are_current() -> None:
    for relative, render in docgen.TARGETS.items():
        committed = (ROOT / relative).read_text(encoding="utf-8")
        assert committed == render(), f"{relative} is stale: run `python -m policylint.docgen`"


def test_every_kind_is_documented_with_all_sections() -> None:
    kinds = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    for name in KINDS:
        assert f"\n## {name}\n" in kinds
        doc = load_kind(name).__doc__ or ""
        for section in ("What it checks", "Why", "Options", "Example"):
            assert f"\n{section}\n" in doc, f"{name}: no {section!r} section"


def test_every_builtin_rule_is_documented() -> None:
    from policylint.loading import load_policy

    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    policy = load_policy(None, root=ROOT, use_cache=False)
    for rule in policy.rules:
        assert f"\n### `{rule.id}`\n" in rules
        assert rule.description and rule.help, f"{rule.id}: needs a description and help"


# The samples of command output in the docs are what the commands print.

SAMPLE_FENCE = re.compile(r"(?:<!-- expect-exit: (\d+) -->\n)?```(\w*)\n(.*?)```", re.DOTALL)


def doc_text(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def fenced(text: str, lang: str) -> list[tuple[int, str]]:
    """The ``lang`` blocks of a Markdown text, each with the exit code an
    ``<!-- expect-exit: N -->`` comment right before its fence expects (default 0)."""
    return [
        (int(code or 0), body) for code, kind, body in SAMPLE_FENCE.findall(text) if kind == lang
    ]


def section_block(text: str, heading: str, lang: str) -> str:
    """The first ``lang`` block after the Markdown heading ``## heading``."""
    return fenced(text.split(f"\n## {heading}\n", 1)[1], lang)[0][1]


def assert_sample(sample: str, real: str) -> None:
    """``real`` is what ``sample`` shows: a line ``...`` stands for any lines, a line that ends
    in ``, ...`` for a longer line that starts so."""
    parts = []
    for line in sample.splitlines():
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.endswith(", ..."):
            parts.append(re.escape(line[:-3]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    assert re.fullmatch("".join(parts), real), f"sample:\n{sample}\nreal:\n{real}"


def policy_block(text: str) -> str:
    (policy,) = [body for _, body in fenced(text, "yaml") if body.startswith("# .policylint.yaml")]
    return policy


def test_every_test_file_on_the_policy_tests_page_runs_as_written(tmp_path: Path) -> None:
    text = doc_text("docs/policy-tests.md")
    (tmp_path / ".policylint.yaml").write_text(policy_block(text), encoding="utf-8")
    blocks = [(code, body) for code, body in fenced(text, "yaml") if "\ntests:\n" in body]
    assert len(blocks) == 2
    for index, (code, body) in enumerate(blocks):
        path = tmp_path / ".policylint" / "tests" / f"sample{index}.test.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        result = run_policylint("test", str(path), cwd=tmp_path)
        assert result.returncode == code, result.stdout + result.stderr


def test_the_policy_tests_page_opens_with_what_policylint_test_prints() -> None:
    sample = fenced(doc_text("docs/policy-tests.md"), "console")[0][1]
    command, _, shown = sample.partition("\n")
    assert command == "$ policylint test policies/tests/community-health.test.yaml"
    result = run_policylint(*command.split()[2:], cwd=ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    assert_sample(shown, result.stdout)


def test_the_readme_quick_start_sample_is_what_check_prints(make_repo: MakeRepo) -> None:
    sample = re.search(
        r"```text\n\$ policylint check\n(.*?)\$ echo \$\?\n(\d)\n```",
        doc_text("README.md"),
        re.DOTALL,
    )
    assert sample is not None
    files = {name: text for name, text in HEALTHY.items() if name != "LICENSE"}
    repo = make_repo(files)  # all but a licence
    result = run_policylint("check", cwd=repo)
    assert (result.returncode, result.stderr) == (int(sample.group(2)), "")
    assert_sample(sample.group(1), result.stdout)


def test_the_pre_commit_sample_is_what_the_hook_prints(make_repo: MakeRepo) -> None:
    POLICY = fixture_policy("tests-with-code.yaml")

    sample = re.search(
        r"```text\npolicylint\.+Failed\n- hook id: policylint\n- exit code: (\d)\n\n(.*?)```",
        doc_text("docs/pre-commit.md"),
        re.DOTALL,
    )
    assert sample is not None
    repo = make_repo({".policylint.yaml": POLICY, "README.md": "# app\n"})
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("print('hi')\n")
    git(repo, "add", "src/app.py")
    result = run_policylint("check", "--staged", cwd=repo)
    assert (result.returncode, result.stderr) == (int(sample.group(1)), "")
    assert_sample(sample.group(2), result.stdout)


FORMATS_REPOSITORY = {
    "README.md": "# Widgets\n\nWidgets for dashboards; the rest is a TODO.\n",
    "LICENSE": HEALTHY["LICENSE"],
    "CONTRIBUTING.md": HEALTHY["CONTRIBUTING.md"],
    "CODE_OF_CONDUCT.md": HEALTHY["CODE_OF_CONDUCT.md"],
    "GOVERNANCE.md": "# Governance\n",
    "MAINTAINERS.md": "# Maintainers\n",
    "docs/user guide.md": "# Guide\n",
}


def test_the_samples_of_every_format_come_from_one_real_run(make_repo: MakeRepo) -> None:
    text = doc_text("docs/formats.md")
    repo = make_repo({".policylint.yaml": policy_block(text), **FORMATS_REPOSITORY})

    def report(form: str, *options: str) -> str:
        result = run_policylint("check", "--format", form, *options, cwd=repo)
        assert (result.returncode, result.stderr) == (1, "")
        return result.stdout

    assert_sample(section_block(text, "text", "text"), report("text"))
    verbose = fenced(text.split("\n## text\n", 1)[1].split("\n## json\n", 1)[0], "text")[1][1]
    assert_sample(verbose, report("text", "--verbose"))
    assert_sample(section_block(text, "github", "text"), report("github"))
    markdown = report("markdown")  # ends in a blank line, which a sample cannot show
    assert_sample(section_block(text, "markdown", "markdown"), markdown.rstrip("\n") + "\n")
    shown, real = json.loads(section_block(text, "json", "json")), json.loads(report("json"))
    assert shown.keys() == real.keys()
    assert all(shown[key] == real[key] for key in shown if key not in ("tool", "findings", "rules"))
    assert shown["tool"]["name"] == real["tool"]["name"]
    assert all(item in real[key] for key in ("findings", "rules") for item in shown[key])
    result = json.loads(section_block(text, "sarif", "json"))
    assert result in json.loads(report("sarif"))["runs"][0]["results"]
    gitlab = json.loads(section_block(text, "gitlab", "json"))
    assert all(entry in json.loads(report("gitlab")) for entry in gitlab)
