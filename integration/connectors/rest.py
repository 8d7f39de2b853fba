"""A generic REST/JSON connector driven by a declarative mapping (JSON configuration).

ERPs such as Kingdee, Yonyou, SAP gateways or Odoo are connected by configuration, not code:

    {"kind": "rest", "base_url": "https://erp.example.com/api", "timeout": 10,
     "max_parallel": 4,
     "auth": {"type": "bearer", "secret": "erp-token"},
     "messages": {
       "stock.receipt": {
         "endpoint": "/receipts", "method": "POST",
         "idempotency": {"header": "Idempotency-Key", "field": "external_id"},
         "lookup": {"endpoint": "/receipts?external_id={key}"},
         "reference": "id",
         "body": {"external_id": "$key", "document": "document_ref",
                  "date": {"from": "at", "transform": "date", "format": "%Y-%m-%d"},
                  "warehouse": {"const": "WH1"},
                  "lines": {"each": "lines", "fields": {
                      "sku": {"from": "item", "transform": "lookup", "table": {"A-1": "100"}},
                      "quantity": {"from": "qty", "transform": "decimal", "places": 3}}}}}}}

* ``auth``: ``basic`` (``username`` + secret), ``bearer`` or ``header`` (``header`` name + secret).
  ``secret`` is the *name* of a credential, fetched through ``integration.credentials.get_secret``
  (or the ``secret`` callable given to the constructor); it is never logged nor recorded.
* A field spec is a payload path (``"a.b"``, ``"$key"``/``"$document"``/``"$type"``/``"$id"`` for
  the message's own fields), ``{"const": value}``, ``{"from": path, "transform": ...,
  "required": true, "default": ...}`` or ``{"each": path, "fields": {...}}`` for lists.
  Transforms: ``string``, ``decimal`` (string, optional ``places``), ``number``, ``int``, ``date``
  / ``datetime`` (``format``), ``upper``, ``lower``, ``lookup`` (``table``; unknown values are a
  mapping error unless ``default`` is given).
* Exactly once: the idempotency key goes in a header and/or a body field; ``already_delivered``
  asks the ERP with the ``lookup`` request (GET by reference): found when it answers 200 with a
  non-empty body (404 or an empty list/object: not found). 409 on a post means "already there".
* Errors are classified for the retry rules: network, timeout, http_5xx, http_429 (Retry-After
  honoured), locked (423), validation (400/422, with the ERP's messages), auth (401/403), mapping
  (configuration or payload cannot be mapped), malformed (the ERP's JSON cannot be parsed).

Each sending thread keeps its own keep-alive HTTP connection (``max_parallel`` threads).
"""
from __future__ import annotations

import base64
import email.utils
import http.client
import json
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from integration.connectors.base import Ack, ConnectorError, Message

TEXT_LIMIT = 20_000
_MISSING = object()


def _default_secret(name: str) -> str:
    try:
        from integration.credentials import get_secret
    except ImportError:
        raise ConnectorError("auth", f"no credential store to read secret {name!r}") from None
    value = get_secret(name)
    if not value:
        raise ConnectorError("auth", f"secret {name!r} is not set")
    return value


def load_config(path: str) -> dict[str, Any]:
    """A REST configuration file (JSON), checked enough to fail early with a clear message."""
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config.setdefault("kind", "rest")
    validate_config(config)
    return config


def validate_config(config: dict[str, Any]) -> None:
    if not isinstance(config, dict) or not config.get("base_url"):
        raise ValueError("REST connector: 'base_url' is required")
    scheme = urllib.parse.urlsplit(config["base_url"]).scheme
    if scheme not in ("http", "https"):
        raise ValueError("REST connector: base_url must be http:// or https://")
    auth = config.get("auth") or {}
    if auth and auth.get("type") not in ("basic", "bearer", "header", "none"):
        raise ValueError("REST connector: auth.type is basic, bearer, header or none")
    if auth.get("type") in ("basic", "bearer", "header") and not auth.get("secret"):
        raise ValueError("REST connector: auth.secret names the credential to use")
    messages = config.get("messages")
    if not isinstance(messages, dict) or not messages:
        raise ValueError("REST connector: 'messages' maps message types to endpoints")
    for name, spec in messages.items():
        if not isinstance(spec, dict) or not spec.get("endpoint"):
            raise ValueError(f"REST connector: messages.{name}.endpoint is required")


