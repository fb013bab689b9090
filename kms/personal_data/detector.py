"""Finding personal data in text before it is published.

A referral note, a phone number or a passport number that reaches a public page can put the
person it belongs to at risk. `scan` finds phone numbers, email addresses, passport and identity
numbers, IBANs, GPS coordinates and dates of birth, in the shapes people write them in English,
French, Arabic and Dutch, with Arabic-Indic and Eastern Arabic-Indic digits read as digits.

Precision comes first, since a warning people learn to click through protects no one: numbers
are checked (phone numbers by `phonenumbers` against the network's countries, IBANs by their
mod-97 key, Belgian national numbers, Dutch BSNs and French INSEE numbers by their own keys,
Egyptian national IDs by their date and governorate), and the shapes that figures in reports
also take (a Tunisian 8-digit number, a passport number, a date) count only after a word that
says what they are (`words`).
"""

import html
import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.utils.translation import gettext_lazy as _
from stdnum import iban as iban_numbers
from stdnum import numdb
from stdnum.be import nn as be_nn
from stdnum.fr import nir as fr_nir
from stdnum.iso7064 import mod_97_10
from stdnum.nl import bsn as nl_bsn

from . import words

KINDS = {
    "phone": _("phone number"),
    "email": _("email address"),
    "id_number": _("passport or identity number"),
    "iban": _("bank account number (IBAN)"),
    "gps": _("GPS coordinates"),
    "birth_date": _("date of birth"),
}
# Arabic-Indic and Eastern Arabic-Indic digits, the Arabic decimal and thousands separators, comma and semicolon:
# one character for one, so positions in the normalised text are positions in the original.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬،؛", "01234567890123456789.,,;")
CONTEXT = 30
KEYWORD_WINDOW = 40
# Where a number written with its trunk "0" is tried, and where one without it is tried once a
# word like "tél." or "هاتف" says it is a phone number (the network's countries).
TRUNK_REGIONS = ("EG", "LY", "MA", "DZ", "FR", "BE", "NL")
KEYWORD_REGIONS = ("TN", "SN", "CI", "GN", "ML", "NE", "TD", "MR", "SD", *TRUNK_REGIONS)
IBAN_REGISTRY = numdb.get("iban")
PHONE_MAX_GROUPS = 7  # "+32 (0)475 12 34 56" has six; a longer run of figures is a table, tried in windows
PRIORITY = ("email", "iban", "id_number", "birth_date", "gps", "phone")


def _keywords(entries):
    """A pattern for any of `entries`; Latin words stand alone, Arabic ones may carry a prefix or suffix."""
    parts = []
    for entry in sorted(entries, key=len, reverse=True):
        escaped = re.escape(entry)
        parts.append(escaped if re.search(r"[\u0600-\u06ff]", entry) else rf"(?<!\w){escaped}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


PHONE_WORDS = _keywords(words.PHONE)
BIRTH_WORDS = _keywords(words.BIRTH)
ID_WORDS = _keywords(words.PASSPORT + words.NATIONAL_ID)
MONTH_NUMBERS = {name: number for number, names in words.MONTHS.items() for name in names}
MONTH = "|".join(re.escape(name) for name in sorted(MONTH_NUMBERS, key=len, reverse=True))

EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?!\w)")
IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)")
EG_NATIONAL_ID = re.compile(
    r"(?<![\w-])[23]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:0[1-4]|1[1-9]|2[1-9]|3[1-5]|88)\d{5}(?!\w)"
)
# Written whole, or with every separator of the official layout (85.07.30-033.28; 2 95 10 99 126 111 93):
# a run of figures in a table, spaced at random, is neither.
BE_NATIONAL_NUMBER = re.compile(r"(?<![\w.-])(?:\d{11}|\d\d\.\d\d\.\d\d[- ]\d{3}\.\d\d)(?![\w]|[.-]\d)")
_NIR = r"(?:0[1-9]|1[0-2]|[2-9]\d)"
FR_INSEE = re.compile(
    rf"(?<![\w-])(?:[12]\d\d{_NIR}(?:\d\d|2[AB])\d{{8}}|[12] \d\d {_NIR} (?:\d\d|2[AB]) \d{{3}} \d{{3}} \d\d)(?!\w)"
)
ID_TOKEN = re.compile(r"(?<![\w./-])(?:[A-Z]{1,2} ?)?\d[\d .-]{4,18}\d(?![\w]|[.,/-]\d)")
THOUSANDS = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+")
YEARS = re.compile(r"(?:19|20)\d\d\s*[-–/ ]\s*(?:19|20)\d\d")
PHONE_SHAPE = re.compile(r"(?<![\w+.,/-])(?:\+ ?|\()?\d[\d \u00a0.\-()]*\d(?![\w]|[.,/-]\d)")
DATE = re.compile(
    rf"(?<![\w.,/-])(?:(?P<d>\d{{1,2}})[./-](?P<m>\d{{1,2}})[./-](?P<y>\d{{4}}|\d{{2}})"
    rf"|(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})"
    rf"|(?P<td>\d{{1,2}})(?:er|st|nd|rd|th)?\.? (?P<tm>{MONTH})\.? ,?(?P<ty>\d{{4}})"
    rf"|(?P<em>{MONTH})\.? (?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<ey>\d{{4}}))(?![\w]|[.,/-]\d)",
    re.IGNORECASE,
)
_COORD = r"[-+]?\d{1,3}\.\d{4,}"
GPS_DECIMAL = re.compile(
    rf"(?<![\w.])(?:[NS] ?)?(?P<lat>{_COORD}) ?°? ?(?P<ns>[NS])?\s*[,;/ ]\s*(?:[EWO] ?)?(?P<lon>{_COORD}) ?°? ?[EWO]?(?![\w]|\.\d)"
)
_DMS = r"\d{1,3} ?° ?\d{1,2} ?['′’] ?(?:\d{1,2}(?:[.,]\d+)? ?[\"″”]|'')? ?"
GPS_DMS = re.compile(rf"{_DMS}[NS]\s*[,;/]?\s*{_DMS}[EWO](?!\w)")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: what kind, where (`where`: a field or a file), and the words around it."""

    kind: str
    start: int
    end: int
    match: str
    before: str
    after: str
    where: str = ""

    @property
    def label(self):
        return KINDS[self.kind]

    @property
    def masked(self):
        """The match with all but its first and last two letters or digits hidden, for showing on a screen."""
        positions = [i for i, char in enumerate(self.match) if char.isalnum()]
        shown = set(positions[:2] + positions[-2:]) if len(positions) > 6 else set(positions[:1])
        return "".join("•" if i in positions and i not in shown else c for i, c in enumerate(self.match))

    @property
    def snippet(self):
        return f"{self.before}{self.masked}{self.after}"


def kind_labels(kinds):
    """The names of `kinds` (codes, or a comma-separated string of them) in the reader's language."""
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k]
    return [str(KINDS[k]) for k in dict.fromkeys(kinds) if k in KINDS]


