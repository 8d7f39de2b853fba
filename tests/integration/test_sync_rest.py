"""The generic REST connector against the fault-injecting loopback ERP: mapping, auth, exactly
once, and every fault class (issue 7). No database: the engine tests are test_sync_engine*.py."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from integration.connectors.base import ConnectorError, Message
from integration.connectors.rest import RestConnector, load_config, map_body
from tests.faulty_erp import FaultyErp

TOKEN = "s3cret-token"


def config(url: str, **over) -> dict:
    base = {
        "kind": "rest", "base_url": url + "/api", "timeout": 0.5,
        "auth": {"type": "bearer", "secret": "erp-token"},
        "messages": {
            "stock.receipt": {
                "endpoint": "/receipts", "method": "POST",
                "idempotency": {"header": "Idempotency-Key", "field": "external_id"},
                "lookup": {"endpoint": "/receipts?external_id={key}"},
                "reference": "id",
                "body": {
                    "document": "document_ref",
                    "date": {"from": "at", "transform": "date", "format": "%d.%m.%Y"},
                    "warehouse": {"const": "WH1"},
                    "lines": {"each": "lines", "fields": {
                        "sku": {"from": "item", "transform": "lookup",
                                "table": {"A-1": "100", "B-2": "200"}},
                        "quantity": {"from": "qty", "transform": "decimal", "places": 2},
                        "lot": "lot"}}}},
            "*": {"endpoint": "/postings", "lookup": {"endpoint": "/postings?key={key}"}},
        },
    }
    base.update(over)
    return base


def message(doc: str = "PO-1", **payload) -> Message:
    body = {"document_ref": doc, "at": "2026-11-25T09:30:00+00:00",
            "lines": [{"item": "A-1", "qty": "5.5", "lot": "L1"}], **payload}
    return Message(1, "stock.receipt", doc, uuid.uuid4().hex, body, 1)


@pytest.fixture
def erp():
    server = FaultyErp(token=TOKEN)
    yield server
    server.stop()


@pytest.fixture
def rest(erp):
    connector = RestConnector(config(erp.url), secret={"erp-token": TOKEN}.__getitem__)
    yield connector
    connector.close()


def test_the_mapping_transforms_values():
    m = message()
    body = map_body(config("http://x")["messages"]["stock.receipt"]["body"], m)
    assert body == {"document": "PO-1", "date": "25.11.2026", "warehouse": "WH1",
                    "lines": [{"sku": "100", "quantity": "5.50", "lot": "L1"}]}
    with pytest.raises(ConnectorError) as err:
        map_body(config("http://x")["messages"]["stock.receipt"]["body"],
                 message(lines=[{"item": "Z-9", "qty": "1"}]))
    assert err.value.error_class == "mapping" and "Z-9" in str(err.value)


def test_a_post_is_booked_once_with_the_key_and_the_lookup_finds_it(erp, rest):
    m = message()
    ack = rest.send(m)
    assert ack.reference == f"ERP-{m.idempotency_key[:8]}"
    (posting,) = erp.books[m.idempotency_key]
    assert posting["external_id"] == m.idempotency_key and posting["lines"][0]["quantity"] == "5.50"
    assert rest.already_delivered(m)
    assert not rest.already_delivered(message())
    assert TOKEN not in ack.request and TOKEN not in ack.response   # never recorded
    assert erp.auth_headers[0] == f"Bearer {TOKEN}"


def test_keep_alive_one_connection_for_many_posts(erp, rest):
    for _ in range(20):
        rest.send(message())
    assert len(rest._conns) == 1 and len(erp.keys()) == 20


@pytest.mark.parametrize("auth,expected", [
    ({"type": "basic", "username": "wms", "secret": "erp-token"}, "Basic d21zOnMzY3JldC10b2tlbg=="),
    ({"type": "header", "header": "X-Api-Key", "secret": "erp-token"}, None),
])
def test_other_auth_kinds(erp, auth, expected):
    erp.token = None
    rest = RestConnector(config(erp.url, auth=auth), secret={"erp-token": TOKEN}.__getitem__)
    rest.send(message())
    if expected:
        assert erp.auth_headers[-1] == expected
    rest.close()


def test_a_wrong_token_is_an_auth_error(erp):
    rest = RestConnector(config(erp.url), secret=lambda name: "wrong")
    with pytest.raises(ConnectorError) as err:
        rest.send(message())
    assert err.value.error_class == "auth" and "wrong" not in str(err.value.request)
    rest.close()


def fail(rest, m=None) -> ConnectorError:
    with pytest.raises(ConnectorError) as err:
        rest.send(m or message())
    return err.value


def test_http_5xx_and_503_with_retry_after(erp, rest):
    erp.fault("status", status=500, body={"message": "database deadlock"})
    e = fail(rest)
    assert e.error_class == "http_5xx" and "database deadlock" in str(e) and e.retry_after is None
    erp.fault("status", status=503, headers={"Retry-After": "120"})
    e = fail(rest)
    assert e.error_class == "http_5xx" and e.retry_after == 120


def test_429_honours_retry_after(erp, rest):
    erp.fault("status", status=429, headers={"Retry-After": "30"})
    e = fail(rest)
    assert (e.error_class, e.retry_after) == ("http_429", 30)


def test_423_is_locked(erp, rest):
    erp.fault("status", status=423, body={"message": "period closed for posting"})
    e = fail(rest)
    assert e.error_class == "locked" and "period closed" in str(e)


@pytest.mark.parametrize("status", [400, 422])
def test_validation_errors_carry_the_erps_messages(erp, rest, status):
    erp.fault("status", status=status, body={"errors": [
        {"field": "lines[0].sku", "message": "unknown product 100"},
        {"message": "quantity exceeds order"}]})
    e = fail(rest)
    assert e.error_class == "validation"
    assert "lines[0].sku: unknown product 100" in str(e) and "quantity exceeds order" in str(e)
    assert "unknown product 100" in e.response and e.request.startswith("POST /receipts")
    assert erp.keys() == []


def test_malformed_json_is_its_own_class_and_the_lookup_then_finds_the_posting(erp, rest):
    m = message()
    erp.fault("malformed")
    e = fail(rest, m)
    assert e.error_class == "malformed"
    assert rest.already_delivered(m)


def test_a_timeout(erp, rest):
    m = message()
    erp.fault("timeout", delay=1.0)
    started = time.monotonic()
    e = fail(rest, m)
    assert e.error_class == "timeout" and time.monotonic() - started < 1.0
    assert rest.already_delivered(m)           # booked before the reply was lost


def test_a_reset_before_booking_is_a_network_error(erp, rest):
    erp.fault("reset")
    e = fail(rest)
    assert e.error_class == "network" and erp.keys() == []


def test_a_reset_on_a_reused_connection_checks_before_sending_again(erp, rest):
    rest.send(message())                        # the connection is now reused
    m = message()
    erp.fault("reset", book=True)               # booked, then the connection dies
    ack = rest.send(m)                          # lookup finds it: not posted twice
    assert ack.reference and erp.duplicates() == {}
    n = message()
    erp.fault("reset")                          # not booked: reopened and sent once
    rest.send(n)
    assert len(erp.books[n.idempotency_key]) == 1


def test_a_slow_answer_within_the_timeout_is_fine(erp, rest):
    erp.fault("slow", delay=0.2)
    assert rest.send(message()).reference


def test_erp_down_is_a_network_error(erp, rest):
    erp.stop()
    e = fail(rest)
    assert e.error_class == "network"
    erp.start()
    assert rest.send(message()).reference


def test_a_duplicate_post_answered_409_counts_as_delivered(erp, rest):
    m = message()
    rest.send(m)
    assert rest.send(m).detail == {"duplicate": True}


def test_unknown_type_uses_the_default_mapping_and_the_payload_as_body(erp, rest):
    m = Message(2, "stock.count", "CNT-1", uuid.uuid4().hex, {"document_ref": "CNT-1", "n": 1}, 1)
    rest.send(m)
    assert erp.books[m.idempotency_key] == [{"document_ref": "CNT-1", "n": 1}]
    assert rest.already_delivered(m)


def test_config_file_is_checked(tmp_path):
    path = tmp_path / "erp.json"
    path.write_text(json.dumps({"base_url": "ftp://x", "messages": {"a": {"endpoint": "/a"}}}))
    with pytest.raises(ValueError):
        load_config(str(path))
    path.write_text(json.dumps(config("http://127.0.0.1:1")))
    assert load_config(str(path))["kind"] == "rest"
