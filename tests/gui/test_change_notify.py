"""An open stock browser shows another station's receipt by itself, within about a second, on
SQLite and on PostgreSQL (the change feed forwards the change to ``ctx.changed``)."""
from __future__ import annotations

import multiprocessing
import time

import pytest

from domain.numbering import ensure_rules
from domain.persistence.database import Database
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockService
from domain.services.users import UserService, actor_of
from gui.change_feed import ChangeFeed
from gui.context import AppContext
from gui.stock.browser import COLUMNS, StockBrowser


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def station_db(request, tmp_path):
    url = (f"sqlite:///{tmp_path}/t.db" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    db = Database(url)
    db.migrate()
    yield db
    db.dispose()


def _other_station(url: str, user_id: int, done) -> None:
    from domain.permissions import Actor
    from domain.persistence.database import Database
    from domain.persistence.notify import install_commit_hook
    from domain.services.stock import StockService
    db = Database(url)
    install_commit_hook(db)
    StockService(db).receive(Actor(user_id, "admin", "admin"), item="PLAIN", qty=7, bin="A-01")
    done.put(time.time())
    db.dispose()


def on_hand(screen) -> list[str]:
    col = [c.key for c in COLUMNS].index("on_hand")
    return [screen.model.data(screen.model.index(r, col)) for r in range(screen.model.rowCount())]


def test_an_open_browser_refreshes_on_another_stations_receipt(qtbot, station_db, shown_errors):
    db = station_db
    user = UserService(db).create_first_admin("admin", "secret-pw")
    admin = actor_of(user)
    db.write(ensure_rules)
    master = MasterDataService(db)
    master.save_warehouse(admin, "WH1", "Main")
    master.save_bin(admin, BinData("WH1", "A-01"))
    master.save_item(admin, ItemData("PLAIN", "Plain widget"))
    StockService(db).receive(admin, item="PLAIN", qty=5, bin="A-01")

    ctx = AppContext(db, user)
    screen = StockBrowser(ctx)
    qtbot.addWidget(screen)
    feed = ChangeFeed(ctx, screen, poll_interval=0.1)
    assert feed.listener.ready.wait(10)
    heard: list[frozenset] = []
    ctx.changed.connect(heard.append)
    qtbot.waitUntil(lambda: on_hand(screen) == ["5"])

    mp = multiprocessing.get_context("spawn")
    done = mp.Queue()
    p = mp.Process(target=_other_station,
                   args=(db.url.render_as_string(hide_password=False), user.id, done))
    p.start()
    committed = done.get(timeout=60)
    qtbot.waitUntil(lambda: on_hand(screen) == ["12"], timeout=5000)
    shown = time.time()
    p.join(timeout=30)
    feed.stop()
    assert p.exitcode == 0
    assert any("stock" in keys for keys in heard)
    assert shown - committed < 1.0           # heard, merged, broadcast and the page re-read
