"""A draft made from an article, written out for staff to review: a workbook with its
待核 sheet, or a CSV folder with review.csv."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyarrow as pa

from zwzx_dash.export.tables import write_csv_folder, write_review_csv
from zwzx_dash.export.workbook import write_draft as write_draft_workbook
from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest.extract import Draft


def write_draft(draft: Draft, out: Path) -> None:
    """The draft as a workbook when OUT ends in .xlsx (written whole or not at all),
    otherwise as a CSV folder with its 待核 list in review.csv."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        partial = out.with_name(f".{out.name}.partial")
        try:
            write_draft_workbook(partial, draft.tables, draft.marks)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    else:
        write_csv_folder(out, draft.tables)
        write_review_csv(out, draft.marks, draft.tables)


def draft_workbook_bytes(draft: Draft) -> bytes:
    buffer = io.BytesIO()
    write_draft_workbook(buffer, draft.tables, draft.marks)
    return buffer.getvalue()


def reviewed_workbook_bytes(tables: dict[str, pa.Table]) -> bytes:
    """A draft reviewed in the browser, as the workbook it would have been once filled in:
    it is validated and published exactly as an uploaded workbook is."""
    buffer = io.BytesIO()
    write_workbook(buffer, tables)
    return buffer.getvalue()
