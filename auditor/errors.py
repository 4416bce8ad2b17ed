"""Errors pfaudit raises; each becomes exit code 2 with a message, never a traceback.

    PfauditError
     ├── ConfigError   a pfaudit.toml or a command-line option is wrong
     ├── ReadError     a file cannot be read as a report (becomes an `unreadable` finding)
     └── PluginError   a plugin failed to load or declares a malformed check
"""


class PfauditError(Exception):
    """Base of every error pfaudit raises on purpose."""


class ConfigError(PfauditError):
    """A configuration file or option is invalid."""


class ReadError(PfauditError):
    """A file cannot be read as a report."""


class PluginError(PfauditError):
    """A plugin failed to load or is malformed."""
