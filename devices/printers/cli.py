"""``render``: a template file and records → PDF, PNG, ZPL or ESC/POS, without a printer.

Lives in devices/ rather than domain/labels/ because it needs the renderers, and the domain may not
import devices (tests/unit/test_architecture.py). main.py wires it like its other subcommands.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from devices.printers.render import FORMATS, render
from domain.errors import DomainError
from domain.labels.counters import SsccGenerator
from domain.labels.serialization import loads


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "render", help="render a label/document template to pdf, png, zpl or escpos",
        description="Lay a template out with records (or its own sample data) and write one "
                    "output file; PNG writes one file per page (OUT, OUT-2.png, …).")
    parser.add_argument("template", type=Path, metavar="TEMPLATE_FILE")
    parser.add_argument("--data", type=Path, metavar="DATA.json",
                        help="a record object, a list of records, or {\"records\": [...]}")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    parser.add_argument("--profile", default="TM-T20II", help="ESC/POS printer profile")
    parser.add_argument("--sscc-prefix", metavar="DIGITS", help="GS1 company prefix for ${sscc}")
    parser.add_argument("--sscc-next", type=int, default=0, metavar="N",
                        help="first SSCC serial reference to use (default 0)")
    parser.add_argument("--strict", action="store_true",
                        help="a field missing from a record is an error, not empty text")
    return parser


def run(args: argparse.Namespace, db_factory: object = None) -> int:
    """Render and write the files; no database needed (``db_factory`` is main.py's calling
    convention and unused)."""
    try:
        template = loads(_read(args.template))
        records = _records(args.data) if args.data else None
        sscc = SsccGenerator(args.sscc_prefix, next_serial=args.sscc_next) \
            if args.sscc_prefix else None
        outputs = render(template, records, args.format, sscc=sscc, profile=args.profile,
                         strict=args.strict)
    except (DomainError, OSError, ValueError) as exc:
        print(f"render: {exc}", file=sys.stderr)
        return 2
    for path, data in zip(output_paths(args.output, len(outputs)), outputs):
        path.write_bytes(data)
        print(path)
    return 0


def output_paths(out: Path, count: int) -> list[Path]:
    """OUT for the first file, OUT-2.ext, OUT-3.ext … for further pages."""
    return [out] + [out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(2, count + 1)]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _records(path: Path) -> list[dict]:
    try:
        data = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path}: records must be JSON objects")
    return records
