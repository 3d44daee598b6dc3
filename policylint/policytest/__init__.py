"""``policylint test``: policy unit tests in YAML (``*.test.yaml``, docs/policy-tests.md).

A test file names a policy (``builtin:NAME`` or a path) and lists cases: a small repository,
optionally a change (commits on a branch) and pull-request metadata, and the outcome each rule
is expected to have. Each case is built as a real git repository in a temporary directory and
the policy is evaluated on it by the same engine and fact readers ``policylint check`` uses.

- ``spec`` and ``cases``: reading and validating test files (every problem with
  file:line:col), ``values``: identities, dates, paths;
- ``build`` (with ``gitobjects`` and ``worktree``): the repository of a case;
- ``run``: the policy of a file, the facts of a case, expectations judged;
- ``report``: the table per rule, as text or JSON; ``command``: the sub-command.
"""
