"""Names for the processes that claim work (baked pages, event records), and whether the
process behind a name has ended, so that its claims can be freed."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path


def new_worker_id() -> str:
    """Return a claim name unique to this call: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_gone(owner: str) -> bool:
    """Return whether ``owner`` (a ``new_worker_id``) names a process of this host that has
    ended; for another host's process this cannot be known, so return ``False``."""
    owner_host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    return owner_host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed worker whose parent died too can linger as a zombie nobody reaps.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] not in (["Z"], ["X"])
