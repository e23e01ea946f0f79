"""A zip holding a workbook (or the CSV files) and its photos/, through the real CLI;
hostile archives refused before anything is unpacked or published."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest.load import load_input

from .conftest import SOURCE_DIR, run_cli, snapshot_state
from .photo_files import folder_with_photos, image_bytes, jpeg_with_gps


def workbook_naming(path: Path, named: dict[int, str]) -> Path:
    tables = dict(load_input(SOURCE_DIR).tables)
    captions = tables["captions"]
    photos = captions.column("photo").to_pylist()
    for row, name in named.items():
        photos[row] = name
    index = captions.schema.get_field_index("photo")
    field = captions.schema.field(index)
    tables["captions"] = captions.set_column(index, field, pa.array(photos, pa.string()))
    write_workbook(path, tables)
    return path


def test_a_zip_of_a_workbook_and_its_photos_publishes_them(published, tmp_path):
    book = workbook_naming(tmp_path / "数据.xlsx", {0: "调研.jpg"})
    bundle = tmp_path / "2023年数据.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(book, "2023年数据/数据.xlsx")
        archive.writestr("2023年数据/photos/调研.jpg", jpeg_with_gps((1200, 800)))
    done = run_cli("refresh", str(bundle), "--yes", "--accept-warnings")
    assert done.returncode == 0, done.stderr
    manifest = json.loads(
        (published / "snapshots" / done.stdout.strip() / "manifest.json").read_text()
    )
    assert list(manifest["photos"]) == ["调研.jpg"]
    assert (published / "photos" / manifest["photos"]["调研.jpg"]).is_file()


def test_a_zip_of_a_csv_folder_with_photos_publishes_them(published, tmp_path):
    folder = folder_with_photos(tmp_path / "input", {"p.png": image_bytes("PNG")})
    bundle = tmp_path / "data.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    assert load_input(bundle).photos.keys() == {"p.png"}


def test_a_bad_photo_in_a_zipped_workbook_names_its_sheet_and_row(published, tmp_path):
    book = workbook_naming(tmp_path / "数据.xlsx", {1: "假图.png"})
    bundle = tmp_path / "data.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(book, "数据.xlsx")
        archive.writestr("photos/假图.png", b"<html>not a picture</html>")
    before = snapshot_state(published)
    done = run_cli("refresh", str(bundle))
    assert done.returncode == 2, done.stderr
    assert "data.zip 中的 数据.xlsx，工作表「图片」，第 3 行" in done.stderr, done.stderr
    assert "photos/假图.png" in done.stderr and "不是 JPEG、PNG 或 WebP" in done.stderr
    assert snapshot_state(published) == before
    assert not (published / "photos").exists()


def test_a_zip_climbing_out_of_its_folder_is_refused_before_unpacking(published, tmp_path):
    bundle = tmp_path / "evil.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(SOURCE_DIR.glob("*.csv")):
            archive.write(path, path.name)
        archive.writestr("../../outside.txt", b"x")
    done = run_cli("refresh", str(bundle))
    assert done.returncode == 2, done.stderr
    assert "evil.zip 中的 ../../outside.txt" in done.stderr
    assert "普通相对路径" in done.stderr
    assert not (tmp_path.parent / "outside.txt").exists()


def test_a_zip_bomb_entry_is_refused(published, tmp_path):
    # 50 MB of zeros deflates to 50 KB: refused by its ratio before a byte is unpacked.
    bundle = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SOURCE_DIR.glob("*.csv")):
            archive.write(path, path.name)
        archive.writestr("photos/big.jpg", b"\0" * (50 * 2**20))
    done = run_cli("refresh", str(bundle))
    assert done.returncode == 2, done.stderr
    assert "bomb.zip 中的 photos/big.jpg" in done.stderr and "压缩炸弹" in done.stderr


def test_a_zip_without_data_is_left_to_the_workbook_reader(published, tmp_path):
    bundle = tmp_path / "photos-only.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("photos/a.png", image_bytes("PNG"))
    done = run_cli("refresh", str(bundle))
    assert done.returncode == 2, done.stderr
    assert "photos-only.zip" in done.stderr and "xl/workbook.xml" in done.stderr


def test_images_uploaded_beside_a_workbook_are_its_photos(tmp_path):
    from zwzx_dash.ingest.bounded import load_upload_bounded
    from zwzx_dash.ingest.load import SEPARATE_PHOTOS
    from zwzx_dash.ingest.raw import InputRefused

    book = workbook_naming(tmp_path / "数据.xlsx", {0: "a.jpg", 1: "b.png"}).read_bytes()
    images = {"a.jpg": jpeg_with_gps((900, 600)), "b.png": image_bytes("PNG")}
    data = load_upload_bounded(book, "数据.xlsx", photos=images)
    assert sorted(data.photos) == ["a.jpg", "b.png"]
    assert b"Exif" not in data.photos["a.jpg"]
    with pytest.raises(InputRefused) as refused:
        load_upload_bounded(book, "数据.xlsx", photos={"b.png": b"<html>"})
    text = refused.value.report()
    assert "工作表「图片」，第 3 行" in text and "photos/b.png" in text, text
    zipped = tmp_path / "d.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("数据.xlsx", book)
    with pytest.raises(InputRefused, match=SEPARATE_PHOTOS):
        load_upload_bounded(zipped.read_bytes(), "d.zip", photos=images)
