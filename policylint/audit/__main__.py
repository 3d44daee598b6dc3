"""``python -m policylint.audit SOURCE...``: the audit without the ``policylint`` command."""

from __future__ import annotations

import sys

from policylint.cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    """``python -m policylint.audit ARGS`` is ``policylint audit ARGS``: the same options, the
    same error boundary and exit codes (2 for usage errors, 3 for a bug)."""
    return cli_main(["audit", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
