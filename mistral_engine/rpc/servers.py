"""RPC servers: one per role, threads (never eventlet), competing consumers on a topic.

The size of each server's thread pool is oslo.messaging's ``executor_thread_pool_size``.
"""

import oslo_messaging as messaging

from mistral_engine.rpc.serializer import ContextSerializer


def get_rpc_server(transport, topic: str, server_name: str, endpoints: list):
    target = messaging.Target(topic=topic, server=server_name, version="1.0")
    return messaging.get_rpc_server(
        transport,
        target,
        endpoints,
        executor="threading",
        serializer=ContextSerializer(),
        access_policy=messaging.DefaultRPCAccessPolicy,
    )
