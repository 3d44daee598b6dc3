"""Organisation audit: many repositories, one report.

``policylint audit`` expands its sources into repositories (``sources``), evaluates each one
exactly as ``policylint check`` does in a worker process (``worker``) on a local pool or a Dask
cluster (``runner``), appends one JSON row per repository to a journal as it finishes
(``journal``; resumable), shows progress (``progress``) and hands the rows to the reports
(``report``). ``command`` holds the sub-command's options and its ``run``.
"""

from __future__ import annotations

# The version of a journal row (schemas/audit-row.schema.json).
ROW_VERSION = 1
