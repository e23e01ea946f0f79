"""The entry to ingest: read an input (a CSV folder, or a workbook recognised by its
bytes), validate it, and hand back the tables with what the manifest records of them."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from zwzx_dash.ingest import columnar, workbook
from zwzx_dash.ingest.csv_folder import read_csv_folder
from zwzx_dash.ingest.raw import InputRefused, Problem
from zwzx_dash.ingest.validate import validate


@dataclass(frozen=True)
class Input:
    """Validated tables plus what the manifest records about where they came from."""

    tables: dict[str, pa.Table]
    name: str
    sha256: str
    # What the 待核 list still asks of a person: cells to fill (a draft only) and to check.
    notes: tuple[Problem, ...] = ()


def load_input(path: Path, name: str | None = None, draft: bool = False) -> Input:
    """Read and validate an input: a CSV folder, or an .xlsx workbook (recognised by its
    bytes, not its name). `name` is what messages call the file (an upload's own name).
    A draft may still have cells its 待核 list marks as to be filled; anything to be
    published may not. Raises InputRefused."""
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise InputRefused([Problem(str(path), "找不到这个文件或文件夹")])
    if path.is_dir():
        fast = columnar.fast_tables(path)
        if fast is not None:
            return Input(tables=fast[0], name=name, sha256=fast[1])
        raw, problems, sha = read_csv_folder(path)
    else:
        with open(path, "rb") as fh:
            head = fh.read(4)
        if not workbook.is_workbook(head):
            raise InputRefused(
                [Problem(name, "不是 Excel 工作簿（.xlsx），也不是装有 CSV 文件的文件夹")]
            )
        raw, problems, sha = workbook.read_workbook(path, name)
    notes: list[Problem] = []
    tables = validate(raw, problems, notes=notes if draft else None)
    return Input(tables=tables, name=name, sha256=sha, notes=tuple(notes))


def load_upload(data: bytes, name: str) -> Input:
    """Validate an uploaded workbook (its bytes and the name it was uploaded under)."""
    with tempfile.TemporaryDirectory(prefix="zwzx-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        return load_input(path, name=Path(name).name)
