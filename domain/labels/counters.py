"""Numbers that change from label to label: copies (box N of M), counters, SSCCs.

A print job is a list of records; each record gives ``copies`` labels. Every label gets a scope:
the record's fields plus ``label`` (index, copy, copies, record, records), ``counter`` (each
template counter), ``now`` and ``sscc``. The SSCC is drawn from the generator only when a label
actually uses it, so previews and labels without one waste no serial numbers.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.labels.errors import InvalidInput, TemplateError
from domain.labels.model import Counter, Template
from domain.labels.placeholders import resolve

MAX_COPIES = 10_000


def gs1_check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit (weights 3, 1, 3 … from the right) of a digit string."""
    if not digits.isdigit():
        raise InvalidInput(field="GS1 number", reason=f"{digits!r} must be digits only")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


class SsccGenerator:
    """SSCCs from a GS1 company prefix: extension digit + prefix + serial reference + check.

    The 17 digits before the check split as 1 extension digit, the prefix (7–10 digits) and a
    serial reference filling the rest; ``next_serial`` is what the caller persists between runs.
    """

    def __init__(self, company_prefix: str, *, extension: int = 0, next_serial: int = 0) -> None:
        if not company_prefix.isdigit() or not 6 <= len(company_prefix) <= 12:
            raise InvalidInput(field="GS1 company prefix",
                               reason=f"{company_prefix!r} must be 6 to 12 digits")
        if not 0 <= extension <= 9:
            raise InvalidInput(field="SSCC extension digit", reason="must be 0 to 9")
        self.prefix = company_prefix
        self.extension = extension
        self.next_serial = next_serial

    @property
    def capacity(self) -> int:
        return 10 ** (16 - len(self.prefix))

    def next(self) -> str:
        if self.next_serial >= self.capacity:
            raise InvalidInput(field="SSCC serial", reason=f"prefix {self.prefix} has no serial "
                                                           f"references left")
        serial = str(self.next_serial).zfill(16 - len(self.prefix))
        self.next_serial += 1
        body = f"{self.extension}{self.prefix}{serial}"
        return body + gs1_check_digit(body)


@dataclass(frozen=True)
class LabelSlot:
    """One physical label of a job: which record, which copy of it, its index in the job."""
    record: Mapping
    index: int          # 0-based over the whole job
    copy: int           # 1-based within the record (box N …)
    copies: int         # … of M
    record_index: int
    records: int


def expand(template: Template, records: list[Mapping]) -> Iterator[LabelSlot]:
    """Every label of a job, records in order, each repeated for its copies."""
    index = 0
    for number, record in enumerate(records):
        copies = copies_of(template, record)
        for copy in range(1, copies + 1):
            yield LabelSlot(record, index, copy, copies, number + 1, len(records))
            index += 1


def copies_of(template: Template, record: Mapping) -> int:
    if not template.copies_from:
        return template.copies
    value = resolve(record, tuple(template.copies_from.split(".")))
    try:
        copies = int(value if value not in (None, "") else template.copies)
    except (TypeError, ValueError):
        raise TemplateError(template=template.name,
                            reason=f"copies field {template.copies_from!r} is {value!r}") from None
    if not 1 <= copies <= MAX_COPIES:
        raise TemplateError(template=template.name, reason=f"{copies} copies (1–{MAX_COPIES})")
    return copies


def counter_value(counter: Counter, index: int) -> str:
    return str(counter.start + counter.step * index).zfill(counter.width)


class LabelScope(Mapping):
    """The names a label's placeholders see; record fields first, the reserved names on top."""

    def __init__(self, template: Template, slot: LabelSlot, now: datetime,
                 sscc: SsccGenerator | None, extra: Mapping | None = None) -> None:
        self._record = slot.record
        self._sscc_source = sscc
        self._sscc: list[str] = []       # shared with with_values() copies: one SSCC per label
        self._template = template
        self._own: dict[str, Any] = {
            "label": {"index": slot.index + 1, "copy": slot.copy, "copies": slot.copies,
                      "record": slot.record_index, "records": slot.records},
            "counter": {c.name: counter_value(c, slot.index) for c in template.counters},
            "now": now,
            **(extra or {}),
        }

    def __getitem__(self, key: str) -> Any:
        if key == "sscc":
            return self._next_sscc()
        if key in self._own:
            return self._own[key]
        return self._record[key]

    def _next_sscc(self) -> str:
        if not self._sscc:
            if self._sscc_source is None:
                raise TemplateError(template=self._template.name,
                                    reason="uses ${sscc} but no SSCC company prefix is configured")
            self._sscc.append(self._sscc_source.next())
        return self._sscc[0]

    def with_values(self, **values: Any) -> "LabelScope":
        """The same label with more names (a table row, a page number)."""
        scope = object.__new__(LabelScope)
        scope.__dict__.update(self.__dict__)
        scope._own = {**self._own, **values}
        return scope

    def __iter__(self) -> Iterator[str]:
        return iter({*self._record, *self._own, "sscc"})

    def __len__(self) -> int:
        return len(set(self))
