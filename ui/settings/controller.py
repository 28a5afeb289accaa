"""The Preferences command: the idle-lock time (kept in QSettings, within council policy), and,
while the vault is unlocked, the council area and the local standards (read and saved on the
vault thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from iro_desktop.caseload import due, repository
from iro_desktop.timescales import TimescaleSettings
from ui.common.window_context import WindowContext
from ui.settings.preferences import Preferences

if TYPE_CHECKING:
    from iro_desktop.vault.policy import Policy
    from ui.session.idle_lock import IdleLock


class SettingsController:
    def __init__(self, ctx: WindowContext, prefs: Preferences, idle_lock: IdleLock,
                 policy: Callable[[], Policy]) -> None:
        self.ctx = ctx
        self.prefs = prefs
        self.idle_lock = idle_lock
        self._policy = policy  # read each time: the council may deploy a new policy meanwhile

    def set_idle_minutes(self) -> None:
        self.idle_lock.set_minutes(self._policy().idle_lock_minutes(self.prefs.idle_minutes()))

    def show_preferences(self) -> None:
        ctx = self.ctx
        policy = self._policy()

        def idle_changed(minutes: int) -> None:
            self.prefs.set_idle_minutes(minutes)
            self.idle_lock.set_minutes(policy.idle_lock_minutes(minutes))

        from ui.settings.preferences_dialog import PreferencesDialog

        chosen = policy.idle_lock_minutes(self.prefs.idle_minutes())
        vault = ctx.vault()
        if vault is None:
            return  # nothing is changed while the vault is locked: unlock first
        session = ctx.session()

        # The screens that show the area (who is out of area) and the standards (what is due)
        # follow the change by themselves (Worker.changed).
        def save(change: Callable[[Any], object]) -> Callable[..., None]:
            def run(value: Any, saved: Callable[[], None], refused: Callable[[BaseException], None]) -> None:
                def done(_result: object) -> None:
                    if ctx.current(session):
                        saved()

                ctx.worker.run(lambda: change(value), text="Saving…", done=done,
                               failed=lambda exc: refused(exc) if ctx.current(session) else None)
            return run

        save_area = save(lambda text: repository.set_council_area(vault, text))
        save_standards = save(lambda settings: due.save_timescale_settings(vault, settings))

        def opened(area_and_standards: tuple[str | None, TimescaleSettings]) -> None:
            if ctx.current(session):
                area, standards = area_and_standards
                PreferencesDialog(ctx.window, chosen, policy, idle_changed, area, save_area, standards,
                                  save_standards).open()

        ctx.worker.run(lambda: (repository.council_area(vault), due.timescale_settings(vault)), text="Opening…",
                       done=opened,
                       failed=lambda exc: ctx.show_error("The preferences could not be read", exc, session))
