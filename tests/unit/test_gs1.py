"""GS1 barcode meaning: the examples of the GS1 General Specifications and the GS1 Digital Link
standard, the forms scanners deliver them in, plain codes, and precise errors."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.barcodes import BarcodeError, InvalidElement, parse_scan
from domain.errors import DomainError

GS = "\x1d"


# -- the same element strings in every form a scanner or a person gives them ---------------------
# GS1 DataMatrix guideline / General Specifications example: GTIN, expiry, batch.
SPEC_EXAMPLE = {"01": "09501101530003", "17": "140704", "10": "AB-123"}


@pytest.mark.parametrize("data", [
    "]d2010950110153000317140704" "10AB-123",                # GS1 DataMatrix, AIM identifier
    "]C1010950110153000317140704" "10AB-123",                # GS1-128
    "]Q3010950110153000317140704" "10AB-123",                # GS1 QR Code
    "]e0010950110153000317140704" "10AB-123",                # GS1 DataBar Expanded
    GS + "010950110153000317140704" "10AB-123",              # FNC1 in first position sent as GS
    "010950110153000317140704" "10AB-123",                   # raw, no identifier
    "(01)09501101530003(17)140704(10)AB-123",               # HRI, as printed under the symbol
    "(01) 09501101530003 (17) 140704 (10) AB-123",          # HRI typed with spaces
    "https://id.gs1.org/01/09501101530003/10/AB-123?17=140704",   # Digital Link
])
def test_every_form_of_the_spec_example_means_the_same(data):
    meaning = parse_scan(data)
    assert meaning.ai == SPEC_EXAMPLE
    assert meaning.gtin == "09501101530003"
    assert meaning.lot == "AB-123"
    assert meaning.expiry == date(2014, 7, 4)
    assert meaning.is_gs1


def test_the_symbology_identifier_is_kept_and_removed_from_the_data():
    meaning = parse_scan("]C1010950110153000310AB-123")
    assert (meaning.symbology, meaning.data) == ("]C1", "010950110153000310AB-123")


def test_a_symbology_identifier_given_apart_by_the_device_counts_too():
    assert parse_scan("0109501101530003", symbology="]C1").symbology == "]C1"


def test_a_variable_length_field_ends_at_the_group_separator():
    meaning = parse_scan(f"]C10109506000134352" f"10LOT42{GS}21SN-0007{GS}17260200")
    assert (meaning.lot, meaning.serial, meaning.expiry) == ("LOT42", "SN-0007", date(2026, 2, 28))


def test_sscc_label_of_the_general_specifications():
    """Logistic label: SSCC, content GTIN and count (02 + 37), batch."""
    meaning = parse_scan(f"]C100106141412345678908" f"0200614141123452" f"3725{GS}10ABC123")
    assert meaning.sscc == "106141412345678908"
    assert meaning.content_gtin == "00614141123452"
    assert meaning.count == 25
    assert meaning.gtin is None and meaning.lot == "ABC123"


@pytest.mark.parametrize("ymd, expected", [
    ("260200", date(2026, 2, 28)),    # day 00 = last day of the month
    ("240200", date(2024, 2, 29)),    # … of a leap February
    ("251100", date(2025, 11, 30)),
    ("261231", date(2026, 12, 31)),
])
def test_expiry_day_00_means_the_last_day_of_the_month(ymd, expected):
    assert parse_scan(f"]C10109506000134352" f"17{ymd}").expiry == expected


def test_production_and_best_before_dates():
    meaning = parse_scan("]C10109506000134352" "11250115" "15260115")
    assert (meaning.production_date, meaning.best_before) == (date(2025, 1, 15), date(2026, 1, 15))


@pytest.mark.parametrize("element, value, unit", [
    ("3103000189", Decimal("0.189"), "kg"),      # net weight, 3 decimals
    ("3102001250", Decimal("12.50"), "kg"),
    ("3100000004", Decimal("4"), "kg"),
    ("3113001500", Decimal("1.500"), "m"),       # length
    ("3153000750", Decimal("0.750"), "l"),       # net volume, litres
    ("3302012345", Decimal("123.45"), "kg"),     # logistic (gross) weight
    ("3202000450", Decimal("4.50"), "lb"),
    ("3140000125", Decimal("125"), "m²"),
    ("3922" "1295", Decimal("12.95"), ""),       # amount payable, local currency
    ("3932" "978" "1295", Decimal("12.95"), "978"),   # with ISO 4217 currency (EUR)
])
def test_decimal_indicator_ais_give_measures_with_units(element, value, unit):
    meaning = parse_scan(f"]C10109506000134352{element}")
    [measure] = meaning.measures
    assert (measure.ai, measure.value, measure.unit) == (element[:4], value, unit)
    assert meaning.ai[element[:4]] == element[4:]


@pytest.mark.parametrize("data, count", [("]C13012", 12), ("]C1" f"30{'9' * 8}", 99999999),
                                         ("]C10200614141123452" "3725", 25)])
def test_counts_30_and_37(data, count):
    assert parse_scan(data).count == count


# -- GS1 Digital Link standard examples -----------------------------------------------------------
@pytest.mark.parametrize("uri, ai", [
    ("https://id.gs1.org/01/09520123456788", {"01": "09520123456788"}),
    ("https://id.gs1.org/01/614141123452?3103=000195", {"01": "00614141123452", "3103": "000195"}),
    ("https://id.gs1.org/01/09520123456788/10/ABC123/21/12345?17=180426",
     {"01": "09520123456788", "10": "ABC123", "21": "12345", "17": "180426"}),
    ("https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123",
     {"00": "106141412345678908", "02": "00614141123452", "37": "25", "10": "ABC123"}),
    ("https://id.gs1.org/414/9520123456788", {"414": "9520123456788"}),
    ("https://example.com/some/prefix/01/09520123456788/21/A%2FB", {"01": "09520123456788",
                                                                   "21": "A/B"}),
    # version 1.0 short names, still on older packs
    ("https://id.gs1.org/gtin/614141123452/lot/ABC1/ser/12345?exp=180426",
     {"01": "00614141123452", "10": "ABC1", "21": "12345", "17": "180426"}),
])
def test_digital_link_examples(uri, ai):
    meaning = parse_scan(uri)
    assert meaning.form == "digital_link" and meaning.ai == ai


def test_digital_link_in_a_plain_qr_code_is_still_understood():
    assert parse_scan("]Q1https://id.gs1.org/01/09520123456788").gtin == "09520123456788"


def test_a_web_address_that_is_no_digital_link_is_plain_data():
    meaning = parse_scan("https://example.com/about/us")
    assert meaning.form == "plain" and meaning.ai == {}


# -- GTINs and plain codes ------------------------------------------------------------------------
@pytest.mark.parametrize("data, gtin", [
    ("]E05901234123457", "05901234123457"),        # EAN-13 with identifier
    ("5901234123457", "05901234123457"),            # EAN-13 from a wedge, no identifier
    ("614141123452", "00614141123452"),             # UPC-A
    ("96385074", "00000096385074"),                 # EAN-8
    ("]I110614141000415", "10614141000415"),        # ITF-14
    ("]E3590123412345712", "05901234123457"),       # EAN-13 with 2-digit add-on
])
def test_gtins_are_stored_as_gtin_14(data, gtin):
    meaning = parse_scan(data)
    assert meaning.form == "gtin" and meaning.gtin == gtin


@pytest.mark.parametrize("data", ["A-01-02-03", "WH1-RCV", "ITEM-0001", "REC-20261125-0001",
                                  "12345", "5901234123458", "]C0ABC123", "]Q1仓库A区"])
def test_codes_that_are_not_gs1_pass_through_as_plain_data(data):
    meaning = parse_scan(data)
    assert meaning.form == "plain" and meaning.ai == {} and meaning.gtin is None
    assert meaning.data == data.removeprefix("]C0").removeprefix("]Q1")


def test_to_dict_is_json_ready():
    out = parse_scan(f"]C10109506000134352" f"3103000189" f"17260200" f"10AB{GS}21S1").to_dict()
    assert out["ai"] == {"01": "09506000134352", "3103": "000189", "17": "260200", "10": "AB",
                         "21": "S1"}
    assert out["expiry"] == "2026-02-28" and out["serial"] == "S1"
    assert out["measures"] == [{"ai": "3103", "title": "NET WEIGHT (kg)", "value": "0.189",
                                "unit": "kg"}]


# -- errors: which AI, what is wrong ---------------------------------------------------------------
@pytest.mark.parametrize("data, ai, words", [
    ("]C10109506000134353", "01", "check digit is 3, expected 2"),
    ("0109506000134353", "01", "check digit is 3, expected 2"),
    ("00106141412345678900", "00", "check digit is 0, expected 8"),
    ("]C14109520123456780", "410", "check digit is 0, expected 8"),
    ("]C10109506000134352" "17261301", "17", "'261301' is not a valid date (YYMMDD)"),
    ("]C10109506000134352" "17260230", "17", "'260230' is not a valid date"),
    ("]C10109506000134352" "1726023", "17", "expected 6 digits, got '26023'"),   # truncated
    ("]C1010950600013435", "01", "expected 14 digits, got '0950600013435'"),     # truncated
    ("(01)09506000134352(10)", "10", "no data"),
    ("]C130", "30", "no data"),
    ("https://id.gs1.org/01/09506000134353", "01", "check digit"),
    ("https://id.gs1.org/01/09506000134352?17=261341", "17", "not a valid date"),
])
def test_errors_name_the_ai_and_what_is_wrong(data, ai, words):
    with pytest.raises(InvalidElement) as caught:
        parse_scan(data)
    assert caught.value.params["ai"] == ai
    assert words in caught.value.message


@pytest.mark.parametrize("data, words", [
    ("]C1" "2312345", "unknown application identifier at '2312'"),
    ("(23)123", "(23) is not a GS1 application identifier"),
    ("]C1ABC", "expected an application identifier at 'ABC'"),
    ("(01)09506000134352(10AB", "expected the form (AI)data"),
    ("]E05901234123458", "check digit is 8, expected 7"),
    ("]E0123", "expected 8, 12, 13 or 14 digits"),
    ("", "empty"), ("]C1", "empty"), (GS, "empty"),
    ("]C10109506000134352" "10AB" "17260200" "21" "X" * 30,
     "is a GS separator missing after AI (10)?"),
    ("]C10109506000134352" "10A" + GS + "10B", "AI (10) appears twice"),
    ("]C1" "10ÄÖ", "GS1 character set"),
])
def test_other_errors_say_what_is_wrong(data, words):
    with pytest.raises(BarcodeError) as caught:
        parse_scan(data)
    assert words in caught.value.message
    assert isinstance(caught.value, DomainError)
