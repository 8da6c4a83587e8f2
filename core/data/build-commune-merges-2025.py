#!/usr/bin/env python3
"""Builds vn-commune-merges-2025.csv from the vietnamadminunits package.

Usage (from the repository root):
    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    unzip -q /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl -d /tmp/vau/whl
    python3 core/data/build-commune-merges-2025.py /tmp/vau/whl/vietnamadminunits/data \
        core/data/vn-admin-units-2025.csv > core/data/vn-commune-merges-2025.csv

The package maps each pre-2025 commune (by province, district and commune
name keys) to the 2025 commune(s) its area went to. Its own 2025 codes differ
from the official list shipped here for about 120 communes, so each 2025
commune is matched to the shipped list by province and name (NFC, case,
old/new tone placement, apostrophe and dash variants folded); every one of the
3,321 matches exactly once. Old codes that are also 2025 codes are left out:
the app reads a code of the 2025 list as the 2025 commune.
"""
import csv, json, re, sqlite3, sys, unicodedata

data_dir, units_csv = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"{data_dir}/dataset.db")
conv = json.load(open(f"{data_dir}/converter_2025.json", encoding="utf-8"))

TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
         "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
         "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}

def norm(s):
    s = unicodedata.normalize("NFC", s).lower().replace("’", "'").replace("–", "-")
    s = re.sub(r"\s+", " ", s).strip()
    for a, b in TONES.items():
        s = s.replace(a, b)
    return s

shipped, by_name = set(), {}
for r in csv.DictReader(open(units_csv, encoding="utf-8")):
    code = int(r["commune_code"])
    shipped.add(code)
    key = (int(r["province_code"]), norm(r["commune_name"]))
    assert key not in by_name, key
    by_name[key] = code

legacy = {}
for pk, dk, wk, code in db.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy"):
    if code is not None:  # island districts without communes
        legacy[f"{pk}_{dk}_{wk}"] = int(code)

new = {}
for pk, wk, pcode, ward in db.execute(
        "SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units"):
    new[(pk, wk)] = by_name[(int(pcode), norm(ward))]
assert len(set(new.values())) == len(shipped) == 3321

succ = {}
for npk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
    for nwk, olds in wards.items():
        for ok in olds:
            if ok in legacy:
                succ.setdefault(legacy[ok], []).append((new[(npk, nwk)], "whole"))
for npk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
    for ok, parts in olds.items():
        for p in parts:
            kind = "main" if p["isDefaultNewWard"] else "part"
            succ.setdefault(legacy[ok], []).append((new[(npk, p["newWardKey"])], kind))

order = {"whole": 0, "main": 1, "part": 2}
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["old_code", "new_code", "kind"])
for old, rows in sorted(succ.items()):
    if old in shipped:
        continue
    kinds = [k for _, k in rows]
    assert kinds == ["whole"] or (kinds.count("main") == 1 and "whole" not in kinds), (old, rows)
    for code, kind in sorted(rows, key=lambda r: (order[r[1]], r[0])):
        out.writerow([old, code, kind])
