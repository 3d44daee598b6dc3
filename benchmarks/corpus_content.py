"""Run the community-health content rules on real repositories and compare with hand labels.

Each repository is a git directory (a bare mirror or a clone's ``.git``); nothing is fetched
here. Its community files (the files directly in the root, ``.github/``, ``.gitlab/`` and
``docs/``, and ``LICENSES/``) are extracted from HEAD with ``git archive`` into a temporary
directory, and ``policylint check`` runs there with ``builtin:community-health`` and
``builtin:governance`` (the history rules are skipped: the extract has no history). The labels
file has one line per judgement, written by hand before the run:

    <name>\t<rule>\t<pass|fail>\t<note>

where ``<name>`` is the git directory's ``owner+repo`` folder name (``/work/.mirror/
owner+repo/repo`` -> ``owner+repo``). The script prints every verdict next to its label and
counts false failures (labelled pass, rule failed) and false passes.

    python benchmarks/corpus_content.py --labels labels.tsv GITDIR [GITDIR ...]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PLACES = ("", ".github/", ".gitlab/", "docs/")
POLICY = "extends: [builtin:community-health, builtin:governance]\n"


def name_of(gitdir: str) -> str:
    path = Path(gitdir).resolve()
    return (path.parent if path.name in ("repo", ".git") else path).name


def community_paths(gitdir: str) -> list[str]:
    listed = subprocess.run(
        ["git", "--git-dir", gitdir, "ls-tree", "-r", "--name-only", "-z", "HEAD"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    paths = []
    for path in filter(None, listed.split("\0")):
        head = path.rpartition("/")[0]
        if (head + "/" if head else "") in PLACES or head.lower() == "licenses":
            paths.append(path)
    return paths


def extract(gitdir: str, target: Path) -> None:
    paths = community_paths(gitdir)
    archive = subprocess.run(
        ["git", "--git-dir", gitdir, "archive", "--format=tar", "HEAD", "--", *paths],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def verdicts(root: Path) -> dict[str, tuple[str, list[str]]]:
    (root / ".policylint.yaml").write_text(POLICY, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "check", "--no-cache", "--format", "json", str(root)],
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"policylint failed on {root}: {proc.stderr}")
    document = json.loads(proc.stdout)
    messages: dict[str, list[str]] = {}
    for finding in document["findings"]:
        where = f"{finding['path']}:{finding['line']}: " if finding["path"] else ""
        messages.setdefault(finding["rule"], []).append(
            f"[{finding['severity']}] {where}{finding['message']}"
        )
    return {
        rule["id"]: (
            rule["status"],
            [*messages.get(rule["id"], []), json.dumps(rule.get("details", {}))],
        )
        for rule in document["rules"]
    }


def read_labels(path: str) -> dict[tuple[str, str], str]:
    labels = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            repo, rule, expected, *_ = line.split("\t")
            labels[(repo, rule)] = expected
    return labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", required=True)
    parser.add_argument("gitdirs", nargs="+")
    args = parser.parse_args()
    labels = read_labels(args.labels)
    false_failures = false_passes = agreed = 0
    for gitdir in args.gitdirs:
        name = name_of(gitdir)
        with tempfile.TemporaryDirectory() as tmp:
            extract(gitdir, Path(tmp))
            found = verdicts(Path(tmp))
        for (repo, rule), expected in sorted(labels.items()):
            if repo != name:
                continue
            status, messages = found.get(rule, ("absent", []))
            got = "fail" if status in ("fail", "error") else "pass"
            mark = "ok " if got == expected else "FALSE FAILURE" if got == "fail" else "FALSE PASS"
            false_failures += got == "fail" and expected == "pass"
            false_passes += got == "pass" and expected == "fail"
            agreed += got == expected
            print(f"{mark:13} {name:40} {rule:28} label={expected} got={status}")
            for message in messages:
                print(f"{'':15}{message}")
        unlabelled = [
            f"{rule}={status}"
            for rule, (status, _) in sorted(found.items())
            if (name, rule) not in labels and status == "fail"
        ]
        if unlabelled:
            print(f"{'':15}(unlabelled failing rules: {', '.join(unlabelled)})")
    print(f"\n{agreed} agree, {false_failures} false failures, {false_passes} false passes")
    return 1 if false_failures else 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
