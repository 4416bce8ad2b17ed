"""A run: from the files to audit to the finished `Run` the formats render, for the CLI and the web page."""
