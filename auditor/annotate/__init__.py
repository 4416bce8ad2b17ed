"""Annotated copies of a report: Word comments, Excel notes, or the HTML view for other formats."""
