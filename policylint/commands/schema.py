"""``policylint schema``: print the JSON Schema of policy files (for editors)."""

from __future__ import annotations

import argparse

from policylint.commands.options import write_stdout
from policylint.docgen import schema_json
from policylint.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the schema is the same for every checkout."""


def run(args: argparse.Namespace) -> int:
    write_stdout(schema_json())
    return EXIT_OK
