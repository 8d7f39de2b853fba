"""The desktop app itself on the data set: cold start, the stock browser widget, the UI thread
during a sync burst, and the app's memory.

Start-up is measured in fresh processes (``main.py`` with ``WARELINK_PROBE_FIRST_PAINT=quit``:
the app prints when its first window paints), from the moment the process is launched, so the
interpreter, imports, the migration check and the first query all count. The widget figures are
taken in this process with a real ``StockBrowser`` on the worker thread the app uses. The sync
burst writes, so it runs against a scratch copy of the database, deleted afterwards.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select, text

from domain.persistence import tables as t
from domain.persistence.database import Database
from tests.perf.metrics import Metric, at_most, percentile
from tests.perf.profiling import own_frame

ROOT = Path(__file__).resolve().parents[2]
STARTS = 3


def benchmarks(db: Database, actor, rng, size: str) -> list[Metric]:
    out: list[Metric] = []
    steps = ((cold_start, "app cold start to first paint", "<= 1.5 s"),
             (main_window_start, "main window first paint, new process signed in", None),
             (browser_widget, "stock browser first paint (widget)", "<= 300 ms"),
             (ui_stall_during_sync_burst, "UI-thread stall during a sync burst", "<= 50 ms"))
    for step, name, target in steps:
        try:
            out += step(db, actor, rng)
        except NotImplementedError as exc:
            out.append(Metric(name, None, "", target, None, f"not measured here: {exc}",
                              measured=False))
        except Exception as exc:                    # noqa: BLE001 - one figure, not the rest
            out.append(Metric(name, None, "", target, None,
                              f"failed: {type(exc).__name__}: {exc}", measured=False))
    return out


# -- start-up in fresh processes -----------------------------------------------------------------
def _env(data_dir: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WARELINK_DATA_DIR=data_dir,
               WARELINK_PROBE_FIRST_PAINT="quit", PYTHONPATH=str(ROOT))
    env.pop("WARELINK_ERP_PASSWORD", None)
    return env


def _probe(args: list[str], data_dir: str) -> tuple[float, dict]:
    """Seconds from launching ``args`` to its ``first-paint`` line; and any ``probe {json}``
    line it printed after."""
    started = time.time()
    proc = subprocess.run(args, cwd=ROOT, env=_env(data_dir), capture_output=True, text=True,
                          timeout=180)
    painted, extra = None, {}
    for line in proc.stdout.splitlines():
        if line.startswith("first-paint ") and painted is None:
            painted = float(line.split()[2])
        elif line.startswith("probe "):
            extra = json.loads(line[6:])
    if painted is None:
        raise RuntimeError(f"no first paint (exit {proc.returncode}): {proc.stderr[-400:]}")
    return painted - started, extra


def cold_start(db: Database, actor, rng) -> list[Metric]:
    url = db.url.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="warelink-start-") as data:
        runs = [_probe([sys.executable, "main.py", "--db", url], data)[0] for _ in range(STARTS)]
    note = (f"python main.py --db URL (sign-in window) in a new process, launch to first paint; "
            f"median of {STARTS}: " + ", ".join(f"{r:.2f}" for r in runs) + " s")
    return [at_most("app cold start to first paint", statistics.median(runs), "s", 1.5, note)]


_SIGNED_IN = """
import json, resource, sys, time
from PySide6.QtWidgets import QApplication
from domain.model import User
from domain.persistence.database import Database
from gui.app import FirstPaintProbe, Shell, setup_application
db = Database(sys.argv[1])
db.migrate()
app = QApplication(["warelink"])
setup_application(app)
probe = FirstPaintProbe(app, quit_after=True)
with db.read() as s:
    user = s.get(User, int(sys.argv[2]))
