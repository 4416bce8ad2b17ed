"""Words of a text as jieba cuts them, without loading jieba's whole dictionary first.

jieba builds a prefix dictionary of every word and every prefix of a word (about 600,000
keys, a second to load) before it cuts the first sentence, so a report with one borderline
pair of sentences paid that second in full. `cut_words` gives exactly what
``jieba.Tokenizer().lcut(text)`` gives, with jieba's own cutting code (the same DAG, route
and HMM for unknown runs), but its dictionary answers each fragment from a SQLite copy of
jieba's ``dict.txt``, written once per machine in the user's cache folder (as jieba keeps
its own cache in the temporary folder). When that copy cannot be written, jieba's own
dictionary is loaded, and the words are the same.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

_TOKENIZER: Any = None
_SCHEMA = 1  # bump when the table layout changes


class _Dictionary:
    """jieba's ``FREQ`` mapping, looked up lazily: a word's count, 0 for a prefix of a word, else absent."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._seen: dict[str, int | None] = {}
        self.total = db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0]

    def get(self, fragment: str, default: int | None = None) -> int | None:
        found = self._seen.get(fragment, -1)
        if found == -1:
            row = self._db.execute("SELECT word, freq FROM words WHERE word >= ? ORDER BY word LIMIT 1", (fragment,)).fetchone()
            # NOTE: UTF-8 byte order is code-point order, so the words a fragment begins sit
            # together right after it: the first word at or after it tells.
            found = None if row is None or not row[0].startswith(fragment) else row[1] if row[0] == fragment else 0
            self._seen[fragment] = found
        return default if found is None else found

    def __contains__(self, fragment: str) -> bool:
        return self.get(fragment) is not None

    def __getitem__(self, fragment: str) -> int:
        found = self.get(fragment)
        if found is None:
            raise KeyError(fragment)
        return found


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pfaudit"


def _build(source: Path, target: Path) -> None:
    """Copy jieba's dictionary into SQLite, read as ``Tokenizer.gen_pfdict`` reads it (a later line wins)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(temporary)
        with db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
            total = 0
            rows = []
            with source.open("rb") as f:
                for line in f:
                    word, freq = line.strip().decode("utf-8").split(" ")[:2]
                    total += int(freq)
                    rows.append((word, int(freq)))
            db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)", rows)
            db.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        db.close()
        os.replace(temporary, target)  # atomic: a worker building the same copy never sees half of it
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _dictionary(jieba: Any) -> _Dictionary | None:
    source = Path(jieba.__file__).with_name("dict.txt")
    try:
        stat = source.stat()
        target = _cache_folder() / f"jieba-{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}-{_SCHEMA}.sqlite"
        if not target.is_file():
            _build(source, target)
        return _Dictionary(sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False))
    except (OSError, sqlite3.Error, ValueError):
        return None  # no cache folder to write in: jieba loads its own dictionary instead


def cut_words(text: str, hmm: bool = True) -> list[str]:
    """``jieba.Tokenizer().lcut(text)``, spaces and punctuation included, as jieba returns them.

    `hmm=False`: the dictionary's words only (jieba's HMM makes words of unknown runs: "完备性晰" is 完备 | 性晰).
    """
    global _TOKENIZER
    if _TOKENIZER is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        words = _dictionary(jieba)
        if words is None:
            tokenizer.initialize()
        else:
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = words, words.total, True
        _TOKENIZER = tokenizer
    return _TOKENIZER.lcut(text, HMM=hmm)
