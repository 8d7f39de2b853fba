"""The templates Warelink ships (resources/templates/NAME.LANG.json): the starting points users
duplicate in the designer, and what a print station uses until one is designed."""
from __future__ import annotations

from pathlib import Path

import resources
from domain.labels.errors import TemplateError
from domain.labels.model import Template
from domain.labels.serialization import loads

TEMPLATE_DIR = Path(resources.__file__).resolve().parent / "templates"


def shipped_names() -> list[str]:
    """``bin_label.en``, ``bin_label.zh``, … sorted."""
    return sorted(p.name[:-len(".json")] for p in TEMPLATE_DIR.glob("*.json"))


def load_shipped(name: str) -> Template:
    path = TEMPLATE_DIR / f"{name}.json"
    if not path.is_file():
        raise TemplateError(template=name, reason=f"no shipped template; there are "
                                                  f"{', '.join(shipped_names())}")
    return loads(path.read_text(encoding="utf-8"))


def mixed_variant(name: str) -> str | None:
    """The mixed-pallet sibling of a shipped pallet template (``pallet_label.en`` →
    ``pallet_label_mixed.en``), or None. A GS1 logistic label carries the content barcode
    ((02) GTIN of the contained items, (37) count, (15) best before, (10) lot) only when the
    pallet holds one item and one lot; a mixed pallet is labelled with its SSCC and the
    contents as text, which is what the ``_mixed`` templates lay out."""
    base, dot, language = name.rpartition(".")
    if not dot or base.endswith("_mixed"):
        return None
    variant = f"{base}_mixed.{language}"
    return variant if (TEMPLATE_DIR / f"{variant}.json").is_file() else None
