"""Writing invisible separators as text: ``\\x1d``, ``<GS>``, ``{FNC1}`` … → the GS character.

Support staff type scans into a shell or a test box, where the group separator (ASCII 29) that
GS1 needs after variable-length fields cannot be typed. Wedge scanners have the same problem in
reverse (keyboard layouts lose GS), so stations configure a substitute character; see
``substitute_gs``.
"""
from __future__ import annotations

import re

GS = "\x1d"
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\\\|<GS>|\{GS\}|\[GS\]|<FNC1>"
                     r"|\{FNC1\}|\^\]", re.IGNORECASE)
HELP = ("GS (ASCII 29, FNC1 between GS1 fields) may be written as \\x1d, \\u001d, <GS>, {GS}, "
        "[GS], <FNC1>, {FNC1} or ^]; any \\xHH is that character and \\\\ a backslash")


def _replace(m: re.Match) -> str:
    if m.group(1):
        return chr(int(m.group(1), 16))
    if m.group(2):
        return chr(int(m.group(2), 16))
    return "\\" if m.group(0) == "\\\\" else GS


def unescape(text: str) -> str:
    """Replace the written forms of GS (and ``\\xHH``) by the characters they stand for."""
    return _ESCAPE.sub(_replace, text)


def substitute_gs(text: str, substitute: str | None) -> str:
    """A wedge scanner configured to type ``substitute`` (e.g. ``~`` or ``|``) instead of GS."""
    return text.replace(substitute, GS) if substitute else text


def visible(text: str) -> str:
    """For logs and screens: GS and other control characters shown as ``<GS>``/``\\xHH``."""
    return "".join("<GS>" if c == GS else f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127
                   else c for c in text)
