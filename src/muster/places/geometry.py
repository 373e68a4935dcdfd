"""Geometry of places: which commune holds a point, simplified outlines for display, and the SVG map (of sites, or
of communes shaded by a figure with points on top).

Shapely does the geometry (point in polygon, Douglas–Peucker simplification); the map is plain SVG drawn on
the server in an equirectangular projection scaled by the cosine of the middle latitude, which is faithful
enough at the size of one country and needs no tiles, no internet and no JavaScript.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from shapely.geometry import Point, mapping, shape

from .models import AdminArea

# Display geometry: simplified to about 500 m and rounded to 3 decimals (about 100 m), so that Haiti's 140
# communes weigh about 60 KB of SVG instead of the published file's 540 KB.
DISPLAY_TOLERANCE = 0.005
DISPLAY_DECIMALS = 3


def area_locate(*, latitude, longitude, level=AdminArea.Level.ADM2):
    """The area of `level` holding the point, or None: the bounding boxes in one query, then the polygons. Only the
    candidates' own outlines are read: their drawing copies and their parents' outlines (a department's is the
    largest of all) are left in the database, which was most of a placement's time (bench/acled_import.py)."""
    candidates = (AdminArea.objects.filter(level=level, min_lon__lte=longitude, max_lon__gte=longitude,
                                           min_lat__lte=latitude, max_lat__gte=latitude)
                  .select_related("parent").defer("display_geometry", "parent__geometry", "parent__display_geometry"))
    point = Point(longitude, latitude)
    for area in candidates:
        if shape(area.geometry).covers(point):
            return area
    return None


def _round(coordinates, decimals):
    if isinstance(coordinates[0], int | float):
        return [round(coordinates[0], decimals), round(coordinates[1], decimals)]
    return [_round(c, decimals) for c in coordinates]


def display_geometry(geometry, *, tolerance=DISPLAY_TOLERANCE, decimals=DISPLAY_DECIMALS):
    """A simplified, rounded copy of a GeoJSON geometry for drawing (topology kept, no ring collapses)."""
    simplified = shape(geometry).simplify(tolerance, preserve_topology=True)
    data = mapping(simplified)
    return {"type": data["type"], "coordinates": _round(data["coordinates"], decimals)}


def bounds(geometry):
    return shape(geometry).bounds  # (min_lon, min_lat, max_lon, max_lat)


class Projection:
    """Longitude/latitude to SVG x/y in a box of `width`, keeping the shape (cos of the middle latitude)."""

    def __init__(self, *, min_lon, min_lat, max_lon, max_lat, width=640, margin=8, decimals=1):
        self.min_lon, self.max_lat, self.margin, self.decimals = min_lon, max_lat, margin, decimals
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = (max_lon - min_lon) * self.kx or 1
        self.scale = (width - 2 * margin) / span_x
        self.width = width
        self.height = round((max_lat - min_lat) * self.scale + 2 * margin)

    def xy(self, lon, lat):
        return (round((lon - self.min_lon) * self.kx * self.scale + self.margin, self.decimals),
                round((self.max_lat - lat) * self.scale + self.margin, self.decimals))


def _path(geometry, projection):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [projection.xy(lon, lat) for lon, lat in ring]
            # Relative moves after the first point: shorter text than absolute coordinates.
            d = [f"M{points[0][0]:g} {points[0][1]:g}"]
            for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
                dx, dy = round(x1 - x0, projection.decimals), round(y1 - y0, projection.decimals)
                if dx or dy:
                    d.append(f"l{dx:g} {dy:g}")
            parts.append("".join(d) + "z")
    return "".join(parts)


# Colours by kind: distinguishable in greyscale print, named in the legend as well.
KIND_COLOURS = {
    "headquarters": "#a9302a", "fob": "#1f4e79", "airport": "#7030a0", "port": "#2e75b6",
    "hospital": "#548235", "warehouse": "#bf9000", "deployment": "#5b5b5b",
}


def sites_box(sites, *, pad=0.04):
    """The extent of `sites` (min_lon, min_lat, max_lon, max_lat), padded, for the close-up map."""
    lons = [float(s["longitude"]) for s in sites]
    lats = [float(s["latitude"]) for s in sites]
    return (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)


# A sequential scale for shading areas by a figure, light to dark (ColorBrewer's OrRd, five classes): its steps
# stay apart in greyscale print. An area with nothing to count keeps the map's plain fill.
SHADES = ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000")
AREA_FILL = "#f4f1ea"


@dataclass(frozen=True)
class Shade:
    """One class of a quantised scale: the figures from `low` to `high` (whole numbers), drawn in `colour`."""

    low: int
    high: int
    colour: str

    def holds(self, value):
        return self.low <= value <= self.high


