"""nginx for the deployment tests: the site file of deploy/nginx with the test's ports and a
self-signed certificate, inside a throwaway nginx.conf under a prefix in tmp, run in the
foreground."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .browser import PROJECT, free_port, stop

NGINX = Path("/usr/sbin/nginx")
OPENSSL = Path("/usr/bin/openssl")
SITE = PROJECT / "deploy" / "nginx" / "zwzx-dash.conf"
TEST_HOST = "zwzx-dash.test"
# One line per request: what was asked, the answer, and which replica answered.
LOG_FORMAT = '"$request" $status $upstream_addr'


def require_nginx() -> None:
    """At the top of a module: skip it without nginx and openssl, except in CI."""
    import pytest

    missing = [str(p) for p in (NGINX, OPENSSL) if not p.exists()]
    if not missing:
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"CI must run the nginx tests: {', '.join(missing)} missing")
    pytest.skip(
        f"NGINX TESTS SKIPPED: {', '.join(missing)} missing "
        "(as root: apt-get install nginx openssl, or run make test)",
        allow_module_level=True,
    )


def self_signed_certificate(folder: Path, host: str = TEST_HOST) -> tuple[Path, Path]:
    """A certificate for `host` and 127.0.0.1, valid two days, and its key."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "site.crt", folder / "site.key"
    subprocess.run(
        [str(OPENSSL), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise AssertionError(f"the site file should hold {old!r} once, not {text.count(old)}")
    return text.replace(old, new)


def site_for_test(
    replicas: list[int], http_port: int, https_port: int, cert: Path, key: Path
) -> str:
    """deploy/nginx/zwzx-dash.conf with loopback listeners on the test's ports (no IPv6),
    the test's certificate and one upstream server per replica port, each keeping the
    parameters the file gives its first one."""
    text = SITE.read_text(encoding="utf-8")
    text = _once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _once(text, "listen [::]:80;\n", "")
    text = _once(text, "listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    text = _once(text, "listen [::]:443 ssl;\n", "")
    text = _once(text, "/etc/ssl/zwzx-dash/zwzx-dash.crt;", f"{cert};")
    text = _once(text, "/etc/ssl/zwzx-dash/zwzx-dash.key;", f"{key};")
    servers = list(re.finditer(r"^(\s*)server 127\.0\.0\.1:\d+((?: [^;\n]+)?);\n", text, re.M))
    if len(servers) < 2:
        raise AssertionError("the site file's upstream should list two replicas or more")
    indent, params = servers[0].group(1), servers[0].group(2)
    ours = "".join(f"{indent}server 127.0.0.1:{port}{params};\n" for port in replicas)
    for match in reversed(servers[1:]):
        text = text[: match.start()] + text[match.end() :]
    return text[: servers[0].start()] + ours + text[servers[0].end() :]


@dataclass(frozen=True)
class Nginx:
    prefix: Path
    conf: Path
    http_port: int
    https_port: int
    cert: Path

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def args(self, *extra: str) -> list[str]:
        return [str(NGINX), "-p", str(self.prefix), "-e", str(self.prefix / "error.log"),
                "-c", str(self.conf), *extra]  # fmt: skip


def prepare(prefix: Path, replicas: list[int], site_text: str | None = None) -> Nginx:
    """A prefix holding a certificate, the site for `replicas` (or `site_text`) and an
    nginx.conf that includes it: foreground, logs and temporary files in the prefix."""
    prefix.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(prefix / "tls")
    http_port, https_port = free_port(), free_port()
    site = prefix / "zwzx-dash.conf"
    text = site_for_test(replicas, http_port, https_port, cert, key)
    site.write_text(site_text if site_text is not None else text, encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""daemon off;
{"user root root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    log_format zwzx '{LOG_FORMAT}';
    access_log {prefix / "access.log"} zwzx;
{temp}
    include {site};
}}
""",
        encoding="utf-8",
    )
    return Nginx(prefix, conf, http_port, https_port, cert)


def check_config(nginx: Nginx) -> subprocess.CompletedProcess:
    """`nginx -t` on the prepared configuration."""
    return subprocess.run(nginx.args("-t"), capture_output=True, text=True, timeout=60)


@contextlib.contextmanager
def serve_nginx(nginx: Nginx) -> Iterator[subprocess.Popen]:
    """nginx in the foreground until the block ends; yields once its HTTPS port accepts."""
    proc = subprocess.Popen(nginx.args(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", nginx.https_port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    error = proc.stderr.read().decode() if proc.poll() is not None else ""
                    raise RuntimeError(f"nginx did not start: {error}") from None
                time.sleep(0.1)
        yield proc
    finally:
        stop(proc)
