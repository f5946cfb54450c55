"""Open exported files with real readers: pypdf, python-docx, csv, zip."""
import csv
import io
import zipfile


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    """Paragraphs and tables (cell by cell, row by row) in the order of the document."""
    import docx
    from docx.table import Table

    parts = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def docx_parts(data: bytes) -> str:
    """Every part of the DOCX package as text: what a determined reader could see."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff"), "CSV for spreadsheets starts with a BOM"
    return list(csv.DictReader(io.StringIO(text[1:])))


def flat(text: str) -> str:
    """Whitespace folded, so line wrapping in a PDF does not split phrases."""
    return " ".join(text.split())
