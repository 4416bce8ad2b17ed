"""Readers for the binary formats reports arrive in: .docx, .xlsx, .pdf and legacy Office files."""
