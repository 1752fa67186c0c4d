"""Real SPARQL servers for tests and benchmarks, each on free loopback ports (issue 14).

    with oxigraph_server(folder) as url: ...   # Oxigraph server from PyPI: http://127.0.0.1:P
    with virtuoso_server(folder) as url: ...   # Virtuoso 7 from Debian: http://127.0.0.1:P/sparql

Each server keeps its database in ``folder``, is started by the ``with`` and stopped
after it. A server that is not installed or does not answer raises
:class:`ServerMissing` (tests turn it into a failure, never a skip: ``make
system-deps`` installs them).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
VIRTUOSO = "virtuoso-t"
VIRTUOSO_ISQL = "isql-vt"
# What Virtuoso needs beside the Debian package's defaults: loopback ports, a larger
# result limit than its 10,000 rows (an export is one query), no 60 s query limit,
# and buffers enough for 10,000 documents (8 kB each).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
CaseMode = 2
CheckpointInterval = 60
DirsAllowed = .
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 3600
"""
# The anonymous SPARQL user may update (Virtuoso's /sparql runs as "SPARQL"), and
# may write every graph. Loopback only: a real deployment uses /sparql-auth and
# LUOCDO_SPARQL_USER / LUOCDO_SPARQL_PASSWORD instead.
VIRTUOSO_GRANTS = ('grant SPARQL_UPDATE to "SPARQL"; '
                   "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


class ServerMissing(RuntimeError):
    """A server the tests need is not installed, or did not start."""


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0,
             process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``check`` until it is true; :class:`ServerMissing` after ``timeout`` seconds
    or when ``process`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        if process is not None and process.poll() is not None:
            raise ServerMissing(f"{what}: the process exited with {process.returncode}")
        time.sleep(0.1)
    raise ServerMissing(f"{what}: no answer after {timeout:g} s")


def answers(url: str) -> Callable[[], bool]:
    """A check: ``ASK {}`` sent to the query endpoint ``url`` gets 200."""
    return lambda: httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200


def _stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def _require(command: str, hint: str) -> str:
    found = shutil.which(command) if "/" not in command else (
        command if Path(command).exists() else None)
    if found is None:
        raise ServerMissing(f"{command} is not installed ({hint})")
    return found


@contextmanager
def oxigraph_server(folder: Path, *, location: Path | None = None) -> Iterator[str]:
    """An Oxigraph server on a free port, on ``location`` (default: ``folder/db``);
    its base URL."""
    command = _require(OXIGRAPH, "the test extras install it: make install")
    port = free_port()
    process = subprocess.Popen([command, "serve", "--location", str(location or folder / "db"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(answers(f"{url}/query"), f"Oxigraph server at {url}", 60, process)
        yield url
    finally:
        _stop(process)


@contextmanager
def virtuoso_server(folder: Path, *, buffers: int = 20_000) -> Iterator[str]:
    """A Virtuoso 7 server on free ports, its database in ``folder``; its /sparql URL.

    ``buffers``: Virtuoso's page cache in 8 kB pages (20,000: 160 MB).
    """
    command = _require(VIRTUOSO, "Debian's virtuoso-opensource: make system-deps")
    isql = _require(VIRTUOSO_ISQL, "Debian's virtuoso-opensource: make system-deps")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, isql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, http_port=http_port, isql_port=isql_port,
                                       buffers=buffers, dirty=buffers * 3 // 4),
                   encoding="utf-8")
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen([command, "+configfile", str(ini), "+foreground"],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for(answers(url), f"Virtuoso at {url} (its log: {folder}/virtuoso.log)", 120,
                 process)
        granted = subprocess.run([isql, f"127.0.0.1:{isql_port}", "dba", "dba",
                                  f"exec={VIRTUOSO_GRANTS}"],
                                 capture_output=True, text=True, timeout=60, check=False)
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            raise ServerMissing(f"Virtuoso at {url}: granting SPARQL updates failed: "
                                f"{granted.stdout}{granted.stderr}")
        yield url
    finally:
        _stop(process, timeout=60)
        log.close()
