"""Update and compile the translations: ``python resources/i18n/build.py``.

1. pyside6-lupdate scans gui/**/*.py and merges new source strings into warelink_<lang>.ts.
   Existing translations are kept; strings no longer in the code are kept as "vanished" (so a
   branch that lacks someone else's screen does not delete its translations).
2. pyside6-lrelease compiles each .ts into the .qm the application loads.

Translate new strings with pyside6-linguist (or by editing the .ts) and run this again. Line
numbers are left out of the .ts (``-locations none``) so that editing code does not rewrite it
and concurrent branches merge cleanly. Exit status is non-zero if a tool fails.
"""
from __future__ import annotations

import contextlib
import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """The PySide6 tool installed next to this Python (the venv), else one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found next to {sys.executable} or on PATH (pip install PySide6)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))


def update(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-target-language",
                    ts.stem.split("_", 1)[1], *sources(), "-ts", str(ts.relative_to(ROOT))],
                   cwd=ROOT, check=True)


def release(ts: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                   check=True)


@contextlib.contextmanager
def locked():
    """One writer of the .ts files at a time (this script and ``translate.py``)."""
    with open(HERE / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def main() -> int:
    with locked():
        for language in LANGUAGES:
            ts = HERE / f"warelink_{language}.ts"
            update(ts)
            release(ts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
