"""Reading scanned PDF pages by OCR (the optional ``ocr`` extra): engine, page image, tables, cache.

`read` decides which pages to read and words the notes; `run` renders and recognises pages
in child processes within their budget and caches what the engine read; `image` cleans and
straightens a page and finds its rules; `grid` builds tables from rules and characters;
`page` makes paragraphs and tables with each piece's box and doubts; `engine` wraps RapidOCR.
"""
