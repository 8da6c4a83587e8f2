#!/usr/bin/env python3
"""Writes messy-loan-book.xlsx, a hand-built workbook for the loan-book reader's tests.

Run from this directory with the Python standard library only (no Excel
writer is available to the Rust tests). What it holds, and why:

* sheet 1 "Huong dan": instructions only, no header (the reader must move on);
* sheet 2 "So vay": the table starts in column B, row 2 (calamine's range
  then starts there; column letters and row numbers must still be Excel's),
  with a title that names no year, a decomposed (NFD) "Họ và tên", a
  two-row header whose merged "Số tiền trả nợ năm 2026" stands over month
  sub-headings `12/2025`, `1`, `2`, `3` (the first names its own year), a
  column-numbering row, a "Tổng đã trả" totals column (not a month);
* values as treasurers leave them: disbursement dates as date cells (date
  format) and as text, principals as numbers and as `2tr`, the term as a
  number and as `10 tháng`, rates as percentage-formatted cells (0.01 shown
  as 1%, 0.008 as 0.8%, 0.0125 as 1.25%) and as a bare 0.5, a birth year
  typed into a date-formatted cell, a declining-balance loan, an empty row,
  a blank STT, repayments as numbers, `210.000` and `210k`, an outstanding
  balance as a number and as text, a row with an ambiguous principal and an
  unknown method, a "Cộng" totals row with formulas, a signature line and a
  row after it that is not a loan.
"""
import datetime
import unicodedata
import zipfile

EPOCH = datetime.date(1899, 12, 30)


def serial(y, m, d):
    return (datetime.date(y, m, d) - EPOCH).days


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
    if isinstance(value, tuple) and value[0] == "inline":
        return f'<c r="{ref}" t="inlineStr"{st}><is><t>{value[1]}</t></is></c>'
    if isinstance(value, tuple) and value[0] == "formula":
        return f'<c r="{ref}"{st}><f>{value[1]}</f><v>{value[2]}</v></c>'
    return f'<c r="{ref}"{st}><v>{value}</v></c>'


DATE = 1  # cellXfs index with numFmtId 14 (d/m/yyyy)
PERCENT = 2  # cellXfs index with numFmtId 10 (0.00%)
MONEY = 3  # cellXfs index with the custom format #,##0
nfd = lambda t: unicodedata.normalize("NFD", t)

rows = {
    2: [("B2", ("inline", "HỘI NGƯỜI CAO TUỔI XÃ XUÂN ĐƯỜNG"))],
    3: [("B3", ("inline", "SỔ THEO DÕI CHO VAY VỐN QUAY VÒNG"))],
    4: [("B4", "STT"), ("C4", nfd("Họ và tên")), ("D4", "Năm sinh"), ("E4", "Ngày giải ngân"),
        ("F4", "Số vốn vay"), ("G4", "Kỳ hạn (tháng)"), ("H4", "Lãi suất/tháng"),
        ("I4", "Phương thức tính lãi"), ("J4", "Mục đích"), ("K4", "Số tiền trả nợ năm 2026"),
        ("O4", "Tổng đã trả"), ("P4", "Dư nợ")],
    5: [("K5", "12/2025"), ("L5", 1), ("M5", 2), ("N5", 3)],
    6: [(f"{c}6", f"({i})") for i, c in enumerate("BCDEFGHIJKLMNOP", 1)],
    7: [("B7", 1), ("C7", "Nguyễn Văn Quang"), ("D7", 1947), ("E7", serial(2025, 11, 20), DATE),
        ("F7", 3000000, MONEY), ("G7", 6), ("H7", 0.01, PERCENT), ("I7", "Dư nợ giảm dần"),
        ("J7", "Chăn nuôi"), ("K7", 530000, MONEY), ("L7", 525000, MONEY), ("M7", 520000, MONEY),
        ("N7", 515000, MONEY), ("O7", ("formula", "SUM(K7:N7)", 2090000), MONEY),
        ("P7", 1000000, MONEY)],
    8: [("B8", 2), ("C8", "Phạm Thị Ánh"), ("D8", "1956"), ("E8", ("inline", "05/01/2026")),
        ("F8", "2tr"), ("G8", "10 tháng"), ("H8", 0.5), ("J8", "Buôn bán"), ("K8", "-"),
        ("M8", "210.000"), ("N8", "210k"), ("O8", ("formula", "SUM(K8:N8)", 420000), MONEY),
        ("P8", "1.600.000")],
    10: [("C10", "Lê Thị Cúc"), ("D10", 1961, DATE), ("E10", serial(2026, 2, 10), DATE),
         ("F10", 1500000, MONEY), ("G10", 3), ("H10", 0.008, PERCENT), ("I10", "Lãi phẳng"),
         ("N10", 512000, MONEY), ("O10", ("formula", "SUM(K10:N10)", 512000), MONEY)],
    11: [("B11", 3), ("C11", "Trần Văn Bình"), ("D11", 1944), ("E11", serial(2026, 3, 1), DATE),
         ("F11", 1000000, MONEY), ("G11", 12), ("H11", 0.0125, PERCENT), ("J11", "Sửa nhà"),
         ("O11", ("formula", "SUM(K11:N11)", 0), MONEY), ("P11", 1000000, MONEY)],
    12: [("B12", 4), ("C12", "Võ Văn Hai"), ("D12", 1950), ("E12", serial(2026, 3, 5), DATE),
         ("F12", "5.00.000"), ("G12", 6), ("H12", 0.01, PERCENT), ("I12", "Trả góp")],
    13: [("B13", "Cộng"), ("F13", ("formula", "SUM(F7:F12)", 7500000), MONEY),
         ("O13", ("formula", "SUM(O7:O12)", 3022000), MONEY)],
    15: [("C15", "Người lập biểu"), ("J15", "Chủ nhiệm CLB")],
    16: [("B16", 5), ("C16", "Không phải khoản vay"), ("F16", 1000000)],
}

sheet_rows = []
for r in sorted(rows):
    cells = "".join(cell(ref, *rest) for ref, *rest in rows[r])
    sheet_rows.append(f'<row r="{r}">{cells}</row>')

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
merges = ["B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "I4:I5", "J4:J5",
          "K4:N4", "O4:O5", "P4:P5"]
merge_xml = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
sheet2 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>'
          f'<dimension ref="B2:P16"/><sheetData>{"".join(sheet_rows)}</sheetData>'
          f'<mergeCells count="{len(merges)}">{merge_xml}</mergeCells></worksheet>')
sheet1 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>'
          f'<row r="1">{cell("A1", "Hướng dẫn: ghi sổ vay ở trang So vay")}</row>'
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
    '<sheet name="Huong dan" sheetId="1" r:id="rId1"/><sheet name="So vay" sheetId="2" r:id="rId2"/>'
    '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>',
    "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {NS}>'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '</styleSheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<sst {NS} count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>',
    "xl/worksheets/sheet1.xml": sheet1,
    "xl/worksheets/sheet2.xml": sheet2,
}
# Shared strings are collected while building the sheets, so write them last.
with zipfile.ZipFile("messy-loan-book.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                 "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"]:
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, files[name])
print("wrote messy-loan-book.xlsx")
