#!/usr/bin/env python3
"""Brings the Android app's strings into the iOS String Catalog.

The two apps use the same keys where the meaning is the same (the Android
resource names: `visit_save`, `error_money_fraction`). This script reads
android/ui/src/main/res/values/strings*.xml (Vietnamese) and
values-en/strings*.xml (English) and writes every one of their strings into
ios/ISHCKit/Sources/ISHCKit/Resources/Localizable.xcstrings, converting the
arguments (`%1$s` -> `%1$@`, `%1$d` -> `%1$lld`). Keys only iOS has are
kept as they are. It prints the keys it added or changed.

    python3 ios/scripts/import-android-strings.py [RES_DIR ...]

With RES_DIR arguments (each an Android `res` directory), reads those
instead (e.g. a branch's checkout). ISHCKitTests (StringsTests) fails when
a key both apps have says something different in Vietnamese.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "ios/ISHCKit/Sources/ISHCKit/Resources/Localizable.xcstrings"


def unescape(raw: str) -> str:
    """Android's resource string rules (as the Android app's XmlStrings)."""
    out, quoted, last_space, i = [], False, False, 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            n = raw[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(n, n))
            last_space = False
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c.isspace() and not quoted:
            if not last_space:
                out.append(" ")
            last_space = True
        else:
            out.append(c)
            last_space = False
        i += 1
    return "".join(out).strip()


def to_apple(s: str) -> str:
    s = re.sub(r"%(\d+\$)?s", lambda m: "%" + (m.group(1) or "") + "@", s)
    return re.sub(r"%(\d+\$)?d", lambda m: "%" + (m.group(1) or "") + "lld", s)


def load(res: Path, folder: str) -> dict:
    values = {}
    for f in sorted((res / folder).glob("strings*.xml")):
        for e in ET.parse(f).getroot().iter("string"):
            values[e.get("name")] = to_apple(unescape("".join(e.itertext())))
    return values


def unit(value: str) -> dict:
    return {"stringUnit": {"state": "translated", "value": value}}


def main() -> None:
    dirs = [Path(a) for a in sys.argv[1:]] or [ROOT / "android/ui/src/main/res"]
    catalog = json.loads(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {
        "sourceLanguage": "vi", "strings": {}, "version": "1.0"}
    strings = catalog["strings"]
    for res in dirs:
        vi, en = load(res, "values"), load(res, "values-en")
        for key in sorted(vi):
            entry = strings.setdefault(key, {"extractionState": "manual", "localizations": {}})
            locs = entry.setdefault("localizations", {})
            new = {"vi": unit(vi[key])}
            if key in en:
                new["en"] = unit(en[key])
            for lang, u in new.items():
                if locs.get(lang) != u:
                    print(("changed" if lang in locs else "added"), lang, key)
                    locs[lang] = u
    text = json.dumps(catalog, ensure_ascii=False, indent=2, sort_keys=True, separators=(",", " : "))
    CATALOG.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
