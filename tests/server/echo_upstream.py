"""An HTTP/1.1 upstream for serve's proxy tests: answers every request with a JSON body holding
the path, the headers (every value, repeated names kept) and the body it received, and appends
the path to LOG so that a test can tell which requests arrived. Usage: echo_upstream.py PORT LOG"""
import http.server, json, sys


class Echo(http.server.BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        with open(sys.argv[2], "a") as log:
            log.write(self.path + "\n")
        out = json.dumps({"path": self.path, "headers": [[k, v] for k, v in self.headers.items()], "body": body})
        data = out.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
