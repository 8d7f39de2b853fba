"""Fill in translations from a tab-separated file: ``python resources/i18n/translate.py FILE.tsv``.

Each line of FILE.tsv is ``context<TAB>source<TAB>translation`` (``\\n`` and ``\\t`` escaped as
in Python). The tool first brings the .ts up to date with the code (lupdate), then sets the
translation of every matching message, then compiles the .qm. It prints the sources it could not
find and the messages of the code still without a translation, so a translator sees what is left.

Runs under a file lock together with ``build.py``, so several people (or scripts) translating at
once never overwrite each other's work.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402  (sibling script)


def read_tsv(path: Path) -> dict[tuple[str, str], str]:
    wanted: dict[tuple[str, str], str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            sys.exit(f"{path}:{number}: expected context<TAB>source<TAB>translation")
        context, source, translation = (p.encode("latin-1", "backslashreplace")
                                        .decode("unicode_escape") if "\\" in p else p
                                        for p in parts)
        wanted[(context, source)] = translation
    return wanted


def apply(ts: Path, wanted: dict[tuple[str, str], str]) -> tuple[set, list]:
    tree = ET.parse(ts)
    found: set[tuple[str, str]] = set()
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"))
            translation = message.find("translation")
            if key in wanted:
                forms = translation.findall("numerusform")
                if message.get("numerus") == "yes":     # %n texts: Chinese has one form
                    if not forms:
                        forms = [ET.SubElement(translation, "numerusform")]
                    for form in forms:
                        form.text = wanted[key]
                else:
                    translation.text = wanted[key]
                translation.attrib.pop("type", None)
                found.add(key)
            elif translation.get("type") == "unfinished":
                missing.append(key)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return found, missing


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.exit(__doc__)
    wanted = read_tsv(Path(argv[1]))
    with build.locked():
        for language in build.LANGUAGES:
            ts = build.HERE / f"warelink_{language}.ts"
            build.update(ts)
            found, missing = apply(ts, wanted)
            build.update(ts)  # lupdate writes its own layout back (and the DOCTYPE)
            build.release(ts)
            for key in sorted(set(wanted) - found):
                print(f"not in the code: {key[0]} / {key[1]!r}")
            for key in missing:
                print(f"untranslated: {key[0]}\t{key[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
