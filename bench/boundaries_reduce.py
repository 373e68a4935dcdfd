"""Make the copies of OCHA's COD-AB Haiti boundaries that Muster ships (src/muster/data/haiti/) from the originals.

    python bench/boundaries_reduce.py DIR    # DIR holds the ADM1 and ADM2 GeoJSON as published (HDX "cod-ab-hti")

Every feature and every property is kept; only the coordinates change: rounded to 5 decimals (about 1 m, well
inside what placing a site in its commune needs), written one feature a line without spaces. The outlines are not
simplified: they are already generalised (11,501 vertices for the 140 communes), and simplifying each commune on its
own opens slivers between neighbours, where a site on a commune border would be placed in no commune or in two.
Rounding keeps shared borders shared (the same vertex rounds the same way in both communes); the script checks that
every outline is still valid and that neighbours still meet vertex for vertex without overlapping, and writes nothing
otherwise. Run again on the same files, it writes the same bytes.
"""

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import shape

FILES = ["hti_admbnda_adm1_cnigs_20181129.geojson", "hti_admbnda_adm2_cnigs_20181129.geojson"]
DECIMALS = 5
TARGET = Path(__file__).resolve().parents[1] / "src" / "muster" / "data" / "haiti"


def _round(coordinates):
    if isinstance(coordinates[0], int | float):
        return [round(value, DECIMALS) for value in coordinates]
    return [_round(part) for part in coordinates]


def boundaries_reduce(*, source, target=TARGET):
    """Write the reduced copy of each file in FILES from `source` to `target`; return (name, before, after) sizes."""
    sizes = []
    for name in FILES:
        published = json.loads((source / name).read_text(encoding="utf-8"))
        features = published["features"]
        for feature in features:
            feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"])
        outlines = [shape(feature["geometry"]) for feature in features]
        broken = [f["properties"].get("ADM2_PCODE") or f["properties"]["ADM1_PCODE"]
                  for f, outline in zip(features, outlines, strict=True) if not outline.is_valid]
        if broken or not shapely.coverage_is_valid(outlines):
            sys.exit(f"{name}: rounding broke {', '.join(broken) or 'the tiling of the areas'}; nothing written.")
        head = {key: value for key, value in published.items() if key != "features"}
        lines = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features]
        text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
        (target / name).write_text(text, encoding="utf-8")
        sizes.append((name, (source / name).stat().st_size, (target / name).stat().st_size))
    return sizes


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, before, after in boundaries_reduce(source=Path(sys.argv[1])):
        print(f"{name}: {before:,} -> {after:,} bytes")
