"""The one date parser: the forms people in the region write, and dates that cannot exist."""

from __future__ import annotations

import pytest

from accord.core.dates import DateError, parse_date


@pytest.mark.parametrize(("text", "iso"), [
    ("1978-06-23", "1978-06-23"),
    ("23.06.1978", "1978-06-23"),
    ("23.06.1978.", "1978-06-23"),
    ("23.6.1978", "1978-06-23"),
    ("3.6.1978", "1978-06-03"),
    ("3.6.1978.", "1978-06-03"),
    ("23. 6. 1978.", "1978-06-23"),
    ("  01.01.2000 ", "2000-01-01"),
    ("29.02.2000", "2000-02-29"),
    ("1978-06", "1978-06"),
    ("1978", "1978"),
    ("1978-06-23T00:00:00", "1978-06-23"),
])
def test_forms_people_write(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["30.02.1990", "29.02.1900", "31.04.1990", "1990-13-01",
                                  "00.01.1990", "12.00.1990", "1990-02-30", "01.01.1700"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.impossible
    assert text in str(caught.value)


@pytest.mark.parametrize("text", ["23/06/1978", "23.06.78", "June 23, 1978", "1978.06.23",
                                  "23..06.1978", "", "23.06.1978..", "123.06.1978"])
def test_other_forms_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert not caught.value.impossible
    assert "DD.MM.YYYY" in str(caught.value)
