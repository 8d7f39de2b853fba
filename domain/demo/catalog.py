"""Demo items (物料): believable names, specs, units, pack units, tracking and barcodes.

Items are made from templates per category (consumer goods, spare parts, food, pharma, …), with a
brand and a variant, so 800 items read like a real catalogue and 200,000 still look plausible.
GTIN-13s use a Chinese GS1 prefix (69…) and carry valid check digits.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from domain.quantity import QTY_SCALE


def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of ``body`` (a GTIN without its last digit)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gtin(body: str) -> str:
    return body + gtin_check_digit(body)


@dataclass(frozen=True)
class Template:
    name: str
    specs: tuple[str, ...]
    uom: str = "pcs"
    packs: tuple[tuple[str, int], ...] = ()     # (pack uom, factor in base units)
    lot: bool = False
    serial: bool = False
    shelf_life: tuple[int, int] | None = None   # days, drawn per item
    inspection: bool = False
    vendor: str | None = None                   # prefix of a supplier part number
    weight: int = 3                             # how common, relative to the category's others


@dataclass(frozen=True)
class Category:
    prefix: str
    weight: int
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    templates: tuple[Template, ...]


def T(name: str, specs: str, uom: str = "pcs", pack: str = "", life: str = "", *,
      serial: bool = False, inspection: bool = False, vendor: str | None = None) -> Template:
    """A template in short: specs ``"400 ml | 750 ml"``, pack ``"box 12"``, shelf life in days
    ``"180-240"`` (which makes the item lot-tracked). Serial-tracked goods are rarer."""
    packs = ((pack.split()[0], int(pack.split()[1])),) if pack else ()
    low, _, high = life.partition("-")
    return Template(name, tuple(x.strip() for x in specs.split("|")), uom, packs, lot=bool(life),
                    serial=serial, shelf_life=(int(low), int(high)) if life else None,
                    inspection=inspection, vendor=vendor, weight=1 if serial else 3)


DRUG = dict(inspection=True)     # medicines arrive in quarantine until QA releases them
CATEGORIES = (
    Category("CG", 24, ("Lumina", "BrightHome", "净佳", "蓝月", "Sunrise", "Orchid", "立白"),
             ("", "Lavender", "Mint", "Lemon 柠檬", "Unscented", "Family size", "Travel size"), (
        T("Shampoo 洗发水", "400 ml | 750 ml", pack="box 12"),
        T("Toothpaste 牙膏", "120 g | 180 g", pack="box 48"),
        T("Laundry detergent 洗衣液", "2 kg | 3 kg", "bottle", "case 4"),
        T("Dish soap", "500 ml | 1 L", "bottle", "box 12"),
        T("Body wash 沐浴露", "720 ml", "bottle", "box 12"),
        T("Toilet paper 卷纸", "10 rolls | 27 rolls", "bag", "bale 6"),
        T("Facial tissue 抽纸", "3 ply × 120 | 3 ply × 100", "pack", "case 20"),
        T("Trash bags 垃圾袋", "45×50 cm, 30 pcs | 60×80 cm, 20 pcs", "roll", "case 50"),
        T("Kitchen sponge", "pack of 6", pack="case 24"),
        T("Alkaline batteries", "AA × 4 | AAA × 4", "pack", "box 10"),
        T("LED bulb 灯泡", "E27 9 W warm white | E14 5 W", pack="box 10"),
        T("Thermos cup 保温杯", "500 ml stainless", pack="case 24"),
        T("Umbrella 雨伞", "folding, 8 ribs", pack="case 30"),
        T("Ballpoint pen 签字笔", "0.5 mm black | 0.5 mm blue", "box", "case 40"),
        T("Notebook A5", "80 sheets, ruled", pack="case 50"),
        T("Hand cream 护手霜", "50 ml", pack="case 24", life="900-1095"),
        T("Sunscreen SPF50 防晒霜", "60 ml", pack="case 24", life="730-1095"),
    )),
    Category("SP", 18, ("SKF", "NSK", "Festo", "Omron", "Schneider", "正泰", "ABB", "Parker"),
             ("",), (
        T("Deep groove ball bearing 深沟球轴承",
          "6204-2RS Ø20×47×14 | 6205-ZZ Ø25×52×15 | 6306-2RS Ø30×72×19", pack="box 10",
          vendor="BRG"),
        T("Hydraulic filter element 液压滤芯", "10 µm, 160 l/min | 25 µm, 250 l/min", vendor="HF"),
        T("V-belt 三角带", "A-42 | B-56 | SPZ 1250", vendor="VB"),
        T("Inductive proximity sensor 接近开关", "M12, PNP NO, 4 mm | M18, NPN NC, 8 mm",
          vendor="PS"),
        T("AC contactor 交流接触器", "9 A 220 V coil | 25 A 24 V DC coil", vendor="CT"),
        T("Hex bolt DIN 933", "M8×30 8.8 zinc | M10×40 8.8 zinc | M12×50 10.9", "box", vendor="HB"),
        T("O-ring kit 密封圈套装", "NBR 382 pcs | FKM 225 pcs", "set", vendor="OR"),
        T("Pneumatic cylinder 气缸", "Ø32×100 ISO 15552 | Ø50×200 ISO 15552", vendor="PC"),
        T("Gear motor 减速电机", "0.75 kW i=20 | 1.5 kW i=40", serial=True, vendor="GM"),
        T("Frequency inverter 变频器", "2.2 kW 380 V | 7.5 kW 380 V", serial=True, vendor="FI"),
        T("Centrifugal pump 离心泵", "CPm 158, 0.75 kW", serial=True, vendor="CP"),
    )),
    Category("FD", 15, ("金龙鱼", "Golden Field", "蒙牛", "Nongfu", "康师傅", "Harvest Moon", "伊利"),
             ("", "Organic", "Family pack", "Low fat"), (
        T("Jasmine rice 茉莉香米", "5 kg bag | 10 kg bag", "bag", "pallet 100", "365-540"),
        T("UHT whole milk 纯牛奶", "250 ml × 24 | 1 L × 12", "case", life="180-240"),
        T("Yoghurt 酸奶", "200 g × 12", "case", life="21-30"),
        T("Instant noodles 方便面", "5-pack, beef | 5-pack, seafood", "pack", "case 6", "180-240"),
        T("Olive oil", "500 ml | 1 L", "bottle", "box 12", "540-720"),
        T("Soy sauce 生抽", "500 ml", "bottle", "box 12", "540-720"),
        T("Canned tuna", "185 g", "can", "case 48", "720-1095"),
        T("Green tea 绿茶", "100 g tin", pack="case 40", life="365-540"),
        T("Coffee beans", "1 kg | 500 g", "bag", "case 6", "270-365"),
        T("Butter biscuits 饼干", "400 g", "box", "case 12", "180-270"),
        T("Frozen dumplings 速冻水饺", "1 kg", "bag", "case 10", "270-365"),
        T("Peanut oil 花生油", "5 L", "bottle", "case 4", "365-540"),
        T("Wheat flour 面粉", "bulk", "kg", "sack 25", "240-365"),
        T("Mineral water 矿泉水", "550 ml × 24", "case", life="365-540"),
    )),
    Category("PH", 7, ("华润", "Medipharm", "云南白药", "Novacare", "同仁堂"), ("",), (
        T("Paracetamol tablets 对乙酰氨基酚片", "500 mg × 20", "box", "case 200", "730-1095", **DRUG),
        T("Ibuprofen SR capsules 布洛芬缓释胶囊", "0.3 g × 20", "box", "case 200", "730-1095",
          **DRUG),
        T("Amoxicillin capsules 阿莫西林胶囊", "0.25 g × 24", "box", "case 300", "730-900", **DRUG),
        T("Sodium chloride injection 氯化钠注射液", "0.9% 500 ml", "bottle", "case 24", "730-1095",
          **DRUG),
        T("Medical face masks 医用口罩", "box of 50", "box", "case 40", "730-1095", **DRUG),
        T("Nitrile gloves 丁腈手套", "M, box of 100 | L, box of 100", "box", "case 10", "1095-1825",
          **DRUG),
        T("Medical alcohol 医用酒精", "75% 500 ml", "bottle", "case 24", "730-1095", **DRUG),
        T("Cough syrup 止咳糖浆", "120 ml", "bottle", "case 60", "540-730", **DRUG),
    )),
    Category("EL", 10, ("Zebra", "Honeywell", "Lenovo", "华为", "小米", "TP-Link", "Anker"), ("",), (
        T("Handheld terminal 手持终端", "Android 13, 2D imager", serial=True, vendor="HT"),
        T("Label printer 标签打印机", "203 dpi, 104 mm", serial=True, vendor="LP"),
        T("Barcode scanner 扫码枪", "2D, USB | 2D, Bluetooth", serial=True, vendor="BS"),
        T("Laptop 笔记本电脑", '14" i5 16 GB 512 GB', serial=True, vendor="NB"),
        T("Wi-Fi router 路由器", "AX3000", serial=True, vendor="RT"),
        T("USB-C cable 数据线", "1 m | 2 m", pack="box 50"),
        T("HDMI cable", "2 m | 5 m", pack="box 25"),
        T("Wireless mouse 无线鼠标", "2.4 GHz", pack="box 20"),
        T("Power bank 充电宝", "10000 mAh | 20000 mAh", pack="box 20"),
        T("Thermal labels 热敏标签", "100×150 mm, roll of 500", "roll", "box 12"),
    )),
    Category("CH", 5, ("Shell", "长城", "Henkel", "3M", "WD-40", "Mobil"), ("",), (
        T("Industrial degreaser 工业清洗剂", "20 kg drum", "kg", life="540-730"),
        T("Hydraulic oil 液压油", "ISO VG 46, 18 L | ISO VG 68, 200 L", "L", life="1095-1460"),
        T("Lubricating grease 润滑脂", "NLGI 2, 15 kg", "kg", life="730-1095"),
        T("Epoxy adhesive 环氧胶", "2 × 25 ml", pack="box 12", life="365-540"),
        T("Paint thinner 稀释剂", "4 L", "can", "case 4", "730-1095"),
    )),
    Category("PK", 16, ("OfficeBox", "PackPro", "顺丰包装", "EcoWrap"), ("",), (
        T("Carton box 纸箱", "40×30×30 cm, 5-ply | 60×40×40 cm, 5-ply", pack="bundle 20"),
        T("Stretch film 缠绕膜", "500 mm × 300 m, 23 µm", "roll", "case 6"),
        T("Packing tape 封箱胶带", "48 mm × 100 m, clear", "roll", "case 36"),
        T("Euro pallet 托盘", "1200×800 mm, EPAL"),
        T("Plastic pallet 塑料托盘", "1200×1000 mm"),
        T("Bubble wrap 气泡膜", "1 m × 50 m", "roll"),
        T("Pallet label pouch", "A5, self-adhesive", pack="box 100"),
        T("Strapping band 打包带", "PP 12 mm", "kg", "coil 10"),
    )),
)
CATEGORY_WEIGHTS = [c.weight for c in CATEGORIES]

# Product line and standard cost range (per base unit) of each category. Costs are drawn from
# the item id, not from the generator's random stream, so adding them left every other demo
# value as it was; one item in fifty has no cost yet (the KPIs count those apart).
LINES = {"CG": ("Consumer goods", 2, 60), "SP": ("Spare parts", 5, 900),
         "FD": ("Food", 3, 80), "PH": ("Pharma", 5, 200), "EL": ("Electronics", 20, 2000),
         "CH": ("Chemicals", 5, 150), "PK": ("Packaging", 0.1, 10)}
NO_COST_ONE_IN = 50


def standard_cost(prefix: str, item_id: int) -> Decimal | None:
    """A cost in the category's range, two decimals, spread by a multiplicative hash of the id."""
    spread = (item_id * 2654435761) % 4294967296 / 4294967296
    if int(spread * 10_000) % NO_COST_ONE_IN == 0:
        return None
    _line, low, high = LINES[prefix]
    return Decimal(str(low + (high - low) * spread ** 2)).quantize(Decimal("0.01"))


