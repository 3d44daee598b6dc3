"""policylint: policy-as-code linter for contribution workflows."""

__version__ = "0.1.0"
