"""The reader's address and scheme as the proxies in front of the app saw them.

Behind nginx every request comes from 127.0.0.1; the client is named in ``X-Forwarded-For``,
which anyone can also send. Each proxy appends the address it was reached from, so the list is
read from the right, hop by hop, and trusted only while the hop is one of
``DATELINE_TRUSTED_PROXIES``: the first address that is not a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from dateline.conf import setting

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(values: Iterable[str] | None = None) -> list[Network]:
    """Return ``DATELINE_TRUSTED_PROXIES`` (or ``values``) as networks; a bad entry is an error."""
    networks = []
    for value in setting("DATELINE_TRUSTED_PROXIES") if values is None else values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"DATELINE_TRUSTED_PROXIES: {value!r} is not an IP address or network; "
                "list the proxies in front of the app, e.g. '127.0.0.1,10.0.0.0/8'"
            ) from None
    return networks


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent ``request``.

    ``X-Forwarded-For`` is honoured only from a trusted proxy, and only as far back as the
    chain of trusted proxies reaches; a header sent by anyone else is ignored.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    hop = _address(peer)
    if hop is None or not any(hop in network for network in networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _address(entry)
        if address is None:
            # Proxies write addresses; anything else was written by the client: stop at the
            # last hop a trusted proxy vouched for.
            break
        hop = address
        if not any(address in network for network in networks):
            break
    return str(hop)
