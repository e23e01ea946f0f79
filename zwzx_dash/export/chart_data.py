"""The data behind a native PowerPoint chart (export/pptx.py), every name kept as text."""

from __future__ import annotations

import io

from pptx.chart.data import CategoryChartData
from xlsxwriter import Workbook


class TextChartData(CategoryChartData):
    """Its embedded workbook holds every name as text: XlsxWriter would write "=…" as a
    formula and a URL as a link."""

    @property
    def xlsx_blob(self) -> bytes:
        out = io.BytesIO()
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        with Workbook(out, options) as workbook:
            self._workbook_writer._populate_worksheet(workbook, workbook.add_worksheet())
        return out.getvalue()
