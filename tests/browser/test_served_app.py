"""The server under the browser tests survives what browsers do to it, and logs nothing bad."""

from __future__ import annotations

import socket
import struct
import time
import urllib.request
from urllib.parse import urlsplit

# Static files and pages a closed tab may be fetching at the moment it closes.
PATHS = ["/static/img/logo.svg", "/static/css/app.css", "/"]


def _reset_mid_request(host: str, port: int, path: str) -> None:
    """Send a request, then drop the connection with a TCP reset instead of reading the answer."""
    with socket.create_connection((host, port)) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        time.sleep(0.005)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_connections_reset_by_the_browser_leave_no_open_file(live_server):
    """A closed tab resets its connections; every response's file is still closed.

    Werkzeug's development server left ``static/img/logo.svg`` open in this case, which failed a
    browser test now and then. The ``live_server`` fixture fails this test when the server logs a
    ``ResourceWarning`` or an error, and the server still answers afterwards.
    """
    where = urlsplit(live_server.url)
    for _round in range(10):
        for path in PATHS:
            _reset_mid_request(where.hostname, where.port, path)
    with urllib.request.urlopen(live_server("/static/img/logo.svg"), timeout=10) as response:
        assert response.status == 200
        assert b"<svg" in response.read()