@dataclass(slots=True)
class DemoItem:
    id: int
    code: str
    name: str
    spec: str
    uom: str
    lot: bool
    serial: bool
    shelf_life: int | None
    inspection: bool
    abc: str
    packs: tuple[tuple[str, int], ...]
    gtin: str
    case_gtin: str | None
    supplier_code: str | None
    product_line: str = ""
    unit_cost: Decimal | None = None

    @property
    def fefo(self) -> bool:
        return self.lot and self.shelf_life is not None

    @property
    def decimals(self) -> bool:
        """Weighed or metered goods (kg, L) come in halves, e.g. 12.5 kg."""
        return self.uom in ("kg", "L")


def make_items(count: int, rng: random.Random, first_id: int = 1) -> list[DemoItem]:
    """``count`` items with ids from ``first_id``; codes like FD-100023 are unique, and so are
    the GTINs, which carry the id in their last six digits (so ids stay below a million)."""
    if first_id + count > 10**6:
        raise ValueError("at most 999,999 demo items")
    cats = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS, k=count)
    return [_item(first_id + i, cat, rng) for i, cat in enumerate(cats)]


def _item(item_id: int, cat: Category, rng: random.Random) -> DemoItem:
    tpl = rng.choices(cat.templates, weights=[t.weight for t in cat.templates])[0]
    brand_no = rng.randrange(len(cat.brands))
    variant = rng.choice(cat.variants)
    name = " ".join(p for p in (cat.brands[brand_no], tpl.name, variant) if p)
    company = 1000 + CATEGORIES.index(cat) * 10 + brand_no     # a GS1 company prefix per brand
    body = f"69{company:04d}{item_id:06d}"
    case_gtin = gtin("1" + body) if tpl.packs else None
    shelf = rng.randint(*tpl.shelf_life) if tpl.shelf_life else None
    vendor = f"{tpl.vendor}-{cat.brands[brand_no][:3].upper()}{item_id:06d}" if tpl.vendor else None
    return DemoItem(
        id=item_id, code=f"{cat.prefix}-{100000 + item_id}", name=name, spec=rng.choice(tpl.specs),
        uom=tpl.uom, lot=tpl.lot, serial=tpl.serial, shelf_life=shelf, inspection=tpl.inspection,
        abc=rng.choices("ABC", weights=(2, 3, 5))[0], packs=tpl.packs, gtin=gtin(body),
        case_gtin=case_gtin, supplier_code=vendor, product_line=LINES[cat.prefix][0],
        unit_cost=standard_cost(cat.prefix, item_id))


