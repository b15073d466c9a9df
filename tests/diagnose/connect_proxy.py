"""A tiny HTTP CONNECT proxy for live tests, on 127.0.0.1 and a free port; prints
"ACCEPT 127.0.0.1:PORT" once listening. It only ever connects to 127.0.0.1.

Usage: connect_proxy.py [--mode=tunnel|403|502|garbage] [--auth=USER:PASSWORD] [--record=FILE]
                        [--tls=CERT,KEY]

tunnel   answers 200 and relays bytes both ways (the default)
403      answers 403 Forbidden (a proxy policy)
502      answers 502 Bad Gateway (the proxy cannot reach the target)
garbage  answers bytes that are not HTTP
--auth   answers 407 unless Proxy-Authorization is Basic USER:PASSWORD
--record appends each CONNECT request head to FILE
--tls    an HTTPS proxy: TLS with the client first (CERT: the chain, PEM), then CONNECT inside it
"""
import base64
import select
import socket
import ssl
import sys
import threading


def option(name, default=None):
    for a in sys.argv[1:]:
        if a.startswith("--" + name + "="):
            return a[len(name) + 3:]
    return default


def read_head(conn):
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 65536:
        more = conn.recv(4096)
        if not more:
            break
        head += more
    return head


def relay(a, b):
    """Copies bytes both ways until either side closes."""
    socks = [a, b]
    while True:
        readable, _, _ = select.select(socks, [], [], 30)
        if not readable:
            return
        for s in readable:
            data = s.recv(65536)
            if not data:
                return
            while isinstance(s, ssl.SSLSocket) and s.pending():  # decrypted bytes select() cannot see
                data += s.recv(65536)
            (b if s is a else a).sendall(data)


def handle(conn, mode, auth, record, tls):
    try:
        if tls is not None:
            conn = tls.wrap_socket(conn, server_side=True)
        head = read_head(conn)
        if record:
            with open(record, "ab") as out:
                out.write(head)
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or parts[0] != b"CONNECT":
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return
        if auth is not None:
            expected = b"Proxy-Authorization: Basic " + base64.b64encode(auth.encode())
            if expected not in lines:
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                return
        if mode == "403":
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        if mode == "502":
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        if mode == "garbage":
            conn.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
            return
        host, _, port = parts[1].rpartition(b":")
        if host not in (b"127.0.0.1", b"localhost"):
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
        except OSError:
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        with upstream:
            relay(conn, upstream)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    mode = option("mode", "tunnel")
    auth = option("auth")
    record = option("record")
    tls = None
    if option("tls"):
        cert, key = option("tls").split(",")
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("ACCEPT 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn, mode, auth, record, tls), daemon=True).start()


if __name__ == "__main__":
    main()
