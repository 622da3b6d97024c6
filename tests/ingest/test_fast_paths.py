"""The fast paths accept only what FtM accepts, and clean it to exactly what FtM gives."""

from __future__ import annotations

import random
from datetime import date, timedelta

import phonenumbers
from followthemoney.types import registry

from accord.demo.synth import generate_persons
from accord.services.ingest.ftmclean import fast_date, fast_phone


def test_fast_dates_agree_with_ftm() -> None:
    day, end = date(1800, 1, 1), date(2199, 12, 31)
    while day <= end:
        text = day.isoformat()
        assert fast_date(text) == registry.date.clean(text) == text
        day += timedelta(days=11)
    for text in (
        "1990-02-30",
        "1990-13-01",
        "1990-5-7",
        "0001-01-01",
        "1990-01-01T10:00",
        " 1990-01-01",
    ):
        assert fast_date(text) is None  # not judged here: FtM decides


def test_fast_phones_agree_with_ftm() -> None:
    rng = random.Random(7)
    samples = [
        p["properties"]["phone"][0] for p in generate_persons(3000, 3) if "phone" in p["properties"]
    ]
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    for _ in range(20000):
        samples.append(f"+{rng.choice(codes)}{rng.randrange(10 ** rng.randint(5, 12))}")
    for text in samples:
        fast = fast_phone(text)
        if fast is not None:
            assert fast == registry.phone.clean(text) == text, text
    regional = [
        p["properties"]["phone"][0] for p in generate_persons(300, 4) if "phone" in p["properties"]
    ]
    assert all(fast_phone(text) == text for text in regional)  # the common case is fast
