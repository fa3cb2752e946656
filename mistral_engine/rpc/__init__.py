"""RPC between the roles over oslo.messaging: transports, clients, servers and the
context serializer. Clients are built by the composition root and passed around."""
