"""Parse a name into comparable parts.

A :class:`Name` holds the skeletons (see :mod:`accord.matching.normalize`) of its
words, which of them is the family name, and — for organisations — the canonical
legal form that was recognised and removed from the words (``d.o.o.``→``llc``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from accord.matching.normalize import fold, latinize, skeleton, split_words

__all__ = ["Name", "equivalent_group", "legal_form", "parse_name"]

# Given names that are the same name across languages and scripts (only true
# equivalents: Ivan and Jovan are distinct names in the region and are not grouped).
_EQUIVALENT_NAMES: tuple[tuple[str, ...], ...] = (
    ("Muhamed", "Muhammed", "Muhammad", "Mohamed", "Mohammed", "Mohammad", "Muhamet",
     "Mohamet", "Mehmed", "Mehmet", "Mahomet", "Muhammet"),
    ("Husein", "Hussein", "Husain", "Hussain", "Hysen", "Husejin", "Huseyin", "Hüseyin"),
    ("Hasan", "Hassan", "Hasani"),
    ("Jusuf", "Yusuf", "Yussuf", "Youssef", "Yousef", "Yusef", "Josuf"),
    ("Omer", "Omar", "Umar", "Ömer", "Umer"),
    ("Sulejman", "Suleiman", "Sulaiman", "Suleyman", "Süleyman", "Sulejmani"),
    ("Hatidža", "Hatice", "Hatixhe", "Haxhe", "Khadija", "Khadijah", "Hadija", "Hatixha"),
    ("Ajša", "Ajshe", "Aisha", "Ayesha", "Aiša", "Ajše", "Aishe", "Ayşe", "Aysha"),
    ("Salih", "Saliu", "Saleh", "Salah", "Saliq"),
    ("Ibrahim", "Ebrahim", "Ibrahimi", "Brahim"),
    ("Ismail", "Ismajl", "Ismael", "Smail", "Ismaili"),
    ("Ahmed", "Ahmet", "Ahmad", "Achmed"),
    ("Mahmud", "Mahmoud", "Mahmut", "Mahmood"),
    ("Mustafa", "Mustapha", "Mustafë", "Mostafa"),
    ("Abdulah", "Abdullah", "Abdullahu", "Abdula", "Abdallah"),
    ("Osman", "Usman", "Othman", "Uthman", "Osmani"),
    ("Jakub", "Jakup", "Yakub", "Yaqub", "Jacub"),
    ("Idriz", "Idris"),
    ("Fatima", "Fatma", "Fatime", "Fatimah", "Fadime"),
    ("Zejneb", "Zejnepe", "Zeynep", "Zaynab", "Zainab", "Zejnep"),
    ("Emina", "Amina", "Emine", "Aminah"),
    ("Halil", "Khalil", "Halili"),
    ("Bajram", "Bayram", "Bajrami"),
    ("Ramadan", "Ramazan", "Ramadani"),
    ("Redžep", "Rexhep", "Recep", "Rajab", "Redzheb"),
    ("Junus", "Yunus", "Jonuz", "Younes"),
    ("Jahja", "Yahya", "Yahia", "Jahjaj"),
    ("Davud", "Dawud", "Davut", "Daud"),
    ("Abdurahman", "Abdurrahman", "Abdulrahman", "Abderrahmane", "Abdelrahman"),
    ("Aleksandar", "Alexander", "Aleksander", "Aleksandër", "Alexandre", "Alessandro",
     "Alejandro", "Aleksandr"),
    ("Petar", "Peter", "Pjetër", "Pjeter", "Pietro", "Pedro", "Pierre", "Pyotr", "Piotr"),
    ("Nikola", "Nicholas", "Nikolla", "Nicola", "Nikolaus", "Nicolas", "Nikolai", "Nikolay"),
    ("Mihajlo", "Mihailo", "Mihail", "Michael", "Mikhail", "Mihal", "Michel", "Michele",
     "Miguel", "Mihael"),
    ("Đorđe", "Gjergj", "George", "Georg", "Georgios", "Jorge", "Giorgio", "Ǵorǵi", "Đurađ",
     "Georgi"),
    ("Jovan", "Gjon", "John", "Johannes", "Johann", "Giovanni", "Juan", "Jean"),
    ("Josip", "Josif", "Joseph", "Giuseppe", "Józef", "Jozef", "José", "Jožef"),
    ("Stefan", "Stjepan", "Stephen", "Steven", "Stefano", "Stéphane", "Stephan", "Štefan",
     "Stevan"),
    ("Pavle", "Pavao", "Paul", "Pal", "Pavel", "Paolo", "Pablo", "Pali"),
    ("Marko", "Mark", "Marco", "Marcus", "Markus", "Marc"),
    ("Luka", "Luke", "Luca", "Lluka", "Lukas", "Lucas"),
    ("Matej", "Matija", "Matthew", "Mateo", "Matteo", "Mathieu", "Matthias", "Mateja"),
    ("Andrej", "Andrija", "Andrew", "Andreas", "Andrea", "Andrei", "André", "Ndrec"),
    ("Toma", "Tomo", "Thomas", "Tomas", "Tomás", "Tommaso"),
    ("Ilija", "Elijah", "Elias", "Ilias", "Ilyas", "Iliya"),
    ("Teodor", "Todor", "Theodore", "Theodor", "Teodoro"),
    ("Vasilije", "Vasil", "Basil", "Vasily", "Vasilios", "Vasilij"),
    ("Danijel", "Daniel", "Danilo", "Daniele", "Danijell"),
    ("Jelena", "Elena", "Helena", "Helen", "Jelena", "Ellen", "Yelena"),
    ("Marija", "Maria", "Mary", "Marie", "Mariya"),
    ("Katarina", "Katerina", "Catherine", "Katherine", "Kateryna", "Caterina", "Katharina",
     "Ekaterina", "Katrina"),
    ("Ana", "Anna", "Anne", "Ann"),
    ("Elizabeta", "Elisabeta", "Jelisaveta", "Elizabeth", "Elisabeth", "Elisabetta"),
    ("Franjo", "Frano", "Franc", "Francis", "Francesco", "François", "Franz", "Françesk"),
    ("Antonije", "Anton", "Antonio", "Anthony", "Antun", "Antoine", "Ndue"),
    ("Grigorije", "Grigor", "Gregory", "Gregor", "Gregorio"),
    ("Mojsije", "Moses", "Musa", "Moshe", "Moïse"),
)

_LEGAL_FORMS: dict[str, str] = {
    # limited liability company
    "doo": "llc", "dooel": "llc", "shpk": "llc", "ltd": "llc", "llc": "llc", "gmbh": "llc",
    "limited": "llc", "sarl": "llc", "srl": "llc", "bv": "llc", "ooo": "llc",
    # joint-stock company
    "ad": "jsc", "sha": "jsc", "jsc": "jsc", "ag": "jsc", "sa": "jsc", "plc": "jsc",
    "oao": "jsc", "zao": "jsc", "pao": "jsc", "dd": "jsc", "pjsc": "jsc", "ojsc": "jsc",
    "cjsc": "jsc", "aktiengesellschaft": "jsc", "spa": "jsc", "nv": "jsc",
    # corporations
    "inc": "corp", "corp": "corp", "corporation": "corp", "incorporated": "corp",
    # foundations and associations
    "foundation": "foundation", "fondacija": "foundation", "fondacioni": "foundation",
    "fondacion": "foundation", "fondazione": "foundation", "stiftung": "foundation",
    "association": "association", "udruzenje": "association", "shoqata": "association",
    "udruga": "association", "zdruzenie": "association", "verein": "association",
    "ev": "association",
}
# Words that carry no identity in a person's name.
_PERSON_STOPWORDS = frozenset(
    {"bin", "ibn", "bint", "ben", "al", "el", "ul", "von", "van", "der", "den", "de", "da",
     "di", "del", "la", "le", "du", "dos", "das", "mr", "mrs", "ms", "dr", "sir"}
)


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _EQUIVALENT_NAMES:
        canonical = skeleton(group[0])
        for name in group:
            table.setdefault(skeleton(name), canonical)
    return table


def equivalent_group(skel: str) -> str | None:
    """Canonical skeleton of the given-name equivalence group of ``skel``, if any."""
    return _equivalents().get(skel)


def legal_form(word: str) -> str | None:
    """Canonical legal form (``llc``, ``jsc``, ``corp``, ``foundation``, ``association``)."""
    decomposed = unicodedata.normalize("NFD", latinize(word))
    return _LEGAL_FORMS.get("".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()))


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed name: skeleton words, the family-name positions, and the legal form."""

    raw: str
    words: tuple[str, ...]
    family: frozenset[int]
    legal: str | None = None
    folds: tuple[str, ...] = ()  # :func:`~accord.matching.normalize.fold` of each word


