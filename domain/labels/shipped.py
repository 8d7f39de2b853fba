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