shell = Shell(db, with_scanners=True)
shell._on_signed_in(user)                  # as after a sign-in, without typing the password
app.exec()
window = shell.window
browser = window.show_screen("stock")
deadline = time.time() + 60
while (browser.model.total < 0 or browser.model.loading) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.002)
browser.repaint()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("probe " + json.dumps({"rss_mb": rss, "rows": browser.model.total}), flush=True)
shell.feed.stop()
import os; os._exit(0)
"""


def main_window_start(db: Database, actor, rng) -> list[Metric]:
    url = db.url.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="warelink-start-") as data:
        runs = [_probe([sys.executable, "-c", _SIGNED_IN, url, str(actor.user_id)], data)
                for _ in range(STARTS)]
    seconds = [r[0] for r in runs]
    rss = max(r[1].get("rss_mb", 0) for r in runs)
    rows = runs[-1][1].get("rows")
    return [
        at_most("main window first paint, new process signed in", statistics.median(seconds),
                "s", None, f"launch to first paint of the main window (sign-in skipped); "
                           f"median of {STARTS}: " + ", ".join(f"{r:.2f}" for r in seconds)),
        at_most("app peak memory (RSS, main window + stock browser)", rss, "MB", 300.0,
                f"max RSS of the app process after the stock browser loaded its first page "
                f"and counted {rows:,} rows" if rows is not None else "app process max RSS"),
    ]


# -- the stock browser widget, in this process ---------------------------------------------------
def _qt_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        from gui.app import setup_application
        app = QApplication(["warelink-perf"])
        setup_application(app)
    return app


def _wait(app, ready, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the widget did not finish loading")
        app.processEvents()
        time.sleep(0.0005)


def _user(db: Database, actor):
    from domain.model import User
    with db.read() as s:
        return s.get(User, actor.user_id)


def browser_widget(db: Database, actor, rng, repeats: int = 5) -> list[Metric]:
    from gui import ops
    from gui.context import AppContext
    from gui.stock.browser import StockBrowser
    app = _qt_app()
    ctx = AppContext(db, _user(db, actor))
    with db.read() as s:
        quants = s.scalar(select(text("count(*)")).select_from(t.quants))
        code = s.scalar(select(t.items.c.code).order_by(t.items.c.id)
                        .offset(rng.randint(0, 50)).limit(1))
    prefix = code[:max(3, len(code) - 2)]

    def loaded(screen):
        return lambda: screen.model.total >= 0 and not screen.model.loading \
            and screen.model.rowCount() > 0

    first, filtered = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        screen = StockBrowser(ctx)
        screen.resize(1280, 800)
        screen.show()
        _wait(app, loaded(screen))
        screen.repaint()
        first.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        screen.item.setText(prefix)
        screen.apply_filter()                        # what the debounce timer calls
        _wait(app, loaded(screen))
        screen.repaint()
        filtered.append((time.perf_counter() - started) * 1000)
        screen.close()
        screen.deleteLater()
        ops.wait_for_idle()
        app.processEvents()
    note = (f"real StockBrowser, {quants:,} quants: construct + show until the first page is "
            f"shown and the count is known, repainted; median of {repeats}")
    return [
        at_most("stock browser first paint (widget)", statistics.median(first), "ms", 300.0,
                note + "; first: " + f"{first[0]:.0f} ms"),
        at_most("stock browser filter (widget)", statistics.median(filtered), "ms", 300.0,
                f"item filter {prefix!r} applied until rows and count shown, repainted; "
                f"median of {repeats}"),
    ]


# -- the UI thread while the sync drains a burst --------------------------------------------------
@contextmanager
def _scratch_copy(db: Database):
    """The URL of a throwaway copy of the data set: a file copy on SQLite; on PostgreSQL a
    ``CREATE DATABASE … TEMPLATE`` through ``$WARELINK_PERF_ADMIN_URL`` (a role that may create
    databases; the application role may not)."""
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        with tempfile.TemporaryDirectory(prefix="warelink-burst-") as tmp:
            target = Path(tmp) / "burst.db"
            shutil.copyfile(db.url.database, target)
            yield f"sqlite:///{target}"
        return
    admin = os.environ.get("WARELINK_PERF_ADMIN_URL")
    if not admin:
        raise NotImplementedError("set WARELINK_PERF_ADMIN_URL to copy a PostgreSQL data set")
    from sqlalchemy import create_engine
    source, name = db.url.database, f"{db.url.database}_burst"
    db.dispose()                              # a template database must have no sessions
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}" '
                                 f'OWNER "{db.url.username}"')
        yield db.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


def _other_station(url: str, actor: tuple, items: list[str], bins: list[str], seconds: float,
                   rate: float) -> None:
    """Another station posting receipts at ``rate`` per second (each one wakes the views)."""
    from domain.permissions import Actor
    from domain.persistence.database import Database
    from domain.persistence.notify import install_commit_hook
    from domain.services.stock import StockService
    db = Database(url)
    install_commit_hook(db)                         # as a signed-in station does
    service, who = StockService(db), Actor(*actor)
    end, i = time.time() + seconds, 0
    while time.time() < end:
        service.receive(who, item=items[i % len(items)], qty="1", bin=bins[i % len(bins)],
                        document_ref=f"BURST-O{i}")
        i += 1
        time.sleep(1 / rate)
    db.dispose()


class _StallSampler:
    """Where the UI thread is while it does not tick: every 5 ms, when the last tick is more than
    20 ms old, the UI thread's innermost frames are noted against that tick (the profile that
    says why a stall happened)."""

    def __init__(self, last: list[float]) -> None:
        import threading
        self.last = last
        self.ui = threading.get_ident()
        self.found: dict[float, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def get(self, tick: float, default: str = "") -> str:
        return self.found.get(tick, default)

    def _run(self) -> None:
        import threading
        import traceback
        while not self._stop.wait(0.005):
            tick = self.last[0]
            if time.perf_counter() - tick > 0.02 and tick not in self.found:
                frames = sys._current_frames()
                frame = frames.get(self.ui)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-4:]
                    here = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                      for f in reversed(stack))
                    others = sorted({_innermost(f) for ident, f in frames.items()
                                     if ident not in (self.ui, threading.get_ident())})
                    self.found[tick] = f"{here} [other threads in: {'; '.join(others)}]"


def ui_stall_during_sync_burst(db: Database, actor, rng, burst: int = 500) -> list[Metric]:
    """In a fresh app process (its own heap, like a station's), on a scratch copy."""
    with _scratch_copy(db) as url, tempfile.TemporaryDirectory(prefix="warelink-") as data:
        code = ("from tests.perf.bench_app import burst_child; "
                f"burst_child({url!r}, {actor.user_id}, {burst}, {rng.randint(0, 10**6)})")
        env = _env(data)
        env.pop("WARELINK_PROBE_FIRST_PAINT")
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("probe ")]
    if not lines:
        raise RuntimeError(f"burst process failed (exit {proc.returncode}): "
                           f"{proc.stderr.strip()[-400:]}")
    r = json.loads(lines[-1][6:])
    note = (f"fresh app process: main window with the stock browser open, 5 ms precise timer on "
            f"the UI thread; background sync delivered {r['sent']} outbox messages to the fake "
            f"connector in {r['seconds']:.1f} s while another station posted receipts (views "
            f"refreshed {r['refreshes']} times); p99 gap {r['p99']:.1f} ms; "
            f"{r['over_50']} gaps over 50 ms; scratch copy of the data set"
            + _where(r["where"]))
    return [at_most("UI-thread stall during a sync burst", r["stall"], "ms", 50.0, note)]