def _join_initials(words: list[str]) -> list[str]:
    """``d. o. o.`` → ``d.o.o.``: glue runs of one-letter words (organisation names)."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if word and len(word.strip(".")) == 1:
            run.append(word)
            continue
        if len(run) > 1:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


@lru_cache(maxsize=200_000)
def parse_name(raw: str, organization: bool = False) -> Name:
    """Parse ``raw`` into a :class:`Name`.

    Family name: the part before a comma (``Tomić, Radoslav``), else an all-capitals
    word in a mixed-case name (``PETROVIĆ Radovan``), else the last word.
    """
    head, comma, tail = raw.partition(",")
    text = f"{tail} {head}" if comma and tail.strip() and not organization else raw
    words = split_words(text)
    legal: str | None = None
    if organization:
        kept: list[str] = []
        for word in _join_initials(words):
            form = legal_form(word)
            if form is not None and (kept or legal is None):
                legal = legal or form
                continue
            kept.append(word)
        words = kept
    skels: list[str] = []
    folds: list[str] = []
    capitals: list[int] = []
    for word in words:
        skel = skeleton(word)
        if not skel or (not organization and skel in _PERSON_STOPWORDS and len(words) > 2):
            continue
        if word.isupper() and len(word) > 1:
            capitals.append(len(skels))
        skels.append(skel)
        folds.append(fold(word))
    if not skels:
        return Name(raw, (), frozenset(), legal)
    if comma and not organization:
        n_family = len(split_words(head))
        family = frozenset(range(len(skels) - n_family, len(skels)))
    elif capitals and len(capitals) < len(skels):
        family = frozenset(capitals)
    else:
        family = frozenset({len(skels) - 1})
    return Name(raw, tuple(skels), family, legal, tuple(folds))
