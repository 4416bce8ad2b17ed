"""Errors pfaudit raises; each becomes exit code 2 with a message, never a traceback.

    PfauditError
     ├── ConfigError   a pfaudit.toml or a command-line option is wrong
     ├── ReadError     a file cannot be read as a report (becomes an `unreadable` finding)
     │    └── LimitError   it exceeds one of the per-file limits (`auditor.readers.limits`)
     └── PluginError   a plugin failed to load or declares a malformed check

An error carries its message in Chinese and, where given, English; the CLI shows the one
the run asked for (``--lang``, ``PFAUDIT_LANG``, ``lang`` in the configuration).
"""


class PfauditError(Exception):
    """Base of every error pfaudit raises on purpose."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.en = en
        self.lang: str | None = None  # set once the run's language is known

    def text(self, lang: str = "zh") -> str:
        """The message in `lang`; Chinese when there is no English one."""
        return self.en if lang == "en" and self.en else str(self)


class ConfigError(PfauditError):
    """A configuration file or option is invalid."""


class ReadError(PfauditError):
    """A file cannot be read as a report."""


class LimitError(ReadError):
    """A file exceeds a per-file limit; `limit` names it (a key of `auditor.readers.limits`, or time, memory, nesting)."""

    def __init__(self, limit: str, zh: str, en: str | None = None) -> None:
        super().__init__(zh, en)
        self.limit = limit


class PluginError(PfauditError):
    """A plugin failed to load or is malformed."""
