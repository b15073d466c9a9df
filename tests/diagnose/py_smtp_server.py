"""A minimal SMTP server for live tests of `diagnose --starttls smtp`: a multi-line 220 greeting,
EHLO (advertising STARTTLS unless told not to), STARTTLS (RFC 3207), then TLS that requires a
client certificate (Python `ssl`, CERT_REQUIRED, CRLs of the leaf), then EHLO again over TLS.
Prints "ACCEPT 127.0.0.1:PORT" once listening.

Usage: py_smtp_server.py CERT KEY CLIENT_CA CRL [MODE]
MODE: starttls (default) | no-starttls (EHLO without STARTTLS) | refuse (454 to STARTTLS) |
      not-smtp (greets with an HTTP status line) | endless (a greeting line that never ends)
"""
import sys

from py_mtls_server import client_auth_context, serve_forever

EHLO_EXTENSIONS = [b"PIPELINING", b"SIZE 10240000", b"8BITMIME"]


def reply(conn, code, lines):
    out = b""
    for i, line in enumerate(lines):
        sep = b" " if i == len(lines) - 1 else b"-"
        out += str(code).encode() + sep + line + b"\r\n"
    conn.sendall(out)


def converse(conn, mode, over_tls):
    """Answers commands until the client leaves (False) or STARTTLS is accepted (True)."""
    stream = conn.makefile("rb")
    while True:
        line = stream.readline(1024)
        if not line:
            return False
        command = line.strip().upper()
        if command.startswith(b"EHLO"):
            offers = not over_tls and mode in ("starttls", "refuse")
            reply(conn, 250, [b"mail.lab.test"] + EHLO_EXTENSIONS + ([b"STARTTLS"] if offers else []))
        elif command == b"STARTTLS" and not over_tls and mode == "refuse":
            reply(conn, 454, [b"4.7.0 TLS not available due to local problem"])
        elif command == b"STARTTLS" and not over_tls and mode == "starttls":
            reply(conn, 220, [b"2.0.0 Ready to start TLS"])
            return True
        elif command == b"QUIT":
            reply(conn, 221, [b"2.0.0 Bye"])
            return False
        else:
            reply(conn, 502, [b"5.5.2 Error: command not recognized"])


def serve(conn, ctx, mode):
    if mode == "not-smtp":
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        return
    if mode == "endless":
        for _ in range(64):
            conn.sendall(b"220-" + b"x" * 8192)
        return
    reply(conn, 220, [b"mail.lab.test ESMTP mtls-doctor test server", b"no UCE"])
    if converse(conn, mode, over_tls=False):
        with ctx.wrap_socket(conn, server_side=True) as tls:
            converse(tls, mode, over_tls=True)


def main():
    cert, key, client_ca, crl = sys.argv[1:5]
    mode = sys.argv[5] if len(sys.argv) > 5 else "starttls"
    ctx = client_auth_context(cert, key, client_ca, crl)
    serve_forever(lambda conn: serve(conn, ctx, mode))


if __name__ == "__main__":
    main()
