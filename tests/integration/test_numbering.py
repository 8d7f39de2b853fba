"""Document numbers: prefix + date + sequence per type, reset per period, without gaps."""
from datetime import date

import pytest

from domain.errors import InvalidInput, NotFound
from domain.numbering import ensure_rules, next_number, set_rule


def _take(db, doc_type, day):
    return db.write(lambda s: next_number(s, doc_type, day))


def test_numbers_count_up_per_type_and_restart_each_day(db):
    db.write(ensure_rules)
    day1, day2 = date(2026, 11, 25), date(2026, 11, 26)
    assert [_take(db, "receipt", day1) for _ in range(2)] == ["RCV-20261125-0001", "RCV-20261125-0002"]
    assert _take(db, "pick", day1) == "PCK-20261125-0001"
    assert _take(db, "receipt", day2) == "RCV-20261126-0001"


def test_a_rolled_back_document_gives_its_number_back(db):
    db.write(ensure_rules)
    day = date(2026, 11, 25)

    def fail(s):
        next_number(s, "receipt", day)
        raise RuntimeError("document could not be saved")
    with pytest.raises(RuntimeError):
        db.write(fail)
    assert _take(db, "receipt", day) == "RCV-20261125-0001"


def test_rules_are_configurable(db):
    db.write(lambda s: set_rule(s, "count", prefix="INV", reset="yearly", date_format="%Y", padding=6))
    assert _take(db, "count", date(2026, 5, 1)) == "INV-2026-000001"
    with pytest.raises(InvalidInput):
        db.write(lambda s: set_rule(s, "count", prefix="X", reset="hourly"))
    with pytest.raises(NotFound):
        _take(db, "no-such-type", date(2026, 5, 1))
