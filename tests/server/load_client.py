"""Connects to serve again and again with one lab identity until DURATION seconds pass; prints one
JSON object: how many connections succeeded, every failure with its reason, and which rules and
server certificates were seen (to show that a reload took effect). Used by reload_test.cpp."""
import json, socket, ssl, sys, time

port, ca, cert, key, duration = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False  # the server certificate is swapped for one with another name
ctx.load_verify_locations(ca)
ctx.load_cert_chain(cert, key)
ok, failures, rules, servers = 0, [], {}, {}
end = time.monotonic() + duration
while time.monotonic() < end:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                cn = [v for rdn in s.getpeercert()["subject"] for (k, v) in rdn if k == "commonName"][0]
                servers[cn] = servers.get(cn, 0) + 1
                s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            failures.append(head.split(b"\r\n")[0].decode())
            continue
        rule = json.loads(body)["rule"]
        rules[rule] = rules.get(rule, 0) + 1
        ok += 1
    except Exception as e:  # noqa: BLE001 - every failure is reported
        failures.append(f"{type(e).__name__}: {e}")
print(json.dumps({"ok": ok, "failures": failures, "rules": rules, "servers": servers}))
