"""An HTTP/1.1 upstream for serve's proxy tests: answers every request with a JSON body holding
the path, the headers (every value, repeated names kept) and the body it received, and appends
the path to LOG so that a test can tell which requests arrived. The body is framed by
Content-Length, or chunked (in three chunks, with an extension and a trailer) for a path under
/chunked, or by the close (neither header) for a path under /close.
Usage: echo_upstream.py PORT LOG"""
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
        if self.path.startswith("/chunked"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            third = len(data) // 3
            for i, piece in enumerate((data[:third], data[third:2 * third], data[2 * third:])):
                ext = ";piece={}".format(i) if i == 1 else ""
                self.wfile.write("{:x}{}\r\n".format(len(piece), ext).encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\nX-Trailer: done\r\n\r\n")
        elif self.path.startswith("/close"):
            self.close_connection = True
            self.end_headers()
            self.wfile.write(data)
        else:
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    protocol_version = "HTTP/1.1"
    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
