"""Network helpers that every app may use (a ground-level module: it imports
no app). The audit log and the comment moderation both store addresses
anonymised this way."""

import ipaddress


def anonymise_ip(raw: str | None) -> str | None:
    """Keep only the network: IPv4 /24, IPv6 /48. Invalid input gives None."""
    if not raw:
        return None
    try:
        ip = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
