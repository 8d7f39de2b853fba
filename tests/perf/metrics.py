"""Metric records, percentiles, the readable table and the JSON file."""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from tests.perf import profiling


@dataclass
class Metric:
    name: str
    value: float | None
    unit: str
    target: str | None = None      # human-readable, e.g. "<= 2 ms"
    met: bool | None = None        # None: no target, or not measured
    note: str = ""
    measured: bool = True
    profile: dict | None = None    # where the time went (``profiling.TimeProfile``), when missed

    def to_dict(self) -> dict:
        return asdict(self)


def at_most(name: str, value: float, unit: str, limit: float | None, note: str = "",
            profile: dict | None = None) -> Metric:
    if limit is None:
        return Metric(name, round(value, 4), unit, None, None, note)
    met = value <= limit
    return Metric(name, round(value, 4), unit, f"<= {limit:g} {unit}", met, note,
                  profile=None if met else profile)


def at_least(name: str, value: float, unit: str, limit: float | None, note: str = "",
             profile: dict | None = None) -> Metric:
    if limit is None:
        return Metric(name, round(value, 4), unit, None, None, note)
    met = value >= limit
    return Metric(name, round(value, 4), unit, f">= {limit:g} {unit}", met, note,
                  profile=None if met else profile)


def not_measured(name: str, target: str, why: str) -> Metric:
    return Metric(name, None, "", target, None, f"not measured yet: {why}", measured=False)


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))          # ceil, at least 1
    return ordered[int(rank) - 1]


def timed(call: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


@dataclass
class Report:
    context: dict = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)

    def add(self, *metrics: Metric) -> None:
        self.metrics.extend(metrics)

    def to_json(self) -> str:
        return json.dumps({"context": self.context, "metrics": [m.to_dict() for m in self.metrics]},
                          indent=2, default=str)

    def table(self) -> str:
        rows = [("metric", "value", "target", "met")]
        for m in self.metrics:
            value = _fmt(m.value, m.unit) if m.measured else _unmeasured(m)
            met = "-" if m.met is None else ("yes" if m.met else "NO")
            rows.append((m.name, value, m.target or "-", met))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        for n in reversed(range(len(self.metrics))):     # a missed target says why below it
            if self.metrics[n].profile:
                lines.insert(n + 2, f"    why: {profiling.why(self.metrics[n].profile)}")
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def markdown(self) -> str:
        out = ["| metric | value | target | met |", "|---|---:|---|---|"]
        for m in self.metrics:
            value = _fmt(m.value, m.unit) if m.measured else _unmeasured(m)
            met = "–" if m.met is None else ("yes" if m.met else "**no**")
            out.append(f"| {m.name} | {value} | {m.target or '–'} | {met} |")
        return "\n".join(out)


def _unmeasured(m: Metric) -> str:
    return "FAILED" if m.note.startswith("failed:") else "not measured yet"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()
