"""Who is the client? Pure rules for addresses behind trusted reverse proxies.

``X-Forwarded-For`` is a list each proxy appends to; only the entries added
by our own proxies can be believed, so the client is the right-most address
that is not one of them. Throttles key IPv6 clients by their /64, since one
household or practice gets a whole /64. No Django imports here.
"""

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Final

Network = IPv4Network | IPv6Network
IPV6_PREFIX: Final = 64


def parse_networks(values: Sequence[str]) -> tuple[Network, ...]:
    """Read addresses or networks (``10.0.0.1``, ``10.0.0.0/8``); raise ValueError on nonsense."""
    return tuple(ip_network(value.strip(), strict=False) for value in values if value.strip())


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    """Tell whether ``address`` belongs to one of the ``trusted`` proxies.

    An IPv4 proxy seen through an IPv6 socket (``::ffff:10.0.0.5``) is the
    same proxy.
    """
    try:
        parsed = ip_address(address.strip())
    except ValueError:
        return False
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return any(parsed in network for network in trusted)


def client_address(
    *, remote_addr: str, forwarded_for: str | None, trusted: Sequence[Network]
) -> str:
    """Return the address of the client that sent the request.

    Without a trusted proxy in front, the connection's own address is the
    only fact. Behind trusted proxies, walk ``X-Forwarded-For`` from the right
    and take the first address that is not one of them; a malformed entry
    ends the walk, since everything left of it was written by the client.
    """
    if not is_trusted(remote_addr, trusted) or not forwarded_for:
        return remote_addr
    candidate = remote_addr
    for entry in reversed(forwarded_for.split(",")):
        entry = entry.strip()
        try:
            ip_address(entry)
        except ValueError:
            break
        candidate = entry
        if not is_trusted(entry, trusted):
            break
    return candidate


def address_key(address: str) -> str:
    """Return what a throttle counts per client: the IPv4 address or the IPv6 /64."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(parsed)
