"""Document numbers: prefix + date + sequence, per document type, without gaps.

The counter row is locked and advanced inside the transaction that creates the document, so a
rolled-back document gives its number back and two stations never get the same number.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound
from domain.persistence.tables import number_sequences

DEFAULT_RULES = {
    # doc_type: (prefix, reset)
    "receipt": ("RCV", "daily"),
    "putaway": ("PUT", "daily"),
    "pick": ("PCK", "daily"),
    "shipment": ("SHP", "daily"),
    "count": ("CNT", "monthly"),
    "transfer": ("TRF", "daily"),
    "adjustment": ("ADJ", "monthly"),
    "return": ("RTN", "monthly"),
}
_PERIOD_FORMAT = {"never": "", "yearly": "%Y", "monthly": "%Y%m", "daily": "%Y%m%d"}


def ensure_rules(session: Session) -> None:
    """Create the default rule of each document type that has none yet."""
    existing = set(session.scalars(select(number_sequences.c.doc_type)))
    for doc_type, (prefix, reset) in DEFAULT_RULES.items():
        if doc_type not in existing:
            session.execute(insert(number_sequences).values(doc_type=doc_type, prefix=prefix,
                                                            reset=reset))


def set_rule(session: Session, doc_type: str, *, prefix: str, reset: str = "daily",
             date_format: str = "%Y%m%d", padding: int = 4) -> None:
    if reset not in _PERIOD_FORMAT:
        raise InvalidInput(field="reset", reason=f"must be one of {', '.join(_PERIOD_FORMAT)}")
    if not 1 <= padding <= 12:
        raise InvalidInput(field="padding", reason="must be between 1 and 12")
    values = dict(prefix=prefix, reset=reset, date_format=date_format, padding=padding)
    done = session.execute(update(number_sequences)
                           .where(number_sequences.c.doc_type == doc_type).values(**values))
    if done.rowcount == 0:
        session.execute(insert(number_sequences).values(doc_type=doc_type, **values))


def next_number(session: Session, doc_type: str, today: date) -> str:
    """Take the next number of ``doc_type`` for ``today``, e.g. ``RCV-20261125-0001``."""
    rule = session.execute(
        select(number_sequences).where(number_sequences.c.doc_type == doc_type).with_for_update()
    ).one_or_none()
    if rule is None:
        raise NotFound(kind="numbering rule", key=doc_type)
    period = today.strftime(_PERIOD_FORMAT[rule.reset])
    value = rule.next_value if period == rule.period else 1
    session.execute(update(number_sequences).where(number_sequences.c.doc_type == doc_type)
                    .values(next_value=value + 1, period=period))
    parts = [rule.prefix]
    if rule.date_format:
        parts.append(today.strftime(rule.date_format))
    parts.append(str(value).zfill(rule.padding))
    return "-".join(p for p in parts if p)
