"""Errors the warehouse speaks in.

Every refusal of the domain is a ``DomainError`` with a plain-English message template and
named parameters, so the GUI can translate the template (``tr``) and fill the parameters,
and the CLI can print it as is. Nothing here knows about Qt or the database driver.
"""
from __future__ import annotations


class DomainError(Exception):
    """Base of every expected refusal; never a bug, always something a user can act on."""

    template = "The operation was refused."

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):  # a template/param mismatch must not hide the error
            return f"{self.template} {self.params}"


class InvalidInput(DomainError):
    template = "Invalid {field}: {reason}"


class InvalidQuantity(InvalidInput):
    template = "Invalid quantity {value!r}: {reason}"


class NotFound(DomainError):
    template = "{kind} {key!r} not found"


class AlreadyExists(DomainError):
    template = "{kind} {key!r} already exists"


class InsufficientStock(DomainError):
    template = ("Not enough stock of {item} in {bin}{lot_text}: {available} available "
                "({status}), {requested} requested")


class BinBlocked(DomainError):
    template = "Bin {bin} is blocked: {reason}"


class BinCapacityExceeded(DomainError):
    template = "Bin {bin} would exceed its capacity of {capacity} {unit}"


class LotExpired(DomainError):
    template = "Lot {lot} of {item} expired on {expiry}"


class LotBlocked(DomainError):
    template = "Lot {lot} of {item} is blocked and cannot become available"


class LotRequired(DomainError):
    template = "Item {item} is lot-tracked: a lot number is required"


class SerialRequired(DomainError):
    template = "Item {item} is serial-tracked: a serial number is required and the quantity must be 1"


class NotTracked(DomainError):
    template = "Item {item} is not {tracking}-tracked"


class SerialAlreadyInStock(DomainError):
    template = "Serial {serial} of {item} is already in stock in {bin}"


class InvalidStatusChange(DomainError):
    template = "Cannot change status from {from_status} to {to_status}"


class PermissionDenied(DomainError):
    template = "User {user} (role {role}) may not {permission}"


class AuthenticationFailed(DomainError):
    template = "Unknown user or wrong password"


class ConcurrentUpdate(DomainError):
    template = "Another station changed the same data at the same time; please retry"
