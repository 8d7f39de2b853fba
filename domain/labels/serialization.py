"""Templates as versioned JSON: ``schema_version`` plus the model's fields.

Kept apart from the model (as glabels does) so the model can evolve while old files keep loading:
``UPGRADES[n]`` turns a version-n document into version n+1, and loading runs the chain up to
``SCHEMA_VERSION``. Reading fills defaults for keys a hand-written file leaves out and refuses
unknown keys, so a typo in a template is an error rather than a silently ignored setting.
"""
from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from typing import Any, Callable

from domain.labels import model
from domain.labels.errors import TemplateFileError
from domain.labels.upgrades import UPGRADES

SCHEMA_VERSION = 2


def dumps(template: model.Template) -> str:
    return json.dumps(to_dict(template), ensure_ascii=False, indent=1)


def loads(text: str) -> model.Template:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateFileError(reason=f"not JSON ({exc})") from None
    return from_dict(data)


def to_dict(template: model.Template) -> dict:
    return {"schema_version": SCHEMA_VERSION, **_encode(template)}


def from_dict(data: Any) -> model.Template:
    if not isinstance(data, dict):
        raise TemplateFileError(reason="the top level must be an object")
    data = upgrade(dict(data))
    data.pop("schema_version")
    template = _decode(model.Template, data, "template")
    _check(template)
    return template


def upgrade(data: dict) -> dict:
    """Bring an older document up to ``SCHEMA_VERSION`` (a newer one is refused)."""
    version = data.get("schema_version", data.get("version", 1))
    if not isinstance(version, int) or version < 1:
        raise TemplateFileError(reason=f"bad schema_version {version!r}")
    if version > SCHEMA_VERSION:
        raise TemplateFileError(reason=f"schema_version {version} was written by a newer Warelink "
                                       f"(this one reads up to {SCHEMA_VERSION})")
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
    return data


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        out = {"kind": value.kind} if isinstance(value, model.Element) else {}
        out.update({f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return out
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(hint: Any, value: Any, where: str) -> Any:
    """Build a value of type ``hint`` from JSON data; ``where`` names the spot for errors."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(hint, value, where)
    if origin is list:
        _expect(value, list, where)
        (item,) = typing.get_args(hint)
        return [_decode(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value, where)
    return _decode_scalar(hint, value, where)


def _decode_union(hint: Any, value: Any, where: str) -> Any:
    args = typing.get_args(hint)
    if value is None and type(None) in args:
        return None
    if all(dataclasses.is_dataclass(a) and issubclass(a, model.Element) for a in args):
        _expect(value, dict, where)
        cls = model.ELEMENT_TYPES.get(value.get("kind"))
        if cls is None:
            raise TemplateFileError(reason=f"{where}: unknown element kind {value.get('kind')!r}")
        return _decode(cls, {k: v for k, v in value.items() if k != "kind"}, where)
    (real,) = [a for a in args if a is not type(None)]
    return _decode(real, value, where)


def _decode_dataclass(cls: type, value: Any, where: str) -> Any:
    _expect(value, dict, where)
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(value) - names)
    if unknown:
        raise TemplateFileError(reason=f"{where}: unknown key(s) {', '.join(unknown)}")
    kwargs = {k: _decode(hints[k], v, f"{where}.{k}") for k, v in value.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise TemplateFileError(reason=f"{where}: {exc}") from None


_SCALARS: dict[Any, Callable[[Any], bool]] = {
    str: lambda v: isinstance(v, str),
    bool: lambda v: isinstance(v, bool),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    dict: lambda v: isinstance(v, dict),
}


def _decode_scalar(hint: Any, value: Any, where: str) -> Any:
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(m.value for m in hint)
            raise TemplateFileError(reason=f"{where}: {value!r} is not one of {allowed}") from None
    check = _SCALARS.get(typing.get_origin(hint) or hint)
    if check is None or not check(value):
        raise TemplateFileError(reason=f"{where}: expected {getattr(hint, '__name__', hint)}, "
                                       f"got {type(value).__name__}")
    return float(value) if hint is float else value


def _expect(value: Any, kind: type, where: str) -> None:
    if not isinstance(value, kind):
        raise TemplateFileError(reason=f"{where}: expected {kind.__name__}, "
                                       f"got {type(value).__name__}")


def _check(template: model.Template) -> None:
    """Invariants JSON types cannot express."""
    page = template.page
    if page.width_mm <= 0 or page.height_mm <= 0 or page.dpi < 72:
        raise TemplateFileError(reason="page size must be positive and dpi at least 72")
    if page.orientation not in ("portrait", "landscape"):
        raise TemplateFileError(reason=f"orientation {page.orientation!r}")
    if template.kind not in ("label", "document") or template.copies < 1:
        raise TemplateFileError(reason="kind must be label or document, copies at least 1")
    ids = [e.id for e in template.elements]
    if len(ids) != len(set(ids)):
        raise TemplateFileError(reason="element ids must be unique")
    for element in template.elements:
        if element.rotation not in model.ROTATIONS:
            raise TemplateFileError(reason=f"element {element.id!r}: rotation must be 0, 90, "
                                           f"180 or 270")
