"""The engine role: applies each event of a workflow execution in one transaction that
locks the root execution, using the pure controllers of ``mistral_engine.workflow`` to
decide and ``mistral_db`` to persist."""
