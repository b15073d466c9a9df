// The fields explain --log reads from each event's line (line_fields): time, client address and
// certificate subject, in the formats of real servers' logs.
#include <gtest/gtest.h>

#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {
namespace {

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

}  // namespace
}  // namespace mtlsdoctor::explain
