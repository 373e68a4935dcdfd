"""A statement's text from what a user gives: pasted text checked, or a .txt, .html or .pdf file read.

A file that is not text (a NUL byte, a PDF without a text layer) is refused with a message that says so, rather
than read as nonsense whose figures a reviewer would then be asked to check.
"""

import io
from pathlib import PurePath

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
# Elements after which a page's text breaks a paragraph: the reader takes a line's end as a sentence's end
# (headlines).
BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title", "blockquote", "section",
          "article", "header", "footer", "td", "th", "dd", "dt", "figcaption")


class StatementError(ValueError):
    """A statement that cannot be read; the message says why."""


def statement_check(text):
    """Refuse what is not a statement: nothing, more than 5 MB, or binary content."""
    if not text or not text.strip():
        raise StatementError(_("The statement is empty: paste its text or give a file with text in it."))
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_BYTES:
        raise StatementError(_("The statement is over 5 MB; give the part that reports the facts."))
    if "\x00" in text:
        raise StatementError(_("The statement holds binary content (NUL bytes), not text."))


def statement_text(content: bytes, *, filename: str) -> str:
    """The text of a statement file: .txt (UTF-8, else Windows-1252, else Latin-1), .html (its text without
    scripts and styles), .pdf (its text layer)."""
    if len(content) > MAX_BYTES:
        raise StatementError(_("The file is over 5 MB; give the part that reports the facts."))
    extension = PurePath(filename).suffix.casefold()
    if extension in {".txt", ".text", ".md"}:
        text = _plain_text(content)
    elif extension in {".html", ".htm"}:
        text = _html_text(content)
    elif extension == ".pdf":
        text = _pdf_text(content)
    else:
        raise StatementError(_("Muster reads statements from .txt, .html and .pdf files, not “%(extension)s”.")
                     % {"extension": extension or filename})
    statement_check(text)
    return text


def _plain_text(content):
    if b"\x00" in content:
        raise StatementError(_("The file is binary (it holds NUL bytes), not text."))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_control(text):
            raise StatementError(_("The file is binary, not text."))
        return text
    raise StatementError(_("The file's text could not be decoded."))  # latin-1 decodes every byte: kept for clarity


def _mostly_control(text):
    controls = sum(1 for character in text if ord(character) < 32 and character not in "\n\r\t\f")
    return controls > max(8, len(text) // 100)


def _html_text(content):
    import lxml.html
    from lxml import etree

    if b"\x00" in content:
        raise StatementError(_("The file is binary (it holds NUL bytes), not a web page."))
    try:
        document = lxml.html.fromstring(content)
    except (etree.ParserError, ValueError) as error:
        raise StatementError(_("The web page could not be read: %(reason)s") % {"reason": error}) from error
    for element in document.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    for element in document.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in document.text_content().splitlines())
    # a blank line between blocks: a paragraph of the page is a paragraph of the statement (citations count them)
    return "\n\n".join(line for line in lines if line)


def _pdf_text(content):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise StatementError(_("The PDF could not be read: %(reason)s") % {"reason": error}) from error
    if not text.strip():
        raise StatementError(_("The PDF has no text to read (a scanned image?): paste its text instead."))
    return text
