"""Render a report's HTML template as PDF (WeasyPrint): the page and the PDF are the same template."""

from django.template.loader import render_to_string


def html_to_pdf(*, template, context, request=None, base_url=None):
    from weasyprint import HTML  # imported late: loading Pango costs time no page view needs

    html = render_to_string(template, {**context, "for_print": True}, request=request)
    return HTML(string=html, base_url=base_url or (request.build_absolute_uri("/") if request else None)).write_pdf()
