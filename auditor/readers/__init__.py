"""Readers for the formats reports arrive in: plain text, .docx, .xlsx, .pdf, legacy Office files and web pages."""
