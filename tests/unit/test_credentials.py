"""ERP credentials at rest (the encrypted-file store used where no OS keyring works, as on a
headless server): values round-trip, the files are the owner's only, the secret never appears
in the files' bytes or in a log line, a replaced key is a clear error, and the Tryton connector
takes its password from the store."""
from __future__ import annotations

import logging
import os
import stat

import pytest

from integration import credentials
from integration.credentials import (
    CredentialStoreError, backend_name, delete_secret, get_secret, set_secret,
)

SECRET = "s3cr3t-Pa55word!"


@pytest.fixture(autouse=True)
def file_store(tmp_path, monkeypatch):
    monkeypatch.setenv("WARELINK_CREDENTIALS", "file")
    monkeypatch.setenv("WARELINK_DATA_DIR", str(tmp_path))
    return tmp_path


def test_round_trip_and_delete(file_store):
    assert get_secret("erp-password") is None
    set_secret("erp-password", SECRET)
    set_secret("rest-token", "tok")
    assert get_secret("erp-password") == SECRET and get_secret("rest-token") == "tok"
    assert delete_secret("rest-token") is True
    assert delete_secret("rest-token") is False
    assert get_secret("rest-token") is None and get_secret("erp-password") == SECRET
    assert backend_name() == "encrypted file"


def test_files_are_private_and_hold_no_plain_secret(file_store, caplog):
    caplog.set_level(logging.DEBUG)
    set_secret("erp-password", SECRET)
    for name in (credentials.KEY_FILE, credentials.STORE_FILE):
        mode = stat.S_IMODE(os.stat(file_store / name).st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert SECRET.encode() not in (file_store / credentials.STORE_FILE).read_bytes()
    assert "erp-password" in caplog.text and SECRET not in caplog.text
    assert not list(file_store.glob("*.tmp"))          # written through a rename


def test_a_key_readable_by_others_is_tightened(file_store):
    set_secret("erp-password", SECRET)
    os.chmod(file_store / credentials.KEY_FILE, 0o644)
    assert get_secret("erp-password") == SECRET
    assert stat.S_IMODE(os.stat(file_store / credentials.KEY_FILE).st_mode) == 0o600


def test_a_replaced_key_is_a_clear_error_not_garbage(file_store):
    set_secret("erp-password", SECRET)
    (file_store / credentials.KEY_FILE).unlink()
    with pytest.raises(CredentialStoreError, match="cannot be decrypted"):
        get_secret("erp-password")


def test_bad_names_and_values_are_refused(file_store):
    with pytest.raises(ValueError):
        set_secret("", SECRET)
    with pytest.raises(ValueError):
        set_secret("erp-password", "")


def test_tryton_connector_takes_the_stored_password(file_store, monkeypatch):
    from integration.scheduler import NotConfigured, make_connector
    monkeypatch.delenv("WARELINK_ERP_PASSWORD", raising=False)
    config = {"kind": "tryton", "url": "http://127.0.0.1:9/", "database": "erp",
              "username": "admin"}
    with pytest.raises(NotConfigured, match="no ERP password"):
        make_connector(config)
    set_secret("erp-password", SECRET)
    connector = make_connector(config)
    assert SECRET not in repr(connector) and SECRET not in str(vars(connector).get("url", ""))
    monkeypatch.setenv("WARELINK_ERP_PASSWORD", "override")
    assert make_connector(config) is not None
