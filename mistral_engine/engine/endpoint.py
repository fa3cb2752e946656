"""The engine's RPC endpoint: one method per call of ``rpc.clients.EngineClient``."""

from mistral_engine.engine import standalone, workflows


class EngineEndpoint:
    def __init__(self, engine):
        self.engine = engine

    def start_workflow(
        self,
        ctx,
        wf_identifier,
        wf_namespace="",
        wf_ex_id=None,
        wf_input=None,
        description="",
        params=None,
    ):
        return workflows.start_workflow(
            self.engine,
            ctx,
            wf_identifier,
            wf_namespace,
            wf_ex_id,
            wf_input or {},
            description,
            params or {},
        )

    def start_action(
        self, ctx, action_name, action_input, description=None, namespace="", params=None
    ):
        return standalone.start_action(
            self.engine,
            ctx,
            action_name,
            action_input or {},
            description,
            namespace,
            params or {},
        )

    def on_action_complete(self, ctx, action_ex_id, result, wf_action=False):
        return workflows.on_action_complete(self.engine, ctx, action_ex_id, result, wf_action)

    def pause_workflow(self, ctx, wf_ex_id):
        return workflows.pause_workflow(self.engine, ctx, wf_ex_id)

    def resume_workflow(self, ctx, wf_ex_id, env=None):
        return workflows.resume_workflow(self.engine, ctx, wf_ex_id, env)

    def stop_workflow(self, ctx, wf_ex_id, state, message=None):
        return workflows.stop_workflow(self.engine, ctx, wf_ex_id, state, message)

    def rerun_workflow(self, ctx, task_ex_id, reset=True, skip=False, env=None):
        return workflows.rerun_workflow(self.engine, ctx, task_ex_id, reset, skip, env)

    def ping(self, ctx):
        return "pong"

    def process_outbox(self, ctx):
        self.engine.sweep_outbox()
