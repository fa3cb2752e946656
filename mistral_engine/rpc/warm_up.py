"""Opens a process's RPC connections before its first requests need them.

oslo.messaging opens AMQP connections lazily: the first burst of API requests after a
start paid for opening one connection per thread, the reply queue and its listener, and
the engine's reply connections (about half a second of CPU on a 2-core machine). The
API role pings the engine from as many threads as it serves requests with, in the
background, until an engine answers or ``WARM_UP_DEADLINE`` passes.
"""

import concurrent.futures
import logging
import threading
import time

from mistral_engine.context import RequestContext

LOG = logging.getLogger(__name__)

WARM_UP_DEADLINE = 60.0
PING_TIMEOUT = 2.0


def _ping_until_answered(engine_client, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            engine_client.ping(RequestContext(), timeout=PING_TIMEOUT)
            return True
        except Exception:  # noqa: BLE001 - no engine yet: try again
            time.sleep(0.5)
    return False


def warm_up(engine_client, parallel: int) -> None:
    deadline = time.monotonic() + WARM_UP_DEADLINE
    if not _ping_until_answered(engine_client, deadline):
        LOG.info(
            "No engine answered within %s s; RPC connections open on first use", WARM_UP_DEADLINE
        )
        return
    with concurrent.futures.ThreadPoolExecutor(parallel, thread_name_prefix="rpc-warm-up") as pool:
        list(pool.map(lambda _: _ping_until_answered(engine_client, deadline), range(parallel * 2)))


def warm_up_in_background(engine_client, parallel: int) -> threading.Thread:
    thread = threading.Thread(
        target=warm_up, args=(engine_client, parallel), name="rpc-warm-up", daemon=True
    )
    thread.start()
    return thread
