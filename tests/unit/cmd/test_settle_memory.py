"""After start-up, the surviving heap is frozen out of the garbage collector's scans."""

import gc

from mistral_engine.cmd import launch


def test_settle_memory_freezes_the_start_up_heap():
    start_up_objects = [[i] for i in range(1000)]  # lists are tracked by the collector
    try:
        launch.settle_memory()
        assert gc.get_freeze_count() >= len(start_up_objects)
        assert gc.get_count()[2] == 0
    finally:
        gc.unfreeze()
