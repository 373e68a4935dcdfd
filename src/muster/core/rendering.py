"""HTML as PDF (WeasyPrint): a page's own template, rendered for print, becomes its PDF."""


def html_to_pdf(*, html, base_url=None):
    """The PDF of `html`; `base_url` (the site's address) resolves the stylesheet and images it links to."""
    from weasyprint import HTML  # imported late: loading Pango costs time no page view needs

    return HTML(string=html, base_url=base_url).write_pdf()