# -- rows for the tables --------------------------------------------------------------------------
ITEM_COLUMNS = ("id", "code", "name", "spec", "base_uom", "lot_tracked", "serial_tracked",
                "shelf_life_days", "removal_strategy", "abc_class", "min_qty", "max_qty",
                "requires_inspection", "active", "product_line", "unit_cost")
BARCODE_COLUMNS = ("id", "item_id", "code", "kind", "qty")
PACK_COLUMNS = ("id", "item_id", "uom", "factor")
_MIN_MAX = {"A": (50, 500), "B": (20, 200), "C": (None, None)}


def item_row(it: DemoItem, flag) -> tuple:
    """``flag`` turns a bool into what the driver wants (0/1 on SQLite)."""
    lo, hi = _MIN_MAX[it.abc]
    return (it.id, it.code, it.name, it.spec, it.uom, flag(it.lot), flag(it.serial), it.shelf_life,
            "FEFO" if it.fefo else "FIFO", it.abc, lo and lo * QTY_SCALE, hi and hi * QTY_SCALE,
            flag(it.inspection), flag(True), it.product_line,
            None if it.unit_cost is None else int(it.unit_cost * QTY_SCALE))


def barcode_rows(it: DemoItem) -> list[tuple]:
    """(item_id, code, kind, qty) without ids: the GTIN, the case GTIN-14, a supplier code."""
    rows = [(it.id, it.gtin, "GTIN", QTY_SCALE)]
    if it.case_gtin:
        rows.append((it.id, it.case_gtin, "GTIN", it.packs[0][1] * QTY_SCALE))
    if it.supplier_code:
        rows.append((it.id, it.supplier_code, "SUPPLIER", QTY_SCALE))
    return rows


def pack_rows(it: DemoItem) -> list[tuple]:
    return [(it.id, uom, factor * QTY_SCALE) for uom, factor in it.packs]
