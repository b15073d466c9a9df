"""A Python `ssl` mTLS server for live tests: requires a client certificate, checks CRLs of the
leaf, answers HTTP 200, and prints "ACCEPT 127.0.0.1:PORT" once listening.

Python's ssl module sends no acceptable-CA names in its CertificateRequest, which is why it is
tested: mtls-doctor must not read an empty list as "trusts nothing".

Usage: py_mtls_server.py CERT KEY CLIENT_CA [CRL] [--garbage] [--old-date] [--record=FILE] [--alpn=P1,P2]
                         [--h2-strict]

--garbage answers the request with bytes that are not HTTP (a TLS front of another protocol),
then closes without close_notify. --old-date sends an HTTP Date of 1 January 2024 (a server
whose clock is years behind). --record=FILE writes the request head it received to FILE (what the
client sent, for tests of its method and headers). --alpn=P1,P2 selects among these
ALPN protocols (a server without a common one ends the handshake, as RFC 7301 says).
--h2-strict (with --alpn=h2) speaks just enough HTTP/2 to answer 403 "denied", and only once the
client has acknowledged its SETTINGS (RFC 9113 §6.5.3): a client that never does gets a GOAWAY
with SETTINGS_TIMEOUT after 3 s, as servers with a settings timeout (nghttp2's) answer.
"""
import socket
import ssl
import struct
import sys
import time


def h2_frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def h2_strict(tls):
    """The client's preface and frames up to its request's HEADERS; our SETTINGS; then 403 once
    the client acknowledges them, or GOAWAY(SETTINGS_TIMEOUT)."""
    buf = b""

    def frames():
        nonlocal buf
        while True:
            while len(buf) >= 9 and len(buf) >= 9 + int.from_bytes(buf[0:3], "big"):
                n = int.from_bytes(buf[0:3], "big")
                kind, flags, body = buf[3], buf[4], buf[9:9 + n]
                buf = buf[9 + n:]
                yield kind, flags, body
            more = tls.recv(65536)
            if not more:
                return
            buf += more

    while len(buf) < 24:
        more = tls.recv(65536)
        if not more:
            return
        buf += more
    if buf[:24] != b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n":
        return
    buf = buf[24:]
    stream = frames()
    for kind, flags, _ in stream:
        if kind == 0x1:  # HEADERS of stream 1: the request
            break
    tls.sendall(h2_frame(0x4, 0, 0))  # our SETTINGS (none changed)
    tls.settimeout(3)
    try:
        for kind, flags, _ in stream:
            if kind == 0x4 and flags & 0x1:  # SETTINGS with ACK
                tls.sendall(h2_frame(0x1, 0x4, 1, b"\x08\x03403") + h2_frame(0x0, 0x1, 1, b"denied"))
                time.sleep(0.2)
                return
    except (socket.timeout, ssl.SSLError, OSError):
        pass
    tls.sendall(h2_frame(0x7, 0, 0, struct.pack(">II", 0, 0x4)))  # GOAWAY, SETTINGS_TIMEOUT


def client_auth_context(cert, key, client_ca, crl=None):
    """A server context that requires a client certificate under CLIENT_CA (and checks CRL)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(client_ca)
    if crl:
        ctx.load_verify_locations(crl)
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    return ctx


def listen_on_loopback():
    """A listener on 127.0.0.1 and a free port, announced as "ACCEPT 127.0.0.1:PORT"."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("ACCEPT 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    return listener


def serve_forever(handle):
    """Listens on loopback and calls handle(conn) for each connection, one at a time; a peer's
    TLS or socket error ends only its own connection."""
    listener = listen_on_loopback()
    while True:
        conn, _ = listener.accept()
        conn.settimeout(5)
        try:
            handle(conn)
        except (ssl.SSLError, OSError):
            pass
        finally:
            conn.close()


def main():
    garbage = "--garbage" in sys.argv
    date = b"Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n" if "--old-date" in sys.argv else b""
    record = [a[len("--record="):] for a in sys.argv if a.startswith("--record=")]
    alpn = [a[len("--alpn="):] for a in sys.argv if a.startswith("--alpn=")]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cert, key, client_ca = args[0:3]
    crl = args[3] if len(args) > 3 else None
    ctx = client_auth_context(cert, key, client_ca, crl)
    if alpn:
        ctx.set_alpn_protocols(alpn[0].split(","))

    def answer(conn):
        tls = ctx.wrap_socket(conn, server_side=True)
        if "--h2-strict" in sys.argv:
            h2_strict(tls)
            tls.close()
            return
        head = tls.recv(4096)
        while record and b"\r\n\r\n" not in head and len(head) < 65536:
            more = tls.recv(4096)
            if not more:
                break
            head += more
        if record:
            with open(record[0], "wb") as out:
                out.write(head)
        if garbage:
            tls.sendall(b"\x00\x01\x02 +OK not http \xff\xfe\n")
            return  # the socket is closed under the TLS session: no close_notify
        tls.sendall(b"HTTP/1.1 200 OK\r\n" + date + b"Content-Length: 3\r\nConnection: close\r\n\r\nok\n")
        tls.close()

    serve_forever(answer)


if __name__ == "__main__":
    main()
