"""Bad input is refused with a message that says what is wrong; files give their text."""

import datetime

import pytest
from pypdf import PdfWriter

from muster.intake.reading import StatementError, statement_read, statement_text

PUBLISHED = datetime.date(2025, 2, 6)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"), ("   \n\t", "empty"), ("a" * (5 * 1024 * 1024 + 1), "5 MB"), ("144 officers\x00arrived", "binary"),
])
def test_what_is_not_a_statement_is_refused_saying_why(text, message):
    with pytest.raises(StatementError, match=message):
        statement_read(text, published=PUBLISHED)


def test_five_megabytes_are_counted_in_bytes_not_characters():
    text = "é" * (3 * 1024 * 1024)  # 3 M characters, 6 MB in UTF-8
    with pytest.raises(StatementError, match="5 MB"):
        statement_read(text, published=PUBLISHED)


def test_a_language_muster_does_not_read_is_refused():
    with pytest.raises(StatementError, match="de"):
        statement_read("144 Polizisten sind angekommen.", published=PUBLISHED, language="de")


def test_a_text_file_in_utf8_or_windows_1252_gives_its_text():
    text = "Les 144 policiers kényans sont arrivés à Port-au-Prince."
    assert statement_text(text.encode("utf-8"), filename="note.txt") == text
    assert statement_text(("\ufeff" + text).encode("utf-8"), filename="note.TXT") == text
    assert statement_text(text.encode("cp1252"), filename="note.txt") == text


def test_a_web_page_gives_its_text_in_paragraphs_apart_by_blank_lines_without_scripts_or_styles():
    page = (b"<html><head><title>Kenya sends 144</title><style>p{color:red}</style>"
            b"<script>var total = 999;</script></head><body><h1>Kenya sends 144 more officers</h1>"
            b"<p>This morning I saw off 144 officers.</p><p>They bring the total to 744.</p></body></html>")
    text = statement_text(page, filename="statement.html")
    assert "999" not in text and "color" not in text
    assert ("Kenya sends 144 more officers\n\nThis morning I saw off 144 officers.\n\nThey bring the total to 744."
            in text)
    reading = statement_read(text, published=PUBLISHED, language="en")
    assert [(proposal.kind, proposal.fields.get("count") or proposal.fields.get("value"))
            for proposal in reading.proposals] == [("movement", 144), ("claim", 744)]


def test_binary_files_and_unsupported_extensions_are_refused():
    with pytest.raises(StatementError, match="binary"):
        statement_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename="photo.txt")
    with pytest.raises(StatementError, match=".docx"):
        statement_text(b"PK\x03\x04", filename="statement.docx")
    with pytest.raises(StatementError, match="empty"):
        statement_text(b"", filename="statement.txt")


def test_a_pdf_without_text_or_not_a_pdf_at_all_is_refused(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    with pytest.raises(StatementError, match="no text"):
        statement_text(path.read_bytes(), filename="scan.pdf")
    with pytest.raises(StatementError, match="PDF could not be read"):
        statement_text(b"%PDF-1.7 this is not really a PDF", filename="broken.pdf")
