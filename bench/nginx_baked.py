"""A baked page through deploy/nginx.conf against the same bytes from a bare static nginx.

The static anchor is the block of ``../shared/bench-anchors/files/nginx.conf.in`` (access log
off, ``try_files $uri $uri/index.html =404``); the product is the shipped ``deploy/nginx.conf``
with only its documented lines changed (user, pid, logs, listen, folders). Each runs as its
own nginx (``worker_processes auto``) so that the CPU of each process tree can be counted
(the harness's ``files/cputicks.py`` approach: user+sys ticks from /proc). wrk runs the two
in interleaved rounds, as the harness does:

    .venv/bin/python bench/nginx_baked.py --page /tmp/x/baked/en/news/1/slug/index.html \\
        --rounds 3 --seconds 10

``--page`` is one baked article page (its ``.gz`` beside it is copied too when present); the
request path is the folder's path under the baked root (``--path``, default
``/en/news/1/a-baked-page/``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bake import wrk  # noqa: E402
from bench.loadkit.nginx import deployed_config, free_port, local_values  # noqa: E402

STATIC_CONF = """user root;
worker_processes auto;
pid {work}/static.pid;
error_log {work}/static-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def cpu_seconds(pid: int) -> float:
    """User+sys CPU of ``pid`` and its descendants (live and reaped), as cputicks.py counts."""
    ticks = os.sysconf("SC_CLK_TCK")
    procs: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        procs[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    total = 0
    for child, (_parent, used) in procs.items():
        walk, hops = child, 0
        while walk in procs and hops < 64:
            if walk == pid:
                total += used
                break
            walk, hops = procs[walk][0], hops + 1
    return total / ticks


def start(conf: Path, url: str) -> subprocess.Popen:
    server = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"{url} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", required=True, help="a baked article page (index.html)")
    parser.add_argument("--path", default="/en/news/1/a-baked-page/")
    parser.add_argument("--work", default="/tmp/dateline-bench-nginx")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--conns", type=int, default=64)
    args = parser.parse_args()

    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "data").mkdir(parents=True)
    page = Path(args.page)
    roots = {}
    for name in ("static", "dateline"):
        folder = work / name / args.path.strip("/")
        folder.mkdir(parents=True)
        shutil.copyfile(page, folder / "index.html")
        if name == "dateline" and page.with_name(page.name + ".gz").exists():
            shutil.copyfile(page.with_name(page.name + ".gz"), folder / "index.html.gz")
        roots[name] = work / name
    ports = {"static": free_port(), "dateline": free_port()}
    (work / "static.conf").write_text(
        STATIC_CONF.format(work=work, port=ports["static"], root=roots["static"])
    )
    # The shipped config with only its documented lines changed; the app's port is empty
    # (a baked page never reaches it).
    values = local_values(work, free_port(), ports["dateline"], roots["dateline"], work / "data")
    deployed_config(work, values).rename(work / "dateline.conf")

    urls = {n: f"http://127.0.0.1:{ports[n]}{args.path}" for n in ports}
    servers = {n: start(work / f"{n}.conf", urls[n]) for n in ports}
    results: dict[str, list[tuple[float, float]]] = {n: [] for n in ports}
    try:
        bodies = {n: urllib.request.urlopen(urls[n]).read() for n in urls}
        assert bodies["static"] == bodies["dateline"] == page.read_bytes()
        for name in ports:  # warm-up
            wrk(urls[name], 3, args.conns)
        for round_ in range(args.rounds):
            for name in ports if round_ % 2 == 0 else reversed(list(ports)):
                time.sleep(2)
                before = cpu_seconds(servers[name].pid)
                rate = wrk(urls[name], args.seconds, args.conns)
                used = cpu_seconds(servers[name].pid) - before
                per_request = used / (rate * args.seconds) * 1e6
                results[name].append((rate, per_request))
                print(
                    f"round {round_ + 1} {name}: {rate:,.0f} req/s, "
                    f"{per_request:.1f} us CPU/request",
                    flush=True,
                )
    finally:
        for server in servers.values():
            server.terminate()
            server.wait()
    rps = {n: statistics.median(r for r, _ in results[n]) for n in results}
    cpu = {n: statistics.median(c for _, c in results[n]) for n in results}
    ratios = [d[0] / s[0] for d, s in zip(results["dateline"], results["static"], strict=True)]
    print()
    print("| target | req/s (median) | nginx CPU µs/request (median) |")
    print("|---|---:|---:|")
    for name in ("static", "dateline"):
        print(f"| {name} | {rps[name]:,.0f} | {cpu[name]:.1f} |")
    print(
        f"\nratio dateline/static per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
        f"median {statistics.median(ratios):.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
