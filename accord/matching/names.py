"""Parse a name into comparable parts.

A :class:`Name` holds the skeletons (see :mod:`accord.matching.normalize`) of its
words, which of them is the family name, and — for organisations — the canonical
legal form that was recognised and removed from the words (``d.o.o.``→``llc``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from accord.matching.normalize import fold, is_arabic, latinize, skeleton, split_words
from accord.matching.parts import expand_long_forms, org_parts, person_parts

__all__ = ["Name", "equivalent_group", "legal_form", "parse_name"]

# Given names that are the same name across languages and scripts (only true
# equivalents: Ivan and Jovan are distinct names in the region and are not grouped).
_EQUIVALENT_NAMES: tuple[tuple[str, ...], ...] = (
    ("Muhamed", "Muhammed", "Muhammad", "Mohamed", "Mohammed", "Mohammad", "Muhamet",
     "Mohamet", "Mehmed", "Mehmet", "Mahomet", "Muhammet", "Mohamad", "Mouhamed", "محمد"),
    ("Husein", "Hussein", "Husain", "Hussain", "Hysen", "Husejin", "Huseyin", "Hüseyin",
     "Husayn", "Hocine", "Husejn", "حسين"),
    ("Hasan", "Hassan", "Hasani", "حسن"),
    ("Jusuf", "Yusuf", "Yussuf", "Youssef", "Yousef", "Yusef", "Josuf", "Yousif", "يوسف"),
    ("Omer", "Omar", "Umar", "Ömer", "Umer", "عمر"),
    ("Sulejman", "Suleiman", "Sulaiman", "Suleyman", "Süleyman", "Sulejmani"),
    ("Hatidža", "Hatice", "Hatixhe", "Haxhe", "Khadija", "Khadijah", "Hadija", "Hatixha", "خديجة"),
    ("Ajša", "Ajshe", "Aisha", "Ayesha", "Aiša", "Ajše", "Aishe", "Ayşe", "Aysha", "عائشة"),
    ("Salih", "Saliu", "Saleh", "Salah", "Saliq", "صالح"),
    ("Ibrahim", "Ebrahim", "Ibrahimi", "Brahim", "إبراهيم"),
    ("Ismail", "Ismajl", "Ismael", "Smail", "Ismaili", "إسماعيل"),
    ("Ahmed", "Ahmet", "Ahmad", "Achmed", "أحمد"),
    ("Mahmud", "Mahmoud", "Mahmut", "Mahmood", "محمود"),
    ("Mustafa", "Mustapha", "Mustafë", "Mostafa", "مصطفى"),
    ("Abdulah", "Abdullah", "Abdullahu", "Abdula", "Abdallah", "عبد الله"),
    ("Osman", "Usman", "Othman", "Uthman", "Osmani", "عثمان"),
    ("Jakub", "Jakup", "Yakub", "Yaqub", "Jacub"),
    ("Idriz", "Idris", "إدريس"),
    ("Fatima", "Fatma", "Fatime", "Fatimah", "Fadime", "فاطمة"),
    ("Zejneb", "Zejnepe", "Zeynep", "Zaynab", "Zainab", "Zejnep"),
    ("Emina", "Amina", "Emine", "Aminah"),
    ("Halil", "Khalil", "Halili"),
    ("Bajram", "Bayram", "Bajrami"),
    ("Ramadan", "Ramazan", "Ramadani"),
    ("Redžep", "Rexhep", "Recep", "Rajab", "Redzheb"),
    ("Junus", "Yunus", "Jonuz", "Younes", "Yunes", "يونس"),
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
    ("Mojsije", "Moses", "Musa", "Moshe", "Moïse", "موسى"),
    # Arabic given names (also family names), with their Arabic-script form
    ("Tariq", "Tarek", "Tarik", "Tareq", "Tarak", "طارق"),
    ("Khalid", "Khaled", "Halid", "Kalid", "خالد"),
    ("Walid", "Waleed", "Velid", "وليد"),
    ("Bashir", "Bachir", "Beshir", "Bešir", "بشير"),
    ("Jabir", "Jaber", "Djaber", "Džabir", "جابر"),
    ("Hisham", "Hicham", "Hesham", "Hišam", "هشام"),
    ("Yasir", "Yasser", "Yaser", "Jasir", "ياسر"),
    ("Qasim", "Kassem", "Kasim", "Qassem", "Kacem", "Kasem", "Qassim", "Kassim", "قاسم"),
    ("Said", "Saeed", "Saied", "Saïd", "سعيد"),
    ("Saad", "Sa'ad", "Saed", "سعد"),
    ("Hamid", "Hamed", "Hamit", "حامد"),
    ("Hamad", "حمد"),
    ("Mansur", "Mansour", "Mansoor", "Mensur", "منصور"),
    ("Nasir", "Nasser", "Naser", "Nacer", "ناصر"),
    ("Faisal", "Faysal", "Feisal", "Fejsal", "فيصل"),
    ("Zakariya", "Zakaria", "Zakariyya", "Zakarija", "Zekerija", "زكريا"),
    ("Ayman", "Aiman", "Eyman", "أيمن"),
    ("Usama", "Osama", "Oussama", "Usame", "أسامة"),
    ("Faruq", "Farouk", "Faruk", "Farooq", "فاروق"),
    ("Rashid", "Rachid", "Rasheed", "Rašid", "راشد"),
    ("Jamal", "Djamel", "Gamal", "Jamel", "Džemal", "Xhemal", "جمال"),
    ("Kamal", "Kemal", "Kamel", "Qemal", "كمال"),
    ("Samir", "Sameer", "Semir", "سمير"),
    ("Sami", "Samy", "سامي"),
    ("Nabil", "Nabeel", "Nebil", "نبيل"),
    ("Karim", "Kareem", "Kerim", "كريم"),
    ("Hamza", "Hamzah", "Hamze", "حمزة"),
    ("Anwar", "Anouar", "Enver", "أنور"),
    ("Hashim", "Hashem", "Hachem", "Hašim", "هاشم"),
    ("Murad", "Mourad", "Murat", "مراد"),
    ("Ali", "Aly", "علي"),
    ("Amin", "Amine", "Emin", "أمين"),
    ("Amir", "Ameer", "Emir", "أمير"),
    ("Layla", "Leila", "Lejla", "Leyla", "ليلى"),
    ("Maryam", "Mariam", "Merjem", "مريم"),
    ("Zayd", "Zaid", "Zeid", "زيد"),
    ("Fahd", "Fahad", "فهد"),
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


# Prefix of the skeleton of a word written in Arabic script: its transliteration
# (``عمر``→``amr``) must not be mistaken for a Latin spelling.
ABJAD_MARK = "_"


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _EQUIVALENT_NAMES:
        canonical = skeleton(group[0])
        for name in group:
            mark = ABJAD_MARK if is_arabic(name) else ""
            table.setdefault(mark + skeleton(name), canonical)
            words = person_parts(name)[0]  # Abdallah -> abdullah, عبد الله -> abdullh
            if len(words) == 1:
                table.setdefault(mark + skeleton(words[0]), canonical)
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
    roles: tuple[str, ...] = ()  # per word: "g" generic company word, "f" father's name
    arabic: bool = False  # Arabic name elements (bin, al-, Abd…) or Arabic script
    abjad: bool = False  # written in Arabic script (short vowels missing)


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
    legal: str | None = None
    father: frozenset[int] = frozenset()
    generic: frozenset[int] = frozenset()
    arabic = False
    if organization:
        kept: list[str] = []
        for word in _join_initials(split_words(expand_long_forms(text))):
            form = legal_form(word)
            if form is not None and (kept or legal is None):
                legal = legal or form
                continue
            kept.append(word)
        words, generic = org_parts(kept)
    else:
        words, father, arabic = person_parts(text)
    skels: list[str] = []
    folds: list[str] = []
    capitals: list[int] = []
    roles: list[str] = []
    for i, word in enumerate(words):
        skel = skeleton(word)
        if skel and is_arabic(word):  # Arabic-script words look up their own forms
            skel = ABJAD_MARK + skel
        if not skel or (not organization and skel in _PERSON_STOPWORDS and len(words) > 2):
            continue
        if word.isupper() and len(word) > 1:
            capitals.append(len(skels))
        skels.append(skel)
        folds.append(fold(word))
        roles.append("g" if i in generic else "f" if i in father else "")
    abjad = is_arabic(raw)
    if not skels:
        return Name(raw, (), frozenset(), legal)
    if comma and not organization:
        n_family = len(split_words(head))
        family = frozenset(range(max(0, len(skels) - n_family), len(skels)))
    elif capitals and len(capitals) < len(skels):
        family = frozenset(capitals)
    else:
        family = frozenset({len(skels) - 1})
    return Name(raw, tuple(skels), family, legal, tuple(folds), tuple(roles),
                arabic or abjad, abjad)
