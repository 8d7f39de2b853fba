"""Tryton's JSON-RPC with nothing but urllib (see ../shared/docs/tryton.md): Tryton's encoding of
decimals and dates, its errors sorted into the connector's classes (validation, locked, auth,
mapping), a session that logs in, sends the user's preferences as the context of every call
(gotcha G9), asks for gzip (G8) and logs in again when the session expires.

The session token and password never appear in logs, errors or ``repr``.
"""
from __future__ import annotations

import base64
import gzip
import json
import urllib.error
import urllib.request
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from integration.connectors.base import ConnectorError


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    if isinstance(value, datetime):
        return {"__class__": "datetime", "year": value.year, "month": value.month,
                "day": value.day, "hour": value.hour, "minute": value.minute,
                "second": value.second, "microsecond": value.microsecond}
    if isinstance(value, date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    raise TypeError(f"cannot encode {type(value).__name__}")


def _decode(obj: dict) -> Any:
    cls = obj.get("__class__")
    if cls == "Decimal":
        return Decimal(obj["decimal"])
    if cls == "datetime":
        return datetime(obj["year"], obj["month"], obj["day"], obj.get("hour", 0),
                        obj.get("minute", 0), obj.get("second", 0), obj.get("microsecond", 0))
    if cls == "date":
        return date(obj["year"], obj["month"], obj["day"])
    if cls == "bytes":
        return base64.b64decode(obj["base64"])
    return obj


class TrytonError(ConnectorError):
    warning: str | None = None     # a UserWarning's name: the client may accept it and retry


class TrytonSession:
    """A logged-in JSON-RPC session: calls with the user's context, workflow buttons that accept
    Tryton's warnings the way its client does, a new login when the session expires."""

    def __init__(self, url: str, database: str, username: str, password: str, *,
                 timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.database = database
        self.username = username
        self._password = password
        self.timeout = timeout
        self._auth: str | None = None
        self._context: dict = {}
        self._id = 0
        self._user_id: int | None = None
        self.accepted: list[str] = []      # Tryton warnings accepted while posting (see button)

    def __repr__(self) -> str:   # never the password or the session
        return f"<{type(self).__name__} {self.username}@{self.url}/{self.database}>"

    # -- transport ----------------------------------------------------------------------------
    def _post(self, path: str, method: str, params: list, auth: bool) -> Any:
        self._id += 1
        body = json.dumps({"id": self._id, "method": method, "params": params},
                          default=_encode).encode()
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}   # G8
        if auth and self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(self.url + path, data=body, headers=headers)
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            raw = resp.read()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        reply = json.loads(raw, object_hook=_decode)
        if reply.get("error"):
            raise self._error(method, reply["error"])
        return reply.get("result")

    @staticmethod
    def _error(method: str, error: Any) -> TrytonError:
        kind = error[0] if isinstance(error, list) and error else str(error)
        detail = error[1] if isinstance(error, list) and len(error) > 1 else ""
        text = detail[0] if isinstance(detail, list) and detail else str(detail or kind)
        if kind == "UserWarning" and isinstance(detail, list) and len(detail) > 1:
            error = TrytonError("validation", f"{method}: warning: {str(detail[1])[:500]}",
                                request={"method": method},
                                response={"error": kind, "message": str(detail[1])[:500]})
            error.warning = str(text)
            return error
        if kind in ("UserError", "UserWarning", "AccessError", "RequiredValidationError",
                    "DomainValidationError", "SelectionValidationError") or "ValidationError" in kind:
            cls = "validation"
        elif kind in ("ConcurrencyException",) or "locked" in str(text).lower():
            cls = "locked"
        elif kind in ("LoginException", "NotLogged"):
            cls = "auth"
        else:
            cls = "mapping"
        return TrytonError(cls, f"{method}: {kind}: {str(text)[:500]}",
                           request={"method": method}, response={"error": kind, "message": str(text)[:500]})

    def login(self) -> None:
        result = self._post("/" + self.database + "/rpc/", "common.db.login",
                            [self.username, {"password": self._password}, "en"], auth=False)
        if not result:
            raise ConnectorError("auth", "Tryton refused the login")
        user_id, session = result[0], result[1]
        self._user_id = user_id
        token = base64.b64encode(f"{self.username}:{user_id}:{session}".encode()).decode()
        self._auth = "Session " + token
        self._context = self._post("/" + self.database + "/rpc/", "model.res.user.get_preferences",
                                   [True, {}], auth=True)   # G9: send the preferences every call

    def call(self, model_method: str, *args: Any) -> Any:
        """``call("stock.move.search_read", domain, 0, None, None, fields)``: the context is added."""
        return self.call_in({}, model_method, *args)

    def button(self, model_method: str, record_id: int) -> None:
        """A workflow button on one record. Tryton's warnings about what the warehouse has
        already done (moves without a purchase or sale origin: blind receipts, returns; more
        received than ordered, which a supervisor approved here) are accepted the way the
        Tryton client does it, once each (``res.user.warning``), and noted in ``accepted``."""
        for _ in range(5):
            try:
                self.call(model_method, [record_id])
                return
            except TrytonError as exc:
                if exc.warning is None:
                    raise
                self.call("res.user.warning.create", [{
                    "user": self._user_id, "name": exc.warning, "always": False}])
                self.accepted.append(str(exc).split(": warning: ", 1)[-1])
        raise ConnectorError("validation", f"{model_method}: Tryton keeps warning")

    def call_in(self, context: dict, model_method: str, *args: Any) -> Any:
        """``call`` with ``context`` merged into the user's (e.g. ``{"locations": [5]}``)."""
        if self._auth is None:
            self.login()
        path = "/" + self.database + "/rpc/"
        try:
            return self._post(path, "model." + model_method,
                              [*args, {**self._context, **context}], auth=True)
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            self.login()                                       # the session expired
            return self._post(path, "model." + model_method,
                              [*args, {**self._context, **context}], auth=True)

    def version(self) -> str:
        return self._post("/rpc/", "common.server.version", [], auth=False)
