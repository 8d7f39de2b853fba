"""Warelink: the composition root and the command line.

``python main.py`` starts the desktop application; the subcommands are the administrator's
console on the server (schema upgrades, demo data, accounts, barcode diagnosis). A command that
uses the database first brings its schema up to date, as the application does when it starts.
"""
from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
import traceback
from typing import Callable

log = logging.getLogger("warelink")

# The console's own identity in the audit log: whoever can run this command on the server
# already holds the database, so it acts as an administrator named "cli".
CLI_ACTOR_NAME = "cli"
PASSWORD_ENV = "WARELINK_PASSWORD"
COUNT_NAMES = {"item_barcodes": "item barcodes", "stock_moves": "stock moves",
               "outbox": "outbox messages", "audit_log": "audit entries"}


class CliError(Exception):
    """A refusal of the command line itself (missing password, wrong first role, …)."""


# -- the parser -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from domain.barcodes import cli as barcode_cli
    from domain.model.users import Role
    parser = argparse.ArgumentParser(
        prog="warelink", description="Warelink warehouse control. Without a command: start the "
        "desktop application.", epilog="A command that uses the database first upgrades its "
        "schema to the newest version, as the application does when it starts.")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: "
                        "$WARELINK_DB, else a SQLite file in the user data directory)")
    parser.add_argument("--data-dir", metavar="DIR", help="data directory (sets WARELINK_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log details and show tracebacks")
    parser.set_defaults(run=run_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    migrate = commands.add_parser(
        "migrate", help="upgrade the database schema to the newest version",
        description="Upgrade the database schema and print its revision.")
    migrate.set_defaults(run=run_migrate)

    demo = commands.add_parser("demo", help="fill an empty database with demo data",
                               description="Fill an empty database with a believable warehouse and "
                               "create the demo accounts (one per role).")
    demo.add_argument("--size", type=_demo_size, default="small", metavar="{small,large}",
                      help="small (default): 2 warehouses, 800 items, seconds; large: 100k bins, "
                      "200k items, 1M lots, 10M moves, minutes")
    demo.add_argument("--seed", type=int, default=42, help="random seed (same seed, same data)")
    demo.add_argument("--if-empty", action="store_true",
                      help="do nothing (and succeed) if the database already holds data")
    demo.set_defaults(run=run_demo)

    user = commands.add_parser("user", help="manage accounts (add, list)",
                               description="Manage accounts from the server console.")
    user_commands = user.add_subparsers(title="user commands", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="create an account",
                                   description="Create an account. The first account must be an "
                                   "admin. Password: --password, else prompted on a terminal, "
                                   f"else ${PASSWORD_ENV}.")
    add.add_argument("name", help="user name (no spaces)")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--password", help="the password (visible to other users of this machine; "
                     "prefer the prompt)")
    add.add_argument("--full-name", default="",
                     help="the person's name as shown in the application")
    add.set_defaults(run=run_user_add)
    listing = user_commands.add_parser("list", help="list the accounts")
    listing.set_defaults(run=run_user_list)

    barcode_cli.add_parser(commands).set_defaults(run=barcode_cli.run)
    from devices.printers import cli as render_cli
    render_cli.add_parser(commands).set_defaults(run=render_cli.run)
    from integration import cli as sync_cli
    sync_cli.add_parser(commands).set_defaults(run=sync_cli.run)
    return parser


def _demo_size(value: str) -> str:
    """small or large; ``medium`` (the large path at 1/100 scale) works but is not advertised."""
    if value not in ("small", "medium", "large"):
        raise argparse.ArgumentTypeError(f"invalid size {value!r} (choose small or large)")
    return value


# -- commands -------------------------------------------------------------------------------------
class DatabaseOpener:
    """Opens the database on first use only (``parse-barcode`` needs none without --resolve)."""

    def __init__(self, url: str | None) -> None:
        self.url, self.db = url, None

    def __call__(self):
        if self.db is None:
            from domain.persistence.database import Database, default_url
            self.db = Database(self.url or default_url())
            log.info("database %s", self.db.describe())
        return self.db


def _migrated(open_db):
    db = open_db()
    db.migrate()
    return db


def run_migrate(args, open_db) -> int:
    db = _migrated(open_db)
    print(f"{db.describe()}: schema at revision {db.current_revision()}")
    return 0


def run_gui(args, open_db) -> int:
    db = _migrated(open_db)
    try:
        from gui.app import run
    except ImportError as error:
        raise CliError(f"the desktop application cannot start: {error}") from error
    code = run(db, args.gui_argv)
    db.dispose()
    return code


def run_demo(args, open_db) -> int:
    from domain.demo import DEMO_USERS, DatabaseNotEmpty, build_demo
    db = _migrated(open_db)
    print(f"Loading the {args.size} demo into {db.describe()} …", file=sys.stderr)
    try:
        result = build_demo(db, args.size, seed=args.seed, progress=_progress_printer())
    except DatabaseNotEmpty:
        if not args.if_empty:
            raise
        print("The database already holds data; the demo was not loaded again.")
        return 0
    counts = ", ".join(f"{n:,} {COUNT_NAMES.get(name, name)}" for name, n in result.counts.items())
    print(f"Demo ({result.size}, seed {args.seed}) loaded in {result.seconds:.1f} s: {counts}.")
    created = {u.username for u in result.users_created}
    print("Demo accounts (user / password / role):")
    for u in DEMO_USERS:
        password = u.password if u.username in created else "(existing account, unchanged)"
        print(f"  {u.username:<11} {password:<30} {u.role}")
    return 0


def run_user_add(args, open_db) -> int:
    from domain.services.users import UserService
    db = _migrated(open_db)
    users = UserService(db)
    if not users.has_users() and args.role != "admin":
        raise CliError("the first account must be an administrator: use --role admin")
    password = _password(args)
    if users.has_users():
        user = users.add_user(cli_actor(), args.name, password, args.role, args.full_name)
    else:
        user = users.create_first_admin(args.name, password, args.full_name)
    print(f"Created {user.role} {user.username} in {db.describe()}")
    return 0


def run_user_list(args, open_db) -> int:
    from domain.services.users import UserService
    db = _migrated(open_db)
    rows = UserService(db).list_users(cli_actor())
    print(f"{'USER':<20} {'ROLE':<11} {'ACTIVE':<7} {'LAST SIGN-IN':<17} NAME")
    for u in rows:
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
        active = "yes" if u.active else "no"
        print(f"{u.username:<20} {u.role:<11} {active:<7} {last:<17} {u.full_name}")
    print(f"{len(rows)} account(s) in {db.describe()}")
    return 0


def cli_actor():
    from domain.permissions import Actor
    return Actor(user_id=None, username=CLI_ACTOR_NAME, role="admin")


def _password(args) -> str:
    if args.password:
        return args.password
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Repeat it: ") != first:
            raise CliError("the two passwords differ")
        return first
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    raise CliError(f"no password: give --password, run on a terminal, or set {PASSWORD_ENV}")


def _progress_printer() -> Callable[[int, int, str], None]:
    """Progress on stderr: one line per step of 5% (or per new phase), with elapsed time."""
    started, last = time.perf_counter(), {"text": None, "step": -1}

    def show(done: int, total: int, text: str) -> None:
        step = done * 20 // total if total else 20
        if text == last["text"] and step == last["step"]:
            return
        last.update(text=text, step=step)
        print(f"  [{time.perf_counter() - started:6.1f} s] {text}: {done:,} / {total:,}",
              file=sys.stderr, flush=True)
    return show


# -- errors and the entry point -------------------------------------------------------------------
def describe_error(error: BaseException) -> str | None:
    """One line for an expected failure, or None for a bug (which keeps its traceback)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
    from domain.errors import DomainError
    if isinstance(error, (DomainError, CliError)):
        return str(error)
    if isinstance(error, (ArgumentError, NoSuchModuleError)):
        return f"bad database URL: {error}"
    if isinstance(error, DBAPIError):
        lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
        return f"database error: {lines[0]}"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"cannot use{where}: {error.strerror or error}"
    return None


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # SQLAlchemy logs every statement once its loggers reach INFO: never through -v.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest and args.run is not run_gui:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.gui_argv = [sys.argv[0], *rest]     # Qt options (-style, -platform …) go to the GUI
    configure_logging(args.verbose)
    if args.data_dir:
        os.environ["WARELINK_DATA_DIR"] = args.data_dir
    try:
        return args.run(args, DatabaseOpener(args.db))
    except KeyboardInterrupt:
        print("warelink: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:     # the reader went away (``| head``): stop quietly, like cat
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # noqa: BLE001 - sorted into expected failures and bugs below
        message = describe_error(error)
        if message is None:
            raise
        if args.verbose:
            traceback.print_exc()
        print(f"warelink: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
