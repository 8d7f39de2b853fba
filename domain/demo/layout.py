"""Demo warehouses (仓库), zones (库区) and bins (库位) in walking order.

Each warehouse has a receiving dock, a quarantine cage, a pick face, storage zones A/B/C in
rack blocks (bin codes aisle-rack-level-position, e.g. ``A-01-02-03``), staging and shipping
lanes. ``pick_sequence`` follows a serpentine walk: up one aisle, down the next.
"""
from __future__ import annotations

import math
import string
from dataclasses import dataclass, field

from domain.quantity import QTY_SCALE

WAREHOUSES = (
    ("SH01", "上海中心仓 Shanghai Central DC", "上海市浦东新区临港物流园 88 号"),
    ("SZ02", "深圳分仓 Shenzhen Branch", "深圳市宝安区福永物流中心 B 栋"),
    ("BJ03", "北京仓 Beijing DC", "北京市大兴区物流基地 6 号库"),
    ("CD04", "成都仓 Chengdu DC", "成都市双流区空港物流园 3 号"),
)
ZONES = (   # code, name, bin type
    ("RCV", "收货区 Receiving", "receiving"),
    ("QA", "隔离区 Quarantine", "quarantine"),
    ("PF", "拣货区 Pick face", "pick_face"),
    ("A", "存储区 A (fast movers)", "storage"),
    ("B", "存储区 B", "storage"),
    ("C", "存储区 C (bulk)", "storage"),
    ("STG", "集货区 Staging", "staging"),
    ("SHP", "发货区 Shipping", "shipping"),
)
PICK_FACE_CAPACITY = 500 * QTY_SCALE
AISLES = list(string.ascii_uppercase) + [a + b for a in "AB" for b in string.ascii_uppercase]


@dataclass(slots=True)
class DemoBin:
    id: int
    warehouse_id: int
    zone_id: int
    code: str
    barcode: str
    bin_type: str
    pick_sequence: int
    capacity: int | None = None     # scaled units
    blocked_reason: str = ""        # not empty = blocked


@dataclass
class Layout:
    warehouses: list[tuple[int, str, str, str]] = field(default_factory=list)
    zones: list[tuple[int, int, str, str]] = field(default_factory=list)
    bins: list[DemoBin] = field(default_factory=list)
    by_type: dict[tuple[int, str], list[DemoBin]] = field(default_factory=dict)

    def of(self, warehouse_id: int, bin_type: str) -> list[DemoBin]:
        return self.by_type.get((warehouse_id, bin_type), [])

    @property
    def warehouse_ids(self) -> list[int]:
        return [w[0] for w in self.warehouses]


def make_layout(warehouse_count: int, bin_count: int, *, capacity_on_pick_face: bool) -> Layout:
    """``warehouse_count`` warehouses sharing ``bin_count`` bins (ids from 1)."""
    layout = Layout()
    for n, (code, name, address) in enumerate(WAREHOUSES[:warehouse_count], start=1):
        layout.warehouses.append((n, code, name, address))
        share = bin_count // warehouse_count + (n <= bin_count % warehouse_count)
        _add_warehouse(layout, n, code, share, capacity_on_pick_face)
    return layout


def _area_sizes(n: int) -> dict[str, int]:
    """How many bins each zone of an ``n``-bin warehouse gets."""
    edge = max(2, min(40, n // 100))
    sizes = {"RCV": edge, "STG": edge, "SHP": edge, "QA": max(2, min(200, n // 60)),
             "PF": max(2, n * 8 // 100)}
    storage = max(3, n - sum(sizes.values()))
    sizes.update(A=storage * 4 // 10, B=storage * 3 // 10)
    sizes["C"] = storage - sizes["A"] - sizes["B"]
    return sizes


def _add_warehouse(layout: Layout, wh_id: int, wh_code: str, n: int, capacity: bool) -> None:
    sizes = _area_sizes(n)
    storage_codes = rack_codes(sizes["A"] + sizes["B"] + sizes["C"])
    cut_a, cut_b = sizes["A"], sizes["A"] + sizes["B"]
    codes = {
        "RCV": [f"RCV-{i:02d}" for i in range(1, sizes["RCV"] + 1)],
        "QA": [f"QA-{i:03d}" for i in range(1, sizes["QA"] + 1)],
        "PF": [f"PF-{i // 40 + 1:02d}-{i % 40 + 1:02d}" for i in range(sizes["PF"])],
        "A": storage_codes[:cut_a], "B": storage_codes[cut_a:cut_b], "C": storage_codes[cut_b:],
        "STG": [f"STG-{i:02d}" for i in range(1, sizes["STG"] + 1)],
        "SHP": [f"DOCK-{i:02d}" for i in range(1, sizes["SHP"] + 1)],
    }
    sequence = 0
    for zone_code, zone_name, bin_type in ZONES:
        zone_id = len(layout.zones) + 1
        layout.zones.append((zone_id, wh_id, zone_code, zone_name))
        for code in codes[zone_code]:
            sequence += 10
            cap = PICK_FACE_CAPACITY if capacity and bin_type == "pick_face" else None
            b = DemoBin(len(layout.bins) + 1, wh_id, zone_id, code, f"{wh_code}-{code}", bin_type,
                        sequence, cap)
            layout.bins.append(b)
            layout.by_type.setdefault((wh_id, bin_type), []).append(b)


def rack_codes(n: int) -> list[str]:
    """``n`` rack bin codes in serpentine walking order. Small blocks use 4 levels × 3 positions,
    big ones 6 × 4; racks per aisle grow so that the aisles stay within A…BZ."""
    levels, positions = (4, 3) if n < 5000 else (6, 4)
    racks_total = math.ceil(n / (levels * positions))
    per_aisle = min(99, max(6, math.ceil(math.sqrt(racks_total)),
                            math.ceil(racks_total / len(AISLES))))
    codes: list[str] = []
    for a, aisle in enumerate(AISLES):
        racks = range(1, per_aisle + 1) if a % 2 == 0 else range(per_aisle, 0, -1)
        for rack in racks:
            for level in range(1, levels + 1):
                for pos in range(1, positions + 1):
                    codes.append(f"{aisle}-{rack:02d}-{level:02d}-{pos:02d}")
                    if len(codes) == n:
                        return codes
    raise ValueError(f"{n} bins do not fit in {len(AISLES)} aisles")


# -- rows for the tables --------------------------------------------------------------------------
BIN_COLUMNS = ("id", "warehouse_id", "zone_id", "code", "barcode", "bin_type", "pick_sequence",
               "capacity_qty", "blocked", "blocked_reason", "active")


def bin_row(b: DemoBin, flag) -> tuple:
    return (b.id, b.warehouse_id, b.zone_id, b.code, b.barcode, b.bin_type, b.pick_sequence,
            b.capacity, flag(bool(b.blocked_reason)), b.blocked_reason, flag(True))
