"""A Python `ssl` mTLS server for live tests: requires a client certificate, checks CRLs of the
leaf, answers HTTP 200, and prints "ACCEPT 127.0.0.1:PORT" once listening.

Python's ssl module sends no acceptable-CA names in its CertificateRequest, which is why it is
tested: mtls-doctor must not read an empty list as "trusts nothing".

Usage: py_mtls_server.py CERT KEY CLIENT_CA [CRL]
"""
import socket
import ssl
import sys


def main():
    cert, key, client_ca = sys.argv[1:4]
    crl = sys.argv[4] if len(sys.argv) > 4 else None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(client_ca)
    if crl:
        ctx.load_verify_locations(crl)
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("ACCEPT 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        conn.settimeout(5)
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(4096)
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        except (ssl.SSLError, OSError):
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    main()
