"""A real S3 API on loopback: moto's standalone server in a subprocess, for the object
storage tests and benchmark. Credentials are made up; the server accepts any."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from .browser import free_port, stop

KEY_ID = "AKIAZWZXTESTKEY00001"
SECRET = "zwzx-test-secret-" + "Qx7Rk2Vb9Lm4"


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """Start `python -m moto.server` on a free loopback port; yield its endpoint URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def aws_env(endpoint: str) -> dict[str, str]:
    """The environment a process of ours needs to reach the server."""
    return {
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_DEFAULT_REGION": "us-east-1",
    }


def client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name="us-east-1",
    )


def new_bucket(endpoint: str) -> str:
    name = "zwzx-" + secrets.token_hex(6)
    client(endpoint).create_bucket(Bucket=name)
    return name


def set_env(endpoint: str) -> None:
    os.environ.update(aws_env(endpoint))
