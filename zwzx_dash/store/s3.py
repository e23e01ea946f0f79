"""Snapshots in S3-compatible object storage (AWS S3, MinIO, …): `s3://bucket/prefix`.

The layout is the one on disk. A new snapshot's files are uploaded first, its manifest
last (no manifest: not a snapshot), then CURRENT is swapped by a conditional PUT
(If-Match on the ETag the writer read; If-None-Match: * when there is none yet), so two
writers never both win. DuckDB reads the files through s3fs registered on its connection;
manifests and small tables are cached per snapshot id, which never changes once stored.

Credentials and endpoint come from the AWS environment variables or from the caller
(web/ reads `.streamlit/secrets.toml`); they never appear in what this module says.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar
from urllib.parse import urlparse

from zwzx_dash.store import objects
from zwzx_dash.store.objects import CURRENT, MANIFEST, PHOTOS, Pointer, SnapshotError, check_id

if TYPE_CHECKING:
    import duckdb

GRACE_ENV = "ZWZX_PRUNE_GRACE_MINUTES"
DEFAULT_GRACE_MINUTES = 60
# Files up to this size are read once per process into a local copy (manifests, pillars,
# sections, sources …); larger ones (figures) are read in ranges, row groups skipped by
# their statistics.
SMALL_FILE_BYTES = 4 << 20
# s3fs reads 50 MB ahead by default: far more than the row groups a query needs.
READ_BLOCK_BYTES = 1 << 20
_PREVIOUS = "previous"  # CURRENT's metadata: the id it named before the last swap

T = TypeVar("T")


@dataclass(frozen=True)
class S3Settings:
    """Credentials and endpoint; None leaves it to boto's own lookup. Never printed."""

    access_key_id: str | None = field(default=None, repr=False)
    secret_access_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)
    endpoint_url: str | None = None
    region: str | None = None

    @classmethod
    def from_env(cls, given: Mapping[str, Any] | None = None) -> S3Settings:
        """The AWS environment variables, with what `given` (secrets.toml's [s3] table:
        access_key_id, secret_access_key, session_token, endpoint_url, region) fills in
        where the environment says nothing."""
        given = given or {}

        def pick(key: str, *names: str) -> str | None:
            found = next((os.environ[n] for n in names if os.environ.get(n)), None)
            return found or (str(given[key]) if given.get(key) else None)

        return cls(
            access_key_id=pick("access_key_id", "AWS_ACCESS_KEY_ID"),
            secret_access_key=pick("secret_access_key", "AWS_SECRET_ACCESS_KEY"),
            session_token=pick("session_token", "AWS_SESSION_TOKEN"),
            endpoint_url=pick("endpoint_url", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
            region=pick("region", "AWS_DEFAULT_REGION", "AWS_REGION"),
        )


@functools.lru_cache(maxsize=8)
def _client(settings: S3Settings) -> Any:
    import boto3  # only where object storage is used: local installs never pay for it

    return boto3.client(
        "s3",
        aws_access_key_id=settings.access_key_id,
        aws_secret_access_key=settings.secret_access_key,
        aws_session_token=settings.session_token,
        endpoint_url=settings.endpoint_url,
        region_name=settings.region,
    )


@functools.lru_cache(maxsize=8)
def _filesystem(settings: S3Settings) -> Any:
    import s3fs

    return s3fs.S3FileSystem(
        key=settings.access_key_id,
        secret=settings.secret_access_key,
        token=settings.session_token,
        endpoint_url=settings.endpoint_url,
        client_kwargs={"region_name": settings.region} if settings.region else None,
        default_block_size=READ_BLOCK_BYTES,
        default_fill_cache=False,
    )


def _grace() -> timedelta:
    text = os.environ.get(GRACE_ENV, "").strip()
    try:
        minutes = float(text) if text else DEFAULT_GRACE_MINUTES
    except ValueError:
        raise SnapshotError(f"{GRACE_ENV} 应为分钟数，现在是“{text}”") from None
    return timedelta(minutes=max(minutes, 0))


@dataclass(frozen=True)
class S3Objects:
    """Snapshots under s3://bucket/prefix."""

    bucket: str
    prefix: str
    settings: S3Settings = field(default_factory=S3Settings, compare=True)

    @classmethod
    def at(cls, url: str, given: Mapping[str, Any] | None = None) -> S3Objects:
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise SnapshotError(f"对象存储地址应为 s3://存储桶/前缀，现在是 {url}")
        return cls(parsed.netloc, parsed.path.strip("/"), S3Settings.from_env(given))

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def _key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, *parts) if p)

    def _file_key(self, snapshot_id: str, name: str) -> str:
        if "/" in name or name.startswith("."):
            raise SnapshotError(f"快照中没有这个文件：{name}")
        return self._key("snapshots", check_id(snapshot_id), name)

    def _call(self, what: Callable[[], T]) -> T:
        """Run a request; what goes wrong is said in Chinese, naming the store and the
        error code, never the credentials (botocore's messages carry none either)."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        try:
            return what()
        except NoCredentialsError:
            raise SnapshotError(
                f"没有访问对象存储 {self} 的凭据：请设置 AWS_ACCESS_KEY_ID 和 "
                "AWS_SECRET_ACCESS_KEY（网页端也可写在 .streamlit/secrets.toml 的 [s3] 中）"
            ) from None
        except ClientError as err:
            code = err.response.get("Error", {}).get("Code", "未知")
            raise SnapshotError(f"对象存储 {self} 拒绝了请求（{code}）") from None
        except BotoCoreError as err:
            raise SnapshotError(
                f"无法连接对象存储 {self}（{type(err).__name__}）；请检查地址与网络"
            ) from None

    # ------------------------------------------------------------ reading

    def current(self) -> Pointer:
        from botocore.exceptions import ClientError

        def get() -> Pointer:
            try:
                reply = _client(self.settings).get_object(
                    Bucket=self.bucket, Key=self._key(CURRENT)
                )
            except ClientError as err:
                if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return Pointer(None)
                raise
            text = reply["Body"].read().decode("utf-8").strip()
            return Pointer(text or None, reply["ETag"])

        return self._call(get)

    def read(self, snapshot_id: str, name: str) -> bytes:
        return _read_once(self, self._file_key(snapshot_id, name))

    def _fetch(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        def get() -> bytes:
            try:
                reply = _client(self.settings).get_object(Bucket=self.bucket, Key=key)
            except ClientError as err:
                if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    raise FileNotFoundError(key) from None
                raise
            return reply["Body"].read()

        return self._call(get)

    @contextlib.contextmanager
    def open(self, snapshot_id: str, name: str) -> Iterator[BinaryIO]:
        path = f"{self.bucket}/{self._file_key(snapshot_id, name)}"
        with _filesystem(self.settings).open(path, "rb") as fh:
            yield fh

    def snapshot_ids(self) -> list[str]:
        folder = self._key("snapshots") + "/"
        pages = _client(self.settings).get_paginator("list_objects_v2")

        def listed() -> list[str]:
            found = []
            for page in pages.paginate(Bucket=self.bucket, Prefix=folder, Delimiter="/"):
                for entry in page.get("CommonPrefixes", []):
                    found.append(entry["Prefix"][len(folder) :].rstrip("/"))
            return found

        return self._call(listed)

    def query_url(self, snapshot_id: str, name: str) -> str:
        key = self._file_key(snapshot_id, name)
        local = _local_copy(self, key)
        return str(local) if local else f"s3://{self.bucket}/{key}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> None:
        con.register_filesystem(_filesystem(self.settings))

    # ------------------------------------------------------------ writing

    def writing(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def new_snapshot(self, snapshot_id: str) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix="zwzx-upload-"))
        try:
            yield folder
            names = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)
            for name in [*names, MANIFEST]:
                self._upload(folder / name, self._file_key(snapshot_id, name))
        except BaseException:
            with contextlib.suppress(Exception):
                self.delete(snapshot_id)
            raise
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _upload(self, path: Path, key: str) -> None:
        client = _client(self.settings)
        with open(path, "rb") as fh:
            self._call(lambda: client.put_object(Bucket=self.bucket, Key=key, Body=fh))

    def swap_current(self, snapshot_id: str, expected: Pointer) -> bool:
        from botocore.exceptions import ClientError

        condition = {"IfMatch": expected.tag} if expected.tag else {"IfNoneMatch": "*"}

        def put() -> bool:
            try:
                _client(self.settings).put_object(
                    Bucket=self.bucket,
                    Key=self._key(CURRENT),
                    Body=(check_id(snapshot_id) + "\n").encode(),
                    Metadata={_PREVIOUS: expected.snapshot_id or ""},
                    **condition,
                )
            except ClientError as err:
                # 412: CURRENT is not as read; 409: another conditional write was in flight.
                if err.response.get("Error", {}).get("Code") in (
                    "PreconditionFailed",
                    "ConditionalRequestConflict",
                ):
                    return False
                raise
            return True

        return self._call(put)

    def delete(self, snapshot_id: str) -> None:
        client = _client(self.settings)
        folder = self._key("snapshots", check_id(snapshot_id)) + "/"

        def remove() -> None:
            listed = client.list_objects_v2(Bucket=self.bucket, Prefix=folder)
            keys = sorted((o["Key"] for o in listed.get("Contents", [])), key=_manifest_first)
            for batch in (keys[:1], keys[1:]):
                if batch:
                    objects = [{"Key": k} for k in batch]
                    client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects})
            if listed.get("IsTruncated"):
                remove()

        self._call(remove)

    def recently_replaced(self, grace: timedelta) -> str | None:
        from botocore.exceptions import ClientError

        def head() -> str | None:
            try:
                reply = _client(self.settings).head_object(
                    Bucket=self.bucket, Key=self._key(CURRENT)
                )
            except ClientError as err:
                if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return None
                raise
            if datetime.now(UTC) - reply["LastModified"] >= grace:
                return None
            return reply.get("Metadata", {}).get(_PREVIOUS) or None

        return self._call(head)

    @property
    def prune_grace(self) -> timedelta:
        return _grace()

    # ------------------------------------------------------------ photos

    def photo_names(self) -> dict[str, datetime]:
        folder = self._key(PHOTOS) + "/"
        pages = _client(self.settings).get_paginator("list_objects_v2")

        def listed() -> dict[str, datetime]:
            found = {}
            for page in pages.paginate(Bucket=self.bucket, Prefix=folder):
                for entry in page.get("Contents", []):
                    name = entry["Key"][len(folder) :]
                    if objects.PHOTO_PATTERN.fullmatch(name):
                        found[name] = entry["LastModified"]
            return found

        return self._call(listed)

    def read_photo(self, name: str) -> bytes:
        return self._fetch(self._key(PHOTOS, objects.check_photo_name(name)))  # web/ caches it

    def put_photo(self, name: str, data: bytes) -> None:
        from botocore.exceptions import ClientError

        client, key = _client(self.settings), self._key(PHOTOS, objects.check_photo_name(name))

        def put() -> None:
            try:  # already there: copied onto itself, which renews its time (prune's grace)
                client.copy_object(
                    Bucket=self.bucket,
                    Key=key,
                    CopySource={"Bucket": self.bucket, "Key": key},
                    MetadataDirective="REPLACE",
                )
            except ClientError as err:
                if err.response.get("Error", {}).get("Code") not in ("NoSuchKey", "404"):
                    raise
                client.put_object(Bucket=self.bucket, Key=key, Body=data)

        self._call(put)

    def delete_photo(self, name: str) -> None:
        key = self._key(PHOTOS, objects.check_photo_name(name))
        self._call(lambda: _client(self.settings).delete_object(Bucket=self.bucket, Key=key))


def _manifest_first(key: str) -> tuple[bool, str]:
    return (not key.endswith("/" + MANIFEST), key)


@functools.lru_cache(maxsize=512)
def _read_once(objects: S3Objects, key: str) -> bytes:
    """A stored snapshot's file, read once per process: snapshots never change. (A missing
    file raises, and lru_cache keeps no exceptions: it is looked for again next time.)"""
    return objects._fetch(key)


_COPIES: dict[tuple[S3Objects, str], Path | None] = {}
_COPIES_LOCK = threading.Lock()
_COPY_FOLDER: list[Path] = []


def _local_copy(objects: S3Objects, key: str) -> Path | None:
    """A small file's local copy, written once per process (None for a large file)."""
    with _COPIES_LOCK:
        if (objects, key) not in _COPIES:
            size = objects._call(
                lambda: _client(objects.settings).head_object(Bucket=objects.bucket, Key=key)
            )["ContentLength"]
            path = None
            if size <= SMALL_FILE_BYTES:
                path = _copy_folder() / f"{objects.bucket}_{key.replace('/', '_')}"
                path.write_bytes(objects._fetch(key))
            _COPIES[(objects, key)] = path
        return _COPIES[(objects, key)]


def _copy_folder() -> Path:
    if not _COPY_FOLDER:
        import atexit

        folder = Path(tempfile.mkdtemp(prefix="zwzx-s3-cache-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _COPY_FOLDER.append(folder)
    return _COPY_FOLDER[0]
