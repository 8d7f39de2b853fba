"""The formats a placeholder may apply, a closed list: dates, numbers, and a few text filters.

Number formats are checked against a pattern of the format-spec mini-language (with a width limit)
before ``format()`` sees them, and strftime patterns against a list of portable directives, so
user text never reaches a formatter that could read attributes or build huge strings.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from domain.labels.errors import PlaceholderError

MAX_WIDTH = 100
_NUMBER = re.compile(r"^(?P<fill>.?[<>^=])?[+\- ]?#?0?(?P<width>\d{1,3})?[,_]?"
                     r"(?:\.(?P<prec>\d{1,2}))?(?P<type>[bdeEfFgGnoxX%])?$")
_DIRECTIVES = set("aAbBdHIjmMpSUWyYzZ%")
_TEXT: dict[str, Callable[[str], str]] = {
    "upper": str.upper, "lower": str.lower, "title": str.title, "strip": str.strip,
    "digits": lambda s: "".join(c for c in s if c.isdigit()),
}


def split_formats(raw: str, fail: Callable[[str], None]) -> tuple[str, ...]:
    """``a|b`` → ("a", "b"): formats apply left to right; ``\\|`` is a literal bar."""
    parts, current, i = [], [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            current.append(raw[i + 1])
            i += 2
            continue
        if raw[i] == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(raw[i])
        i += 1
    parts.append("".join(current))
    for fmt in parts:
        reason = _invalid(fmt)
        if reason:
            fail(reason)
    return tuple(parts)


def _invalid(fmt: str) -> str | None:
    if fmt in _TEXT or _is_number_format(fmt):
        return None
    if "%" in fmt:
        bad = [d for d in re.findall(r"%(.)", fmt.replace("%%", "")) if d not in _DIRECTIVES]
        return f"unsupported date directive %{bad[0]}" if bad else None
    if not fmt:
        return "empty format"
    return f"unknown format {fmt!r} (use a date pattern with %, a number format like .2f, " \
           f"or one of {', '.join(_TEXT)})"


def _is_number_format(fmt: str) -> bool:
    match = _NUMBER.match(fmt)
    return bool(match and fmt and int(match["width"] or 0) <= MAX_WIDTH)


def apply_formats(value: Any, formats: tuple[str, ...], source: str) -> str:
    for fmt in formats:
        value = _apply(value, fmt, source)
    return _plain(value)


def _apply(value: Any, fmt: str, source: str) -> Any:
    if fmt in _TEXT:
        return _TEXT[fmt](_plain(value))
    if _is_number_format(fmt) and not _is_date(value):
        return format(_number(value, fmt, source), fmt)
    return _as_date(value, source).strftime(fmt)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _is_date(value: Any) -> bool:
    return isinstance(value, (date, datetime))


def _number(value: Any, fmt: str, source: str) -> Any:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value if fmt[-1:] not in "bdoxX" or isinstance(value, int) else int(value)
    if isinstance(value, float):
        return int(value) if fmt[-1:] in "bdoxX" else value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise PlaceholderError(column=1, text=source, reason=f"{value!r} is not a number") from None
    if not number.is_finite():
        raise PlaceholderError(column=1, text=source, reason=f"{value!r} is not a finite number")
    return int(number) if fmt[-1:] in "bdoxX" else number


def _as_date(value: Any, source: str) -> date:
    if _is_date(value):
        return value
    try:
        text = str(value).strip()
        return datetime.fromisoformat(text) if "T" in text or " " in text \
            else date.fromisoformat(text)
    except ValueError:
        raise PlaceholderError(column=1, text=source,
                               reason=f"{value!r} is not a date (expected YYYY-MM-DD)") from None
