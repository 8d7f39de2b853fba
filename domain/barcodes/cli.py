"""``warelink parse-barcode DATA [--resolve]``: what a scan means, as one JSON object.

For support staff on the phone with a clerk ("it says wrong lot"): paste or type what the
scanner sent and see every AI with its raw data, the interpreted fields (GTIN, lot, expiry as
an ISO date, serial, SSCC, counts, measures with units) and, with ``--resolve``, what it is in
this warehouse. The database is opened only for ``--resolve``.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from domain.barcodes.errors import BarcodeError
from domain.barcodes.escapes import HELP as ESCAPE_HELP
from domain.barcodes.escapes import unescape
from domain.barcodes.parse import parse_scan
from domain.model.users import Role
from domain.permissions import Actor

CLI_ACTOR = Actor(user_id=None, username="cli", role=Role.ADMIN.value)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``parse-barcode`` command to main.py's subcommands."""
    parser = subparsers.add_parser(
        "parse-barcode", help="print what a scanned barcode means (JSON)",
        description="Interpret scanned barcode data (GS1-128, GS1 DataMatrix/QR/DataBar, "
        "human-readable (01)… form, GS1 Digital Link URIs, EAN/UPC, plain codes) and print one "
        "JSON object: \"ai\" (AI → raw data) and the interpreted fields. Exit status 0; invalid "
        "data: the reason on stderr and exit status 1.",
        epilog=f"In DATA, {ESCAPE_HELP}. An AIM symbology identifier (]C1, ]d2, ]Q3, ]e0, "
        "]E0 …) may lead DATA. Example: parse-barcode ']C10109506000134352' "
        "'10AB-123<GS>17261231'")
    parser.add_argument("data", metavar="DATA", nargs="+",
                        help="the scanned data (several arguments are joined without spaces)")
    parser.add_argument("--symbology", metavar="ID",
                        help="AIM symbology identifier when DATA does not start with one")
    parser.add_argument("--resolve", action="store_true",
                        help="also look the code up in the database (item, bin, lot, serial, …)")
    return parser


def run(args: argparse.Namespace, db_factory: Callable[[], object], *, out=None, err=None) -> int:
    """Print the JSON object; 0 on success, 1 for data that is not a valid barcode."""
    out, err = out or sys.stdout, err or sys.stderr
    data = unescape("".join(args.data))
    try:
        meaning = parse_scan(data, args.symbology)
        result = meaning.to_dict()
        if args.resolve:
            result["resolution"] = _resolve(db_factory(), data, args.symbology)
    except BarcodeError as error:
        print(f"parse-barcode: {error.message}", file=err)
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    return 0


def _resolve(db, data: str, symbology: str | None) -> dict:
    from domain.services.resolve import ResolveService
    db.migrate()  # like every command: the schema is brought up to date first
    return ResolveService(db).resolve(CLI_ACTOR, data, symbology=symbology).to_dict()
