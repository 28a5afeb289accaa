"""How dates and codes read on screen: UK day-first dates, codes with their plain-English names."""

from __future__ import annotations

from datetime import date
from typing import Mapping

from iro_desktop.caseload import codes


def uk_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def code_with_words(table: Mapping[str, str], code: str | None) -> str:
    return codes.describe(table, code)
