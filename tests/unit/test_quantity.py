from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from domain.errors import InvalidQuantity
from domain.quantity import from_scaled, parse_quantity, to_scaled


@pytest.mark.parametrize("text, expected", [
    ("5", Decimal(5)), (" 12.5 ", Decimal("12.5")), ("0,25", Decimal("0.25")),
    (Decimal("3.000"), Decimal(3)), (7, Decimal(7)), ("1e2", Decimal(100)),
])
def test_accepts_what_people_and_scanners_type(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("bad, reason", [
    ("-1", "negative"), ("0", "greater than zero"), ("abc", "not a number"), ("", "empty"),
    ("NaN", "finite"), ("Infinity", "finite"), ("0.0000001", "decimal places"),
    (1.5, "not a float"), (None, "not a number"), (True, "not a float"), ("1e15", "too large"),
])
def test_refuses_bad_input_saying_why(bad, reason):
    with pytest.raises(InvalidQuantity) as refused:
        parse_quantity(bad)
    assert reason in refused.value.message


def test_zero_only_when_allowed():
    assert parse_quantity("0", allow_zero=True) == 0


@given(st.decimals(min_value=0, max_value=Decimal("999999999.999999"), places=6))
def test_scaled_storage_round_trips_exactly(qty):
    assert from_scaled(to_scaled(qty)) == qty


@pytest.mark.parametrize("value", ["10", "100", "2500", "1e3"])
def test_round_quantities_never_print_in_exponent_form(value):
    assert "E" not in str(parse_quantity(value))
    assert "E" not in str(from_scaled(to_scaled(parse_quantity(value))))
