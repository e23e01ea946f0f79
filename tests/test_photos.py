"""Photos with their captions: checked and encoded again on the way in, stored once by
content beside the snapshots, named in the manifest, verified, rolled back and pruned."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from PIL import Image

from zwzx_dash.ingest import photos as ingest_photos
from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import merge, photos, snapshots
from zwzx_dash.store.objects import SnapshotError

from .conftest import add_earlier_year, run_cli
from .photo_files import folder_with_photos, image_bytes, jpeg_with_gps, name_captions


def publish(root, data, **kwargs) -> snapshots.Manifest:
    return snapshots.publish(
        root,
        data.tables,
        input_name=data.name,
        input_sha256=data.sha256,
        new_photos=data.photos,
        **kwargs,
    )


def stored(root) -> list[str]:
    folder = root / "photos"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_jpeg_loses_its_exif_and_gps_and_is_scaled_down():
    raw = jpeg_with_gps((3000, 2000))
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the GPS is there
    encoded = ingest_photos.encode_photo(raw)
    image = Image.open(io.BytesIO(encoded))
    assert image.format == "JPEG"
    assert max(image.size) == ingest_photos.LONG_SIDE
    assert image.size == (2560, 1707)
    assert not image.getexif()
    assert b"Exif" not in encoded and b"ZWZX-CAMERA" not in encoded


@pytest.mark.parametrize(("kind", "becomes"), [("PNG", "PNG"), ("WEBP", "JPEG"), ("JPEG", "JPEG")])
def test_each_accepted_format_is_encoded_again(kind, becomes):
    encoded = ingest_photos.encode_photo(image_bytes(kind, (900, 1200)))
    image = Image.open(io.BytesIO(encoded))
    assert (image.format, image.size) == (becomes, (900, 1200))


def test_refusals_name_why():
    with pytest.raises(ingest_photos.PhotoRefused, match="不是 JPEG、PNG 或 WebP"):
        ingest_photos.encode_photo(b"GIF89a" + b"\0" * 100)
    with pytest.raises(ingest_photos.PhotoRefused, match="无法完整解码"):
        ingest_photos.encode_photo(image_bytes("PNG")[:200])


def test_the_size_cap_is_a_named_constant(monkeypatch):
    monkeypatch.setattr(ingest_photos, "MAX_PHOTO_BYTES", 1000)
    with pytest.raises(ingest_photos.PhotoRefused, match="上限"):
        ingest_photos.encode_photo(image_bytes("PNG", (400, 400)) + b"\0" * 1000)


def test_the_cli_publishes_a_photo_stored_by_its_content(data_root, tmp_path):
    folder = folder_with_photos(tmp_path / "input", {"调研.jpg": jpeg_with_gps((800, 600))})
    done = run_cli("refresh", str(folder), "--note", "配图", "--yes", "--accept-warnings")
    assert done.returncode == 0, done.stderr
    snapshot_id = done.stdout.strip()
    recorded = json.loads((data_root / "snapshots" / snapshot_id / "manifest.json").read_text())
    name = recorded["photos"]["调研.jpg"]
    assert stored(data_root) == [name]
    data = (data_root / "photos" / name).read_bytes()
    assert name == photos.stored_name(data)
    assert not Image.open(io.BytesIO(data)).getexif()  # GPS and all EXIF gone
    assert snapshots.verify(data_root, snapshot_id).photos == {"调研.jpg": name}


def test_an_unchanged_photo_is_stored_once(data_root, tmp_path):
    picture = jpeg_with_gps((800, 600))
    first = publish(data_root, load_input(folder_with_photos(tmp_path / "a", {"x.jpg": picture})))
    second = publish(data_root, load_input(folder_with_photos(tmp_path / "b", {"x.jpg": picture})))
    assert first.photos == second.photos
    assert len(stored(data_root)) == 1


def test_a_caption_without_its_photo_still_publishes(data_root, tmp_path):
    folder = folder_with_photos(tmp_path / "input", {"有.png": image_bytes("PNG")})
    name_captions(folder, {0: "有.png", 1: "没有提供.jpg"})
    manifest = publish(data_root, load_input(folder))
    assert list(manifest.photos) == ["有.png"]


def test_a_missing_or_altered_photo_fails_verify(data_root, tmp_path):
    data = load_input(folder_with_photos(tmp_path / "input", {"a.png": image_bytes("PNG")}))
    manifest = publish(data_root, data)
    path = data_root / "photos" / manifest.photos["a.png"]
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(SnapshotError, match=r"图片 a\.png 与清单不符"):
        snapshots.verify(data_root, manifest.id)
    path.unlink()
    with pytest.raises(SnapshotError, match=r"图片 a\.png 缺失"):
        snapshots.verify(data_root, manifest.id)


def test_rollback_restores_the_previous_photo(data_root, tmp_path):
    red, blue = image_bytes("PNG", color="#A4161A"), image_bytes("PNG", color="#2B6CB0")
    first = publish(data_root, load_input(folder_with_photos(tmp_path / "a", {"p.png": red})))
    second = publish(data_root, load_input(folder_with_photos(tmp_path / "b", {"p.png": blue})))
    assert first.photos != second.photos
    back = snapshots.rollback(data_root)
    assert back.id == first.id
    shown = photos.read_photo(snapshots.at(data_root), back.photos, "p.png")
    assert Image.open(io.BytesIO(shown)).getpixel((0, 0)) == (0xA4, 0x16, 0x1A)


def test_prune_keeps_shared_photos_and_removes_orphans(data_root, tmp_path):
    shared, gone = image_bytes("PNG", color="#111111"), image_bytes("PNG", color="#EEEEEE")
    both = folder_with_photos(tmp_path / "a", {"s.png": shared, "g.png": gone})
    first = publish(data_root, load_input(both))
    only = folder_with_photos(tmp_path / "b", {"s.png": shared})
    second = publish(data_root, load_input(only))
    (data_root / "photos" / "hand-copied.jpg").write_bytes(b"left alone")
    assert snapshots.prune(data_root, keep=1) == [first.id]
    assert stored(data_root) == sorted([second.photos["s.png"], "hand-copied.jpg"])
    snapshots.verify(data_root, second.id)


def test_a_refresh_of_another_year_keeps_the_photos_it_does_not_replace(data_root, tmp_path):
    first = publish(
        data_root,
        load_input(folder_with_photos(tmp_path / "a", {"p.png": image_bytes("PNG")})),
    )
    earlier = tmp_path / "earlier"
    shutil.copytree(tmp_path / "a", earlier)
    shutil.rmtree(earlier / "photos")
    add_earlier_year(earlier)
    for name in ("metrics", "sections", "highlights", "captions"):  # only 2022 rows
        path = earlier / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([lines[0], *[x for x in lines if ",2022," in x]]) + "\n")
    merged = merge.publish_merged(
        data_root, load_input(earlier).tables, input_name="e", input_sha256="0"
    )
    assert "p.png" in merged.photos
    assert merged.photos == first.photos


def test_an_old_manifest_without_photos_reads(published):
    snapshot_id = snapshots.current_id(published)
    path = published / "snapshots" / snapshot_id / "manifest.json"
    recorded = json.loads(path.read_text(encoding="utf-8"))
    recorded.pop("photos")
    path.write_text(json.dumps(recorded, ensure_ascii=False))
    assert snapshots.verify(published, snapshot_id).photos == {}
