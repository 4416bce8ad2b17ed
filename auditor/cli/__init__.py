"""The ``pfaudit`` command line: its arguments, the catalogue commands, the progress bar."""
