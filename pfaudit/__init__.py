"""pfaudit: a consistency auditor for Chinese budget-performance self-evaluation reports.

The code lives in `auditor` (the engine) and `checks` (the built-in checks); this small
package is the command's entry point (``pfaudit``, ``python -m pfaudit``) and holds the
version, so that ``pfaudit --version`` answers without importing either.
"""

__version__ = "0.1.0"
