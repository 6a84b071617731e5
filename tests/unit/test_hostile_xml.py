"""What already held before issue 16 stays tested: XML entity tricks in an XLSX.

openpyxl parses workbooks through defusedxml (a declared dependency), so an
entity bomb ("billion laughs") or an external entity (XXE) in a sheet is
refused as one Indonesian line, quickly, and never expanded or fetched.
"""

from __future__ import annotations

import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import intake

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _xlsx_with_doctype(tmp_path, doctype: str, entity: str):
    """A valid locations workbook whose first sheet carries ``doctype``."""
    src = tmp_path / "asli.xlsx"
    df = pd.DataFrame(
        {
            "cooperative_id": ["1"],
            "name": ["KOPERASI DESA MERAH PUTIH GERBO"],
            "province": ["JAWA TIMUR"],
            "district": ["KAB. PASURUAN"],
            "subdistrict": ["Purwodadi"],
            "latitude": ["-7.8"],
            "longitude": ["112.7"],
        }
    )
    df.to_excel(src, index=False)
    out = tmp_path / "jahat.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").split("?>", 1)[1]
                text = text.replace("GERBO", f"GERBO &{entity};", 1)
                data = (doctype + text).encode("utf-8")
            zout.writestr(item, data)
    assert openpyxl.load_workbook(src)  # the original is a good workbook
    return out


@pytest.mark.parametrize(
    ("doctype", "entity"), [(LAUGHS, "lol9"), (XXE, "xxe")], ids=["laughs", "xxe"]
)
def test_entity_tricks_in_a_workbook_are_refused_in_one_line(tmp_path, doctype, entity):
    path = _xlsx_with_doctype(tmp_path, doctype, entity)
    start = time.perf_counter()
    with pytest.raises(intake.IntakeError) as err:
        intake.read_locations(path)
    assert time.perf_counter() - start < 10
    message = str(err.value)
    assert "\n" not in message and "jahat.xlsx" in message
    assert "root:" not in message  # nothing from /etc/passwd
