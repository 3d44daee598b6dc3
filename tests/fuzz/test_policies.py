"""Structure-aware policies and lexical YAML: ``validate`` and ``check`` end with exit 0, 1
or 2, never 3, and every exit-2 problem names ``file:line:col``."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.fuzz import lexical_yaml, outcome, policies, run_in_process, yaml_of
from tests.helpers.fuzz_settings import examples
from tests.helpers.repos import MakeRepo


@settings(max_examples=examples(450))
@given(text=policies().flatmap(yaml_of))
def test_structured_policies(make_repo: MakeRepo, tmp_path: Path, text: str) -> None:
    repo = tmp_path / "policy-repo"
    if not repo.exists():
        repo = make_repo({"README.md": "# x\n", "x.yaml": "rules: {}\n"}, name="policy-repo")
    (repo / ".policylint.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome("policy validate", run_in_process("validate", str(repo / ".policylint.yaml")))
    outcome("policy check", run_in_process("check", "--no-cache", str(repo)))


@settings(max_examples=examples(700))
@given(text=lexical_yaml(), where=st.sampled_from(["policy", "manifest", "test file"]))
def test_lexical_yaml(tmp_path: Path, text: str, where: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    if where == "policy":
        (tmp_path / "p.yaml").write_bytes(data)
        outcome("yaml policy", run_in_process("validate", str(tmp_path / "p.yaml")))
    elif where == "manifest":
        (tmp_path / "m.yaml").write_bytes(data)
        run = run_in_process("audit", str(tmp_path / "m.yaml"), "--no-progress")
        outcome("yaml manifest", run, positioned=run.code == 2 and "m.yaml:" in run.stderr)
    else:
        (tmp_path / "t.test.yaml").write_bytes(data)
        run = run_in_process("test", str(tmp_path / "t.test.yaml"))
        lines = run.stderr.splitlines()
        kept = [line for line in lines if line != "policylint: invalid test files: no test ran"]
        outcome("yaml test file", run._replace(stderr="\n".join(kept)))
