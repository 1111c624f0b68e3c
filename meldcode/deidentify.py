"""Find what in a text could identify a person: dates, numbers, e-mail addresses, names.

Used before anything about a case leaves the clinician: the summary for a
colleague and the anonymous advies. Facts with dates and free text can
identify a patient even without a name, so the scanner errs on the side of
flagging; a false alarm only asks the clinician to rephrase.

What counts:

- *date*: numeric dates (``14-03-2009``, ``14/3/09``, ``2009-03-14``, ``14-3``,
  ``14/3``) and dates with a Dutch or English month name (``14 maart 2009``,
  ``March 14, 2009``, ``maart 2009``, ``14 mrt``). A month name on its own is
  not a date ("may" is also a verb).
- *number*: any group of digits with a run of three or more (a year, a BSN,
  an account number), phone numbers written with spaces, dashes or ``+31``,
  Dutch postcodes (``3512 AB``), house numbers after a street word
  (``Kerkstraat 12a``, ``nr. 5``), licence plates (``12-ABC-3``). Public
  service numbers such as 112 and 0800-2000 are allowed.
- *email*: e-mail addresses.
- *name*: capitalised words that do not start a sentence and are not on the
  allow-list (places count too: they identify as well as names do), initials
  (``A.B.``, ``J. Jansen``), social media handles (``@naam``), and every word of
  a name the caller knows of the case (``known_names``), wherever it stands
  and however it is capitalised.

Pure: no Django imports.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["date", "number", "email", "name"]
KINDS: Final[tuple[Kind, ...]] = ("date", "number", "email", "name")
# When findings overlap, the first kind here wins.
_PRIORITY: Final[dict[Kind, int]] = {"email": 0, "date": 1, "number": 2, "name": 3}


@dataclass(frozen=True, slots=True)
class Finding:
    """A piece of text that could identify a person: its kind, where it is, and the text."""

    kind: Kind
    start: int
    end: int
    text: str


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    """Return the words of a vocabulary written as one string."""
    return tuple(text.split(separator))


# Words and phrases that may be capitalised, or hold digits, without identifying
# anyone: organisations, laws, Meldcode terms, common abbreviations and public
# service numbers. Compared without regard to case.
ALLOWED: Final[frozenset[str]] = frozenset(
    _words(
        # Organisations, laws and the Meldcode's own words.
        "Veilig Thuis|CoMensha|KNMG|KNMG-meldcode|V&VN|V&VN-meldcode|GGD|LECK|Meldcode|"
        "Meldwijzer|Centrum Seksueel Geweld|CSG|Raad voor de Kinderbescherming|"
        "Nederlandse Arbeidsinspectie|Arbeidsinspectie|Politie|Wmo|WGBO|AVG|GDPR|BSN|BRP|BIG|"
        "IND|COA|ILO|EC|HIS|SOEP|POH|GP|SOA|STI|HIV|ID|IBAN|OK|N.B.|"
        "Afwegingskader|Vermoeden|Acute of structurele onveiligheid|Hulp mogelijk|"
        "Hulp aanvaard|Resultaat|Melden|Afsluiten|Signalen in kaart brengen|"
        "Collegiale consultatie en Veilig Thuis raadplegen|Gesprek met de betrokkene|"
        "Wegen van aard en ernst|Beslissen: hulp organiseren en/of melden|"
        # The majority language and country identify no one.
        "Nederland|Nederlands|Netherlands|Dutch|English|Engels|"
        # English capitalises these without naming anyone.
        "I|I'm|I've|I'd|I'll|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
        # Public service numbers.
        "112|113|0800-2000|0800-0188|0800-0113|0900-8844|0900-44 45 444|24/7",
        "|",
    )
)

# Dutch, then the English names that differ; then the abbreviations of both.
_MONTH_NAMES: Final = _words(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "january february march may june july august october"
)
_MONTH_ABBREVIATIONS: Final = frozenset(
    _words("jan feb febr mrt mar apr jun jul aug sep sept okt oct nov dec")
)
_MONTHS: Final = (*_MONTH_NAMES, *sorted(_MONTH_ABBREVIATIONS))
_LETTER: Final = r"[^\W\d_]"
_MONTH: Final = (
    r"(?:" + "|".join(sorted(set(_MONTHS), key=len, reverse=True)) + rf")(?!{_LETTER})\.?"
)
_DAY: Final = r"(?:0?[1-9]|[12]\d|3[01])(?:ste|st|nd|rd|th|de|e)?"
_YEAR: Final = r"(?:\d{4}|'\d{2})(?!\d)"
# After a range such as "10-12" or "1/2": a unit, so not a date.
_UNIT: Final = (
    r"(?:uur|uren|u|keer|maal|x|dag|dagen|week|weken|maand|maanden|jaar|jaren|euro|eur|"
    r"procent|kg|km|cm|mg|ml|min|minuten|sec|per|hours?|times|days?|weeks?|months?|years?|"
    r"percent)"
)

_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE: Final = re.compile(r"(?<![\w.@])@[A-Za-z0-9_]{2,}")
_DATES: Final = (
    # 14-03-2009, 14/3/09, 14.03.2009, also month first (3/14/2009).
    re.compile(r"(?<![\w/.-])\d{1,2}\s?([-/.])\s?\d{1,2}\s?\1\s?\d{2,4}(?![\w/-])"),
    # 2009-03-14, 2009/3/14
    re.compile(r"(?<![\w/.-])\d{4}\s?([-/.])\s?\d{1,2}\s?\1\s?\d{1,2}(?![\w/-])"),
    # 14 maart 2009, 14e van maart, 14th of March, 1 mei '09, 14-mrt-2009
    re.compile(
        rf"(?<![\w/.-]){_DAY}[\s./-]*(?:(?:of|van)\s+)?{_MONTH}(?:[\s,./-]*{_YEAR})?",
        re.IGNORECASE,
    ),
    # March 14, 2009; maart 14
    re.compile(
        rf"(?<!{_LETTER}){_MONTH}[\s,.-]*{_DAY}(?![\w])(?:[\s,./-]*{_YEAR})?",
        re.IGNORECASE,
    ),
    # maart 2009, March '09
    re.compile(
        rf"(?<!{_LETTER}){_MONTH}[\s,-]*(?:(?:1[89]|20)\d{{2}}|'\d{{2}})(?!\d)", re.IGNORECASE
    ),
)
# A day and a month without a year: checked in _day_month.
_DAY_MONTH: Final = re.compile(
    rf"(?<![\w/.-])(\d{{1,2}})([-/])(\d{{1,2}})(?![\w/-])(?!\s*{_UNIT}(?!{_LETTER}))",
    re.IGNORECASE,
)
_POSTCODE: Final = re.compile(
    r"(?<![\w])[1-9]\d{3}\s?[A-Z]{2}(?![\w])|(?<![\w])[1-9]\d{3}[a-z]{2}\b"
)
_STREET_ALONE: Final = (
    "straat|laan|plein|gracht|kade|singel|dreef|steeg|plantsoen|boulevard|street|avenue"
)
_STREET_SUFFIX: Final = (
    _STREET_ALONE + "|weg|pad|hof|erf|dijk|dam|park|markt|baan|veld|wal|haven|road|lane|drive"
)
_HOUSE_NUMBER: Final = re.compile(
    rf"(?<![\w])(?:{_LETTER}{{2,}}(?:{_STREET_SUFFIX})|(?:{_STREET_ALONE})"
    r"|huisnummer|huisnr|nummer|nr|no(?=\.))\.?\s*\d{1,5}"
    rf"(?:\s?-?\s?{_LETTER}{{1,3}}(?![\w])|\s?-\s?\d{{1,4}})?(?!\d)",
    re.IGNORECASE,
)
# 12 Baker Street
_HOUSE_NUMBER_FIRST: Final = re.compile(
    r"(?<![\w])\d{1,5}[a-z]?\s+(?:[A-Z][\w'-]*\s+){1,3}"
    r"(?:Street|Road|Avenue|Lane|Drive|Way|Close|Square|Court|Place|Crescent|St|Rd|Ave)\b"
)
_PLATE: Final = re.compile(
    r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}(?![\w-])"
)
# Groups of digits joined by a space, a dash or "(0)": one phone number.
_DIGITS: Final = re.compile(r"\+?\d+(?:(?:[ \t]?-[ \t]?|[ \t]|[ \t]?\(0\)[ \t]?)\d+)*")
_RUN: Final = re.compile(r"\d{3,}")

_APOSTROPHES: Final = "'\u2019"
_TOKEN: Final = re.compile(rf"{_LETTER}+(?:[{_APOSTROPHES}]{_LETTER}+)*")
_INITIALS: Final = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){2,}")
_INITIAL: Final = re.compile(r"(?<![\w.])[A-Z]\.")
# Words between a first name or initial and a surname.
_PARTICLES: Final = frozenset(
    _words("van de der den ten ter te 't t la le du da di von zu bin ben al el")
)
# After an initial: a surname, perhaps behind particles ("J. van der Berg").
_SURNAME_FOLLOWS: Final = re.compile(
    r"\s*(?:(?:" + "|".join(re.escape(p) for p in _PARTICLES) + r")\s+)*[^\W\d_]*[A-Z]"
)
_PARTICLE_BEFORE: Final = re.compile(
    r"(?<![\w'\u2019])("
    + "|".join(re.escape(p) for p in sorted(_PARTICLES, key=len, reverse=True))
    + r")[ \t]+$",
    re.IGNORECASE,
)
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS: Final = frozenset(
    _words(
        "dr drs mr mrs ms mw mevr dhr hr ir ing prof st sr jr bijv vgl nr no tel e.g i.e o.a "
        "m.b.t t.a.v z.g.a etc ca"
    )
)
_OPENERS: Final = "\"'\u2018\u2019\u201c\u201d\u00ab\u2039([{"
# What may stand before the first word of a line: a bullet or a list number.
_LINE_START: Final = re.compile(r"^\s*(?:[-*\u2022\u2013\u2014]|\d{1,3}[.)]|[a-z][.)])?$")


def scan(
    text: str, *, known_names: Iterable[str] = (), allowed: Iterable[str] = ()
) -> tuple[Finding, ...]:
    """Return what in ``text`` could identify a person, in order of position.

    ``known_names`` are names (or initials) known of the case: each word of
    them is found anywhere, in any case, even where it starts a sentence.
    ``allowed`` adds words and phrases that may stand in the text as they
    are, such as labels of a fixed vocabulary; a known name is found even
    inside them.
    """
    allowed_entries = [a.strip() for a in (*ALLOWED, *allowed) if a.strip()]
    masked = _allowed_spans(text, allowed_entries)
    allowed_words = {a.casefold() for a in allowed_entries if _TOKEN.fullmatch(a)}
    allowed_numbers = {_digits(a) for a in allowed_entries if _is_number(a)}

    taken: list[tuple[int, int]] = []
    found: list[Finding] = []

    def add(kind: Kind, start: int, end: int) -> None:
        if start >= end or _overlaps(taken, start, end):
            return
        taken.append((start, end))
        found.append(Finding(kind, start, end, text[start:end]))

    for match in _EMAIL.finditer(text):
        add("email", match.start(), match.end())
    for pattern in _DATES:
        for match in pattern.finditer(text):
            end = match.end()
            last = re.search(rf"({_LETTER}+)\.$", match.group())
            if last and last.group(1).casefold() not in _MONTH_ABBREVIATIONS:
                end -= 1  # the full stop ends the sentence, not an abbreviation
            if not _inside(masked, match.start(), end):
                add("date", match.start(), end)
    for match in _DAY_MONTH.finditer(text):
        if _day_month(match) and not _inside(masked, match.start(), match.end()):
            add("date", match.start(), match.end())
    for pattern in (_POSTCODE, _HOUSE_NUMBER, _HOUSE_NUMBER_FIRST, _PLATE):
        for match in pattern.finditer(text):
            if not _inside(masked, match.start(), match.end()):
                add("number", match.start(), match.end())
    for match in _DIGITS.finditer(text):
        start, end = _widen(text, match.start(), match.end())
        chunk = text[start:end]
        digits = _digits(chunk)
        phone_like = (
            bool(_RUN.search(chunk))
            or len(digits) >= 7
            or (chunk.startswith("+") and len(digits) >= 4)
        )
        if not phone_like or digits in allowed_numbers or _inside(masked, start, end):
            continue
        add("number", start, end)

    names = _names(text, known_names, masked, allowed_words, taken)
    for start, end in names:
        add("name", start, end)
    return tuple(sorted(found, key=lambda f: (f.start, _PRIORITY[f.kind])))


def contains_identifiers(
    text: str,
    *,
    known_names: Iterable[str] = (),
    allowed: Iterable[str] = (),
    kinds: Iterable[Kind] = KINDS,
) -> bool:
    """Tell whether ``text`` holds anything of ``kinds`` that could identify a person."""
    wanted = frozenset(kinds)
    return any(f.kind in wanted for f in scan(text, known_names=known_names, allowed=allowed))


def _digits(text: str) -> str:
    """Return the digits of ``text``."""
    return "".join(c for c in text if c.isdigit())


def _is_number(text: str) -> bool:
    """Tell whether ``text`` is written as a phone number: digits, spaces, dashes."""
    return bool(_digits(text)) and all(c.isdigit() or c in " -+()" for c in text)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Tell whether [start, end) overlaps any of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Tell whether [start, end) lies wholly inside one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a group of digits to the whole word it is part of, such as an IBAN."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _day_month(match: re.Match[str]) -> bool:
    """Tell whether a number pair such as ``14-3`` or ``3/5`` reads as a day and a month.

    With a slash, either order counts; with a dash, the Dutch order only, and
    a pair of single digits (``3-5``) reads as a range, not a date.
    """
    first, separator, second = match.group(1), match.group(2), match.group(3)
    a, b = int(first), int(second)
    day_month = 1 <= a <= 31 and 1 <= b <= 12
    if separator == "/":
        return day_month or (1 <= a <= 12 and 1 <= b <= 31)
    return day_month and (len(first) == 2 or len(second) == 2)


def _allowed_spans(text: str, entries: list[str]) -> list[tuple[int, int]]:
    """Return where the allowed words and phrases stand in ``text``."""
    if not entries:
        return []
    alternatives = "|".join(re.escape(e) for e in sorted(set(entries), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _known(names: Iterable[str]) -> tuple[set[str], set[str], list[re.Pattern[str]]]:
    """Split known names into words (casefolded), initials, and whole-name patterns."""
    words: set[str] = set()
    initials: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for name in names:
        tokens = _TOKEN.findall(name)
        initials.update(t.upper() for t in tokens if len(t) == 1)
        words.update(t.casefold() for t in tokens if len(t) > 1 and t.casefold() not in _PARTICLES)
        if len(tokens) > 1:
            # The whole name, also with other spacing: "M.K.", "M. K." and "MK". Initials
            # only in capitals, or "an adult" would be "A.N.".
            spaced = r"[\s.]*".join(re.escape(t) for t in tokens)
            initials_only = all(len(t) == 1 for t in tokens)
            flags = 0 if initials_only else re.IGNORECASE
            patterns.append(re.compile(rf"(?<![\w]){spaced}\.?(?![\w])", flags))
    return words, initials, patterns


def _capitalised(token: str) -> bool:
    """Tell whether a word is written as a name: a capital first, or after an apostrophe."""
    if token[0].isupper():
        return True
    return any(c in _APOSTROPHES and token[i + 1].isupper() for i, c in enumerate(token[:-1]))


def _names(
    text: str,
    known_names: Iterable[str],
    masked: list[tuple[int, int]],
    allowed_words: set[str],
    taken: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Return the spans of possible names, the parts of one name joined."""
    known_words, known_initials, known_patterns = _known(known_names)
    spans: list[tuple[int, int]] = []
    for pattern in known_patterns:
        spans += [m.span() for m in pattern.finditer(text)]
    for match in _INITIALS.finditer(text):
        span = (match.start(), match.start() + len(match.group().rstrip()))
        if not _inside(masked, *span):
            spans.append(span)
    for match in _INITIAL.finditer(text):
        surname = _SURNAME_FOLLOWS.match(text, match.end()) is not None
        if match.group()[0] in known_initials or (surname and not _inside(masked, *match.span())):
            spans.append(match.span())
    spans += [m.span() for m in _HANDLE.finditer(text)]
    for match in _TOKEN.finditer(text):
        token, start, end = match.group(), match.start(), match.end()
        if token.casefold() in known_words or not (
            len(token) == 1
            or not _capitalised(token)
            or token.casefold() in allowed_words
            or _inside(masked, start, end)
            or _sentence_start(text, start)
        ):
            spans.append((start, end))
    spans = [s for s in spans if not _overlaps(taken, *s)]
    return _join(text, sorted(set(spans)), taken)