def _innermost(frame) -> str:
    """The frame a thread is in, and the Warelink function it is in it for."""
    code = frame.f_code
    here = f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}"
    own = own_frame(frame)
    return here if own.endswith(f" {code.co_name}") and own.startswith(
        Path(code.co_filename).name) else f"{here} (for {own})"


def _where(stack: str) -> str:
    if not stack:
        return ""
    if stack.startswith("bench_app.py"):        # the innermost Python frame is loop.exec()
        return ("; during the longest stall no Python code ran on the UI thread (Qt's own "
                "layout/painting, or waiting for the GIL or a CPU) "
                + stack[stack.find("["):])
    return f"; the longest stall was in: {stack}"


def burst_child(url: str, user_id: int, burst: int, seed: int) -> None:
    """The measured app process of ``ui_stall_during_sync_burst``; prints ``probe {json}``."""
    import multiprocessing
    import random

    from PySide6.QtCore import QEventLoop, QTimer, Qt

    from domain.permissions import Actor
    from domain.services.stock import StockService
    from gui.app import Shell
    from integration.connectors.fake import FakeConnector
    from integration.scheduler import SyncScheduler, make_engine
    from tests.perf.benchmarks import _targets

    app = _qt_app()
    scratch = Database(url)
    user = _user(scratch, Actor(user_id, "", ""))
    actor = Actor(user.id, user.username, user.role)
    items, bins = _targets(scratch, random.Random(seed), 50)
    # the data set's own backlog counts as delivered: the burst is exactly ours
    scratch.write(lambda s: s.execute(t.outbox.update().where(t.outbox.c.state != "delivered")
                                      .values(state="delivered")))
    service = StockService(scratch)
    for i in range(burst):                          # the backlog the sync will drain
        service.receive(actor, item=items[i % len(items)], qty="1", bin=bins[i % len(bins)],
                        document_ref=f"BURST-{i}")
    shell = Shell(scratch)
    shell._on_signed_in(user)                       # main window + change feed, as signed in
    window = shell.window
    window.resize(1280, 800)
    browser = window.show_screen("stock")
    _wait(app, lambda: browser.model.total >= 0 and not browser.model.loading)

    gaps: list[float] = []
    last = [time.perf_counter()]
    longest = [0.0, ""]

    def tick():
        now = time.perf_counter()
        gap = (now - last[0]) * 1000
        gaps.append(gap)
        if gap > longest[0]:
            longest[0], longest[1] = gap, blocked.get(last[0], "")
        last[0] = now
    blocked = _StallSampler(last)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(tick)

    connector = FakeConnector()
    scheduler = SyncScheduler(make_engine(scratch, connector), interval=1.0)
    window.ctx.changed.connect(lambda changes: "stock" in changes and scheduler.wake())
    refreshes = [0]
    window.ctx.changed.connect(lambda _c: refreshes.__setitem__(0, refreshes[0] + 1))
    mp = multiprocessing.get_context("spawn")
    other = mp.Process(target=_other_station, args=(
        url, (actor.user_id, actor.username, actor.role), items, bins, 6.0, 20))
    other.start()
    time.sleep(1.5)                                 # let the other station start up
    loop = QEventLoop()
    started = time.perf_counter()

    def check():
        done = len(connector.posted_keys()) >= burst and not other.is_alive()
        if done or time.perf_counter() - started > 60:
            loop.quit()
    watcher = QTimer()
    watcher.setInterval(50)
    watcher.timeout.connect(check)
    watcher.start()
    scheduler.start()
    last[0] = time.perf_counter()
    timer.start()
    blocked.start()
    loop.exec()                                     # the app's own event loop runs
    blocked.stop()
    seconds = time.perf_counter() - started
    timer.stop()
    scheduler.stop()
    shell.feed.stop()
    other.join(timeout=30)
    print("probe " + json.dumps({
        "stall": max(gaps) - 5, "p99": percentile(gaps, 99), "over_50": sum(g > 55 for g in gaps),
        "sent": len(connector.posted_keys()), "seconds": seconds, "refreshes": refreshes[0],
        "where": longest[1]}), flush=True)
    os._exit(0)
