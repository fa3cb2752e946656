"""The outbound URL policy of std.http: scheme, allowed hosts, denied address ranges."""

import ipaddress
import logging
import socket
from urllib import parse

from mistral_engine import exceptions as exc
from mistral_engine.actions.std import http_opts

LOG = logging.getLogger(__name__)


class UrlNotAllowedException(exc.BadRequest):
    message = "URL is not allowed"


def _denied_networks(cidrs) -> list:
    networks = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr, strict=False))
        except ValueError:
            LOG.warning("Ignoring invalid [action_std_http] denied_cidrs entry: %s", cidr)
    return networks


def validate_url(url: str) -> None:
    """Raise UrlNotAllowedException (Mistral's texts) if ``url`` may not be requested."""
    opts = http_opts.options()
    parsed = parse.urlsplit(url)
    if parsed.scheme not in ("http", "https"):
        raise UrlNotAllowedException(
            f"URL scheme '{parsed.scheme}' is not allowed (only http and https are)."
        )
    host = parsed.hostname
    if not host:
        raise UrlNotAllowedException("URL does not contain a host.")
    if opts.allowed_hosts and host not in opts.allowed_hosts:
        raise UrlNotAllowedException(f"Host '{host}' is not in [action_std_http] allowed_hosts.")
    try:
        infos = socket.getaddrinfo(host, parsed.port)
    except socket.gaierror:
        # Unresolvable: the request cannot connect anywhere, nothing to block.
        return
    denied = _denied_networks(opts.denied_cidrs)
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        for network in denied:
            if address in network:
                raise UrlNotAllowedException(
                    f"URL host '{host}' resolves to a blocked address ({address})."
                )
