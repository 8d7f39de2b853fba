"""Upgrades of older template documents, one function per schema step (``UPGRADES[n]``: n → n+1).

Each step works on plain dicts, never on the model classes, so it keeps working after the model
changes again. Version 1 was the first, flat shape: size and dpi at the top level, ``objects`` with
``type``/``w``/``h``/``angle``/``font_size``, a bound text naming one ``field`` path, one sample
record instead of a list.
"""
from __future__ import annotations

from typing import Callable

from domain.labels.errors import TemplateFileError

_V1_BARCODES = {"code128": "code128", "gs1-128": "gs1_128", "ean13": "ean13", "upca": "upca",
                "code39": "code39", "itf14": "itf14", "qr": "qr", "datamatrix": "datamatrix"}


def _v1_to_v2(doc: dict) -> dict:
    try:
        return {
            "schema_version": 2,
            "name": doc["name"],
            "page": {"width_mm": doc["width_mm"], "height_mm": doc["height_mm"],
                     "dpi": doc.get("dpi", 203)},
            "elements": [_v1_element(i, obj) for i, obj in enumerate(doc.get("objects", []))],
            "sample": [doc["sample"]] if doc.get("sample") else [],
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise TemplateFileError(reason=f"version 1 document is incomplete ({exc!r})") from None


def _v1_element(index: int, obj: dict) -> dict:
    out = {"kind": obj["type"], "id": obj.get("id", f"e{index + 1}"), "x": obj["x"],
           "y": obj["y"], "width": obj["w"], "height": obj["h"],
           "rotation": obj.get("angle", 0), "z": index}
    kind = obj["type"]
    if kind in ("text", "field"):
        out["style"] = {"size_pt": obj.get("font_size", 10)}
    if kind == "text":
        out["text"] = obj.get("text", "")
    elif kind == "field":
        out["expr"] = "${" + obj["field"] + "}"
    elif kind == "barcode":
        out["symbology"] = _V1_BARCODES[obj["barcode"]]
        out["data"] = obj.get("value", "")
    elif kind in ("line", "box"):
        out["thickness_mm"] = obj.get("thickness", 0.3)
    elif kind != "image":
        raise TemplateFileError(reason=f"version 1 object type {kind!r} is unknown")
    else:
        out["source"] = obj.get("src", "")
    return out


UPGRADES: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}
