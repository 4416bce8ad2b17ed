"""Readers for the formats reports arrive in besides text: .docx, .xlsx, .pdf, legacy Office files and web pages."""
