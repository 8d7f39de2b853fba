"""Text matching for list filters, compiled per database.

Code filters are *prefix* searches, tried as typed and upper-cased (codes are usually upper
case). On SQLite they compile to an index range (``code >= 'A-0' AND code < 'A-0\\U0010ffff'``),
because SQLite's case-blind LIKE cannot use a BINARY index; elsewhere to ``LIKE 'A-0%'``, exact
under any collation (and indexed where the column has a C-collation or pattern_ops index).
Name searches are case-blind substrings and scan; SQLite's own LIKE already ignores ASCII case
and is twice as fast there as the ``lower(x) LIKE lower(y)`` that ``ilike`` becomes.
"""
from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

_TOP = "\U0010ffff"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _Match(ColumnElement):
    """``column`` starts with / contains ``text``, compiled per dialect (see module docstring)."""
    type = Boolean()
    inherit_cache = False   # carries plain Python values; compiled per statement
    # A comparison already: without this, SQLite gets "(…) = 1", which no index can serve.
    _is_implicitly_boolean = True

    def __init__(self, column, text: str, prefix: bool) -> None:
        self.column, self.text, self.prefix = column, text, prefix

    @property
    def _from_objects(self):
        return self.column._from_objects

    def variants(self) -> list[str]:
        return sorted({self.text, self.text.upper()})


def code_prefix(column, text: str) -> ColumnElement:
    return _Match(column, text, prefix=True)


def contains(column, text: str) -> ColumnElement:
    return _Match(column, text, prefix=False)


@compiles(_Match)
def _match_default(m: _Match, compiler, **kw) -> str:
    if m.prefix:
        likes = [m.column.like(f"{_escape(v)}%", escape="\\") for v in m.variants()]
        return compiler.process(or_(*likes), **kw)
    return compiler.process(m.column.ilike(f"%{_escape(m.text)}%", escape="\\"), **kw)


@compiles(_Match, "sqlite")
def _match_sqlite(m: _Match, compiler, **kw) -> str:
    if m.prefix:
        ranges = [and_(m.column >= v, m.column < v + _TOP) for v in m.variants()]
        return compiler.process(or_(*ranges), **kw)
    return compiler.process(m.column.like(f"%{_escape(m.text)}%", escape="\\"), **kw)
