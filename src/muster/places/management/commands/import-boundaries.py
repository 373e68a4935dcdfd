"""`muster import-boundaries FILE.geojson …`: load OCHA COD-AB departments (ADM1) and communes (ADM2).

Give the ADM1 and ADM2 files together (in any order), e.g. Haiti's, which the package ships (and the demo loads):
`muster import-boundaries src/muster/data/haiti/hti_admbnda_adm1_cnigs_20181129.geojson
src/muster/data/haiti/hti_admbnda_adm2_cnigs_20181129.geojson`. Sites already recorded are placed again.
`--geopko FrontMap.csv` also loads Geo-PKO deployment locations as sites of their UN missions.
"""

from django.core.management.base import BaseCommand, CommandError

from muster.core.changelog import change_context
from muster.places.imports import ImportFailed, boundaries_import, geopko_import, sites_place


class Command(BaseCommand):
    help = "Load COD-AB boundaries (GeoJSON; ADM1 and ADM2 with P-codes) and place every site in them."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="COD-AB GeoJSON files (ADM1, ADM2)")
        parser.add_argument("--geopko", help="A Geo-PKO FrontMap CSV table: deployment locations as sites")

    def handle(self, *args, files, geopko, **options):
        if not files and not geopko:
            raise CommandError("Name at least one COD-AB GeoJSON file (or --geopko FILE).")
        with change_context(message="muster import-boundaries"):
            try:
                if files:
                    counts = boundaries_import(paths=files)
                    self.stdout.write(f"Boundaries: {counts['created']} areas created, {counts['updated']} updated.")
                    placed, outside = sites_place()
                    self.stdout.write(f"Sites: {placed} placed in a commune, {outside} outside the boundaries.")
                if geopko:
                    result = geopko_import(path=geopko)
                    missions = ", ".join(result["missions"])
                    self.stdout.write(f"Geo-PKO: {result['sites']} deployment sites of {missions}.")
            except (ImportFailed, OSError) as error:
                raise CommandError(f"Nothing was stored:\n{error}") from None
