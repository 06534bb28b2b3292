"""The shipped nginx configuration deployed on loopback, for the nginx tests and the benches.

Only the lines deploy/README.md documents as a deployment's edits change (folders, ports, user,
logs); the included files are copied untouched, so what runs is what ships.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"

# The edits deploy/README.md documents, and only those: each names one line of nginx.conf.
DOCUMENTED_EDITS = {
    "user": "user www-data;",
    "pid": "pid /run/nginx-dateline.pid;",
    "error_log": "error_log /var/log/nginx/dateline-error.log warn;",
    "access_log": "access_log /var/log/nginx/dateline-access.log combined buffer=64k flush=1s;",
    "upstream": "server 127.0.0.1:8000;",
    "listen": "listen 80;",
    "baked": "root /srv/dateline/baked;",
    "data": "set $dateline_data /srv/dateline/data;",
}
INCLUDED = ("dateline-http.conf", "dateline-server.conf", "dateline-baked.conf")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str | None:
    """Return the path of Debian's nginx, or None when it is not installed."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def deployed_config(folder: Path, values: dict[str, str]) -> Path:
    """Write deploy/nginx.conf into ``folder`` with the documented lines set to ``values``,
    beside unchanged copies of the files it includes; return its path."""
    conf = CONF.read_text()
    for name, line in DOCUMENTED_EDITS.items():
        assert conf.count(line) == 1, f"deploy/nginx.conf no longer contains {line!r} once"
        conf = conf.replace(line, values[name])
    (folder / "nginx.conf").write_text(conf)
    for name in INCLUDED:
        shutil.copyfile(CONF.parent / name, folder / name)
    return folder / "nginx.conf"


def local_values(folder: Path, app_port: int, port: int, baked: Path, data: Path) -> dict:
    """Return the documented lines for an nginx run as this user with its files in ``folder``."""
    return {
        "user": "user root;",
        "pid": f"pid {folder / 'nginx.pid'};",
        "error_log": f"error_log {folder / 'error.log'} warn;",
        # Buffered as shipped, only elsewhere.
        "access_log": DOCUMENTED_EDITS["access_log"].replace(
            "/var/log/nginx/dateline-access.log", str(folder / "access.log")
        ),
        "upstream": f"server 127.0.0.1:{app_port};",
        "listen": f"listen 127.0.0.1:{port};",
        "baked": f"root {baked};",
        "data": f"set $dateline_data {data};",
    }


def start(folder: Path, app_port: int, baked: Path, data: Path) -> tuple[subprocess.Popen, int]:
    """Start nginx in the foreground with its files in ``folder`` on a free port; return the
    process and the port once it accepts connections. Raise ``RuntimeError`` if it stops."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    port = free_port()
    config = deployed_config(folder, local_values(folder, app_port, port, baked, data))
    process = subprocess.Popen(
        [binary, "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError as exc:
            if process.poll() is not None:
                output = process.stdout.read().decode()
                raise RuntimeError(f"nginx did not start: {output}") from exc
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within 10 s")
