"""A small map of trips by distance, drawn offline from the shipped district table.

No outline or map tiles are needed: every postcode district of England and Wales is drawn as a
faint dot at its centre, and together they show the country's shape. On it: the base (a star),
and each trip's children in their visiting order, joined from the base and back. Each trip has
its own marker shape as well as its colour (so it reads in black and white and for people who
do not see the colours apart; Okabe and Ito's colour-blind-safe palette), and the legend names
it as the Trips screen does. Only districts are drawn: no child's name, no full postcode.

The figure is ``matplotlib.figure.Figure``, made without pyplot (as ``reports.charts``), and
matplotlib is imported only when a map is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iro_desktop.places import table as places
from iro_desktop.places.placement import miles_words
from iro_desktop.trips.by_distance import TripPlan

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LAND = "#b4bac4"


def legend_words(plan: TripPlan) -> list[str]:
    """One line per trip, as the legend and the screen-reader description say it."""
    return [f"Trip {k}: {trip.label}, {len(trip.children)} "
            f"{'child' if len(trip.children) == 1 else 'children'}, about {miles_words(trip.route_miles)}"
            for k, trip in enumerate(plan.trips, start=1)]


def trip_map(plan: TripPlan, *, width_in: float = 5.6, height_in: float = 6.4) -> "Figure":
    """The map of ``plan``'s trips (at most len(COLOURS) are told apart; the rest repeat)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=100)
    legend_share = min(0.4, 0.045 * (len(plan.trips) + 1))  # the legend below the map, a line a trip
    axes = figure.add_axes((0.0, legend_share, 1.0, 1.0 - legend_share))
    land = [d for d in places.places_table().districts.values()
            if d.located and d.authority is not None and d.authority.country in (places.ENGLAND, places.WALES)]
    axes.scatter([d.easting for d in land], [d.northing for d in land], s=2.5, c=LAND, linewidths=0)
    base = plan.base
    for k, (trip, words) in enumerate(zip(plan.trips, legend_words(plan))):
        colour, marker = COLOURS[k % len(COLOURS)], MARKERS[k % len(MARKERS)]
        stops = [c for c in trip.children]
        path_x = [base.easting] + [_district(c.district).easting for c in stops] + [base.easting]
        path_y = [base.northing] + [_district(c.district).northing for c in stops] + [base.northing]
        axes.plot(path_x, path_y, color=colour, linewidth=1.2, alpha=0.8)
        axes.scatter(path_x[1:-1], path_y[1:-1], s=42, c=colour, marker=marker, edgecolors="white",
                     linewidths=0.8, zorder=3, label=words)
        for child, x, y in zip(stops, path_x[1:-1], path_y[1:-1]):
            axes.annotate(str(child.order), (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8,
                          color="#1f2328", zorder=4)
    axes.scatter([base.easting], [base.northing], s=140, c="#1f2328", marker="*", zorder=5,
                 label=f"Base: {base.district}")
    axes.set_aspect("equal")
    axes.set_axis_off()
    figure.legend(loc="lower left", fontsize=8, frameon=False, borderaxespad=0.4)
    return figure


def _district(name: str) -> places.District:
    return places.places_table().districts[name]
