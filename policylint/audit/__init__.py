"""Organisation audit: many repositories, one report.

``policylint audit`` expands its sources into repositories (``sources``), evaluates each one
exactly as ``policylint check`` does in a worker process (``worker``) on a local pool or a Dask
cluster (``runner``), records one row per repository in the results database (``store``,
through ``results``) and the journal (``journal``) as it finishes (resumable), shows progress
(``progress``) and writes the reports from the database's history (``report``).
``commands/audit.py`` holds the sub-command's options and its ``run``.
"""

from __future__ import annotations

# The version of a journal row (schemas/audit-row.schema.json).
ROW_VERSION = 1
