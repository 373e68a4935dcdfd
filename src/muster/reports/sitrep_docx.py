"""The SITREP as a Word file (python-docx): staff forward it as one. The same report as the page and the PDF show
the reader (reports.sitrep.SitrepReport: only what their grants let them see), as headings, tables and the
commander's assessment."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import sitrep


def _table(document, headers, rows):
    if not rows:
        document.add_paragraph(_("None in the period."))
        return
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def sitrep_docx(report):
    """The bytes of `report` as a .docx."""
    from docx import Document  # imported late: only this file needs it

    document = Document()
    document.core_properties.title = report.title
    document.add_heading(report.title, level=0)
    issued = report.issued
    if issued is not None:
        document.add_paragraph(_("Version %(version)s, issued by %(who)s on %(when)s.") % {
            "version": issued.version, "who": issued.issued_by_name,
            "when": date_format(issued.issued_at, "j F Y H:i e")})
        if issued.correction:
            document.add_paragraph(_("Correction: %(note)s") % {"note": issued.correction})
    else:
        document.add_paragraph(_("Compiled from the records on %(when)s; not issued.") % {
            "when": date_format(report.compiled_at, "j F Y H:i e")})
    document.add_heading(_("Commander's assessment"), level=1)
    document.add_paragraph(report.assessment or _("None given."))

    document.add_heading(_("Strength"), level=1)
    _table(document, *sitrep.strength_table(report))
    document.add_heading(_("Own casualties"), level=1)
    _table(document, *sitrep.casualty_table(report))
    document.add_heading(_("Incidents by department"), level=1)
    _table(document, *sitrep.department_table(report))
    for department in report.departments:
        most = department["most_serious"]
        document.add_heading(_("%(department)s: the most serious") % {"department": department["name"]}, level=2)
        document.add_paragraph(f"{most['date']}: {most['title']}" + (" (SAMPLE)" if most["sample"] else ""))
        if most["narrative"]:
            document.add_paragraph(most["narrative"])
        for source in most["sources"]:
            document.add_paragraph(f"{source['publisher']}, {source['title']} ({source['grade']})",
                                   style="List Bullet")
    document.add_heading(_("Incidents"), level=1)
    _table(document, *sitrep.incident_table(report))
    document.add_heading(_("Fleet readiness"), level=1)
    _table(document, *sitrep.fleet_table(report))
    document.add_heading(_("Sites opened or closed"), level=1)
    _table(document, *sitrep.site_table(report))
    document.add_heading(_("Funding events"), level=1)
    _table(document, *sitrep.funding_table(report))
    document.add_heading(_("Published figures that disagree with the records"), level=1)
    _table(document, *sitrep.claim_table(report))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
