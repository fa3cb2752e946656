"""The cheroot WSGI server the API role runs, with a response head sent with its body.

cheroot writes a response's status line and headers in one send and each body chunk in
another. A client then wakes up for the head, parses it and blocks again for the body:
two wake-ups (and, in Python clients, two GIL hand-offs) per response. Here the first
write of a response goes out together with its head, in a single send.
"""

from cheroot import wsgi


class _Capture:
    """Stands in for the connection's writer while a head and first chunk are built."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)
        return len(data)


class SingleSendGateway(wsgi.Gateway_10):
    def write(self, chunk):
        request = self.req
        if request.sent_headers:
            return super().write(chunk)
        connection = request.conn
        writer, capture = connection.wfile, _Capture()
        connection.wfile = capture
        try:
            super().write(chunk)
        finally:
            connection.wfile = writer
        writer.write(b"".join(capture.parts))


class Server(wsgi.Server):
    """cheroot's WSGI server with ``SingleSendGateway``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gateway = SingleSendGateway
