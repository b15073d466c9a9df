"""A client that sends several HTTP/1.1 requests over one mTLS connection, one after the other or
all in one write (pipelined), and reads each response by its framing (Content-Length, chunked,
or the close), as a browser or a connection pool does. Prints a JSON object: the responses in
order and whether the server closed the connection after the last one.

Usage: keepalive_client.py PORT CA CERT KEY VERSION REQUESTS_JSON [--pipeline]
REQUESTS_JSON: [{"method": "GET", "path": "/", "headers": {"X": "y"}, "body": ""}, ...]"""
import json, socket, ssl, sys

port, ca, cert, key, version, requests = sys.argv[1:7]
pipeline = "--pipeline" in sys.argv[7:]
requests = json.loads(requests)

ctx = ssl.create_default_context(cafile=ca)
ctx.load_cert_chain(cert, key)
v = ssl.TLSVersion.TLSv1_3 if version == "1.3" else ssl.TLSVersion.TLSv1_2
ctx.minimum_version = ctx.maximum_version = v
sock = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(port)), timeout=10), server_hostname="localhost")
f = sock.makefile("rb")


def encode(r):
    body = r.get("body", "").encode()
    head = "{} {} HTTP/1.1\r\nHost: localhost\r\n".format(r.get("method", "GET"), r.get("path", "/"))
    for k, val in r.get("headers", {}).items():
        head += "{}: {}\r\n".format(k, val)
    if body or r.get("method", "GET") == "POST":
        head += "Content-Length: {}\r\n".format(len(body))
    return head.encode() + b"\r\n" + body


def read_response(method):
    line = f.readline()
    if not line:
        return None
    status = int(line.split()[1])
    headers = []
    while True:
        h = f.readline().rstrip(b"\r\n")
        if not h:
            break
        name, _, value = h.decode().partition(":")
        headers.append([name.strip(), value.strip()])
    get = lambda n: [v for k, v in headers if k.lower() == n]
    body = b""
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        pass
    elif get("transfer-encoding"):
        while True:
            size = int(f.readline().split(b";")[0], 16)
            if size == 0:
                while f.readline() not in (b"\r\n", b""):
                    pass
                break
            body += f.read(size)
            f.readline()
    elif get("content-length"):
        body = f.read(int(get("content-length")[0]))
    else:
        body = f.read()
    return {"status": status, "headers": headers, "body": body.decode("utf-8", "replace")}


out = {"responses": []}
if pipeline:
    sock.sendall(b"".join(encode(r) for r in requests))
for r in requests:
    if not pipeline:
        sock.sendall(encode(r))
    resp = read_response(r.get("method", "GET"))
    if resp is None:
        break
    out["responses"].append(resp)
sock.settimeout(1.5)  # a kept-alive connection stays open: read until then
try:
    out["closed_after"] = f.read(1) == b""
except (socket.timeout, ssl.SSLError, OSError) as e:
    out["closed_after"] = False
    out["after"] = type(e).__name__
print(json.dumps(out))
