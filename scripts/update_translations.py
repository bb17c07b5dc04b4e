"""Append the source strings the Vietnamese catalogue lacks to the end of its .po file, with empty msgstr.

Why not `pybabel update`: it rewrites the whole file in extraction order and re-wraps long lines, so two
branches that each add one string conflict over hundreds of lines. Appending keeps every existing line
where it is: a merge of two such branches is two additions at the end. Strings no longer in the code are
listed (not removed), so a translator decides what to drop."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "resources" / "locale" / "vi" / "LC_MESSAGES" / "ocopdesk.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def main() -> int:
    found = extract_from_dir(str(ROOT / "ocopdesk"), method_map=[("**.py", "python")], keywords=KEYWORDS)
    wanted: dict[str, str | tuple[str, str]] = {}
    for _file, _line, message, _comments, _context in found:
        key = message[0] if isinstance(message, tuple) else message
        wanted.setdefault(key, message)
    with CATALOGUE.open("rb") as handle:
        known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
    added = [wanted[key] for key in wanted if key not in known]
    entries = [
        f'msgid {quoted(m[0])}\nmsgid_plural {quoted(m[1])}\nmsgstr[0] ""\n'
        if isinstance(m, tuple)
        else f'msgid {quoted(m)}\nmsgstr ""\n'
        for m in added
    ]
    if entries:
        ending = CATALOGUE.read_bytes()[-2:]
        gap = "" if ending == b"\n\n" else "\n" if ending.endswith(b"\n") else "\n\n"  # one blank line between
        with CATALOGUE.open("a", encoding="utf-8") as out:
            out.write(gap + "\n".join(entries))
    print(f"{len(added)} string(s) appended to {CATALOGUE.relative_to(ROOT)}: fill in their msgstr")
    unused = sorted(known - set(wanted))
    if unused:
        print(f"{len(unused)} string(s) in the catalogue are no longer in the code:", *unused, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
