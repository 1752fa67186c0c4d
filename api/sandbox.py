"""No network from the processes that run users' SPARQL.

pyoxigraph evaluates ``SERVICE`` by calling the named endpoint over HTTP and
``LOAD`` by fetching the URL; nothing in its Python API turns that off. A text
check in front of it can only ever approximate its grammar (issue 11: a comment
ended by ``\\r`` hid a ``SERVICE`` from the old check). So the processes that run
queries and updates for the endpoint install a seccomp filter first: creating an
Internet socket (``AF_INET``, ``AF_INET6``, ``AF_PACKET``) or an io_uring (which
can open sockets without the ``socket`` system call) fails with ``EACCES``.
Whatever the query says, the engine's request goes nowhere; the worker's pipes
to the server were opened before the filter and keep working.

The filter needs Linux and libseccomp (``libseccomp2``, present on Debian and
Ubuntu); :func:`deny_network` says why when it cannot install it.
"""

from __future__ import annotations

import errno
import socket
import sys
from dataclasses import dataclass

# Address families of sockets that can reach another host. AF_UNIX stays open:
# it reaches only this machine's files, and Python's multiprocessing may use it.
DENIED_FAMILIES = tuple(
    getattr(socket, name) for name in ("AF_INET", "AF_INET6", "AF_PACKET")
    if hasattr(socket, name))


@dataclass(frozen=True)
class Sandbox:
    """Whether the network is closed to this process, and if not, why."""

    active: bool
    reason: str = ""


def deny_network() -> Sandbox:
    """Forbid this process (and its future threads and children) to open network sockets.

    Irreversible for the process. Returns ``Sandbox(active=False, reason=…)``
    where the platform has no seccomp or libseccomp is missing.
    """
    if not sys.platform.startswith("linux"):
        return Sandbox(False, f"seccomp is Linux-only (this is {sys.platform})")
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as exc:  # OSError: libseccomp.so.2 not found by ctypes
        return Sandbox(False, f"libseccomp is not available ({exc})")
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in DENIED_FAMILIES:
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket",
                           seccomp.Arg(0, seccomp.EQ, family))
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "io_uring_setup")
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        return Sandbox(False, f"the seccomp filter could not be installed ({exc})")
    return Sandbox(True)


def network_denied_error(exc: BaseException) -> bool:
    """True when ``exc`` is what the engine raises after the filter refused it a socket."""
    return isinstance(exc, PermissionError) or (
        isinstance(exc, OSError) and exc.errno == errno.EACCES)
