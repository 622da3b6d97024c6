"""Dates as people in the region write them, read into ISO 8601.

One parser for every door that takes a date typed by a person (the screening form,
``/match`` and ``/reconcile`` query properties, ``accord screen --dob``): ISO
``YYYY-MM-DD`` and its partial forms ``YYYY-MM`` and ``YYYY`` (a time after the date, as
FtM may carry, is ignored), and the dotted day-first forms ``DD.MM.YYYY``,
``DD.MM.YYYY.`` (the trailing dot of Serbian, Croatian, Bosnian and Macedonian usage) and
``D.M.YYYY``, with or without a space after each dot. A date that cannot exist
(``30.02.1990``, ``1990-13-01``) or any other form is refused with :class:`DateError`,
never dropped.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_FORMS", "DateError", "parse_date"]

DATE_FORMS = "YYYY-MM-DD, DD.MM.YYYY or D.M.YYYY"
MIN_YEAR, MAX_YEAR = 1800, 2199

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.+\-Z]*)?)?)?")  # a time is ignored
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?")


class DateError(ValueError):
    """Not a date in a form :func:`parse_date` reads (``impossible`` false), or a date in
    such a form that does not exist (``impossible`` true: no 30 February, no month 13)."""

    def __init__(self, message: str, *, impossible: bool = False) -> None:
        super().__init__(message)
        self.impossible = impossible


def _checked(year: int, month: int | None, day: int | None, text: str) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"'{text}': the year must be between {MIN_YEAR} and {MAX_YEAR}",
                        impossible=True)
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a date: there is no month {month}", impossible=True)
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise DateError(f"'{text}' is not a date: month {month} of {year} has no day {day}",
                        impossible=True) from None


def parse_date(text: str) -> str:
    """``text`` as an ISO date (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY`` when only that is
    given); :class:`DateError` with a message naming the value otherwise."""
    value = text.strip()
    if iso := _ISO.fullmatch(value):
        year, month, day = iso.groups()
        return _checked(int(year), int(month) if month else None, int(day) if day else None,
                        value)
    if dotted := _DOTTED.fullmatch(value):
        day, month, year = dotted.groups()
        return _checked(int(year), int(month), int(day), value)
    raise DateError(f"'{value}' is not a date; write it as {DATE_FORMS}")
