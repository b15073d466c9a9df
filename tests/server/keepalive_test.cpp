// Keep-alive: one mTLS connection carries several HTTP/1.1 requests, one after the other or
// pipelined, answered by serve itself or forwarded to an --upstream-http service — each request
// with its own head rewritten (the client's X-Forwarded-Client-Cert removed every time, not only
// on the first). Responses framed by Content-Length, chunked or the close; `Connection: close`,
// --keepalive-requests, HEAD, and a server that stops closes the idle connections.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "diagnose/peers.h"
#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

using Json = nlohmann::json;

// The responses the keep-alive client read over one connection, and whether it closed after.
Json converse(const Lab& lab, std::uint16_t port, const Json& requests, const std::string& version,
              bool pipeline = false) {
  std::vector<std::string> args{MTLSD_SOURCE_DIR "/tests/server/clients/keepalive_client.py",
                                std::to_string(port),
                                lab.file("server-ca.pem"),
                                lab.full_chain("client-good"),
                                lab.file("client-good.key"),
                                version,
                                requests.dump()};
  if (pipeline) args.emplace_back("--pipeline");
  const auto r = testsupport::run_program("python3", args);
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  try {
    return Json::parse(r.out);
  } catch (const Json::exception&) {
    ADD_FAILURE() << r.describe();
    return Json{{"responses", Json::array()}};
  }
}

std::vector<std::string> header(const Json& response, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& h : response["headers"]) {
    if (strcasecmp(h[0].get<std::string>().c_str(), std::string(name).c_str()) == 0) out.push_back(h[1]);
  }
  return out;
}

std::size_t lines(const std::string& file) {
  if (!std::filesystem::exists(file)) return 0;
  const std::string text = testsupport::read_file(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ServeKeepAlive, SelfAnsweredRequestsShareOneConnectionAndOneDecision) {
  const Lab& lab = Lab::get();
  testsupport::TempDir dir;
  auto options = lab_options(lab);
  options.decision_log = (dir / "decisions.log").string();
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const Json requests = Json::parse(R"([{"path": "/one"}, {"method": "HEAD", "path": "/two"}, {"path": "/three"},
                                        {"path": "/four", "headers": {"Connection": "close"}}])");
  for (const std::string version : {"1.2", "1.3"}) {
    for (const bool pipeline : {false, true}) {
      const auto j = converse(lab, serve.port(), requests, version, pipeline);
      ASSERT_EQ(j["responses"].size(), 4u) << j.dump(2);
      for (std::size_t i = 0; i < 4; ++i) {
        const auto& r = j["responses"][i];
        EXPECT_EQ(r["status"], 200) << r.dump(2);
        EXPECT_EQ(header(r, "Connection"), std::vector<std::string>{i == 3 ? "close" : "keep-alive"}) << r.dump(2);
      }
      EXPECT_EQ(j["responses"][1]["body"], "") << "HEAD: the head only";
      EXPECT_EQ(Json::parse(j["responses"][2]["body"].get<std::string>())["decision"], "allow");
      EXPECT_EQ(j["closed_after"], true) << "the request said Connection: close: " << j.dump(2);
    }
  }
  EXPECT_EQ(lines(*options.decision_log), 4u) << "one line per connection, not per request";
  EXPECT_EQ(serve.server().stats().accepted, 4u);
}

TEST(ServeKeepAlive, KeepaliveRequestsBoundsTheRequestsOfOneConnection) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.keepalive_requests = 2;
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const auto j = converse(lab, serve.port(), Json::parse(R"([{"path": "/a"}, {"path": "/b"}, {"path": "/c"}])"), "1.3");
  ASSERT_EQ(j["responses"].size(), 2u) << "the third request finds the connection closed: " << j.dump(2);
  EXPECT_EQ(header(j["responses"][0], "Connection"), std::vector<std::string>{"keep-alive"});
  EXPECT_EQ(header(j["responses"][1], "Connection"), std::vector<std::string>{"close"});
}

