"""The placeholder language: ``${path.to.field:format:=default}`` (grammar in PLACEHOLDERS.md).

A hand-written scanner turns text into literal strings and ``Placeholder`` parts; evaluation only
looks keys up in mappings, indexes lists and reads dataclass fields, then applies one of a fixed
set of formats. There is no ``eval``, no attribute access by name on arbitrary objects and no
``str.format`` on user text, so a template cannot run code or reach Python internals.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

from domain.labels.errors import MissingField, PlaceholderError
from domain.labels.formats import apply_formats, split_formats

MAX_TEXT = 20_000
MAX_DEPTH = 16
_ESCAPABLE = "\\}:|"


@dataclass(frozen=True)
class Placeholder:
    path: tuple[str, ...]
    formats: tuple[str, ...] = ()
    default: str | None = None
    source: str = ""

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


Part = Union[str, Placeholder]


def render(text: str, scope: Any, *, strict: bool = False) -> str:
    """Fill every placeholder of ``text`` from ``scope`` (a mapping, usually a record)."""
    return "".join(p if isinstance(p, str) else _value(p, scope, strict) for p in parse(text))


def fields(text: str) -> list[str]:
    """The dotted paths a text refers to (the designer checks them against the data)."""
    return [p.dotted for p in parse(text) if isinstance(p, Placeholder)]


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Part, ...]:
    if not isinstance(text, str):
        raise PlaceholderError(column=0, text=repr(text)[:40], reason="text must be a string")
    if len(text) > MAX_TEXT:
        raise PlaceholderError(column=MAX_TEXT, text=text[:40] + "…", reason="text is too long")
    return tuple(_Scanner(text).parts())


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parts(self) -> list[Part]:
        parts: list[Part] = []
        literal: list[str] = []
        while self.pos < len(self.text):
            if self.text.startswith("$${", self.pos):
                literal.append("${")
                self.pos += 3
            elif self.text.startswith("${", self.pos):
                if literal:
                    parts.append("".join(literal))
                    literal = []
                parts.append(self._placeholder())
            else:
                literal.append(self.text[self.pos])
                self.pos += 1
        if literal:
            parts.append("".join(literal))
        return parts

    def _placeholder(self) -> Placeholder:
        start = self.pos
        self.pos += 2
        path = self._path(start)
        formats: tuple[str, ...] = ()
        default = None
        if self._peek(":") and not self._peek(":="):
            self.pos += 1
            formats = split_formats(self._until(":=", start), self._fail_at(start))
        if self._peek(":="):
            self.pos += 2
            default = self._until("", start)
            if "${" in default:
                self._fail(start, "placeholders cannot be nested in a default")
        if not self._peek("}"):
            self._fail(start, "expected '}'" if self.pos < len(self.text) else "missing '}'")
        self.pos += 1
        return Placeholder(path, formats, default, self.text[start:self.pos])

    def _path(self, placeholder_start: int) -> tuple[str, ...]:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ":}":
            self.pos += 1
        segments = tuple(self.text[start:self.pos].split("."))
        for segment in segments:
            if not (segment.isidentifier() or segment.isdigit()) or segment.startswith("_"):
                path = self.text[start:self.pos]
                self._fail(placeholder_start, f"bad field path {path!r} (names are letters, "
                                              f"digits and _, separated by dots)")
        if len(segments) > MAX_DEPTH:
            self._fail(placeholder_start, "field path is too deep")
        return segments

    def _until(self, stop: str, start: int) -> str:
        """Read up to ``stop`` (or the closing brace), resolving backslash escapes."""
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            escaped = self.text[self.pos + 1:self.pos + 2]
            if char == "\\" and escaped and escaped in _ESCAPABLE:
                out.append(self.text[self.pos:self.pos + 2])
                self.pos += 2
            elif char == "}" or (stop and self.text.startswith(stop, self.pos)):
                return "".join(out) if stop else _unescape("".join(out))
            else:
                out.append(char)
                self.pos += 1
        self._fail(start, "missing '}'")

    def _peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def _fail_at(self, start: int):
        return lambda reason: self._fail(start, reason)

    def _fail(self, start: int, reason: str):
        raise PlaceholderError(column=start + 1, text=self.text[:80], reason=reason)


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)


def _value(ph: Placeholder, scope: Any, strict: bool) -> str:
    value = resolve(scope, ph.path)
    if value is None or value == "":
        if ph.default is not None:
            return ph.default
        if strict:
            raise MissingField(path=ph.dotted, text=ph.source)
        return ""
    return apply_formats(value, ph.formats, ph.source)


_MISSING = None


def resolve(scope: Any, path: tuple[str, ...]) -> Any:
    """Follow ``path`` through mappings, lists (numeric segments) and dataclass fields only."""
    value = scope
    for segment in path:
        value = _step(value, segment)
        if value is _MISSING:
            return None
    return value


def _step(value: Any, segment: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(segment, _MISSING)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) and segment.isdigit():
        index = int(segment)
        return value[index] if index < len(value) else _MISSING
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = {f.name for f in dataclasses.fields(value)}
        return getattr(value, segment) if segment in names else _MISSING
    return _MISSING
