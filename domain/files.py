"""Files written whole or not at all: the ERP file exchange, the printer spool folders and the
credential store are read by other programs (or after a crash), which must never see half a
file. The data goes to a hidden temporary file in the same folder, is flushed to disk, then
renamed over the target (a rename within a folder is atomic)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, private: bool = False,
                     create_folder: bool = False) -> None:
    """Write ``data`` to ``path``; ``private`` makes the file readable by its owner only;
    ``create_folder`` makes a missing folder (a printer's missing folder is an error: the
    printer is offline). The temporary file is ``.<name>.<random>.part`` (hidden: folder
    readers skip it)."""
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        if private and hasattr(os, "fchmod"):
            os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
