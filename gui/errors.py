"""Showing errors to people: a DomainError in their language, anything else as "unexpected".

Domain errors carry an English ``template`` and ``params`` (domain/errors.py). We translate the
template in the "DomainError" context and fill in the parameters; string parameters that are
domain vocabulary ("User", "password", "view stock") are translated in the "Domain" context,
others (codes, numbers) pass through. A template missing below still shows, in English; a test
checks that every DomainError subclass is listed here, so lupdate collects it.

The dialog is reached through ``present()``, which calls a replaceable presenter: tests install
one that records instead of showing (``set_presenter``), and nothing here ever blocks in exec().
"""
from __future__ import annotations

import traceback
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.errors import DomainError

TEMPLATES = (
    QT_TRANSLATE_NOOP("DomainError", "The operation was refused."),
    QT_TRANSLATE_NOOP("DomainError", "Invalid {field}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Invalid quantity {value!r}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "{kind} {key!r} not found"),
    QT_TRANSLATE_NOOP("DomainError", "{kind} {key!r} already exists"),
    QT_TRANSLATE_NOOP("DomainError", "Not enough stock of {item} in {bin}{lot_text}: {available} available ({status}), {requested} requested"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Bin {bin} is blocked: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Bin {bin} would exceed its capacity of {capacity} {unit}"),
    QT_TRANSLATE_NOOP("DomainError", "Lot {lot} of {item} expired on {expiry}"),
    QT_TRANSLATE_NOOP("DomainError", "Lot {lot} of {item} is blocked and cannot become available"),
    QT_TRANSLATE_NOOP("DomainError", "Item {item} is lot-tracked: a lot number is required"),
    QT_TRANSLATE_NOOP("DomainError", "Item {item} is serial-tracked: a serial number is required and the quantity must be 1"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Item {item} is not {tracking}-tracked"),
    QT_TRANSLATE_NOOP("DomainError", "Serial {serial} of {item} is already in stock in {bin}"),
    QT_TRANSLATE_NOOP("DomainError", "Cannot change status from {from_status} to {to_status}"),
    QT_TRANSLATE_NOOP("DomainError", "User {user} (role {role}) may not {permission}"),
    QT_TRANSLATE_NOOP("DomainError", "Unknown user or wrong password"),
    QT_TRANSLATE_NOOP("DomainError", "Barcode not understood: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Printer {printer} did not take the job: {reason}"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "A {width} mm label does not fit the {profile} printer ({printable} mm printable)"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "No label font found (tried {tried}); install fonts-wqy-microhei or set WARELINK_LABEL_FONT to a TrueType font that covers Chinese"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Invalid placeholder at column {column} of {text!r}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Field {path!r} has no value in the record (placeholder {text!r})"),
    QT_TRANSLATE_NOOP("DomainError", "Barcode {element!r} ({symbology}) cannot encode {data!r}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "{order} cannot be cancelled: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Discrepancy {line} is already resolved ({state})"),
    QT_TRANSLATE_NOOP("DomainError", "Nothing in {bin} is waiting to be put away"),
    QT_TRANSLATE_NOOP("DomainError", "Another station took some of the allocated stock meanwhile; allocate again"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "{kind} {key} is {current}: it cannot become {target}"),
    QT_TRANSLATE_NOOP("DomainError", "{kind} {key} is already {state}; nothing more can be done on it"),
    QT_TRANSLATE_NOOP("DomainError", "Line {line} of {task} is already {state}"),
    QT_TRANSLATE_NOOP("DomainError", "{order} line {line}: receiving {qty} would make {total} of {expected} expected, more than the {pct}% tolerance; a supervisor may override"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "{order} line {line}: {received} of {expected} received, short beyond the {pct}% tolerance; a supervisor may close it anyway"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Task {task} still has {count} open line(s); confirm or close them short first"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Line {line} of {task} has {remaining} left to do; {qty} is too much"),
    QT_TRANSLATE_NOOP("DomainError", "{db} already holds {what}; demo data goes into an empty database only (give a new one with --db, e.g. --db sqlite:///warelink-demo.db)"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Template {template!r}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Cannot read template file: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Count {task} was already approved"),
    QT_TRANSLATE_NOOP("DomainError", "{user} counted in {task}; another supervisor must approve it"),
    QT_TRANSLATE_NOOP("DomainError", "{task}: {missing} of the counted loss in bin {bin} is reserved for picking; unpick or cancel those picks first"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Wrong {what}: scanned {scanned}, expected {expected}"),
    QT_TRANSLATE_NOOP("DomainError", "{item}{lot_text} is not expected on {order}"),
    QT_TRANSLATE_NOOP("DomainError", "No stock could be allocated for {orders}"),
    QT_TRANSLATE_NOOP("DomainError", "Barcode not understood: AI ({ai}) {title}: {reason}"),
    QT_TRANSLATE_NOOP("DomainError", "Another station changed the same data at the same time; please retry"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Lot {lot} of {item} is blocked (recalled); it cannot be picked"),  # noqa: E501
    QT_TRANSLATE_NOOP("DomainError", "Package {sscc} has shipped; it cannot be unpacked"),
    # ERP sync (issue 7)
    QT_TRANSLATE_NOOP("DomainError", "Sync message {message} is {state}, not waiting in the error inbox"),  # noqa: E501
)

# Domain words that appear as parameters: kinds, field names, roles, statuses, permissions.
TERMS = (
    QT_TRANSLATE_NOOP("Domain", "User"), QT_TRANSLATE_NOOP("Domain", "Item"),
    QT_TRANSLATE_NOOP("Domain", "Bin"), QT_TRANSLATE_NOOP("Domain", "Lot"),
    QT_TRANSLATE_NOOP("Domain", "Serial"), QT_TRANSLATE_NOOP("Domain", "Warehouse"),
    QT_TRANSLATE_NOOP("Domain", "Zone"), QT_TRANSLATE_NOOP("Domain", "user name"),
    QT_TRANSLATE_NOOP("Domain", "user"), QT_TRANSLATE_NOOP("Domain", "password"),
    QT_TRANSLATE_NOOP("Domain", "role"), QT_TRANSLATE_NOOP("Domain", "language"),
    QT_TRANSLATE_NOOP("Domain", "first admin"), QT_TRANSLATE_NOOP("Domain", "quantity"),
    QT_TRANSLATE_NOOP("Domain", "1-64 characters without spaces"),
    QT_TRANSLATE_NOOP("Domain", "at least 6 characters"),
    QT_TRANSLATE_NOOP("Domain", "users already exist; sign in"),
    QT_TRANSLATE_NOOP("Domain", "you cannot remove your own admin access"),
    QT_TRANSLATE_NOOP("Domain", "clerk"), QT_TRANSLATE_NOOP("Domain", "station"),
    QT_TRANSLATE_NOOP("Domain", "supervisor"), QT_TRANSLATE_NOOP("Domain", "admin"),
    QT_TRANSLATE_NOOP("Domain", "available"), QT_TRANSLATE_NOOP("Domain", "quarantine"),
    QT_TRANSLATE_NOOP("Domain", "damaged"), QT_TRANSLATE_NOOP("Domain", "blocked"),
    QT_TRANSLATE_NOOP("Domain", "view stock"), QT_TRANSLATE_NOOP("Domain", "receive stock"),
    QT_TRANSLATE_NOOP("Domain", "move stock"), QT_TRANSLATE_NOOP("Domain", "issue stock"),
    QT_TRANSLATE_NOOP("Domain", "change stock status"),
    QT_TRANSLATE_NOOP("Domain", "release stock to available"),
    QT_TRANSLATE_NOOP("Domain", "reserve stock"), QT_TRANSLATE_NOOP("Domain", "adjust stock"),
    QT_TRANSLATE_NOOP("Domain", "edit master data"), QT_TRANSLATE_NOOP("Domain", "manage users"),
    QT_TRANSLATE_NOOP("Domain", "print labels"), QT_TRANSLATE_NOOP("Domain", "view the audit log"),
    QT_TRANSLATE_NOOP("Domain", "manage ERP sync problems"),
    QT_TRANSLATE_NOOP("Domain", "Sync message"),
)

# presenter(parent, title, text, details): shows (or, in tests, records) one error.
Presenter = Callable[[QWidget | None, str, str, str], None]


def domain_term(text: str) -> str:
    """A domain word (role, status, kind, permission) in the UI language; unknown words as is."""
    return QCoreApplication.translate("Domain", text)


def domain_message(error: DomainError) -> str:
    """The error's message in the UI language. A broken translation (placeholder mismatch)
    falls back to the English message rather than hiding what went wrong."""
    template = QCoreApplication.translate("DomainError", error.template)
    params = {k: domain_term(v) if isinstance(v, str) else v for k, v in error.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return error.message


def show_dialog(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """The real presenter: a window-modal message box opened without a nested event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning if not details else QMessageBox.Icon.Critical,
                      title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


_presenter: Presenter = show_dialog


def set_presenter(presenter: Presenter) -> Presenter:
    """Replace how errors are shown; returns the previous presenter so it can be restored."""
    global _presenter
    previous, _presenter = _presenter, presenter
    return previous


def present(parent: QObject | None, error: BaseException) -> None:
    """Show ``error``: a DomainError as its translated message, anything else as unexpected with
    the traceback under "details" (the op runner has logged it already)."""
    widget = parent if isinstance(parent, QWidget) else None
    if isinstance(error, DomainError):
        title = QCoreApplication.translate("Errors", "Not possible")
        _presenter(widget, title, domain_message(error), "")
        return
    details = "".join(traceback.format_exception(error))
    text = QCoreApplication.translate(
        "Errors", "An unexpected error occurred ({error}). Please try again; if it happens "
        "again, tell your administrator. The details have been written to the log."
    ).format(error=type(error).__name__)
    _presenter(widget, QCoreApplication.translate("Errors", "Unexpected error"), text, details)
