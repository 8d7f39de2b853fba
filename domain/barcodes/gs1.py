"""GS1 element strings via ``biip``, with errors that name the AI and say what is wrong.

biip knows every AI of the GS1 General Specifications (formats, fixed and variable lengths,
check digits, dates with day 00, decimal indicators). What it does not give is an error a
clerk can act on: its messages quote regular expressions, and check-digit failures are only
recorded beside the element. So the element-by-element loop lives here, and every failure
becomes a ``BarcodeError``/``InvalidElement``.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from biip import ParseConfig, ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS as KNOWN_AIS
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import _PRIMARY_IDENTIFIER_MAP as DL_PRIMARY_KEYS
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

from domain.barcodes.errors import BarcodeError, InvalidElement

GS = "\x1d"  # what scanners send for FNC1 between fields
CONFIG = ParseConfig(separator_chars=(GS,))
_PART = re.compile(r"^(N|X|Y|Z)(\.\.)?(\d+)$")
_KIND = {"N": "digits", "X": "characters", "Y": "characters", "Z": "characters"}
Element = GS1ElementString


def describe_format(fmt: str) -> str:
    """``"N2+X..20"`` → ``"up to 20 characters"`` (the AI's own part is left out)."""
    words = []
    for part in fmt.split("+")[1:]:
        optional = part.startswith("[")
        m = _PART.match(part.strip("[]"))
        if not m:
            words.append(part)
            continue
        text = f"{'up to ' if m.group(2) else ''}{m.group(3)} {_KIND[m.group(1)]}"
        words.append(f"optionally {text}" if optional else text)
    return " then ".join(words)


def _field_error(ai: GS1ApplicationIdentifier, field: str) -> InvalidElement:
    """Why ``field`` (AI + data, up to the next separator) failed: a date or a format."""
    data = field[len(ai.ai):]
    date = _date_part(ai, data)
    if date is not None:
        reason = f"{date!r} is not a valid date ({_date_layout(ai)})"
    elif not data:
        reason = f"no data (expected {describe_format(ai.format)})"
    else:
        reason = f"expected {describe_format(ai.format)}, got {data!r}"
    return InvalidElement(ai=ai.ai, title=ai.data_title, reason=reason)


def _date_layout(ai: GS1ApplicationIdentifier) -> str:
    found = re.search(r"\((YY[^)]*)\)", ai.description)
    return found.group(1) if found else "YYMMDD"


def _date_part(ai: GS1ApplicationIdentifier, data: str) -> str | None:
    """The date digits of a date AI when they have the right length but no valid date
    (month 13, 30 February): the clerk needs "not a date", not "expected 6 digits"."""
    if "YY" not in ai.description:
        return None
    m = _PART.match(ai.format.split("+")[1])
    width = int(m.group(3)) if m and not m.group(2) else 6
    head = data[:width]
    return head if len(head) == width and head.isascii() and head.isdecimal() else None


def _validated(element: Element) -> Element:
    """biip accepts an empty variable-length field and only records a wrong GTIN/SSCC/GLN
    check digit beside the element; refuse both here."""
    if not element.value:
        raise _field_error(element.ai, element.ai.ai)
    problem = element.gtin_error or element.sscc_error or element.gln_error
    if not problem:
        return element
    length = 18 if element.ai.ai == "00" else 13 if element.ai.ai.startswith("41") else 14
    reason = check_digit_problem(element.value[:length]) or problem
    raise InvalidElement(ai=element.ai.ai, title=element.ai.data_title, reason=reason)


def check_digit_problem(number: str) -> str | None:
    """``"check digit is 3, expected 2"`` for a GS1 number (GTIN, SSCC, GLN) that fails its
    mod-10 check; None when it passes or is not a number."""
    if not (number.isascii() and number.isdecimal() and len(number) > 1):
        return None
    expected = gs1_standard_check_digit(number[:-1])
    return None if expected == int(number[-1]) else \
        f"check digit is {number[-1]}, expected {expected}"


def _ai_at(text: str) -> GS1ApplicationIdentifier:
    try:
        return GS1ApplicationIdentifier.extract(text)
    except ParseError:
        head = text[:4]
        if not head[:2].isdecimal():
            raise BarcodeError(reason=f"expected an application identifier at {head!r}") from None
        raise BarcodeError(reason=f"unknown application identifier at {head!r}") from None


def extract(text: str) -> Element:
    """The first element string of ``text`` (raw form: the field ends at GS or its length)."""
    ai = _ai_at(text)
    try:
        element = GS1ElementString.extract(text, config=CONFIG)
    except (ParseError, ValueError):
        raise _field_error(ai, text.split(GS, 1)[0]) from None
    return _validated(element)


def element(ai_number: str, data: str) -> Element:
    """Exactly one element string, AI and data given apart (HRI, Digital Link)."""
    ai = KNOWN_AIS.get(ai_number)
    if ai is None:
        raise BarcodeError(reason=f"({ai_number}) is not a GS1 application identifier")
    try:
        parsed = GS1ElementString.parse(ai_number + data, config=CONFIG)
    except (ParseError, ValueError):
        raise _field_error(ai, ai_number + data) from None
    return _validated(parsed)


def parse_raw(text: str) -> list[Element]:
    """Element strings run together; variable-length ones end with GS (FNC1). A leading FNC1
    (GS) and GS after fixed-length fields are allowed (General Specifications 7.8.6)."""
    rest, elements = text.lstrip(GS), []
    while rest:
        try:
            found = extract(rest)
        except BarcodeError as error:
            raise _with_separator_hint(error, elements, text, rest) from None
        elements.append(found)
        rest = rest[len(found):].lstrip(GS)
    return elements


def _with_separator_hint(error: BarcodeError, before: list[Element], text: str,
                         rest: str) -> BarcodeError:
    """A variable-length field not ended by GS swallows what follows (wedge scanners lose GS
    characters): say so, because the error otherwise points at the innocent next field."""
    if not before or not before[-1].ai.separator_required or text[-len(rest) - 1] == GS:
        return error
    hint = f" (is a GS separator missing after AI ({before[-1].ai.ai})?)"
    return type(error)(**{**error.params, "reason": f"{error.params['reason']}{hint}"})


_HRI_PAIR = re.compile(r"\((\d{2,4})\)([^()]*)")


def parse_hri(text: str) -> list[Element]:
    """Human-readable form ``(01)09506000134352(10)AB-123``; spaces between parts ignored."""
    compact = "".join(text.split())
    pairs = _HRI_PAIR.findall(compact)
    if not pairs or "".join(f"({a}){d}" for a, d in pairs) != compact:
        raise BarcodeError(reason="expected the form (AI)data(AI)data…")
    return [element(ai, data) for ai, data in pairs]


def looks_like_digital_link(text: str) -> bool:
    """An http(s) URI whose path has a GS1 primary key followed by a value."""
    if not text.lower().startswith(("http://", "https://")):
        return False
    try:
        segments = urlsplit(text).path.split("/")
    except ValueError:
        return False
    return any(SHORT_NAMES.get(s, s) in DL_PRIMARY_KEYS for s in segments[:-1])


# Digital Link 1.0 short names, still printed on older labels; 1.1 and later use AI numbers.
SHORT_NAMES = {"gtin": "01", "itip": "8006", "cpv": "22", "lot": "10", "ser": "21", "sscc": "00",
               "gln": "414", "glnx": "254", "grai": "8003", "giai": "8004", "gdti": "253",
               "gsrn": "8018", "gsrnp": "8017", "gcn": "255", "cpid": "8010", "cpsn": "8011",
               "gmn": "8013", "ginc": "401", "gsin": "402", "payTo": "415", "exp": "17"}


def _numeric_keys(text: str) -> str:
    """Rewrite short-name path segments and query keys into AI numbers."""
    parts = urlsplit(text)
    path = "/".join(SHORT_NAMES.get(s, s) for s in parts.path.split("/"))
    query = "&".join(f"{SHORT_NAMES.get(k, k)}={quote(v, safe='')}"
                     for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def parse_digital_link(text: str) -> list[Element]:
    """A GS1 Digital Link URI (primary key, qualifiers in the path, attributes in the query)."""
    text = _numeric_keys(text)
    try:
        uri = GS1DigitalLinkURI.parse(text, config=CONFIG)
    except (ParseError, ValueError) as error:
        for ai_number, data in _link_pairs(text):
            element(ai_number, data)  # raises the precise error of a wrong element
        raise BarcodeError(reason=f"not a valid GS1 Digital Link: {error}") from None
    return [_validated(e) for e in uri.element_strings]


def _link_pairs(text: str) -> list[tuple[str, str]]:
    """(AI, data) pairs of a Digital Link, for error reporting only."""
    parts = urlsplit(text)
    segments = parts.path.split("/")
    start = next(i for i, s in enumerate(segments) if s in DL_PRIMARY_KEYS)
    path = segments[start:]
    pairs = [(path[i], unquote(path[i + 1])) for i in range(0, len(path) - 1, 2)]
    query = [(k, v) for k, v in parse_qsl(parts.query) if k in KNOWN_AIS]
    return pairs + query
