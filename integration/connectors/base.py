"""What the dispatcher needs from an ERP connector, and how failures are classified."""
from __future__ import annotations

import json
import socket
import urllib.error
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    """One outbox message as the connector sees it."""
    id: int
    message_type: str
    document_key: str
    idempotency_key: str
    payload: dict[str, Any]
    attempts: int = 0


@dataclass(frozen=True)
class Ack:
    """The ERP accepted the message; ``reference`` is what it calls the posting."""
    reference: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    request: str = ""     # what was sent and received, for the attempt history (never secrets)
    response: str = ""


class ConnectorError(Exception):
    """A send failed. ``error_class`` is one of retry_policy.ERROR_CLASSES; ``retry_after`` is the
    server's hint in seconds (HTTP 429/503). ``request``/``response`` are for the inbox detail
    and must never hold credentials or session tokens."""

    def __init__(self, error_class: str, message: str, *, retry_after: float | None = None,
                 request: Any = None, response: Any = None) -> None:
        super().__init__(message)
        self.error_class = error_class
        self.retry_after = retry_after
        self.request = request
        self.response = response


@runtime_checkable
class Connector(Protocol):
    name: str
    # A connector may declare ``max_parallel = N`` (N > 1): the dispatcher then sends up to N
    # documents at once from N threads, so ``send`` must be thread-safe. Default 1.

    def send(self, message: Message) -> Ack:
        """Post the message; raise ``ConnectorError`` (or any exception, see ``classify``)."""

    def already_delivered(self, message: Message) -> bool:
        """Whether the ERP already holds a posting carrying ``message.idempotency_key``.
        Called before re-sending anything that may have reached the ERP (crash, timeout)."""


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After") if headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def classify(error: BaseException) -> ConnectorError:
    """Any exception from a connector as a ``ConnectorError`` with an error class."""
    if isinstance(error, ConnectorError):
        return error
    if isinstance(error, urllib.error.HTTPError):
        code = error.code
        if code == 429:
            return ConnectorError("http_429", f"HTTP 429 {error.reason}",
                                  retry_after=_retry_after(error.headers))
        if code in (401, 403):
            return ConnectorError("auth", f"HTTP {code} {error.reason}")
        if code == 423:
            return ConnectorError("locked", f"HTTP 423 {error.reason}")
        if code >= 500:
            return ConnectorError("http_5xx", f"HTTP {code} {error.reason}",
                                  retry_after=_retry_after(error.headers))
        return ConnectorError("validation", f"HTTP {code} {error.reason}")
    if isinstance(error, (socket.timeout, TimeoutError)):
        return ConnectorError("timeout", f"timed out: {error}")
    if isinstance(error, urllib.error.URLError):
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            return ConnectorError("timeout", f"timed out: {error.reason}")
        return ConnectorError("network", f"network: {error.reason}")
    if isinstance(error, (ConnectionError, OSError)):
        return ConnectorError("network", f"network: {error}")
    if isinstance(error, json.JSONDecodeError):
        return ConnectorError("malformed", f"malformed JSON from the ERP: {error}")
    if isinstance(error, (KeyError, ValueError, TypeError)):
        return ConnectorError("mapping", f"{type(error).__name__}: {error}")
    return ConnectorError("mapping", f"{type(error).__name__}: {error}")
