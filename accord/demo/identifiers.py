"""National identifier formats of the region: build and validate, synthetic numbers only.

- **JMBG / EMBG** (Serbia, Bosnia and Herzegovina, Montenegro, North Macedonia; older
  Croatian and Slovenian documents): 13 digits ``DDMMYYYRRBBBK`` — day, month, the last
  three digits of the year, a region of registration ``RR``, a serial ``BBB`` (000–499 male,
  500–999 female) and a mod-11 control digit ``K``. A remainder that would give ``K = 10``
  is never issued; we never generate one. ``stdnum.si.emso`` implements the same rule.
- **Albanian personal number** (NID, *numri personal*): ``LYMMDDSSSC`` — a letter for the
  decade of birth (A = 1900s … J = 1990s, K = 2000s), the last digit of the year, the month
  (+50 for women), the day, a 3-digit serial and a check letter. The check-letter algorithm
  is not published; ours is a stand-in, so validation checks the structure and our letter.
  ``stdnum.al.nipt`` (the tax number, same shape) accepts these numbers.
- **Kosovo personal number**: 10 digits (we start them with ``1``); no public check digit.
- **Croatian OIB**: 11 digits, ISO 7064 MOD 11,10 (``stdnum.hr.oib``).
- **IBAN**: ISO 13616 mod-97 check digits, plus the national check digits of the BBAN
  (ISO 7064 MOD 97-10 for BA, ME, MK, RS; weighted mod 10 for AL).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "ALBANIAN_DECADES",
    "JMBG_REGIONS",
    "albanian_nid",
    "albanian_nid_check",
    "iban",
    "iban_check_digits",
    "jmbg",
    "jmbg_control",
    "oib_check_digit",
    "valid_albanian_nid",
    "valid_jmbg",
    "valid_kosovo_personal_number",
]

JMBG_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Region-of-registration codes (``RR``) used by the generator, per nationality.
JMBG_REGIONS: dict[str, tuple[int, ...]] = {
    "ba": (10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
    "me": (21, 22, 23, 24, 25, 26, 28, 29),
    "mk": (41, 42, 43, 44, 45, 46, 47, 48, 49),
    "rs": (71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 85, 86, 87, 89),
}

ALBANIAN_DECADES = "ABCDEFGHIJKLM"  # A = 1900s … M = 2020s
_CHECK_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVW"
_NID_RE = re.compile(r"^([A-M])(\d)(\d\d)(\d\d)(\d{3})([A-Z])$")


def jmbg_control(first12: str) -> int | None:
    """The control digit for 12 JMBG digits, or ``None`` if that remainder is never issued."""
    total = sum(int(c) * w for c, w in zip(first12, JMBG_WEIGHTS, strict=True))
    rest = total % 11
    if rest == 1:
        return None
    return 0 if rest == 0 else 11 - rest


def jmbg(birth: dt.date, region: int, serial: int) -> str | None:
    """Build a JMBG; ``None`` when ``serial`` gives an unissued control digit."""
    first12 = f"{birth.day:02d}{birth.month:02d}{birth.year % 1000:03d}{region:02d}{serial:03d}"
    control = jmbg_control(first12)
    return None if control is None else f"{first12}{control}"


def _jmbg_year(yyy: int) -> int:
    return yyy + (2000 if yyy < 800 else 1000)


def valid_jmbg(number: str) -> bool:
    """13 digits, a real calendar date, and the right control digit."""
    if len(number) != 13 or not number.isdigit():
        return False
    try:
        dt.date(_jmbg_year(int(number[4:7])), int(number[2:4]), int(number[:2]))
    except ValueError:
        return False
    return jmbg_control(number[:12]) == int(number[12])


def albanian_nid_check(first9: str) -> str:
    """Stand-in check letter (the official algorithm is not public)."""
    return _CHECK_LETTERS[int(first9[1:]) % len(_CHECK_LETTERS)]


def albanian_nid(birth: dt.date, female: bool, serial: int) -> str:
    month = birth.month + (50 if female else 0)
    head = (
        f"{ALBANIAN_DECADES[(birth.year - 1900) // 10]}{birth.year % 10}"
        f"{month:02d}{birth.day:02d}{serial:03d}"
    )
    return head + albanian_nid_check(head)


def valid_albanian_nid(number: str) -> bool:
    match = _NID_RE.match(number)
    if match is None:
        return False
    decade, year, month, day = match.group(1), match.group(2), match.group(3), match.group(4)
    mm = int(month) - 50 if int(month) > 50 else int(month)
    try:
        dt.date(1900 + 10 * ALBANIAN_DECADES.index(decade) + int(year), mm, int(day))
    except ValueError:
        return False
    return albanian_nid_check(number[:9]) == number[9]


def valid_kosovo_personal_number(number: str) -> bool:
    return len(number) == 10 and number.isdigit() and number[0] != "0"


def oib_check_digit(first10: str) -> int:
    """ISO 7064 MOD 11,10 check digit of a Croatian OIB."""
    product = 10
    for c in first10:
        total = (int(c) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10


def _mod97_10(bban_without_check: str) -> str:
    return f"{98 - int(bban_without_check + '00') % 97:02d}"


def _albanian_bank_check(bank_branch: str) -> str:
    total = sum(int(c) * w for c, w in zip(bank_branch, (9, 7, 3, 1, 9, 7, 3), strict=True))
    return str(-total % 10)


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits for ``country`` + ``bban`` (digits and capitals)."""
    text = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in text)
    return f"{98 - int(numeric) % 97:02d}"


def iban(country: str, bank: str, account: str) -> str:
    """A valid IBAN of AL, BA, ME, MK, RS or XK; national check digits computed here.

    ``bank`` is the bank code (AL: bank + branch, 7 digits), ``account`` the account part
    without national check digits, already of the right length.
    """
    if country == "AL":
        bban = bank + _albanian_bank_check(bank) + account
    elif country in ("BA", "ME", "MK", "RS", "XK"):
        bban = bank + account + _mod97_10(bank + account)
    else:
        raise ValueError(f"no IBAN format for {country!r}")
    return country + iban_check_digits(country, bban) + bban