def plain_text(text):
    """What a reader sees of member or admin HTML: tags become spaces (two paragraphs never make one number)."""
    return html.unescape(re.sub(r"<[^>]*>", " ", text or ""))


def scan(text, where=""):
    """The personal data in `text` (plain text or HTML), in reading order, each found once."""
    original = plain_text(text)
    normal = original.translate(DIGITS)
    dates = [m.span() for m in DATE.finditer(normal)]
    found = {
        "email": _spans(EMAIL, normal),
        "iban": [s for s in _spans(IBAN, normal) if _is_iban(normal[s[0] : s[1]])],
        "id_number": list(_id_numbers(normal)),
        "birth_date": [s for s in dates if _is_birth_date(normal, s)],
        "gps": list(_coordinates(normal)),
        "phone": list(_phones(normal, dates)),
    }
    taken, findings = [], []  # spans kept so far, sorted and never overlapping
    for kind in PRIORITY:
        for start, end in found[kind]:
            index = bisect_right(taken, (end,)) - 1  # the last kept span starting before this one ends
            if index >= 0 and taken[index][1] > start:
                continue
            insort(taken, (start, end))
            findings.append(_finding(kind, original, start, end, where))
    return sorted(findings, key=lambda f: f.start)


def scan_parts(parts):
    """The findings of several texts, `parts` being (where, text) pairs: a form's fields, a file's text."""
    return [finding for where, text in parts if text for finding in scan(text, str(where))]


def _finding(kind, text, start, end, where):
    before = " ".join(text[max(0, start - CONTEXT) : start].split()[-6:])
    after = " ".join(text[end : end + CONTEXT].split()[:6])
    before = f"…{before} " if before else ""
    after = f" {after}…" if after else ""
    return Finding(kind, start, end, text[start:end], before, after, where)


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


def _said_before(pattern, text, start):
    """Whether a word of `pattern` stands in the few words before `start`, on the same line."""
    window = text[max(0, start - KEYWORD_WINDOW) : start]
    return pattern.search(window.rsplit("\n", 1)[-1]) is not None


def _is_iban(candidate):
    number = candidate.replace(" ", "")
    for length in range(len(number), 14, -1):
        head = number[:length]
        if iban_numbers.is_valid(head, check_country=False):
            return True
        # Countries the IBAN registry does not list yet (Morocco, Senegal…): the mod-97 key alone.
        if not IBAN_REGISTRY.info(head)[0][1] and mod_97_10.is_valid(head[4:] + head[:4]):
            return True
    return False


