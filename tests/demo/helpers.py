"""Validation helpers shared by the demo tests: each uses an outside library."""

from __future__ import annotations

import warnings
from typing import Any

import phonenumbers
from followthemoney import model
from schwifty import IBAN
from stdnum.al import nipt
from stdnum.hr import oib
from stdnum.si import emso

from accord.demo.identifiers import (
    valid_albanian_nid,
    valid_jmbg,
    valid_kosovo_personal_number,
)

__all__ = ["assert_ftm_clean", "assert_id_valid", "assert_iban_valid", "assert_phone_valid"]


def assert_ftm_clean(entity: dict[str, Any]) -> None:
    """The entity loads in FtM, and each value cleans to itself with its property's type."""
    schema = model.get(entity["schema"])
    assert schema is not None
    proxy = model.get_proxy(entity, cleaned=False)
    for name, values in entity["properties"].items():
        prop = schema.get(name)
        assert prop is not None, f"{schema.name} has no property {name}"
        for value in values:
            cleaned = prop.type.clean(value, proxy=proxy)
            assert cleaned == value, f"{entity['id']} {name}: {value!r} cleans to {cleaned!r}"
        assert proxy.get(name) == values


def assert_id_valid(number: str, nationality: str) -> None:
    if nationality in ("rs", "ba", "me", "mk"):
        assert valid_jmbg(number), number
        assert emso.is_valid(number), number  # same 13-digit rule as JMBG
    elif nationality == "al":
        assert valid_albanian_nid(number), number
        assert nipt.is_valid(number), number  # same letter+8 digits+letter shape
    elif nationality == "xk":
        assert valid_kosovo_personal_number(number), number
    elif nationality == "hr":
        assert oib.is_valid(number), number
    else:
        raise AssertionError(f"unexpected nationality {nationality}")


def assert_phone_valid(phone: str) -> None:
    parsed = phonenumbers.parse(phone)
    assert phonenumbers.is_valid_number(parsed), phone
    assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == phone


def assert_iban_valid(number: str) -> None:
    with warnings.catch_warnings():
        # schwifty knows no national check-digit algorithm for AL and XK and says so.
        warnings.simplefilter("ignore")
        IBAN(number, validate_bban=True)
