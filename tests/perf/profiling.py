"""Where a benchmark's time went, so a missed target comes with its reason.

Two cheap views of the same work, taken while it runs:
- the database: every statement's execute time, summed per kind of statement (its first words:
  ``INSERT INTO stock_moves``, ``UPDATE quants SET on_hand``), from SQLAlchemy's cursor events;
  a commit has no cursor event, so the dialect's ``do_commit`` is timed for the while;
- Python: the measured thread's stack sampled every 5 ms from another thread, each sample
  charged to the innermost frame of Warelink's own code (``ledger.py:201 _validated``); samples
  taken while a statement or a commit runs are left out (the database view has them).

While profiling, the GIL switch interval is 0.2 ms, so a sample lands where the thread is, not
where it next lets go of the GIL (a fetch, say). cProfile would instead slow every Python call
several-fold and move the shares. Profiling still adds microseconds per statement and per
sample, so millisecond timings (confirmations, picks, KPIs) are taken without it and a further
batch (or the warm-up run) is profiled; seconds-long one-off work (a count approval, a bulk
posting, a wave) is profiled as it is timed.
"""
from __future__ import annotations

import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[2]
OWN_CODE = tuple(str(ROOT / part) for part in ("domain", "gui", "integration", "devices"))
INTERVAL_S = 0.005
SWITCH_S = 0.0002
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|\S")


def statement_kind(sql: str) -> str:
    """The first words of a statement, enough to tell statements apart: the verb and the table,
    and for an UPDATE the first column set (``UPDATE quants SET reserved``)."""
    words = _WORDS.findall(sql)
    head = [w for w in words[:8] if w not in ("(", ")", ",")]
    verb = head[0].upper() if head else "?"
    if verb == "UPDATE":
        return " ".join(head[:4])
    if verb in ("INSERT", "DELETE"):
        return " ".join(head[:3])
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):          # not the savepoint's own name
        return " ".join(w for w in head[:4] if w.isupper())
    if verb in ("SELECT", "WITH"):
        tables = re.findall(r"\bFROM\s+([A-Za-z_][A-Za-z0-9_]*)", sql, re.IGNORECASE)
        return f"{verb} … FROM {tables[0]}" if tables else verb
    return " ".join(head[:2])


class TimeProfile:
    """``with TimeProfile(engine) as p: ...`` then ``p.summary()``; measures the thread that
    entered it."""

    def __init__(self, engine, interval: float = INTERVAL_S) -> None:
        self.engine = engine
        self.interval = interval
        self.seconds = 0.0
        self.sql_seconds: Counter[str] = Counter()
        self.sql_calls: Counter[str] = Counter()
        self.python: Counter[str] = Counter()
        self.samples = 0
        self._in_sql = 0
        self._started: dict[int, float] = {}
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, name="perf-profile", daemon=True)
        self._thread = 0

    def __enter__(self) -> TimeProfile:
        self._thread = threading.get_ident()
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        dialect = self.engine.dialect
        self._do_commit = dialect.do_commit
        dialect.do_commit = self._timed_commit
        # The sampler must not wait for the measured thread to release the GIL by itself (it
        # would then sample only where that thread calls into C): ask it to hand over soon.
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_S))
        self._t0 = time.perf_counter()
        self._sampler.start()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._t0
        self._stop.set()
        self._sampler.join(2)
        sys.setswitchinterval(self._switch)
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)
        del self.engine.dialect.do_commit           # the class's own again

    # -- database ---------------------------------------------------------------------------
    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if threading.get_ident() == self._thread:
            self._in_sql += 1
            self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        started = self._started.pop(id(cursor), None)
        if started is None:
            return
        self._in_sql -= 1
        kind = statement_kind(statement) + (" (executemany)" if executemany else "")
        self.sql_seconds[kind] += time.perf_counter() - started
        self.sql_calls[kind] += 1

    def _timed_commit(self, dbapi_connection) -> None:
        if threading.get_ident() != self._thread:
            return self._do_commit(dbapi_connection)
        self._in_sql += 1
        started = time.perf_counter()
        try:
            self._do_commit(dbapi_connection)
        finally:
            self._in_sql -= 1
            self.sql_seconds["COMMIT"] += time.perf_counter() - started
            self.sql_calls["COMMIT"] += 1

    # -- Python -----------------------------------------------------------------------------
    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            if self._in_sql:
                continue
            frame = sys._current_frames().get(self._thread)
            if frame is None:
                continue
            self.samples += 1
            self.python[own_frame(frame)] += 1

    def summary(self, top: int = 5) -> dict:
        """Shares of the measured time: the database by statement kind, Python by function."""
        total = self.seconds or 1e-9
        sql = sum(self.sql_seconds.values())
        python_share = max(0.0, 1 - sql / total)
        sampled = sum(self.python.values()) or 1
        return {
            "seconds": round(self.seconds, 4),
            "database_share": round(sql / total, 3),
            "statements": [{"kind": kind, "calls": self.sql_calls[kind],
                            "seconds": round(seconds, 4), "share": round(seconds / total, 3)}
                           for kind, seconds in self.sql_seconds.most_common(top)],
            "python_share": round(python_share, 3),
            "python": [{"where": where, "share": round(python_share * n / sampled, 3)}
                       for where, n in self.python.most_common(top)],
            "samples": self.samples,
        }


def why(profile: dict, top: int = 3) -> str:
    """One line for the printed table: ``database 61 % (INSERT INTO stock_moves 33 %, …);
    Python 39 % (ledger.py:201 _validated 6 %, …)``."""
    def pct(x: float) -> str:
        return f"{x * 100:.0f} %"
    statements = ", ".join(f"{s['kind']} {pct(s['share'])}" for s in profile["statements"][:top])
    python = ", ".join(f"{p['where']} {pct(p['share'])}" for p in profile["python"][:top])
    return (f"database {pct(profile['database_share'])} ({statements or '-'}); "
            f"Python {pct(profile['python_share'])} ({python or '-'})")


def own_frame(frame) -> str:
    """The innermost frame in Warelink's code; else the innermost frame at all (a library
    reached from the benchmark itself)."""
    innermost = frame
    while frame is not None:
        if frame.f_code.co_filename.startswith(OWN_CODE):
            return _where(frame)
        frame = frame.f_back
    return _where(innermost)


def _where(frame) -> str:
    code = frame.f_code
    return f"{Path(code.co_filename).name}:{code.co_firstlineno} {code.co_name}"
