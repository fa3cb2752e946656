"""The API's RPC warm-up: it waits for an engine, then pings it from many threads."""

import threading

from mistral_engine.rpc import warm_up


class _Engine:
    def __init__(self, down_for: int):
        self.down_for = down_for
        self.calls = 0
        self.threads = set()
        self.lock = threading.Lock()
        self.together = threading.Barrier(4, timeout=5)  # 4 pings at once, or it fails

    def ping(self, ctx, timeout):
        with self.lock:
            self.calls += 1
            self.threads.add(threading.current_thread().name)
            if self.calls <= self.down_for:
                raise TimeoutError("no engine yet")
        if threading.current_thread().name.startswith("rpc-warm-up"):
            self.together.wait()
        return "pong"


def test_waits_for_an_engine_then_pings_from_as_many_threads_as_asked(monkeypatch):
    monkeypatch.setattr(warm_up.time, "sleep", lambda _: None)
    engine = _Engine(down_for=2)
    warm_up.warm_up(engine, parallel=4)
    assert engine.calls == 2 + 1 + 8
    assert len([name for name in engine.threads if name.startswith("rpc-warm-up")]) == 4


def test_gives_up_quietly_when_no_engine_answers(monkeypatch):
    monkeypatch.setattr(warm_up, "WARM_UP_DEADLINE", 0.0)
    engine = _Engine(down_for=1000)
    warm_up.warm_up(engine, parallel=4)
    assert engine.calls == 0
