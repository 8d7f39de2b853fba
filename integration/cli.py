"""``python main.py sync [--once] [--rest CONFIG.json]``: the dispatcher as a headless service."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "sync", help="send the outbox to the ERP (headless sync service)",
        description="Run the ERP sync dispatcher: every --interval seconds, send the due outbox "
        "messages through the configured connector. With several stations on one PostgreSQL "
        "database exactly one dispatcher is active; the others wait and take over.",
        epilog="The ERP password is read from $WARELINK_ERP_PASSWORD, never from the command "
        "line. --tryton/--erp-db/--erp-user store the connector settings in the database.")
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.add_argument("--interval", type=float, default=10.0, metavar="SECONDS",
                        help="seconds between passes (default 10)")
    parser.add_argument("--tryton", metavar="URL", help="configure a Tryton connector at URL")
    parser.add_argument("--erp-db", metavar="NAME", help="the Tryton database name")
    parser.add_argument("--erp-user", metavar="USER", help="the Tryton user")
    parser.add_argument("--rest", metavar="CONFIG.json",
                        help="configure the generic REST connector from a JSON mapping file "
                        "(see README, 'REST connector'); secrets are named there, not stored")
    return parser


def _configure(db, args) -> None:
    from domain.persistence.tables import settings
    from integration.scheduler import CONNECTOR_KEY
    if getattr(args, "rest", None):
        from integration.connectors.rest import load_config
        value = json.dumps(load_config(args.rest), ensure_ascii=False)
    elif args.tryton:
        value = json.dumps({"kind": "tryton", "url": args.tryton,
                            "database": args.erp_db or "tryton",
                            "username": args.erp_user or "admin"})
    else:
        return

    def work(s):
        s.execute(settings.delete().where(settings.c.key == CONNECTOR_KEY))
        s.execute(settings.insert().values(key=CONNECTOR_KEY, value=value))
    db.write(work)


def run(args: argparse.Namespace, open_db: Callable[[], object], *, out=None, err=None) -> int:
    from integration.scheduler import (
        NotConfigured,
        SyncScheduler,
        connector_config,
        describe,
        make_connector,
        make_engine,
    )
    out, err = out or sys.stdout, err or sys.stderr
    db = open_db()
    db.migrate()
    try:
        _configure(db, args)
    except (OSError, ValueError) as exc:
        print(f"sync: {exc}", file=err)
        return 2
    try:
        connector = make_connector(connector_config(db))
    except NotConfigured as exc:
        print(f"sync: {exc}", file=err)
        return 2
    engine = make_engine(db, connector)
    if args.once:
        try:
            result = engine.run_pass()
        finally:
            engine.stop()
        print(f"sync: {describe(result)}", file=out)
        for line in (result.errors if result else []):
            print(f"  {line}", file=out)
        return 0
    from integration import schedule
    stored = schedule.load(db)          # batches and nightly jobs; --interval for real time
    scheduler = SyncScheduler(engine, interval=args.interval, schedule=stored)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    scheduler.start()
    print(f"sync: running every {args.interval:g} s against {connector!r}; Ctrl+C stops",
          file=out, flush=True)
    try:
        while not stop.wait(1.0):
            if scheduler.passes.is_set():
                scheduler.passes.clear()
                if scheduler.last_error:
                    print(f"sync: {scheduler.last_error}", file=err, flush=True)
                elif scheduler.last_result and scheduler.last_result.claimed:
                    print(f"sync: {describe(scheduler.last_result)}", file=out, flush=True)
    finally:
        scheduler.stop()
    return 0
