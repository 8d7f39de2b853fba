"""``python -m tests.perf [--size small|large] [--db URL] [--json PATH] [--only NAME ...]``

Builds the demo data set (``domain.demo.build_demo``) into ``--db`` (or a temporary SQLite file)
and runs every benchmark that exists today. When ``--db`` already holds warehouse data it is
reused as it is: read-only benchmarks, ledger writes inside a transaction rolled back at the end,
and bare inserts into a scratch table that is dropped again — the data set is left unchanged.

Besides the core benchmarks of ``benchmarks.py``, every module ``tests/perf/bench_*.py`` is
discovered and its ``benchmarks(db, actor, rng, size) -> list[Metric]`` called, in name order.
A module that fails to import or raises becomes one metric marked not measured with the error,
and the run goes on. A ``NOT_YET`` entry is dropped once a metric of that name is produced.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select

from domain.persistence import tables as t
from domain.persistence.database import Database, safe_url
from tests.perf import benchmarks as b
from tests.perf.metrics import Metric, Report, not_measured

NOT_YET = [
    ("FEFO allocation of 10,000 lines", "<= 2 s", "needs the picking/allocation service"),
    ("approval of a 5,000-line count", "<= 1 s", "needs cycle counting"),
    ("each KPI", "<= 1 s", "needs the KPI dashboard"),
    ("sync dispatch throughput", "-", "needs the sync dispatcher"),
    ("sync confirm -> ack latency", "-", "needs the sync dispatcher"),
    ("UI-thread stall during a sync burst", "<= 50 ms", "needs sync + UI instrumentation"),
    ("app cold start to first paint", "<= 1.5 s", "needs a headless start-up probe"),
    ("availability vs Tryton (same data, same run)", ">= 50x faster",
     "needs a Tryton server loaded with the same moves"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="small",
                        help="data set to build when the database is empty (default small)")
    parser.add_argument("--db", help="database URL; an existing populated one is reused as is")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only these benchmarks: 'core' and/or bench_ module names "
                             "(e.g. bench_app or app)")
    args = parser.parse_args(argv)
    only = None if args.only is None else {n.removeprefix("bench_") for n in args.only}

    started = time.perf_counter()
    tmp = None
    url = args.db
    if url is None:
        tmp = tempfile.TemporaryDirectory(prefix="warelink-perf-")
        url = f"sqlite:///{tmp.name}/perf.db"
    db = Database(url)
    reused, build_seconds = _prepare(db, args.size, args.seed)
    rng = random.Random(args.seed)
    with db.read() as s:
        counts = {name: s.scalar(select(func.count()).select_from(t.metadata.tables[name]))
                  for name in ("warehouses", "bins", "items", "lots", "stock_moves", "quants")}
    report = Report(context={
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "database": safe_url(db.url), "dialect": db.dialect,
        "data_set": "reused as is" if reused else args.size,
        "build_seconds": None if reused else round(build_seconds, 1),
        "rows": counts, "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs visible (shared)",
    })
    print(f"data set: {report.context['data_set']} on {report.context['database']}; "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)

    actor = b._actor(db)
    steps = [
        ("scan -> resolve", lambda: b.bench_resolve(db, actor, rng)),
        ("item availability", lambda: b.bench_availability(db, rng)),
        ("stock browser", lambda: b.bench_browser(db, rng)),
        ("ledger writes", lambda: b.bench_ledger(db, actor, rng, rollback=reused)),
        ("ledger bulk posting", lambda: b.bench_ledger_bulk(db, actor, rng, rollback=reused)),
        ("label rendering", lambda: b.bench_labels(db, rng)),
    ]
    if only is not None and "core" not in only:
        steps = []
    for title, step in steps:
        t0 = time.perf_counter()
        print(f"  {title} …", end="", flush=True)
        report.add(*_isolated(title, step))
        print(f" {time.perf_counter() - t0:.1f} s", flush=True)
    for name in discover():
        if only is not None and name.removeprefix("bench_") not in only:
            continue
        t0 = time.perf_counter()
        print(f"  {name} …", end="", flush=True)
        report.add(*_isolated(name, lambda: _module_benchmarks(name, db, actor, rng, args.size)))
        print(f" {time.perf_counter() - t0:.1f} s", flush=True)
    report.add(b.peak_memory())
    produced = {m.name for m in report.metrics}     # measured, or reported as failed
    report.add(*(not_measured(*row) for row in NOT_YET if row[0] not in produced))
    report.context["run_seconds"] = round(time.perf_counter() - started, 1)

    print()
    print(report.table())
    if args.json:
        args.json.write_text(report.to_json() + "\n", encoding="utf-8")
        print(f"\nJSON written to {args.json}")
    db.dispose()
    if tmp is not None:
        tmp.cleanup()
    return 0


def discover() -> list[str]:
    """Names of the ``bench_*`` modules next to this file, sorted."""
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)])
                  if m.name.startswith("bench_"))


def _module_benchmarks(name: str, db: Database, actor, rng: random.Random,
                       size: str) -> list[Metric]:
    module = importlib.import_module(f"tests.perf.{name}")
    metrics = list(module.benchmarks(db, actor, rng, size))
    bad = [m for m in metrics if not isinstance(m, Metric)]
    if bad:
        raise TypeError(f"benchmarks() returned {type(bad[0]).__name__}, not Metric")
    return metrics


def _isolated(title: str, step) -> list[Metric]:
    """Run one benchmark step; an exception becomes a not-measured metric carrying the error,
    so one broken benchmark never hides the others."""
    try:
        return list(step())
    except Exception as exc:                     # noqa: BLE001 - reported, run goes on
        import traceback
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(last.filename).name}:{last.lineno}"
        text = " ".join(str(exc).split())
        text = text if len(text) <= 300 else text[:297] + "..."   # SQL errors carry parameters
        print(f" FAILED: {type(exc).__name__}: {text}", end="", flush=True)
        return [Metric(title, None, "", None, None,
                       f"failed: {type(exc).__name__}: {text} ({where})", measured=False)]


def _prepare(db: Database, size: str, seed: int) -> tuple[bool, float]:
    """(reused, build seconds): reuse a populated database untouched, else migrate and build."""
    populated = False
    if db.current_revision() is not None:
        with db.read() as s:
            populated = s.scalar(select(t.stock_moves.c.id).limit(1)) is not None
    if populated:
        return True, 0.0
    from domain.demo import build_demo
    db.migrate()
    print(f"building the {size} data set …", flush=True)
    last = [0.0]

    def progress(done: int, total: int, what: str) -> None:
        now = time.perf_counter()
        if now - last[0] > 5:
            last[0] = now
            print(f"  {what}: {done:,}/{total:,}", flush=True)
    result = build_demo(db, size, seed=seed, progress=progress)
    return False, result.seconds


if __name__ == "__main__":
    sys.exit(main())
