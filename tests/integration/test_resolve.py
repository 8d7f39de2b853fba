"""A scan resolves to what it means in this warehouse, on SQLite and PostgreSQL: items by any
barcode or GTIN length, bins, lots, serials, documents; ambiguous and unknown codes reported."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.barcodes import BarcodeError
from domain.barcodes import resolution
from domain.barcodes.resolution import Match
from domain.services.masterdata import BinData, ItemData
from domain.services.resolve import ResolveService, resolve_scan

GS = "\x1d"
EXPIRY = date(2026, 12, 31)


@pytest.fixture
def scans(world):
    """WH1 as in ``world`` plus: GTINs on LOT (stored as GTIN-14, case of 12 as another GTIN)
    and PLAIN (stored as EAN-13); LOT2 sharing lot number L1 with LOT; WH2 with its own A-01;
    an item coded like a bin (RCV); stock received under document REC-1."""
    m, a = world.master, world.admin
    m.save_item(a, ItemData("LOT", "Yoghurt 500 g", lot_tracked=True, removal_strategy="FEFO",
                            shelf_life_days=30, barcodes=[
                                ("09506000134352", "GTIN", Decimal(1)),
                                ("19506000134359", "GTIN", Decimal(12)),
                                ("YOG-500", "INTERNAL", Decimal(1))]))
    m.save_item(a, ItemData("PLAIN", "Plain widget",
                            barcodes=[("5901234123457", "GTIN", Decimal(1))]))
    m.save_item(a, ItemData("LOT2", "Cream 250 g", lot_tracked=True))
    m.save_item(a, ItemData("RCV", "Receiving kit"))
    m.save_warehouse(a, "WH2", "Second warehouse")
    m.save_bin(a, BinData("WH2", "A-01"))
    s, clerk = world.stock, world.clerk
    s.receive(clerk, item="LOT", qty=5, bin="WH1-A-01", lot="L1", expiry=EXPIRY,
              document_ref="REC-1")
    s.receive(clerk, item="LOT2", qty=2, bin="WH1-A-02", lot="L1", document_ref="REC-1")
    s.receive(clerk, item="LOT", qty=3, bin="WH1-A-02", lot="L2", expiry=EXPIRY)
    s.receive(clerk, item="SER", qty=1, bin="WH1-A-02", serials=("SN-1",))
    return world


@pytest.fixture
def service(scans):
    return ResolveService(scans.db, scans.clock)


def _resolve(service, scans, data, **kw):
    return service.resolve(scans.clerk, data, **kw)


def test_a_gs1_scan_finds_the_item_by_gtin_and_its_lot(service, scans):
    r = _resolve(service, scans, f"]C10109506000134352" f"10L1{GS}17261231")
    assert r.kind == "item" and r.match.key == "LOT"
    assert r.match.detail["qty_per_scan"] == Decimal(1)
    lot = r.related_of_kind("lot")
    assert lot.detail["lot_no"] == "L1" and lot.detail["expiry_date"] == EXPIRY
    assert r.meaning.expiry == EXPIRY


def test_the_case_gtin_says_how_many_units_a_scan_means(service, scans):
    r = _resolve(service, scans, "(01)19506000134359(10)L2")
    assert r.match.key == "LOT" and r.match.detail["qty_per_scan"] == Decimal(12)
    assert r.related_of_kind("lot").detail["lot_no"] == "L2"


@pytest.mark.parametrize("data", ["9506000134352", "]E09506000134352", "0109506000134352",
                                  "https://id.gs1.org/01/9506000134352"])
def test_a_gtin_is_found_whatever_length_was_scanned_or_stored(service, scans, data):
    assert _resolve(service, scans, data).match.key == "LOT"


def test_an_ean_13_stored_short_is_found_from_a_gtin_14(service, scans):
    assert _resolve(service, scans, "(01)05901234123457").match.key == "PLAIN"


@pytest.mark.parametrize("data", ["YOG-500", "LOT"])
def test_an_internal_barcode_or_the_item_code_finds_the_item(service, scans, data):
    assert _resolve(service, scans, data).match.key == "LOT"


def test_a_lot_unknown_to_the_item_is_no_related_match(service, scans):
    r = _resolve(service, scans, "(01)09506000134352(10)NEW-LOT")
    assert r.kind == "item" and r.related == () and r.meaning.lot == "NEW-LOT"


def test_a_bin_label_finds_the_bin(service, scans):
    r = _resolve(service, scans, "WH1-A-01")
    assert r.kind == "bin" and r.match.detail["warehouse"] == "WH1"
    assert r.match.key == "WH1-A-01"


def test_a_blocked_bin_says_so(service, scans):
    r = _resolve(service, scans, "WH1-X-99")
    assert r.match.detail["blocked"] is True and r.match.detail["blocked_reason"] == "rack damaged"


def test_a_bin_code_used_in_two_warehouses_is_ambiguous(service, scans):
    r = _resolve(service, scans, "A-01")
    assert r.kind == "ambiguous" and r.match is None
    assert sorted(m.detail["warehouse"] for m in r.of_kind("bin")) == ["WH1", "WH2"]


def test_a_code_that_is_an_item_and_a_bin_is_ambiguous(service, scans):
    r = _resolve(service, scans, "RCV")
    assert r.kind == "ambiguous" and {m.kind for m in r.matches} == {"item", "bin"}


def test_a_screen_that_expects_a_bin_asks_only_for_bins(service, scans):
    assert _resolve(service, scans, "RCV", kinds=["bin"]).kind == "bin"
    assert _resolve(service, scans, "L2", kinds=["bin"]).kind == "unknown"


def test_a_lot_number_used_by_two_items_lists_both(service, scans):
    r = _resolve(service, scans, "L1")
    assert r.kind == "ambiguous"
    assert sorted(m.key for m in r.matches) == ["LOT/L1", "LOT2/L1"]


def test_a_lot_number_of_one_item_is_that_lot(service, scans):
    r = _resolve(service, scans, "L2")
    assert r.kind == "lot" and r.match.detail["item_code"] == "LOT"


def test_a_gs1_lot_without_item_is_looked_up_as_a_lot(service, scans):
    assert _resolve(service, scans, "]C110L2").kind == "lot"


def test_a_serial_number_finds_the_serial_and_a_gs1_serial_the_item(service, scans):
    assert _resolve(service, scans, "SN-1").match.key == "SER/SN-1"
    scans.master.save_item(scans.admin, ItemData("SER", "Handheld terminal", serial_tracked=True,
                                                 barcodes=[("96385074", "GTIN", Decimal(1))]))
    r = _resolve(service, scans, "(01)00000096385074(21)SN-1")
    assert r.match.key == "SER" and r.related_of_kind("serial").detail["serial_no"] == "SN-1"


def test_a_document_number_finds_the_document(service, scans):
    r = _resolve(service, scans, "REC-1")
    assert r.kind == "document" and r.match.detail["moves"] == 2


def test_unknown_codes_are_reported_as_unknown(service, scans):
    r = _resolve(service, scans, "NOTHING-HERE")
    assert r.kind == "unknown" and r.matches == ()


def test_an_sscc_is_unknown_until_a_package_lookup_is_registered(service, scans):
    assert _resolve(service, scans, "00106141412345678908").kind == "unknown"


@pytest.fixture
def registry():
    saved = dict(resolution._lookups), dict(resolution._related)
    yield resolution
    resolution._lookups.clear(), resolution._related.clear()
    resolution._lookups.update(saved[0]), resolution._related.update(saved[1])


def test_other_kinds_plug_in_by_registering_a_lookup(service, scans, registry):
    def packages(_session, meaning):
        return [Match("package", meaning.sscc, f"Pallet {meaning.sscc}")] if meaning.sscc else []
    registry.register_lookup("package", packages)
    r = _resolve(service, scans, "00106141412345678908")
    assert r.kind == "package" and r.match.key == "106141412345678908"
    assert "package" in registry.registered_kinds()


def test_invalid_gs1_is_refused_with_the_reason(service, scans):
    with pytest.raises(BarcodeError, match=r"AI \(01\) GTIN: check digit"):
        _resolve(service, scans, "]C10109506000134353")


def test_a_station_may_resolve_scans(service, scans):
    assert service.resolve(scans.station, "WH1-A-01").kind == "bin"


def test_resolve_scan_works_inside_a_callers_transaction(scans):
    with scans.db.read() as session:
        assert resolve_scan(session, "LOT").match.key == "LOT"


def test_the_resolution_is_json_ready(service, scans):
    import json
    out = _resolve(service, scans, "(01)09506000134352(10)L1").to_dict()
    text = json.dumps(out)
    assert '"qty_per_scan": "1' in text
    assert out["related"][0]["detail"]["expiry_date"] == "2026-12-31"


# -- where is it? -------------------------------------------------------------------------------
def _where(service, scans, data):
    r = _resolve(service, scans, data)
    return [(row["bin"], row["lot_no"], row["on_hand"])
            for row in service.whereabouts(scans.clerk, r.match)]


def test_whereabouts_of_an_item(service, scans):
    assert sorted(_where(service, scans, "LOT")) == [("A-01", "L1", Decimal(5)),
                                                     ("A-02", "L2", Decimal(3))]


def test_whereabouts_of_a_bin_lists_only_that_bin(service, scans):
    rows = _where(service, scans, "WH1-A-02")
    assert sorted(r[2] for r in rows) == [Decimal(1), Decimal(2), Decimal(3)]


def test_whereabouts_of_a_lot_and_a_serial(service, scans):
    assert _where(service, scans, "L2") == [("A-02", "L2", Decimal(3))]
    assert _where(service, scans, "SN-1") == [("A-02", None, Decimal(1))]


def test_documents_have_no_whereabouts(service, scans):
    r = _resolve(service, scans, "REC-1")
    assert service.whereabouts(scans.clerk, r.match) == []
