"""Derive cms_pages/mapping/data/countries.json from the world-atlas npm package (Natural Earth 1:50m).

    npm install --no-save world-atlas@2.0.2   # or `npm ci`: package.json lists it
    python tools/country_shapes.py [path/to/world-atlas]

The package is TopoJSON keyed by ISO 3166-1 numeric codes; this decodes its arcs, keeps the
countries inside the area the network works in (Africa north of the equator, Europe, the Middle
East), simplifies each ring (Douglas-Peucker) and writes rings of [longitude, latitude] by ISO
alpha-2 code. Only the standard library and pycountry (already a dependency) are used, so the
site itself never needs node: the derived file is committed.
"""

import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cms_pages" / "mapping" / "data" / "countries.json"
AREA = (-26.0, -6.0, 64.0, 62.0)  # west, south, east, north: the map never looks further
TOLERANCE = 0.03  # degrees (about 3 km): invisible at the map's scale, and keeps the file small
MIN_RING_AREA = 0.02  # square degrees: islets smaller than this are dropped


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings of thousands of points would overflow recursion)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / length if length else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def in_area(points):
    west, south, east, north = AREA
    return any(west <= x <= east and south <= y <= north for x, y in points)


def main(package):
    meta = json.loads((package / "package.json").read_text())
    topology = json.loads((package / "countries-50m.json").read_text())
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=geometry.get("id", ""))
        if country is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings = []
        for polygon in polygons:
            # Holes (the rings after the first) are dropped: no country the map shows needs them.
            outer = ring_points(polygon[0], arcs)
            if area(outer) < MIN_RING_AREA or not in_area(outer):
                continue
            simple = simplify(outer, TOLERANCE)
            rings.append([[round(x, 2), round(y, 2)] for x, y in simple])
        if rings:
            countries[country.alpha_2] = rings
    OUT.write_text(
        json.dumps(
            {
                "source": f"{meta['name']} {meta['version']} (npm), countries-50m.json",
                "licence": f"{meta['license']} (package); Natural Earth data, public domain",
                "countries": dict(sorted(countries.items())),
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{len(countries)} countries, {OUT.stat().st_size} bytes -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "node_modules" / "world-atlas")
