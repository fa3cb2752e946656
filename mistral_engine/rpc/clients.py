"""RPC clients of the engine and the executor.

Engine API (topic ``[engine] topic``), version 1.0:
  start_workflow, start_action (call), on_action_complete (cast by executors, call by the
  API), pause_workflow, resume_workflow, stop_workflow, rerun_workflow (call).
Executor API (topic ``[executor] topic``), version 1.0:
  run_action (cast from the engine's outbox; call for run_sync action executions).
"""

import oslo_messaging as messaging

from mistral_engine.rpc.serializer import ContextSerializer


def _client(transport, topic: str, timeout: int | None = None, server: str | None = None):
    target = messaging.Target(topic=topic, version="1.0", server=server)
    return messaging.get_rpc_client(
        transport, target, serializer=ContextSerializer(), timeout=timeout
    )


class EngineClient:
    def __init__(self, transport, conf):
        self._client = _client(transport, conf.engine.topic, conf.rpc_response_timeout)

    def start_workflow(
        self,
        ctx,
        wf_identifier,
        wf_namespace="",
        wf_ex_id=None,
        wf_input=None,
        description="",
        params=None,
    ) -> dict:
        return self._client.call(
            ctx,
            "start_workflow",
            wf_identifier=wf_identifier,
            wf_namespace=wf_namespace,
            wf_ex_id=wf_ex_id,
            wf_input=wf_input or {},
            description=description,
            params=params or {},
        )

    def ping(self, ctx, timeout: float) -> str:
        """An engine's "pong": proves the round trip (and opens its connections)."""
        return self._client.prepare(timeout=timeout).call(ctx, "ping")

    def start_action(
        self, ctx, action_name, action_input, description=None, namespace="", params=None
    ) -> dict:
        return self._client.call(
            ctx,
            "start_action",
            action_name=action_name,
            action_input=action_input or {},
            description=description,
            namespace=namespace,
            params=params or {},
        )

    def on_action_complete(self, ctx, action_ex_id, result: dict, wf_action=False, async_=False):
        method = self._client.cast if async_ else self._client.call
        return method(
            ctx, "on_action_complete", action_ex_id=action_ex_id, result=result, wf_action=wf_action
        )

    def pause_workflow(self, ctx, wf_ex_id) -> dict:
        return self._client.call(ctx, "pause_workflow", wf_ex_id=wf_ex_id)

    def resume_workflow(self, ctx, wf_ex_id, env=None) -> dict:
        return self._client.call(ctx, "resume_workflow", wf_ex_id=wf_ex_id, env=env)

    def stop_workflow(self, ctx, wf_ex_id, state, message=None) -> dict:
        return self._client.call(
            ctx, "stop_workflow", wf_ex_id=wf_ex_id, state=state, message=message
        )

    def rerun_workflow(self, ctx, task_ex_id, reset=True, skip=False, env=None) -> dict:
        return self._client.call(
            ctx, "rerun_workflow", task_ex_id=task_ex_id, reset=reset, skip=skip, env=env
        )

    def process_outbox(self, ctx):
        """Nudge an engine to send what its outbox holds (cast, fire and forget)."""
        self._client.cast(ctx, "process_outbox")


class ExecutorClient:
    def __init__(self, transport, conf):
        self._conf = conf
        self._transport = transport
        self._client = _client(transport, conf.executor.topic, conf.rpc_response_timeout)

    def run_action(
        self,
        ctx,
        action_ex_id,
        action: dict,
        safe_rerun=False,
        exec_ctx=None,
        target=None,
        async_=True,
        timeout=None,
    ):
        """Run one action. ``action`` describes it (name, kind, input, class or code
        source); with ``async_`` the executor reports the result to the engine itself."""
        client = self._client
        if target or (timeout and not async_):
            # The executor enforces ``timeout`` and answers with Mistral's "Timeout after"
            # error: the reply must be allowed to arrive after it.
            rpc_timeout = self._conf.rpc_response_timeout
            if timeout and not async_:
                rpc_timeout = max(rpc_timeout, timeout + 5)
            client = _client(self._transport, self._conf.executor.topic, rpc_timeout, server=target)
        method = client.cast if async_ else client.call
        return method(
            ctx,
            "run_action",
            action_ex_id=action_ex_id,
            action=action,
            safe_rerun=safe_rerun,
            exec_ctx=exec_ctx or {},
            async_=async_,
            timeout=timeout,
        )
