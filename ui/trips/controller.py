"""The Trips screen's commands: plan and cancel a trip, export a trip or every due date to a
calendar file, and print a trip sheet. Each change runs on the vault thread; what is due is then
read again (a trip is part of it: ``iro_desktop.changes``), which refreshes the Trips screen.
A calendar file saved and a trip sheet printed are recorded in the audit log (by the core)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from iro_desktop.caseload import due
from iro_desktop.caseload.overview import Overview
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.trips import store
from ui.common.calendar_file import choose_calendar_file
from ui.common.window_context import WindowContext

if TYPE_CHECKING:
    from ui.trips.trip_print import TripSheetPreview
    from ui.trips.trips_view import TripsView


class TripsController:
    def __init__(self, ctx: WindowContext, view: TripsView, overview: Callable[[], Overview | None]) -> None:
        self.ctx = ctx
        self.view = view
        self._overview = overview
        self._select_when_loaded: int | None = None  # a trip just planned, shown once it is read
        view.plan_requested.connect(self.plan_trip)
        view.cancel_requested.connect(self.cancel_trip)
        view.export_trip_requested.connect(self.export_trip)
        view.export_all_requested.connect(self.export_all_due)
        view.print_requested.connect(self.print_trip_sheet)
        view.map_requested.connect(self.show_map)

    def show(self, data: Overview) -> None:
        self.view.set_data(data.due, data.placed, data.trips, data.today, data.geography)
        if self._select_when_loaded is not None:
            self.view.select_trip(self._select_when_loaded)
            self._select_when_loaded = None

    def clear(self) -> None:
        self._select_when_loaded = None
        self.view.clear()

    def plan_trip(self, area: str, start: date, end: date, child_ids: list[str]) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()

        def planned(trip_id: int) -> None:
            if not ctx.current(session):
                return
            for child_id in child_ids:
                self.view.tick(child_id, False)
            ctx.status("Trip planned.")
            self._select_when_loaded = trip_id  # what is due is being read again: shown then

        def refused(exc: BaseException) -> None:
            if not ctx.current(session):
                return
            if isinstance(exc, ValidationError):
                self.view.show_plan_problems([m for _w, m in exc.problems])
            elif isinstance(exc, IroError):
                self.view.show_plan_problems([str(exc)])
            else:
                ctx.show_error("The trip was not planned", exc)

        ctx.worker.run(lambda: store.plan_trip(vault, area, start, end, child_ids), text="Planning the trip…",
                       done=planned, failed=refused)

    def cancel_trip(self, trip_id: int) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()

        def do_it() -> None:
            if not ctx.current(session):
                return
            ctx.worker.run(lambda: store.cancel_trip(vault, trip_id), text="Cancelling the trip…",
                           done=lambda _r: ctx.status("Trip cancelled.", session),
                           failed=lambda exc: ctx.show_error("The trip was not cancelled", exc, session))

        box = QMessageBox(QMessageBox.Icon.Question, "Cancel this trip?",
                          "Cancel this planned trip? The children stay on your caseload; only the plan goes.",
                          QMessageBox.StandardButton.No, ctx.window)
        confirm = box.addButton("Cancel trip", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: do_it() if button is confirm else None)
        box.open()

    def _write_calendar(self, path: Path, make: Callable[[], bytes], session: int,
                        trip_id: int | None = None) -> None:
        from iro_desktop.trips import calendar_export

        ctx = self.ctx
        vault = ctx.vault()
        if vault is None or not ctx.current(session):
            return
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        ctx.worker.run(lambda: calendar_export.save_calendar(vault, path, make(), trip_id=trip_id),
                       text="Saving the calendar file…",
                       done=lambda _r: ctx.status(f"Calendar file saved: {path.name}", session),
                       failed=lambda exc: ctx.show_error("The calendar file was not saved", exc, session))

    def export_trip(self, trip_id: int) -> QFileDialog | None:
        trip = self.view.trip(trip_id)
        vault = self.ctx.vault()
        if vault is None or trip is None:
            return None
        from iro_desktop.trips import calendar_export

        session = self.ctx.session()
        slug = re.sub(r"[^a-z0-9]+", "-", trip.area.casefold()).strip("-") or "trip"
        return choose_calendar_file(
            self.ctx.window, "Export the trip to a calendar file", f"trip-{slug}-{trip.start_date:%Y-%m-%d}.ics",
            lambda path: self._write_calendar(
                path, lambda: calendar_export.trip_ics(trip, store.placed_children(vault)), session,
                trip_id))

    def export_all_due(self) -> QFileDialog | None:
        vault = self.ctx.vault()
        if vault is None:
            return None
        from iro_desktop.trips import calendar_export

        session = self.ctx.session()
        return choose_calendar_file(
            self.ctx.window, "Export all due dates to a calendar file", f"due-dates-{date.today():%Y-%m-%d}.ics",
            lambda path: self._write_calendar(
                path, lambda: calendar_export.due_ics(due.caseload_due(vault), store.placed_children(vault)),
                session))

    def show_map(self) -> None:
        """The trips by distance on a map: drawn on the vault thread (matplotlib is slow to
        load), shown in a dialog."""
        plan, ctx, session = self.view.plan, self.ctx, self.ctx.session()
        if plan is None or not plan.trips:
            return
        from iro_desktop.trips import trip_map

        def shown(figure) -> None:
            if not ctx.current(session):
                return
            from ui.trips.map_dialog import TripMapDialog

            TripMapDialog(figure, trip_map.legend_words(plan), plan.base.district, ctx.window).open()

        ctx.worker.run(lambda: trip_map.trip_map(plan), text="Drawing the map…", done=shown,
                       failed=lambda exc: ctx.show_error("The map was not drawn", exc, session))

    def print_trip_sheet(self, trip_id: int) -> None:
        """Read the trip's suggested route on the vault thread, then show the sheet (``sheet_shown``)."""
        trip = self.view.trip(trip_id)
        if self.ctx.vault() is None or trip is None or self._overview() is None:
            return
        from iro_desktop.trips import by_distance

        ctx, vault, session = self.ctx, self.ctx.vault(), self.ctx.session()

        def route():
            try:
                return by_distance.route_for_trip(vault, trip.child_ids)
            except ValidationError:
                return None  # no base to measure from: the sheet has no visiting order

        ctx.worker.run(route, text="Making the trip sheet…",
                       done=lambda r: self.sheet_shown(trip_id, r) if ctx.current(session) else None,
                       failed=lambda exc: ctx.show_error("The trip sheet was not made", exc, session))

    def sheet_shown(self, trip_id: int, route) -> TripSheetPreview | None:
        trip = self.view.trip(trip_id)
        data = self._overview()
        if self.ctx.vault() is None or trip is None or data is None:
            return None
        from iro_desktop.trips import sheet
        from ui.trips.trip_print import TripSheetPreview, sheet_document

        rows = sheet.trip_sheet(trip, data.due, data.placed, route=route)
        ctx, vault, session = self.ctx, self.ctx.vault(), self.ctx.session()

        def on_print(printer) -> None:
            # Recorded first, on the vault thread; the pages are drawn once the row is committed.
            if not ctx.current(session):
                return
            ctx.worker.run(lambda: sheet.record_printed(vault, trip_id), text="Printing…",
                           done=lambda _r: printed(printer),
                           failed=lambda exc: ctx.show_error("The trip sheet was not printed", exc, session))

        def printed(printer) -> None:
            if ctx.current(session) and preview_ref:
                preview_ref[0].print_to(printer)
                ctx.status("Trip sheet sent to the printer.", session)

        route_line = sheet.route_words(route) if route is not None else None
        preview = TripSheetPreview(ctx.window, sheet_document(sheet.sheet_title(trip), rows, route_line), on_print)
        preview_ref = [preview]
        preview.destroyed.connect(lambda *_: preview_ref.clear())
        preview.open()
        return preview
