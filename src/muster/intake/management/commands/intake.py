"""`muster intake FILE --mission MSS --published 2025-02-06 [--publisher NAME] [--language fr] [--accept]`: a
statement's proposals, one a line; with --accept, recorded (as the system, as every command writes)."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.core.changelog import change_context
from muster.intake.forms import STATEMENT_MAX_BYTES
from muster.intake.models import Proposal
from muster.intake.services import proposals_accept, statement_submit
from muster.missions.models import Mission


class Command(BaseCommand):
    help = ("Read a statement (.txt, .html or .pdf) and print the records it proposes; with --accept, record them "
            "citing the statement as their source.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mission", required=True, help=_("Mission code, e.g. MSS"))
        parser.add_argument("--published", required=True, help=_("Publication date, YYYY-MM-DD"))
        parser.add_argument("--publisher", help=_("Who published it (default: the file's name)"))
        parser.add_argument("--language", choices=["en", "fr", "es", "ht"], help=_("Detected when left out"))
        parser.add_argument("--accept", action="store_true",
                            help=_("Record every proposal Muster can record (all or nothing)"))

    def handle(self, *args, file, mission, published, publisher=None, language=None, accept=False, **options):
        from muster.intake.reading import StatementError, statement_text

        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        if path.stat().st_size > STATEMENT_MAX_BYTES:
            raise CommandError(_("%(file)s is %(bytes)s bytes; the limit is %(limit)s.") % {
                "file": path.name, "bytes": _figure(path.stat().st_size), "limit": _figure(STATEMENT_MAX_BYTES)})
        try:
            mission_obj = Mission.objects.get(code=mission)
        except Mission.DoesNotExist:
            raise CommandError(_("No mission '%(code)s'.") % {"code": mission}) from None
        try:
            published_on = datetime.date.fromisoformat(published)
        except ValueError:
            raise CommandError(_("--published '%(date)s': give a date as YYYY-MM-DD.") % {"date": published}) from None
        try:
            text = statement_text(path.read_bytes(), filename=path.name)
            with transaction.atomic(), change_context(message=f"Intake of {path.name}"):
                statement = statement_submit(user=None, mission=mission_obj, text=text,
                                             publisher=publisher or path.name, published=published_on,
                                             language=language, filename=path.name)
                proposals = list(statement.proposals.select_related("statement__mission").order_by("start"))
                for proposal in proposals:
                    self.stdout.write(_line(proposal))
                if accept:
                    records = proposals_accept(user=None, statement=statement,
                                               accepted=[(p, p.version, None) for p in proposals])
                    self.stdout.write(_("Recorded %(recorded)s of %(count)s proposals, citing %(source)s.")
                                      % {"recorded": _figure(len(records)), "count": _figure(len(proposals)),
                                         "source": statement.source})
                else:
                    self.stdout.write(ngettext("%(count)s proposal of statement %(statement)s, waiting for review at "
                                               "%(address)s.",
                                               "%(count)s proposals of statement %(statement)s, waiting for review at "
                                               "%(address)s.", len(proposals))
                                      % {"count": _figure(len(proposals)), "statement": statement.pk,
                                         "address": statement.get_absolute_url()})
        except StatementError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(_("Nothing was stored:") + " " + "; ".join(
                f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in _messages(error))) from None


def _messages(error):
    return error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]


def _line(proposal):
    fields = proposal.fields_text(between=", ", equals="=")
    match = proposal.match
    # The fields stay as name=value (the record's own names, as the API writes them); the words around are the reader's.
    seen = (_("[cites movement %(id)s]") % {"id": match["movement"]} if match.get("movement") else
            _("[cites contingent %(id)s]") % {"id": match["contingent"]} if match.get("contingent") else
            _("[computed %(figure)s]") % {"figure": _figure(match["computed"])} if "computed" in match else
            _("[flows %(ids)s]") % {"ids": ",".join(map(str, match["flows"])) or _("none")} if "flows" in match
            else "")
    seen = f" {seen}" if seen else ""
    hedged = " " + _("(approximate)") if proposal.hedged else ""
    kind = Proposal.Kind(proposal.kind).value
    return f"{kind}: {fields}{hedged}{seen} \u2014 \u201c{proposal.words}\u201d"


def _figure(n):
    return number_format(n, force_grouping=True)