TEST(ServeKeepAlive, AnIdleKeptAliveConnectionStaysOpenUntilTheServerStops) {
  const Lab& lab = Lab::get();
  auto options = lab_options(lab);
  options.idle_timeout = std::chrono::minutes(10);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  // The client waits 1.5 s after its response: the connection is still open then.
  const auto j = converse(lab, serve.port(), Json::parse(R"([{"path": "/"}])"), "1.3");
  ASSERT_EQ(j["responses"].size(), 1u) << j.dump(2);
  EXPECT_EQ(j["closed_after"], false) << j.dump(2);
  // A connection left idle does not hold the stop for the idle timeout (10 minutes): the server
  // closes it and stops (were it to wait, the test would time out).
  testsupport::RunResult waiting;
  std::thread client([&] {
    waiting = testsupport::run_program(
        "python3", {"-c",
                    "import socket,ssl,sys\n"
                    "c=ssl.create_default_context(cafile=sys.argv[2]);c.load_cert_chain(sys.argv[3],sys.argv[4])\n"
                    "s=c.wrap_socket(socket.create_connection(('127.0.0.1',int(sys.argv[1]))),"
                    "server_hostname='localhost')\n"
                    "s.sendall(b'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')\n"
                    "f=s.makefile('rb');print(f.readline().decode().strip(),flush=True);n=0\n"
                    "while True:\n"
                    " h=f.readline()\n"
                    " if h==b'\\r\\n': break\n"
                    " if h.lower().startswith(b'content-length:'): n=int(h.split(b':')[1])\n"
                    "f.read(n)\n"
                    "print('closed' if f.read(1)==b'' else 'more')\n",
                    std::to_string(serve.port()), lab.file("server-ca.pem"), lab.full_chain("client-good"),
                    lab.file("client-good.key")});
  });
  for (int i = 0; i < 400 && serve.server().stats().allowed < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // its response read: now idle
  serve.server().stop();
  client.join();
  EXPECT_NE(waiting.out.find("HTTP/1.1 200 OK"), std::string::npos) << waiting.describe();
  EXPECT_NE(waiting.out.find("closed"), std::string::npos) << waiting.describe();
}

// --upstream-http: every request of the connection reaches the upstream with the verified
// certificate's XFCC, never the client's own (sent here on the second and third requests);
// bodies framed by Content-Length and chunked keep the connection, a close-delimited one ends it.
TEST(ServeKeepAlive, EveryForwardedRequestGetsItsOwnRewrittenHead) {
  const Lab& lab = Lab::get();
  testsupport::TempDir dir;
  const std::uint16_t up = free_port();
  testsupport::ServerProcess upstream(
      "python3",
      {MTLSD_SOURCE_DIR "/tests/server/echo_upstream.py", std::to_string(up), (dir / "requests.log").string()},
      dir.path(), up);
  ASSERT_TRUE(upstream.ok()) << upstream.output();
  auto options = lab_options(lab);
  options.upstream_http = fmt::format("http://127.0.0.1:{}", up);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  const Json requests = Json::parse(R"([
    {"path": "/first"},
    {"method": "POST", "path": "/second", "body": "a body", "headers": {"X-Forwarded-Client-Cert": "Hash=forged"}},
    {"path": "/chunked", "headers": {"x-forwarded-client-cert": "Subject=\"CN=admin\""}},
    {"path": "/close"},
    {"path": "/never"}])");
  for (const bool pipeline : {false, true}) {
    const auto j = converse(lab, serve.port(), requests, "1.3", pipeline);
    ASSERT_EQ(j["responses"].size(), 4u) << "the close-delimited answer ends the connection: " << j.dump(2);
    const std::vector<std::string> paths{"/first", "/second", "/chunked", "/close"};
    for (std::size_t i = 0; i < 4; ++i) {
      const auto& r = j["responses"][i];
      EXPECT_EQ(r["status"], 200) << r.dump(2);
      EXPECT_EQ(header(r, "Connection"), std::vector<std::string>{i == 3 ? "close" : "keep-alive"}) << r.dump(2);
      const auto echo = Json::parse(r["body"].get<std::string>());
      EXPECT_EQ(echo["path"], paths[i]);
      std::vector<std::string> xfcc;
      for (const auto& h : echo["headers"]) {
        if (strcasecmp(h[0].get<std::string>().c_str(), "x-forwarded-client-cert") == 0) xfcc.push_back(h[1]);
      }
      ASSERT_EQ(xfcc.size(), 1u) << echo.dump(2);
      EXPECT_NE(xfcc[0].find("CN=client-good"), std::string::npos) << xfcc[0];
      EXPECT_EQ(xfcc[0].find("forged"), std::string::npos) << xfcc[0];
      EXPECT_EQ(xfcc[0].find("CN=admin"), std::string::npos) << xfcc[0];
    }
    EXPECT_EQ(Json::parse(j["responses"][1]["body"].get<std::string>())["body"], "a body");
    EXPECT_EQ(header(j["responses"][2], "Transfer-Encoding"), std::vector<std::string>{"chunked"});
    EXPECT_EQ(j["closed_after"], true);
  }
  EXPECT_EQ(testsupport::read_file(dir / "requests.log"),
            "/first\n/second\n/chunked\n/close\n/first\n/second\n/chunked\n/close\n");
}

}  // namespace
}  // namespace mtlsdoctor::server::test