def quantised_scale(values, *, colours=SHADES):
    """The classes that shade areas by `values` (whole numbers, e.g. incidents per commune): up to one class per
    colour, each ending at a quantile of the areas' figures above zero, so that a few areas with very high figures
    do not leave every other one in the lightest class. Fewer classes when there are fewer different figures, their
    colours spread over the scale (one class: its middle). Zero is no class: the area keeps the map's plain fill."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    highs = []
    for step in range(1, len(colours) + 1):
        high = positive[math.ceil(step * len(positive) / len(colours)) - 1]
        if not highs or high > highs[-1]:
            highs.append(high)
    last = len(colours) - 1
    # One class (every area the same figure) takes the middle of the scale: neither faint nor alarming.
    picks = [last // 2] if len(highs) == 1 else [round(i * last / (len(highs) - 1)) for i in range(len(highs))]
    lows = [1] + [high + 1 for high in highs[:-1]]
    return [Shade(low, high, colours[pick]) for low, high, pick in zip(lows, highs, picks, strict=True)]


def shade_of(value, scale):
    """The colour of `value` on a quantised scale, or None (the plain fill) for zero or below."""
    return next((shade.colour for shade in scale if shade.holds(value)), None)


@dataclass(frozen=True)
class MapPoint:
    """A dot on the map for things counted at one place (incidents at a point): its area proportional to `count`."""

    longitude: float
    latitude: float
    count: int
    label: str


def _areas_svg(communes, projection, fills, notes):
    """The communes' outlines, each filled with its colour in `fills` (by P-code) and titled with its note."""
    out = []
    for commune in communes:
        fill = fills.get(commune.pcode)
        note = notes.get(commune.pcode)
        out.append(f'<path d="{_path(commune.display_geometry, projection)}"' + (f' fill="{fill}"' if fill else "")
                   + f'><title>{escape(commune.local_name)} ({commune.pcode})' + (f": {escape(note)}" if note else "")
                   + "</title></path>")
    return out


def _points_svg(points, projection):
    """Dots for `points`, their area proportional to their count, the largest drawn first (the small ones on top)."""
    if not points:
        return []
    out = ['<g class="points" fill="#1d1d1b" fill-opacity=".55" stroke="#fff" stroke-width=".6">']
    biggest = max(p.count for p in points) or 1
    for point in sorted(points, key=lambda p: -p.count):
        x, y = projection.xy(point.longitude, point.latitude)
        radius = 1.8 + 8 * math.sqrt(point.count / biggest)
        out.append(f'<circle cx="{x:g}" cy="{y:g}" r="{radius:.1f}"><title>{escape(point.label)}</title></circle>')
    out.append("</g>")
    return out


def map_svg(*, communes, departments, sites=(), points=(), fills=None, notes=None, width=640, box=None,
            title="Map of sites", decimals=1):
    """The SVG map: communes (thin), departments (thick), sites as circles by personnel, coloured by kind, and
    points (MapPoint) as dark dots by count.

    `communes` and `departments` are AdminArea rows (display geometry); `sites` are dicts with name, kind,
    latitude, longitude, personnel and number (the row of the table beside the map it refers to). `fills` shades
    communes (P-code to colour, from a quantised_scale) and `notes` adds a figure to a commune's title (P-code to
    text): a map of incidents by commune. `box` (min_lon, min_lat, max_lon, max_lat) draws a close-up: only the
    areas that reach into it, clipped to it. `decimals` of a unit in the outlines' coordinates: 0 draws them to the
    whole unit (a pixel of a map shown at its width), a fifth lighter, where a page must make room for a table.
    """
    fills, notes = fills or {}, notes or {}
    if box is not None:
        def inside(a):
            return a.max_lon >= box[0] and a.min_lon <= box[2] and a.max_lat >= box[1] and a.min_lat <= box[3]
        communes = [a for a in communes if inside(a)]
        departments = [a for a in departments if inside(a)]
    areas = list(departments) or list(communes)
    if box is None and areas:
        box = (min(a.min_lon for a in areas), min(a.min_lat for a in areas),
               max(a.max_lon for a in areas), max(a.max_lat for a in areas))
    elif box is None and (sites or points):
        box = sites_box(list(sites) or [{"longitude": p.longitude, "latitude": p.latitude} for p in points], pad=0.2)
    elif box is None:
        return ""
    projection = Projection(min_lon=box[0], min_lat=box[1], max_lon=box[2], max_lat=box[3], width=width,
                            decimals=decimals)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {projection.width} {projection.height}" '
           f'class="map" role="img"><title>{escape(title)}</title>'
           f'<clipPath id="c{width}{len(communes)}"><rect width="{projection.width}" height="{projection.height}"/>'
           f'</clipPath><g clip-path="url(#c{width}{len(communes)})">',
           f'<g class="communes" fill="{AREA_FILL}" stroke="#b9b2a3" stroke-width=".4">']
    out += _areas_svg(communes, projection, fills, notes)
    out.append('</g><g class="departments" fill="none" stroke="#6b6457" stroke-width="1.1">')
    out += [f'<path d="{_path(d.display_geometry, projection)}"/>' for d in departments]
    out.append("</g><g class=\"sites\" stroke=\"#fff\" stroke-width=\"1\" fill-opacity=\".85\">")
    biggest = max((s["personnel"] for s in sites), default=0) or 1
    for site in sorted(sites, key=lambda s: -s["personnel"]):  # small circles drawn last, on top
        x, y = projection.xy(float(site["longitude"]), float(site["latitude"]))
        # Area proportional to personnel; a site with nobody assigned still shows as a small dot.
        radius = 3 + 15 * math.sqrt(site["personnel"] / biggest)
        colour = KIND_COLOURS.get(site["kind"], "#333")
        out.append(f'<circle cx="{x:g}" cy="{y:g}" r="{radius:.1f}" fill="{colour}"><title>{site["number"]}. '
                   f'{escape(site["name"])}: {site["personnel"]:,}</title></circle>'
                   f'<text x="{x:g}" y="{y + 3.5:g}" text-anchor="middle" font-size="9" fill="#fff" stroke="none">'
                   f'{site["number"]}</text>')
    out.append("</g>")
    out += _points_svg(points, projection)
    out.append("</g></svg>")
    return "".join(out)
