"""A run: from the files to audit to the finished `Run` the formats render, for the CLI and the web page.

`run` holds the middle (`gather`, `finish`), `stages` the stages around the per-file audits,
`executor` the Dask cluster, `db`, `schema`, `upgrade` and ``migrations/`` the audit history,
`register` the ``pfaudit register`` command.
"""
