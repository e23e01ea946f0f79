"""A snapshot's photos: stored once by their content, named in its manifest.

A photo is stored as photos/<sha256>.<jpg|png|webp> beside snapshots/ (through the store's
`Objects`, on disk or on object storage), so a photo that did not change is not copied
again for each snapshot. The manifest's `photos` maps the file name staff gave (what
captions.photo holds) to that stored name: one name, one photo, in a snapshot. A publish
carries the photos of the snapshot it merged onto that its captions still name; a new photo
under a name already used replaces it. Verify reads and hashes each; prune deletes a photo
only when no kept snapshot names it and it is older than the grace period.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

import pyarrow as pa

from zwzx_dash.model.images import image_suffix
from zwzx_dash.store.objects import PHOTO_PATTERN, Objects, SnapshotError


def stored_name(data: bytes) -> str:
    """Where a photo's bytes are stored: their sha256 and the suffix their kind has."""
    suffix = image_suffix(data)
    if suffix is None:
        raise SnapshotError("只能保存 JPEG、PNG 或 WebP 图片")
    return f"{hashlib.sha256(data).hexdigest()}.{suffix}"


def named_by(captions: pa.Table) -> set[str]:
    """The photo file names the captions name."""
    return {name for name in captions.column("photo").to_pylist() if name}


def store_photos(
    store: Objects,
    new: Mapping[str, bytes],
    carried: Mapping[str, str],
    captions: pa.Table,
) -> dict[str, str]:
    """Store the new photos (those a caption names) and return the manifest's mapping:
    given name -> stored name, for every caption's photo there is one for."""
    wanted = named_by(captions)
    mapping = {given: stored for given, stored in carried.items() if given in wanted}
    for given, data in sorted(new.items()):
        if given in wanted:
            name = stored_name(data)
            store.put_photo(name, data)
            mapping[given] = name
    return dict(sorted(mapping.items()))


def verify_photos(store: Objects, snapshot_id: str, photos: Mapping[str, str]) -> None:
    """Every photo the manifest names is there, with the bytes its name hashes."""
    for given, name in photos.items():
        if not PHOTO_PATTERN.fullmatch(name):
            raise SnapshotError(f"快照 {snapshot_id} 的图片 {given} 存储名格式不对")
        try:
            data = store.read_photo(name)
        except FileNotFoundError:
            raise SnapshotError(f"快照 {snapshot_id} 的图片 {given} 缺失") from None
        except OSError as err:
            raise SnapshotError(f"快照 {snapshot_id} 的图片 {given} 无法读取") from err
        if hashlib.sha256(data).hexdigest() != name.split(".")[0]:
            raise SnapshotError(f"快照 {snapshot_id} 的图片 {given} 与清单不符")


def prune_photos(store: Objects, kept: Iterable[Mapping[str, str]], grace: timedelta) -> list[str]:
    """Delete stored photos no kept snapshot names, unless stored within the grace period
    (a publish in flight may have stored them before its manifest)."""
    named = {name for photos in kept for name in photos.values()}
    now = datetime.now(UTC)
    removed = []
    for name, stored_at in sorted(store.photo_names().items()):
        if name in named or (grace > timedelta(0) and now - stored_at < grace):
            continue
        store.delete_photo(name)
        removed.append(name)
    return removed


def read_photo(store: Objects, photos: Mapping[str, str], given: str) -> bytes | None:
    """The photo a caption names, from a snapshot's mapping; None when it has none."""
    name = photos.get(given)
    if name is None:
        return None
    try:
        return store.read_photo(name)
    except FileNotFoundError:
        return None
