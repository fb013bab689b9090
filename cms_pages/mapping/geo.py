"""The map drawn on the server: Natural Earth country shapes (data/countries.json) as inline SVG.

Equirectangular projection over the bounding box of the countries shown, with longitudes
shrunk by the cosine of the middle latitude so shapes keep their proportions. Places are
marks; nothing is fetched from elsewhere and no script runs.
"""

import functools
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

SHAPES_FILE = Path(__file__).parent / "data" / "countries.json"
WIDTH = 1000  # viewBox units; the SVG scales to its container
MARGIN = 0.06  # of the box, on each side
CONTEXT_TOLERANCE = 1.2  # viewBox units (of 1000 across) for the countries around the ones shown
FRAME = 2  # degrees beyond the view where far-away points are pulled in


@functools.cache
def shapes():
    """Rings of [longitude, latitude] by ISO alpha-2 code."""
    return json.loads(SHAPES_FILE.read_text(encoding="utf-8"))["countries"]


def point_in_ring(x, y, ring):
    """Ray casting: True when (x, y) lies inside the closed ring of (x, y) points."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_country(code, longitude, latitude):
    return any(point_in_ring(longitude, latitude, ring) for ring in shapes().get(code, []))


def bounding_box(codes):
    """west, south, east, north of the countries' mainland rings (the largest ring of each)."""
    points = []
    for code in codes:
        rings = shapes().get(code)
        if rings:
            points += max(rings, key=len)
    if not points:
        return None
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


@dataclass
class Projection:
    west: float
    south: float
    east: float
    north: float

    def __post_init__(self):
        pad_x = (self.east - self.west) * MARGIN or 1
        pad_y = (self.north - self.south) * MARGIN or 1
        self.west, self.east = self.west - pad_x, self.east + pad_x
        self.south, self.north = self.south - pad_y, self.north + pad_y
        self.shrink = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = WIDTH / ((self.east - self.west) * self.shrink)
        self.height = round((self.north - self.south) * self.scale)

    def __call__(self, longitude, latitude):
        return (
            round((longitude - self.west) * self.shrink * self.scale, 1),
            round((self.north - latitude) * self.scale, 1),
        )

    def overlaps(self, ring):
        return any(self.west - 5 <= x <= self.east + 5 and self.south - 5 <= y <= self.north + 5 for x, y in ring)


def _number(value):
    """Tenths, as short as SVG allows: 12.0 -> "12", 0.5 -> ".5", -0.5 -> "-.5"."""
    text = f"{value / 10:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def simplify(points, tolerance):
    """Douglas-Peucker: drop the points closer than `tolerance` to the line their neighbours make."""
    if len(points) < 4 or tolerance <= 0:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / length if length else math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [point for index, point in enumerate(points) if index in keep]


def path(rings, project, tolerance=0):
    """An SVG path for the rings: an absolute start, then relative steps, in tenths of a viewBox unit.

    Steps are taken between rounded points, so rounding never drifts; tenths keep a coastal city
    inside its coastline (a whole unit is several kilometres). Points far outside the view are
    pulled onto a frame just beyond it: what is seen is unchanged and a large neighbour costs a
    few points instead of its whole coastline. `tolerance` (viewBox units) simplifies further:
    for countries drawn as context, which carry no mark.
    """
    west, east = project.west - FRAME, project.east + FRAME
    south, north = project.south - FRAME, project.north + FRAME
    parts = []
    for ring in rings:
        points, last = [], None
        for longitude, latitude in ring:
            x, y = project(min(max(longitude, west), east), min(max(latitude, south), north))
            point = (round(x * 10), round(y * 10))
            if point != last:
                points.append(point)
                last = point
        points = simplify(points, tolerance * 10)
        if len(points) > 2:
            (x0, y0), steps = points[0], []
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                dx, dy = _number(bx - ax), _number(by - ay)
                steps.append(f"{dx}{dy if dy.startswith('-') else ' ' + dy}")
            parts.append(f"M{_number(x0)} {_number(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)


def parse_path(d):
    """The rings of a path written by `path`, as absolute (x, y) points (for tests and tools)."""
    rings = []
    for start, steps in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = map(float, start.split())
        ring = [(x, y)]
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


@dataclass
class Mark:
    x: float
    y: float
    service: object


@dataclass
class Map:
    width: int
    height: int
    countries: list  # (code, path, highlighted)
    marks: list


def draw(focus_codes, services):
    """The map of the `focus_codes` countries (neighbours drawn too, unhighlighted) with a mark per
    service that has coordinates; None when no country is known."""
    box = bounding_box(focus_codes)
    if box is None:
        return None
    project = Projection(*box)
    focus = set(focus_codes)
    countries = []
    for code, rings in shapes().items():
        visible = [ring for ring in rings if project.overlaps(ring)]
        if visible:
            highlighted = code in focus
            countries.append((code, path(visible, project, 0 if highlighted else CONTEXT_TOLERANCE), highlighted))
    marks = [
        Mark(*project(float(service.longitude), float(service.latitude)), service)
        for service in services
        if service.latitude is not None and service.longitude is not None
    ]
    return Map(WIDTH, project.height, countries, marks)
