"""No input crashes the barcode parser: anything a scanner can send gives a meaning or a
``BarcodeError``, never another exception (a trace in front of a clerk is a lost scan)."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain.barcodes import BarcodeError, ScanMeaning, parse_scan

GS = "\x1d"
# Pieces that steer the parser into its GS1 branches, so the fuzzing gets deep quickly.
PIECES = st.sampled_from([
    "]C1", "]d2", "]Q3", "]e0", "]E0", "]E3", "]Q1", "(", ")", GS, "01", "00", "02", "10", "17",
    "21", "30", "37", "3103", "3922", "3932", "414", "8003", "253", "99", "09506000134352",
    "106141412345678908", "260200", "000189", "https://id.gs1.org/", "/01/", "/10/", "?17=",
    "&3103=", "/lot/", "%2F", "ä", "٣", " ", "\r\n",
])
SCANS = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=14).map("".join),
    st.lists(st.one_of(PIECES, st.text(alphabet="0123456789", max_size=20)), max_size=10)
      .map("".join),
)


def _outcome(data: str) -> ScanMeaning | BarcodeError:
    try:
        return parse_scan(data)
    except BarcodeError as error:
        return error


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCANS)
@example("https://[::1/01/09506000134352")
@example("]C1" + "1" * 200)
@example("(01)" * 30)
@example("]C130")  # biip accepts an empty N..8 field; we refuse it
@example("]d2https://x/01/09506000134352/10/%ZZ")
def test_no_scan_crashes_the_parser(data):
    outcome = _outcome(data)
    if isinstance(outcome, BarcodeError):
        assert outcome.message.startswith("Barcode not understood")
    else:
        outcome.to_dict()  # every meaning can be shown as JSON


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "]C1", "]E0", "]Q1", "]d2", "]X9"]))
def test_a_symbology_given_apart_never_crashes_either(data, symbology):
    try:
        parse_scan(data, symbology)
    except BarcodeError:
        pass
