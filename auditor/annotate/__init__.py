"""Annotated copies of a report and its annotated view: Word comments, Excel notes, the report with each finding marked.

The web page and ``--annotate`` import this package; it imports the engine's values and the
formats' words, never the web page.
"""
