"""``policylint schema``: print the JSON Schema of policy files (for editors)."""

from __future__ import annotations

import argparse
import json

from policylint.commands.options import write_stdout
from policylint.errors import EXIT_OK
from policylint.loading.schema import policy_schema


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the schema is the same for every checkout."""


def run(args: argparse.Namespace) -> int:
    write_stdout(json.dumps(policy_schema(), indent=2, sort_keys=True) + "\n")
    return EXIT_OK
