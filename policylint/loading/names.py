"""The names a policy load starts from (a module of its own: the hook path reads them)."""

CONFIG_NAMES = (".policylint.yaml", ".policylint.yml")
DEFAULT_PACK = "recommended"
BUILTIN = "builtin:"
