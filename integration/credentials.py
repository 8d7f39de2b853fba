"""ERP credentials: the OS keyring when one works, else encrypted at rest in the data directory.

``get_secret(name)``, ``set_secret(name, value)`` and ``delete_secret(name)`` are all the rest of
the code uses (connectors name the secret they need; the value never goes into the settings
table, the audit log, an attempt's request text or a log line).

* Keyring: the ``keyring`` package with a real backend (Secret Service, macOS Keychain, Windows
  Credential Locker), service name ``warelink``.
* Fallback (headless servers, CI): a Fernet key in ``<data dir>/credentials.key`` (mode 0600)
  and the encrypted secrets in ``<data dir>/credentials.enc`` (mode 0600), written through a
  temporary file and a rename so a crash never leaves half a store. This protects the secrets
  against a copied database or backup, not against someone who can read the data directory.

``WARELINK_CREDENTIALS=file`` forces the file store (``keyring`` forces the keyring).
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from domain.files import write_atomically

log = logging.getLogger(__name__)

SERVICE = "warelink"
BACKEND_ENV = "WARELINK_CREDENTIALS"
KEY_FILE = "credentials.key"
STORE_FILE = "credentials.enc"
_lock = threading.Lock()


class CredentialStoreError(RuntimeError):
    pass


# -- public API ----------------------------------------------------------------------------------
def get_secret(name: str) -> str | None:
    """The stored value, or None when it was never set."""
    _check_name(name)
    if _use_keyring():
        import keyring
        return keyring.get_password(SERVICE, name)
    with _lock:
        return _FileStore().load().get(name)


def set_secret(name: str, value: str) -> None:
    _check_name(name)
    if not isinstance(value, str) or not value:
        raise ValueError("a secret must be a non-empty string")
    if _use_keyring():
        import keyring
        keyring.set_password(SERVICE, name, value)
    else:
        with _lock:
            store = _FileStore()
            values = store.load()
            values[name] = value
            store.save(values)
    log.info("secret %r stored (%s)", name, backend_name())   # the name only, never the value


def delete_secret(name: str) -> bool:
    """Forget a secret; False when there was none."""
    _check_name(name)
    if _use_keyring():
        import keyring
        from keyring.errors import PasswordDeleteError
        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            return False
        log.info("secret %r deleted (%s)", name, backend_name())
        return True
    with _lock:
        store = _FileStore()
        values = store.load()
        if name not in values:
            return False
        del values[name]
        store.save(values)
    log.info("secret %r deleted (%s)", name, backend_name())
    return True


def backend_name() -> str:
    """Where secrets go, for the settings dialog: "keyring (<backend>)" or "encrypted file"."""
    if _use_keyring():
        import keyring
        return f"keyring ({type(keyring.get_keyring()).__name__})"
    return "encrypted file"


# -- choosing the backend ------------------------------------------------------------------------
def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a secret needs a name")


def keyring_usable() -> bool:
    """A keyring backend that really stores (not the ``fail`` or ``null`` backends)."""
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:          # no D-Bus, broken config, …: use the file store
        return False
    if isinstance(backend, fail.Keyring):
        return False
    try:
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:
        return False


def _use_keyring() -> bool:
    choice = os.environ.get(BACKEND_ENV, "").strip().lower()
    if choice == "file":
        return False
    if choice == "keyring":
        return True
    return keyring_usable()


# -- the encrypted file store --------------------------------------------------------------------
def _data_dir() -> Path:
    from domain.persistence.database import default_data_dir
    return default_data_dir()


def _write_private(path: Path, data: bytes) -> None:
    write_atomically(path, data, private=True, create_folder=True)


class _FileStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.dir = directory or _data_dir()
        self.key_path = self.dir / KEY_FILE
        self.store_path = self.dir / STORE_FILE

    def _fernet(self):
        from cryptography.fernet import Fernet
        if not self.key_path.exists():
            _write_private(self.key_path, Fernet.generate_key())
        mode = self.key_path.stat().st_mode & 0o777
        if mode & 0o077 and os.name == "posix":
            os.chmod(self.key_path, 0o600)
            log.warning("credentials key file was readable by others; now 0600")
        return Fernet(self.key_path.read_bytes().strip())

    def load(self) -> dict[str, str]:
        if not self.store_path.exists():
            return {}
        from cryptography.fernet import InvalidToken
        try:
            plain = self._fernet().decrypt(self.store_path.read_bytes())
        except InvalidToken:
            raise CredentialStoreError(
                f"{self.store_path} cannot be decrypted with {self.key_path} (key replaced?)") \
                from None
        return json.loads(plain.decode("utf-8"))

    def save(self, values: dict[str, str]) -> None:
        token = self._fernet().encrypt(json.dumps(values, sort_keys=True).encode("utf-8"))
        _write_private(self.store_path, token)
