"""`muster import-boundaries FILE.geojson …`: load OCHA COD-AB departments (ADM1) and communes (ADM2).

Give the ADM1 and ADM2 files together (in any order), e.g. Haiti's, which the package ships (and the demo loads):
`muster import-boundaries src/muster/data/haiti/hti_admbnda_adm1_cnigs_20181129.geojson
src/muster/data/haiti/hti_admbnda_adm2_cnigs_20181129.geojson`. Sites already recorded are placed again.
`--geopko FrontMap.csv` also loads Geo-PKO deployment locations as sites of their UN missions.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.core.changelog import change_context
from muster.places.imports import ImportFailed, boundaries_import, geopko_import, sites_place


class Command(BaseCommand):
    help = "Load COD-AB boundaries (GeoJSON; ADM1 and ADM2 with P-codes) and place every site in them."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=_("COD-AB GeoJSON files (ADM1, ADM2)"))
        parser.add_argument("--geopko", help=_("A Geo-PKO FrontMap CSV table: deployment locations as sites"))

    def handle(self, *args, files, geopko, **options):
        if not files and not geopko:
            raise CommandError(_("Name at least one COD-AB GeoJSON file (or --geopko FILE)."))
        with change_context(message="muster import-boundaries"):
            try:
                if files:
                    counts = boundaries_import(paths=files)
                    self.stdout.write(ngettext("Boundaries: %(created)s area created, %(updated)s updated.",
                                               "Boundaries: %(created)s areas created, %(updated)s updated.",
                                               counts["created"])
                                      % {"created": _figure(counts["created"]), "updated": _figure(counts["updated"])})
                    placed, outside = sites_place()
                    self.stdout.write(_("Sites: %(placed)s placed in a commune, %(outside)s outside the boundaries.")
                                      % {"placed": _figure(placed), "outside": _figure(outside)})
                if geopko:
                    result = geopko_import(path=geopko)
                    missions = ", ".join(result["missions"])
                    self.stdout.write(ngettext("Geo-PKO: %(sites)s deployment site of %(missions)s.",
                                               "Geo-PKO: %(sites)s deployment sites of %(missions)s.",
                                               result["sites"])
                                      % {"sites": _figure(result["sites"]), "missions": missions})
            except (ImportFailed, OSError) as error:
                raise CommandError(_("Nothing was stored:") + f"\n{error}") from None


def _figure(n):
    return number_format(n, force_grouping=True)
