"""SPARQL Update for the endpoint, run in a short-lived process with no network.

An update reaches the store's write path, where pyoxigraph would ``LOAD`` a URL
over HTTP; running it in the server process would let a token holder make the
server fetch anything (issue 11). Each update runs instead in a child process
that closes its own network first (:mod:`luocdo.api.sandbox`), opens the store
read-write, runs the update and the merge re-sync as one transaction
(:meth:`luocdo.store.Store.update`) and exits. It is killed at the time limit;
the transaction then never commits, so the store keeps its previous state.

The update text goes in on stdin; one JSON object comes out on stdout:
``{"ok": true}`` or ``{"error": [status, code, message]}``.
"""

from __future__ import annotations

import json
import subprocess
import sys

from luocdo.api.errors import ApiError, QueryTimeout


def run_update(store_dir: str, update: str, base_iri: str | None, *, timeout: float) -> None:
    """Run ``update`` on the store in ``store_dir`` in a sandboxed child process.

    Raises :class:`ApiError` with the child's status and code, or
    :class:`QueryTimeout` when it passes ``timeout`` seconds.
    """
    args = [sys.executable, "-m", "luocdo.api.writer", store_dir, base_iri or ""]
    try:
        done = subprocess.run(args, input=update.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise QueryTimeout(timeout) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise ApiError(500, "internal_error", "the update process stopped unexpectedly") from None
    if "error" in answer:
        status, code, message = answer["error"]
        raise ApiError(int(status), str(code), str(message))


def _apply(store_dir: str, update: str, base_iri: str | None) -> tuple[int, str, str] | None:
    from luocdo.errors import LuocdoError, QueryError, UpdateRefused
    from luocdo.store import Store

    try:
        store = Store.open(store_dir)
    except LuocdoError as exc:
        return 503, "store_unavailable", str(exc)
    try:
        store.update(update, base_iri=base_iri)
    except UpdateRefused as exc:
        return 400, exc.code, str(exc)
    except QueryError as exc:
        return 400, "malformed_query", str(exc)
    except PermissionError:
        return 400, "query_refused", ("the update asks this endpoint to fetch data from another "
                                      "server (LOAD); it makes no network requests")
    except (OSError, ValueError, RuntimeError) as exc:
        return 400, "update_failed", f"the update failed: {exc}"
    finally:
        store.close()
    return None


def main(argv: list[str] | None = None) -> None:
    """``python -m luocdo.api.writer STORE_DIR BASE_IRI`` with the update on stdin."""
    from luocdo.api.sandbox import deny_network
    from luocdo.remote import looks_like_url

    args = sys.argv[1:] if argv is None else argv
    update = sys.stdin.buffer.read().decode("utf-8")
    # a store on a SPARQL server is reached over the network: no sandbox then
    if not looks_like_url(args[0]):
        state = deny_network()
        if not state.active:
            import logging

            logging.getLogger("luocdo.api").warning(
                "SPARQL Update runs without a network sandbox: %s", state.reason)
    error = _apply(args[0], update, args[1] or None)
    answer = {"ok": True} if error is None else {"error": list(error)}
    sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
