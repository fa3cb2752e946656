"""The p50 the bench's client measures against a server that costs nothing.

The ``api`` scenario of ``../shared/bench/mistral_bench.py`` keeps 8 requests in flight
from one Python process; on a 2-core machine its own CPU (requests, JSON) bounds the
latencies it can measure. This script serves one recorded answer (a list page of the
service under test) from a separate process that does no work per request, drives it
with the same client pattern (8 threads, a requests Session each, the scenario's list
parameters), then drives the real service the same way, so both figures come from the
same minute on the same machine:

    python tools/bench/client_floor.py http://127.0.0.1:8989/v2 [requests]

The service must hold workflows (run the bench with ``--no-cleanup`` first).
"""

import asyncio
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

PARAMS = {"limit": 20, "sort_keys": "name", "sort_dirs": "asc"}
CONCURRENCY = 8


def serve_canned(port: int, body: bytes) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    response = head % len(body) + body

    async def handle(reader, writer):
        data = b""
        while True:
            while b"\r\n\r\n" not in data:
                chunk = await reader.read(65536)
                if not chunk:
                    writer.close()
                    return
                data += chunk
            data = data.split(b"\r\n\r\n", 1)[1]
            writer.write(response)

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        await server.serve_forever()

    asyncio.run(main())


def drive(url: str, count: int) -> tuple[float, float]:
    """p50 (ms) and requests per second of ``count`` list requests, 8 in flight."""
    local = threading.local()

    def one(_):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        start = time.perf_counter()
        session.get(url, params=PARAMS).json()
        return (time.perf_counter() - start) * 1000

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(100)))
        start = time.perf_counter()
        latencies = list(pool.map(one, range(count)))
        elapsed = time.perf_counter() - start
    return statistics.median(latencies), count / elapsed


def main() -> None:
    if sys.argv[1] == "--serve":
        serve_canned(int(sys.argv[2]), sys.stdin.buffer.read())
        return
    base, count = sys.argv[1].rstrip("/"), int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    page = requests.get(base + "/workflows", params=PARAMS).content
    port = 8979
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)], stdin=subprocess.PIPE
    )
    server.stdin.write(page)
    server.stdin.close()
    time.sleep(1)
    try:
        for label, url in (
            ("canned answer (client floor)", f"http://127.0.0.1:{port}/v2/workflows"),
            ("service", base + "/workflows"),
        ):
            p50, rate = drive(url, count)
            print(f"{label:30s} p50 {p50:6.1f} ms  {rate:6.0f} req/s")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
