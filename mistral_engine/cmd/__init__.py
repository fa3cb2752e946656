"""Console entry points. Every process uses threads, never eventlet: oslo.service is told
so before anything imports it."""

from oslo_service import backend as _service_backend

try:
    _service_backend.init_backend(_service_backend.BackendType.THREADING)
except Exception:  # noqa: BLE001 - already initialised (e.g. imported twice in tests)
    pass