def _id_numbers(text):
    for m in EG_NATIONAL_ID.finditer(text):
        yield m.span()
    for pattern, module in ((BE_NATIONAL_NUMBER, be_nn), (FR_INSEE, fr_nir)):
        for m in pattern.finditer(text):
            if module.is_valid(m.group()):
                yield m.span()
    for m in ID_TOKEN.finditer(text):
        token = m.group()
        digits = re.sub(r"\D", "", token)
        if not 6 <= len(digits) <= 14 or THOUSANDS.fullmatch(token) or YEARS.fullmatch(token):
            continue
        if _said_before(ID_WORDS, text, m.start()) and (
            len(digits) != 9 or token[0].isalpha() or _bsn_or_other(text, m)
        ):
            yield m.span()


def _bsn_or_other(text, m):
    """A nine-digit number after "BSN" must pass the 11-test; after any other identity word it is taken as it is."""
    window = text[max(0, m.start() - KEYWORD_WINDOW) : m.start()].lower()
    if "bsn" in window or "burgerservicenummer" in window or "sofinummer" in window:
        return nl_bsn.is_valid(re.sub(r"\D", "", m.group()))
    return True


def _date(match):
    """The date a DATE match names, or None when it is no calendar date."""
    g = match.groupdict()
    if g["d"]:
        day, month, year = int(g["d"]), int(g["m"]), int(g["y"])
        year += 1900 if 30 <= year < 100 else 2000 if year < 30 else 0
    elif g["iy"]:
        day, month, year = int(g["id"]), int(g["im"]), int(g["iy"])
    else:
        name = (g["tm"] or g["em"]).lower()
        day, month, year = int(g["td"] or g["ed"]), MONTH_NUMBERS[name], int(g["ty"] or g["ey"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _is_birth_date(text, span):
    value = _date(DATE.match(text, span[0]))
    return value is not None and 1900 <= value.year <= date.today().year and _said_before(BIRTH_WORDS, text, span[0])


def _coordinates(text):
    for m in GPS_DECIMAL.finditer(text):
        lat, lon = abs(float(m["lat"])), abs(float(m["lon"]))
        if lat <= 90 and lon <= 180 and max(lat, lon) >= 1:  # two fractions below one are ratios, not a place
            yield m.span()
    for m in GPS_DMS.finditer(text):
        yield m.span()


def _phones(text, dates):
    """Phone-shaped runs, each tried whole and then as shorter runs of its words (a year may stand before a number)."""
    said = [m.end() for m in PHONE_WORDS.finditer(text)]
    for m in PHONE_SHAPE.finditer(text):
        words_at = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group())]
        i = 0
        while i < len(words_at):
            start = words_at[i][0]
            keyword = _word_before(said, text, start)
            if not (keyword or text[start] in "+(0"):
                i += 1  # neither a phone word before it nor the shape of a dialled number: figures
                continue
            for j in range(min(len(words_at), i + PHONE_MAX_GROUPS), i, -1):
                end = words_at[j - 1][1]
                if not any(start < d_end and d_start < end for d_start, d_end in dates) and _is_phone(
                    text[start:end], keyword
                ):
                    yield start, end
                    i = j
                    break
            else:
                i += 1


def _word_before(ends, text, start):
    """Whether one of the words ending at `ends` (sorted) stands just before `start`, on the same line."""
    index = bisect_right(ends, start) - 1
    return index >= 0 and start - ends[index] <= KEYWORD_WINDOW and "\n" not in text[ends[index] : start]


def _is_phone(raw, keyword):
    raw = raw.strip("()")
    digits = re.sub(r"\D", "", raw)
    if not 8 <= len(digits) <= 15 or YEARS.fullmatch(raw):
        return False
    groups = re.findall(r"\d+", raw)
    international = raw.startswith(("+", "00"))
    if not international and any(len(g) == 1 and g != "0" for g in groups):
        return False  # ISBNs and figures like "1 234 567" come in groups of one digit
    if raw.startswith("00") and any(len(g) > 4 for g in groups[1:]):
        return False  # 00216 98 123 456, not a row of five-digit codes starting 00…
    if international:
        return _valid_phone(raw, ("FR",))  # "00" is the international prefix in all our regions
    if keyword:
        return _valid_phone(raw, KEYWORD_REGIONS)
    # Written as the network's countries write numbers: whole (0612345678), as a prefix and the rest
    # (06-12345678), or in groups of two to four digits; codes in a table come in groups of five.
    dialled = len(groups) == 1 or (len(groups[0]) <= 4 and (len(groups) == 2 or all(len(g) <= 4 for g in groups)))
    return raw.startswith("0") and dialled and _valid_phone(raw, TRUNK_REGIONS)


def _valid_phone(raw, regions):
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False
