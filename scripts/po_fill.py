#!/usr/bin/env python3
"""Fill empty translations in a gettext .po file from tab-separated lines on stdin.

    python scripts/po_fill.py app/locale/zh_Hans/LC_MESSAGES/django.po <<'TSV'
    Log in\t登录
    TSV

``--missing`` lists the msgids still untranslated (or fuzzy) and exits 1 if any.
Expects files written by ``makemessages --no-wrap`` (one line per msgid).
"""

from __future__ import annotations

import re
import sys

ENTRY = re.compile(r'^msgid "(.*)"$')


def unescape(s: str) -> str:
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _flags_line(lines: list[str], i: int) -> int | None:
    """Index of the ``#, fuzzy`` line among the comments above line ``i``, if any."""
    j = i - 1
    while j >= 0 and lines[j].startswith("#"):
        if lines[j].startswith("#,") and "fuzzy" in lines[j]:
            return j
        j -= 1
    return None


def missing(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        m = ENTRY.match(line)
        if not m or not m.group(1):
            continue
        fuzzy = _flags_line(lines, i) is not None
        j = i + 1
        if j < len(lines) and lines[j].startswith("msgid_plural"):
            j += 1
        if fuzzy or lines[j].rstrip("\n") in ('msgstr ""', 'msgstr[0] ""'):
            out.append(unescape(m.group(1)))
    return out


def main() -> int:
    path = sys.argv[1]
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if "--missing" in sys.argv:
        todo = missing(lines)
        for msgid in todo:
            print(msgid)
        return 1 if todo else 0
    mapping = {}
    for raw in sys.stdin.read().split("\n"):
        if "\t" in raw:
            key, value = raw.split("\t", 1)
            mapping[key] = value
    filled = 0
    for i, line in enumerate(lines):
        m = ENTRY.match(line)
        if not m or unescape(m.group(1)) not in mapping:
            continue
        value = escape(mapping[unescape(m.group(1))])
        j = i + 1
        if lines[j].startswith("msgid_plural"):
            j += 1
            lines[j] = f'msgstr[0] "{value}"'
        else:
            lines[j] = f'msgstr "{value}"'
        flag_line = _flags_line(lines, i)
        if flag_line is not None:
            flags = [f for f in lines[flag_line][2:].split(",") if f.strip() != "fuzzy"]
            lines[flag_line] = "#," + ",".join(flags) if flags else "#"
        filled += 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    print(f"filled {filled} of {len(mapping)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
