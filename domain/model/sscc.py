"""SSCC-18 (GS1 Serial Shipping Container Code), the number on every package and pallet label.

Layout: extension digit (0-9, chosen by the shipper) + GS1 company prefix (7-10 digits) +
serial reference (fills up to 17 digits) + a mod-10 check digit. Pure functions: the numbering
of the serial reference lives in the database (see ``services.operations.packing``).
"""
from __future__ import annotations

from domain.errors import InvalidInput

BODY_LENGTH = 17


def gs1_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of ``body`` (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def make_sscc(extension: str, company_prefix: str, serial_reference: int) -> str:
    if not (extension.isdigit() and len(extension) == 1):
        raise InvalidInput(field="SSCC extension digit", reason="one digit, 0-9")
    if not (company_prefix.isdigit() and 7 <= len(company_prefix) <= 10):
        raise InvalidInput(field="GS1 company prefix", reason="7 to 10 digits")
    room = BODY_LENGTH - 1 - len(company_prefix)
    if not 0 < serial_reference < 10 ** room:
        raise InvalidInput(field="SSCC serial reference", reason=(
            f"{serial_reference} does not fit in {room} digits; the prefix's range is used up"))
    body = f"{extension}{company_prefix}{serial_reference:0{room}d}"
    return body + str(gs1_check_digit(body))


def is_valid_sscc(code: str) -> bool:
    return (len(code) == BODY_LENGTH + 1 and code.isdigit()
            and gs1_check_digit(code[:-1]) == int(code[-1]))
