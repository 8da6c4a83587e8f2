#!/usr/bin/env python3
"""Writes messy-roster.xlsx, a hand-built workbook for the roster reader's tests.

Run from this directory with the Python standard library only (no Excel
writer is available to the Rust tests). What it holds, and why:

* sheet 1 "Huong dan": instructions only, no header (the reader must move on);
* sheet 2 "DS": the table starts in column B, row 2 (calamine's range then
  starts there, and sheet row numbers must still be Excel's), with a
  decomposed (NFD) "Họ và tên", a merged "Năm sinh" over Nam/Nữ, a
  column-numbering row, shared and inline strings, a birth date stored as a
  date serial with a date format, a bare year typed into a date-formatted
  cell, a phone stored as a number (leading 0 lost), an empty row, a blank
  STT, a nameless row, a row with both Nam and Nữ filled, a "Cộng" totals row
  with counts, a signature line and a row after it that is not a member.
"""
import datetime
import unicodedata
import zipfile

SERIAL_1956_05_18 = (datetime.date(1956, 5, 18) - datetime.date(1899, 12, 30)).days

shared = []


def s(text):
    """A shared-string cell value index."""
    if text not in shared:
        shared.append(text)
    return shared.index(text)


def cell(ref, value, style=None):
    st = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"{st}><v>{s(value)}</v></c>'
    if isinstance(value, tuple):  # ("inline", text)
        return f'<c r="{ref}" t="inlineStr"{st}><is><t>{value[1]}</t></is></c>'
    return f'<c r="{ref}"{st}><v>{value}</v></c>'


DATE = 1  # cellXfs index with numFmtId 14 (d/m/yyyy)
nfd = lambda t: unicodedata.normalize("NFD", t)

rows = {
    2: [("B2", ("inline", "DANH SÁCH HỘI VIÊN CLB LIÊN THẾ HỆ"))],
    4: [("B4", "TT"), ("C4", nfd("Họ và tên")), ("D4", "Năm sinh"), ("F4", "Dân tộc"),
        ("G4", "Hoàn cảnh"), ("H4", "Ấp"), ("I4", "Điện thoại"), ("J4", "Ghi chú")],
    5: [("D5", "Nam"), ("E5", "Nữ")],
    6: [(f"{c}6", f"({i})") for i, c in enumerate("BCDEFGHIJ", 1)],
    7: [("B7", 1), ("C7", "Nguyễn Văn Quang"), ("D7", 1947), ("F7", "Kinh"), ("H7", "Ấp 1"),
        ("I7", 943733416), ("J7", "Chủ nhiệm")],
    8: [("B8", 2), ("C8", "Phạm Thị Ánh"), ("E8", SERIAL_1956_05_18, DATE), ("F8", "Châu Ro"),
        ("H8", "Ấp 2")],
    10: [("C10", "Lê Thị Cúc"), ("E10", 1961, DATE), ("G10", "Hộ cận nghèo"), ("H10", "Ấp 2")],
    11: [("B11", 4), ("C11", "Trần Văn Bình"), ("D11", "1944"), ("H11", "Ấp 3"),
         ("I11", "0251 445 2252"), ("J11", "Thủ quỹ")],
    12: [("B12", 5), ("D12", 1950), ("H12", "Ấp 3")],
    13: [("B13", 6), ("C13", "Võ Văn Hai"), ("D13", 1950), ("E13", 1951), ("H13", "Ấp 3")],
    14: [("B14", "Cộng"), ("D14", 3), ("E14", 3)],
    16: [("C16", "Người lập biểu"), ("I16", "Chủ nhiệm CLB")],
    17: [("B17", 7), ("C17", "Không phải thành viên"), ("D17", 1950)],
}

sheet_rows = []
for r in sorted(rows):
    cells = "".join(cell(ref, *rest) for ref, *rest in rows[r])
    sheet_rows.append(f'<row r="{r}">{cells}</row>')

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
sheet2 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>'
          f'<dimension ref="B2:J17"/><sheetData>{"".join(sheet_rows)}</sheetData>'
          '<mergeCells count="3"><mergeCell ref="D4:E4"/><mergeCell ref="B4:B5"/>'
          '<mergeCell ref="C4:C5"/></mergeCells></worksheet>')
sheet1 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>'
          f'<row r="1">{cell("A1", "Hướng dẫn: điền danh sách ở trang DS")}</row>'
          '</sheetData></worksheet>')
sst = "".join(f"<si><t>{t}</t></si>" for t in shared)
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS} {RNS}><sheets>'
    '<sheet name="Huong dan" sheetId="1" r:id="rId1"/><sheet name="DS" sheetId="2" r:id="rId2"/>'
    '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>',
    "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {NS}>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '</styleSheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<sst {NS} count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>',
    "xl/worksheets/sheet1.xml": sheet1,
    "xl/worksheets/sheet2.xml": sheet2,
}
# Shared strings are collected while building the sheets, so write them last.
with zipfile.ZipFile("messy-roster.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                 "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"]:
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, files[name])
print("wrote messy-roster.xlsx")
