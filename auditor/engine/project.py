"""Where pfaudit is published and how to install it: the one place that names the repository.

No package called pfaudit is published on PyPI, and ``pip install pfaudit`` would install
whatever someone else registers under that name. Every install command pfaudit prints
therefore installs from a source: the checkout or VCS URL this copy was installed from
(pip records it, PEP 610), else `REPOSITORY`. Documentation links (SARIF ``informationUri``
and each rule's ``helpUri``) are absolute URLs under `REPOSITORY`.

This module imports nothing heavy: ``pfaudit --version`` and error messages use it.
"""

from __future__ import annotations

import json
from importlib import metadata
from urllib.parse import unquote, urlparse

# The version is kept in the entry-point package (``pfaudit.__version__``, which answers
# ``--version`` without importing auditor, and which pyproject.toml builds the distribution's
# version from); auditor reads it as installed, so that nothing in auditor imports the
# entry point that imports auditor's command line. This is auditor's one door to it.
try:
    VERSION = metadata.version("pfaudit")
except metadata.PackageNotFoundError:  # a source tree run without installing it
    VERSION = "0+unknown"

# The repository pfaudit is published from. A placeholder on a reserved domain (RFC 2606),
# which nobody can register: change it here, once, when the repository gets its address.
REPOSITORY = "https://example.com/pfaudit/pfaudit"
DOCS = f"{REPOSITORY}/blob/main/docs/"
RULES = f"{DOCS}rules/"
ERRORS = f"{DOCS}errors.md"  # the kinds of error (E1–E9) a check's documentation cites

# The import names each optional extra of pyproject.toml brings (tests keep the two in step).
EXTRAS: dict[str, tuple[str, ...]] = {
    "corpus": ("sqlalchemy", "alembic", "psycopg", "datasketch", "distributed"),
    "web": ("starlette", "uvicorn", "jinja2", "multipart"),
}


def rule_url(code: str) -> str:
    """The documentation page of one check: ``docs/rules/CODE.md`` in the repository."""
    return f"{RULES}{code}.md"


def extra_for(module: str) -> str | None:
    """The extra that installs an import name, or None."""
    top = module.split(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


def _installed_from() -> tuple[str, bool]:
    """Where pip installed this copy from: a folder path (True) or a VCS URL (False); else the repository."""
    try:
        raw = metadata.distribution("pfaudit").read_text("direct_url.json")
        found = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError, OSError):
        found = {}
    url = str(found.get("url", ""))
    if url.startswith("file:") and "dir_info" in found:
        return unquote(urlparse(url).path), True
    vcs = found.get("vcs_info") or {}
    if url and vcs.get("vcs"):
        return f"{vcs['vcs']}+{url}", False
    return f"git+{REPOSITORY}", False


def install_command(extra: str | None = None) -> str:
    """The pip command that installs pfaudit (with `extra`) from its source, never from PyPI.

    Double quotes work in POSIX shells, cmd and PowerShell alike.
    """
    source, folder = _installed_from()
    wanted = f"[{extra}]" if extra else ""
    return f'pip install "{source}{wanted}"' if folder else f'pip install "pfaudit{wanted} @ {source}"'


def install_hint(modules: tuple[str, ...] | list[str]) -> str:
    """How to install missing import names: pfaudit's extra when one brings them, else the modules."""
    extras = sorted({e for m in modules if (e := extra_for(m))})
    loose = sorted({m for m in modules if not extra_for(m)})
    commands = [install_command(e) for e in extras] + ([f"pip install {' '.join(loose)}"] if loose else [])
    return "; ".join(commands)