def _join(
    text: str, spans: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join overlapping name spans and those a space apart, with the particles before them."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        start = _extend_back(text, start, taken)
        if joined and start <= joined[-1][1] + 1 and not text[joined[-1][1] : start].strip(" ."):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _extend_back(text: str, start: int, taken: list[tuple[int, int]]) -> int:
    """Take in the particles before a surname: ``van der`` in ``van der Berg``."""
    while True:
        window = max(0, start - 40)
        match = _PARTICLE_BEFORE.search(text, window, start)
        if match is None or _overlaps(taken, match.start(1), match.end(1)):
            return start
        start = match.start(1)


def _sentence_start(text: str, position: int) -> bool:
    """Tell whether the word at ``position`` starts a sentence or a line."""
    line_start = text.rfind("\n", 0, position) + 1
    prefix = text[line_start:position].rstrip(_OPENERS + " \t")
    if _LINE_START.match(prefix):
        return True
    i = position - 1
    spaced = False
    while i >= 0 and (text[i] in _OPENERS or text[i] in " \t"):
        spaced = spaced or text[i] in " \t"
        i -= 1
    if i < 0:
        return True
    if not spaced:
        return False
    mark = text[i]
    if mark in "!?…":
        return True
    if mark != ".":
        return False
    word = re.search(r"([\w.]*)\.$", text[: i + 1])
    before = word.group(1) if word else ""
    if len(before) == 1 and before.isalpha():
        return False  # an initial: "J. Jansen"
    return before.casefold() not in _ABBREVIATIONS