class RestConnector:
    name = "rest"

    def __init__(self, config: dict[str, Any], *,
                 secret: Callable[[str], str] | None = None) -> None:
        validate_config(config)
        self.config = config
        parts = urllib.parse.urlsplit(config["base_url"])
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self.timeout = float(config.get("timeout", 10))
        self.max_parallel = max(1, int(config.get("max_parallel", 4)))
        self.idle_reconnect = float(config.get("idle_reconnect", 30))
        self._secret = secret or _default_secret
        self._secret_cache: str | None = None
        self._local = threading.local()
        self._conns: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:      # no secrets
        return f"RestConnector({self.config.get('base_url')!r})"

    # -- the protocol -------------------------------------------------------------------------
    def send(self, message: Message) -> Ack:
        spec = self._spec(message)
        body = map_body(spec.get("body"), message)
        idem = spec.get("idempotency") or self.config.get("idempotency") or {"header": "Idempotency-Key"}
        if idem.get("field") and isinstance(body, dict):
            body[idem["field"]] = message.idempotency_key
        headers = {}
        if idem.get("header"):
            headers[idem["header"]] = message.idempotency_key
        method = spec.get("method", "POST").upper()
        path = _fill(spec["endpoint"], message)
        data = json.dumps(body, ensure_ascii=False, default=str)
        request_text = f"{method} {path}\n{data}"[:TEXT_LIMIT]
        try:
            status, reply_headers, raw = self._request(method, path, data, headers,
                                                       resend_check=lambda: self._lookup(message))
        except _AlreadyThere as there:
            return Ack(reference=there.reference, detail={"found_by": "lookup"},
                       request=request_text, response=there.response)
        text = raw.decode("utf-8", "replace")
        response_text = f"HTTP {status}\n{text}"[:TEXT_LIMIT]
        if status == 409:           # the ERP has this idempotency key already
            reply = _parse(text, request_text, response_text, strict=False)
            return Ack(reference=_reference(reply, spec), detail={"duplicate": True},
                       request=request_text, response=response_text)
        if 200 <= status < 300:
            reply = _parse(text, request_text, response_text) if text.strip() else {}
            return Ack(reference=_reference(reply, spec), detail={"status": status},
                       request=request_text, response=response_text)
        raise self._http_error(status, reply_headers, text, request_text, response_text)

    def already_delivered(self, message: Message) -> bool:
        return self._lookup(message) is not None

    def close(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except OSError:
                pass

    # -- lookup (GET by reference) ------------------------------------------------------------
    def _lookup(self, message: Message) -> str | None:
        """The ERP's reference when it holds the message, else None (raises on failures)."""
        spec = self._spec(message)
        lookup = spec.get("lookup")
        if not lookup:
            raise ConnectorError("mapping", f"no lookup configured for {message.message_type}: "
                                 "cannot check whether the ERP already has it")
        path = _fill(lookup["endpoint"], message)
        status, headers, raw = self._request(lookup.get("method", "GET").upper(), path, None, {})
        text = raw.decode("utf-8", "replace")
        request_text = f"GET {path}"
        response_text = f"HTTP {status}\n{text}"[:TEXT_LIMIT]
        if status == 404:
            return None
        if status != 200:
            raise self._http_error(status, headers, text, request_text, response_text)
        reply = _parse(text, request_text, response_text) if text.strip() else None
        if reply in (None, [], {}):
            return None
        if isinstance(reply, list):
            reply = reply[0]
        return _reference(reply, spec) or "found"

    # -- HTTP -----------------------------------------------------------------------------------
    def _request(self, method: str, path: str, data: str | None, headers: dict[str, str],
                 resend_check: Callable[[], str | None] | None = None):
        """One request on this thread's keep-alive connection. A reused connection the server
        has closed meanwhile is reopened once: a GET is simply repeated; a POST only after the
        lookup says the ERP does not have it (``_AlreadyThere`` otherwise)."""
        all_headers = {"Content-Type": "application/json", "Accept": "application/json",
                       **(self.config.get("headers") or {}), **self._auth_headers(), **headers}
        body = data.encode("utf-8") if data is not None else None
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.request(method, self._prefix + path, body=body, headers=all_headers)
                response = conn.getresponse()
                raw = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self._drop(conn)
                else:
                    self._local.used = time.monotonic()
                if response.status in (401, 403):
                    self._secret_cache = None           # re-read a rotated secret next time
                return response.status, response.headers, raw
            except TimeoutError as exc:
                self._drop(conn)
                raise ConnectorError("timeout", f"timed out after {self.timeout:g} s: {exc}",
                                     request=f"{method} {path}") from None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.BadStatusLine) as exc:
                self._drop(conn)
                if attempt == 1 and reused:
                    if method != "GET":
                        if resend_check is None:
                            raise ConnectorError("network", f"connection lost: {exc}") from None
                        found = resend_check()
                        if found is not None:
                            raise _AlreadyThere(found, "found by lookup after a lost connection") from None
                    continue
                raise ConnectorError("network", f"connection lost: {type(exc).__name__}: {exc}",
                                     request=f"{method} {path}") from None
            except ssl.SSLError as exc:
                self._drop(conn)
                raise ConnectorError("network", f"TLS: {exc}") from None
            except (ConnectionError, OSError, http.client.HTTPException) as exc:
                self._drop(conn)
                raise ConnectorError("network", f"network: {type(exc).__name__}: {exc}",
                                     request=f"{method} {path}") from None
        raise ConnectorError("network", "connection lost twice")   # not reached

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        conn = getattr(self._local, "conn", None)
        if conn is not None and time.monotonic() - getattr(self._local, "used", 0) > self.idle_reconnect:
            self._drop(conn)            # servers close idle keep-alive connections
            conn = None
        if conn is not None:
            return conn, True
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        conn = cls(self._host, self._port, timeout=self.timeout)
        self._local.conn = conn
        self._local.used = time.monotonic()
        with self._lock:
            self._conns.append(conn)
        return conn, False

    def _drop(self, conn) -> None:
        try:
            conn.close()
        except OSError:
            pass
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._lock:
            if conn in self._conns:
                self._conns.remove(conn)

    def _auth_headers(self) -> dict[str, str]:
        auth = self.config.get("auth") or {}
        kind = auth.get("type", "none")
        if kind == "none":
            return {}
        if self._secret_cache is None:
            self._secret_cache = self._secret(auth["secret"])
        secret = self._secret_cache
        if kind == "basic":
            token = base64.b64encode(f"{auth.get('username', '')}:{secret}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        if kind == "bearer":
            return {"Authorization": f"Bearer {secret}"}
        return {auth.get("header", "X-Api-Key"): secret}

    # -- errors ---------------------------------------------------------------------------------
    def _http_error(self, status: int, headers, text: str, request_text: str,
                    response_text: str) -> ConnectorError:
        def err(cls: str, msg: str, retry_after: float | None = None) -> ConnectorError:
            return ConnectorError(cls, msg, retry_after=retry_after, request=request_text,
                                  response=response_text)
        if status == 429:
            return err("http_429", "HTTP 429 too many requests", _retry_after(headers))
        if status in (401, 403):
            return err("auth", f"HTTP {status}: the ERP refused the credentials")
        if status == 423:
            return err("locked", f"HTTP 423 locked: {_erp_messages(text, self.config) or 'locked'}")
        if status >= 500:
            return err("http_5xx", f"HTTP {status}: {_erp_messages(text, self.config) or 'server error'}",
                       _retry_after(headers))
        if status == 404:
            return err("mapping", "HTTP 404: the ERP has no such endpoint or record")
        messages = _erp_messages(text, self.config)
        return err("validation", f"HTTP {status}: {messages or 'rejected by the ERP'}")

    def _spec(self, message: Message) -> dict[str, Any]:
        messages = self.config["messages"]
        spec = messages.get(message.message_type) or messages.get("*")
        if spec is None:
            raise ConnectorError("mapping", f"no REST mapping for {message.message_type}")
        return spec


class _AlreadyThere(Exception):
    def __init__(self, reference: str, response: str) -> None:
        super().__init__(reference)
        self.reference = reference
        self.response = response


# -- mapping ------------------------------------------------------------------------------------
def map_body(spec: Any, message: Message) -> Any:
    """The request body for a message: the payload as it is when no body spec is given."""
    if spec is None:
        return dict(message.payload)
    return _map(spec, message.payload, message, "body")


def _map(spec: Any, source: Any, message: Message, where: str) -> Any:
    if isinstance(spec, str):
        return _get(source, spec, message, where)
    if not isinstance(spec, dict):
        raise ConnectorError("mapping", f"{where}: a field spec is a path or an object")
    if "const" in spec:
        return spec["const"]
    if "each" in spec:
        items = _get(source, spec["each"], message, where)
        if items is None:
            items = []
        if not isinstance(items, list):
            raise ConnectorError("mapping", f"{where}: {spec['each']} is not a list")
        return [_map_fields(spec.get("fields", {}), item, message, f"{where}[{i}]")
                for i, item in enumerate(items)]
    if "from" in spec:
        value = _get(source, spec["from"], message, where)
        if value is None:
            if spec.get("required"):
                raise ConnectorError("mapping", f"{where}: {spec['from']} is required but missing")
            return spec.get("default")
        return _transform(value, spec, where)
    if "fields" in spec:
        return _map_fields(spec["fields"], source, message, where)
    return _map_fields(spec, source, message, where)      # a nested object of fields


def _map_fields(fields: dict[str, Any], source: Any, message: Message, where: str) -> dict:
    return {name: _map(sub, source, message, f"{where}.{name}") for name, sub in fields.items()}


def _get(source: Any, path: str, message: Message, where: str) -> Any:
    special = {"$key": message.idempotency_key, "$document": message.document_key,
               "$type": message.message_type, "$id": message.id}
    if path in special:
        return special[path]
    if path.startswith("$payload."):
        source, path = message.payload, path[len("$payload."):]
    value = source
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _transform(value: Any, spec: dict[str, Any], where: str) -> Any:
    kind = spec.get("transform")
    try:
        if kind in (None, "none"):
            return value
        if kind == "string":
            return str(value)
        if kind == "decimal":
            d = Decimal(str(value))
            places = spec.get("places")
            if places is not None:
                d = d.quantize(Decimal(1).scaleb(-int(places)))
            return format(d, "f")
        if kind == "number":
            return float(Decimal(str(value)))
        if kind == "int":
            d = Decimal(str(value))
            if d != d.to_integral_value():
                raise ValueError(f"{value} is not a whole number")
            return int(d)
        if kind in ("date", "datetime"):
            when = _when(value)
            fmt = spec.get("format", "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S%z")
            return when.strftime(fmt)
        if kind == "upper":
            return str(value).upper()
        if kind == "lower":
            return str(value).lower()
        if kind == "lookup":
            table = spec.get("table") or {}
            if str(value) in table:
                return table[str(value)]
            if "default" in spec:
                return spec["default"]
            raise ConnectorError("mapping", f"{where}: no lookup entry for {value!r}")
    except ConnectorError:
        raise
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise ConnectorError("mapping", f"{where}: cannot {kind} {value!r}: {exc}") from None
    raise ConnectorError("mapping", f"{where}: unknown transform {kind!r}")


def _when(value: Any) -> datetime | date:
    if isinstance(value, (datetime, date)):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return date.fromisoformat(text)


def _fill(template: str, message: Message) -> str:
    quote = lambda v: urllib.parse.quote(str(v), safe="")
    values = {"key": quote(message.idempotency_key), "document": quote(message.document_key),
              "type": quote(message.message_type), "id": message.id}
    try:
        return template.format(**values)
    except (KeyError, IndexError) as exc:
        raise ConnectorError("mapping", f"endpoint {template!r}: unknown placeholder {exc}") from None


def _parse(text: str, request_text: str, response_text: str, *, strict: bool = True) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        if not strict:
            return {}
        raise ConnectorError("malformed", f"malformed JSON from the ERP: {exc}",
                             request=request_text, response=response_text) from None


def _reference(reply: Any, spec: dict[str, Any]) -> str:
    path = spec.get("reference", "id")
    value = reply
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After") if headers else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _erp_messages(text: str, config: dict[str, Any]) -> str:
    """The ERP's own error messages from a response body: the configured path (``errors`` with
    ``message`` items by default), else the usual keys, else the raw text."""
    try:
        reply = json.loads(text)
    except ValueError:
        return text.strip()[:500]
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, dict):
            for key in ("message", "msg", "detail", "error", "description"):
                if key in value:
                    collect(value[key])
                    if key in ("message", "msg"):
                        field = value.get("field") or value.get("path")
                        if field and found:
                            found[-1] = f"{field}: {found[-1]}"
                    return
    key = config.get("error_messages")
    if key and isinstance(reply, dict):
        collect(reply.get(key))
    elif isinstance(reply, dict):
        for k in ("errors", "messages", "message", "error", "detail"):
            if k in reply:
                collect(reply[k])
                break
    else:
        collect(reply)
    return "; ".join(found)[:2000] if found else text.strip()[:500]
