"""Word (.docx) versions of Markdown-ish drafts, via python-docx. Word files are
XML, which cannot hold control characters other than tab, LF and CR: they become
U+FFFD instead of making python-docx raise."""

from __future__ import annotations

import io

from data.export import xml_text


def markdown_to_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in xml_text(text).splitlines():
        if line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
