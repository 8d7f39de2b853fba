"""A scriptable connector for tests: records what reached the 'ERP', fails on demand."""
from __future__ import annotations

import threading
from typing import Callable

from integration.connectors.base import Ack, ConnectorError, Message


class FakeConnector:
    """``script`` maps an idempotency key (or ``"*"``) to a list of outcomes used one per send:
    ``None`` = accept, a ``ConnectorError`` = raise it, ``"timeout-after-post"`` = the ERP books
    it but the reply is lost (raises a timeout). ``posted`` is the ERP's books, in order."""

    name = "fake"

    def __init__(self, on_send: Callable[[Message], None] | None = None) -> None:
        self.script: dict[str, list] = {}
        self.posted: list[Message] = []
        self.sends: list[str] = []
        self.checks: list[str] = []
        self.on_send = on_send
        self._lock = threading.Lock()

    def fail(self, key: str, *outcomes) -> None:
        self.script.setdefault(key, []).extend(outcomes)

    def send(self, message: Message) -> Ack:
        if self.on_send:
            self.on_send(message)
        with self._lock:
            self.sends.append(message.idempotency_key)
            queue = self.script.get(message.idempotency_key) or self.script.get(message.document_key) \
                or self.script.get("*") or []
            outcome = queue.pop(0) if queue else None
            if outcome == "timeout-after-post":
                self.posted.append(message)
                raise ConnectorError("timeout", "read timed out")
            if isinstance(outcome, BaseException):
                raise outcome
            self.posted.append(message)
            return Ack(reference=f"FAKE-{len(self.posted)}")

    def already_delivered(self, message: Message) -> bool:
        with self._lock:
            self.checks.append(message.idempotency_key)
            return any(m.idempotency_key == message.idempotency_key for m in self.posted)

    def posted_keys(self) -> list[str]:
        return [m.idempotency_key for m in self.posted]
