"""The benchmark's profile of a missed target: database time by kind of statement, Python time
by function of Warelink's own code, and the line the printed table shows."""
from __future__ import annotations

import time

from sqlalchemy import create_engine, text

from domain.quantity import parse_quantity
from tests.perf.metrics import Report, at_most
from tests.perf.profiling import TimeProfile, statement_kind, why

# About 0.15 s of SQLite work: a recursive count, no table needed.
SLOW_SQL = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < 1500000) SELECT count(*) FROM n")


def _python_work(seconds: float) -> None:
    """Busy in Warelink's code (``domain.quantity``) for about ``seconds``."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        parse_quantity("12.5")


def test_statement_kinds_name_the_verb_and_the_table():
    assert statement_kind("INSERT INTO stock_moves (a, b) VALUES (?, ?)") == "INSERT INTO stock_moves"
    assert statement_kind("UPDATE quants SET on_hand=(quants.on_hand - ?) WHERE x") == \
        "UPDATE quants SET on_hand"
    assert statement_kind("DELETE FROM quants WHERE id = ?") == "DELETE FROM quants"
    assert statement_kind("SELECT a.x FROM task_lines JOIN tasks ON 1") == "SELECT … FROM task_lines"
    assert statement_kind("RELEASE SAVEPOINT sa_savepoint_17") == "RELEASE SAVEPOINT"


def test_the_profile_splits_database_and_python_time():
    engine = create_engine("sqlite://")
    with engine.connect() as conn, TimeProfile(engine, interval=0.002) as profile:
        conn.execute(SLOW_SQL).scalar()
        _python_work(0.15)
    summary = profile.summary()
    assert summary["statements"][0]["kind"] == "WITH … FROM n"
    assert summary["statements"][0]["calls"] == 1
    assert 0.2 < summary["database_share"] < 0.8
    assert abs(summary["database_share"] + summary["python_share"] - 1) < 0.01
    top = summary["python"][0]
    assert top["where"].startswith("quantity.py:") and top["where"].endswith("parse_quantity")
    assert summary["samples"] >= 20                  # samples only while no statement ran
    assert "database" in why(summary) and "parse_quantity" in why(summary)


def test_only_a_missed_target_keeps_its_profile_and_the_table_says_why():
    profile = {"seconds": 2.0, "database_share": 0.75,
               "statements": [{"kind": "INSERT INTO stock_moves", "calls": 1, "seconds": 1.5,
                               "share": 0.75}],
               "python_share": 0.25, "python": [{"where": "ledger.py:199 _validated",
                                                  "share": 0.2}], "samples": 100}
    met = at_most("fast enough", 0.5, "s", 1.0, profile=profile)
    missed = at_most("too slow", 2.0, "s", 1.0, profile=profile)
    assert met.profile is None and missed.profile == profile
    report = Report(metrics=[met, missed])
    lines = report.table().splitlines()
    assert lines[-2].startswith("too slow")
    assert lines[-1] == ("    why: database 75 % (INSERT INTO stock_moves 75 %); "
                         "Python 25 % (ledger.py:199 _validated 20 %)")
    assert '"profile": null' in report.to_json() and '"kind": "INSERT INTO stock_moves"' in report.to_json()
