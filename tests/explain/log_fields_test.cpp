// The fields explain --log reads from each event's line (line_fields): time, client address and
// certificate subject, in the formats of real servers' logs; and what the scanner makes of nginx's
// lines with them (tallies, everyday lines that are no events).
#include <gtest/gtest.h>

#include "explain/builtin_explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {
namespace {

// One scan of `log` as a whole, with either prefilter (Auto: Hyperscan where the build has it).
LogSummary scan(std::string_view log, Prefilter prefilter) {
  LogScanOptions options;
  options.prefilter = prefilter;
  auto scanner = LogScanner::create(test::builtin_explainer(), options);
  EXPECT_TRUE(scanner.has_value());
  if (!scanner) return {};
  scanner->feed(log);
  return scanner->finish();
}

TEST(LogFields, ReadsTimesClientsAndSubjectsOfRealFormats) {
  auto f = line_fields(
      "2026/11/25 08:01:02 [info] 1234#1234: *5 client SSL certificate verify error: (10:certificate has expired) "
      "while reading client request headers, client: 192.0.2.7, server: localhost");
  EXPECT_EQ(f.time, "2026/11/25 08:01:02");
  EXPECT_EQ(f.client, "192.0.2.7");
  f = line_fields(
      "[Wed Nov 25 08:01:02.123456 2026] [ssl:info] [pid 77:tid 88] [client 2001:db8::7:51234] AH02275: Certificate "
      "Verification, depth 0, CRL checking mode: none (0) [subject: CN=client-expired,O=mtls-doctor lab / issuer: "
      "CN=Client Intermediate / serial: 1A / notbefore: Nov 1 00:00:00 2026 GMT / notafter: Nov 2 00:00:00 2026 GMT]");
  EXPECT_EQ(f.time, "Wed Nov 25 08:01:02.123456 2026");
  EXPECT_EQ(f.client, "2001:db8::7");
  EXPECT_EQ(f.subject, "CN=client-expired,O=mtls-doctor lab");
  f = line_fields(
      "Nov 25 08:01:02 lb1 haproxy[812]: 198.51.100.4:40112 [25/Nov/2026:08:01:02.331] https-in/1: SSL client "
      "certificate not trusted");
  EXPECT_EQ(f.time, "Nov 25 08:01:02");
  EXPECT_EQ(f.client, "198.51.100.4");
  f = line_fields(
      "2026/11/25 08:01:02 http: TLS handshake error from 127.0.0.1:53144: remote error: tls: bad certificate");
  EXPECT_EQ(f.client, "127.0.0.1");
  f = line_fields("2026-11-25T08:01:02.5Z WARN handshake failed peer=[::1]:4433 subject=\"CN=svc,OU=payments\"");
  EXPECT_EQ(f.time, "2026-11-25T08:01:02.5Z");
  EXPECT_EQ(f.subject, "CN=svc,OU=payments");
  // The words a subject needs are looked for before its regexes, in any case.
  f = line_fields("SSL handshake failed SSL_CLIENT_S_DN = \"CN=svc,OU=payments\"; verify=FAILED");
  EXPECT_EQ(f.subject, "CN=svc,OU=payments");
  f = line_fields("TLS alert, SUBJECT: CN=Edge Client, issuer CN=Root");
  EXPECT_EQ(f.subject, "CN=Edge Client");
  f = line_fields("{\"client\":\"192.0.2.9:443\",\"Subject\":\"CN=a\\\"b\"}");
  EXPECT_EQ(f.client, "192.0.2.9");
  EXPECT_EQ(f.subject, "CN=a\\\"b");
  f = line_fields("client: localhost, nothing else");
  EXPECT_EQ(f.client, "");
  EXPECT_EQ(f.time, "");
}

// nginx's time and client are read by hand (the lines of a big log are mostly nginx's); lines
// that only look like them must get what the regexes give.
TEST(LogFields, NginxsShapesAndTheirNearMisses) {
  EXPECT_EQ(line_fields("2026-11-25 08:01:02 [error] 7#7: x").time, "2026-11-25 08:01:02");
  EXPECT_EQ(line_fields("2026/11/25 08:01:02.123 x").time, "2026/11/25 08:01:02.123");
  EXPECT_EQ(line_fields("2026-11-25T08:01:02+01:00 x").time, "2026-11-25T08:01:02+01:00");
  EXPECT_EQ(line_fields("2026-11-25t08:01:02Z x").time, "2026-11-25t08:01:02Z");
  EXPECT_EQ(line_fields("2026/11/25 08:01:02").time, "2026/11/25 08:01:02");
  EXPECT_EQ(line_fields("2026/11/25 08:01 x, at 2026/11/26 09:00:00 y").time, "2026/11/26 09:00:00");
  EXPECT_EQ(line_fields("Nov 25 08:01:02 2026/11/25 08:01:03 x").time, "Nov 25 08:01:02");
  EXPECT_EQ(line_fields("x, xclient: 10.0.0.1, client: 10.0.0.2, y").client, "10.0.0.2");
  EXPECT_EQ(line_fields("client: localhost, Client: 10.0.0.3").client, "10.0.0.3");
  EXPECT_EQ(line_fields("CLIENT: FE80::1%eth0, server: x").client, "FE80::1");
  EXPECT_EQ(line_fields("client: 10.0.0.1., server: x").client, "10.0.0.1");
  EXPECT_EQ(line_fields("client: abc.example, server: x").client, "");
  EXPECT_EQ(line_fields("client: ::, peer=192.0.2.1").client, "192.0.2.1");
  EXPECT_EQ(line_fields("_client: 10.0.0.9 [client 192.0.2.8:443]").client, "192.0.2.8");
}

TEST(LogFields, NginxLinesAreTalliedWithFirstAndLastSeenAndClients) {
  const std::string log =
      "2026/11/25 08:01:02 [info] 7#7: *1 client SSL certificate verify error: (10:certificate has expired) while "
      "reading client request headers, client: 10.0.0.7, server: api\n"
      "2026/11/25 08:01:03 [error] 7#7: *2 open() \"/x\" failed (2: No such file or directory), client: 10.0.0.8\n"
      "2026/11/25 08:05:00 [info] 7#7: *3 client SSL certificate verify error: (10:certificate has expired) while "
      "reading client request headers, client: 10.0.0.7, server: api\n"
      "2026/11/25 09:00:00 [info] 7#7: *4 client SSL certificate verify error: (10:certificate has expired) while "
      "reading client request headers, client: 10.0.0.9, server: api\n"
      "2026/11/25 09:30:00 [info] 7#7: *5 client sent no required SSL certificate while reading client request "
      "headers, client: 10.0.0.3, server: api\n";
  const auto s = scan(log, Prefilter::Re2);
  ASSERT_EQ(s.causes.size(), 2U);
  const auto& top = s.causes[0];
  EXPECT_EQ(top.cause, core::FindingId::ClientCertExpired);
  EXPECT_EQ(top.rejected_by, core::Side::Server);
  EXPECT_EQ(top.events, 3U);
  EXPECT_EQ(top.lines, 3U);
  EXPECT_EQ(top.first.line, 1U);
  EXPECT_EQ(top.first.time, "2026/11/25 08:01:02");
  EXPECT_EQ(top.last.line, 4U);
  EXPECT_EQ(top.last.time, "2026/11/25 09:00:00");
  ASSERT_EQ(top.clients.size(), 2U);
  EXPECT_EQ(top.clients[0].value, "10.0.0.7");
  EXPECT_EQ(top.clients[0].count, 2U);
  EXPECT_EQ(s.causes[1].cause, core::FindingId::ClientCertMissing);

  const auto report = log_report(s, test::builtin_explainer());
  EXPECT_EQ(report.verdict.cause, core::FindingId::ClientCertExpired);
  EXPECT_EQ(report.verdict.outcome, core::Outcome::Failed);
  ASSERT_EQ(report.findings.size(), 2U);
  EXPECT_EQ(report.findings[0].evidence["events"], 3);
  EXPECT_EQ(report.findings[1].severity, core::Severity::Warning) << "only the top cause is the error";
}

// nginx's everyday error lines that are not TLS failures: an upstream timing out or refusing, a
// reset, a closed keep-alive, a missing file. A log tally of mTLS failures must not count them (a
// 1 GiB day holds millions): their entries, where the knowledge base has one for a pasted text,
// are fallbacks. A timed-out upstream was counted as `connection-timeout` for a while, and then
// outnumbered every TLS cause four to one in the bench's log.
TEST(LogFields, NginxsEverydayNonTlsLinesAreNoEvents) {
  const std::string log =
      "2026/11/25 08:00:02 [error] 3101#3101: *7 upstream timed out (110: Connection timed out) while reading "
      "response header from upstream, client: 10.0.17.1, server: api.example.com, request: \"POST /v1/payments "
      "HTTP/1.1\", upstream: \"http://10.20.2.15:8080/v1/payments\", host: \"payments.internal.example.com\"\n"
      "2026/11/25 08:00:03 [error] 3101#3101: *8 connect() failed (111: Connection refused) while connecting to "
      "upstream, client: 10.0.17.1, server: api.example.com, request: \"GET /healthz HTTP/1.1\", upstream: "
      "\"http://10.20.2.15:8080/healthz\", host: \"api.example.com\"\n"
      "2026/11/25 08:00:04 [info] 3101#3101: *9 recv() failed (104: Connection reset by peer) while reading "
      "response header from upstream, client: 10.0.17.1, server: api.example.com\n"
      "2026/11/25 08:00:05 [info] 3101#3101: *10 client 10.0.17.1 closed keepalive connection\n"
      "2026/11/25 08:00:06 [error] 3101#3101: *11 open() \"/usr/share/nginx/html/app.js\" failed (2: No such file "
      "or directory), client: 10.0.17.1, server: api.example.com\n";
  for (const auto prefilter : {Prefilter::Auto, Prefilter::Re2}) {
    const auto s = scan(log, prefilter);
    EXPECT_EQ(s.lines, 5U);
    EXPECT_EQ(s.matched_lines, 0U) << (s.top() ? core::slug(s.top()->cause) : "");
  }
}

}  // namespace
}  // namespace mtlsdoctor::explain
