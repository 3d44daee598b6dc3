"""``python -m policylint.audit SOURCE...``: the audit without the ``policylint`` command."""

from __future__ import annotations

import argparse
import sys

from policylint.audit import AuditError, command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policylint audit")
    command.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return command.run(args)
    except AuditError as exc:
        sys.stderr.write(f"policylint: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
