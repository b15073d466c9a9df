// Alert and handshake names as the RFCs spell them, and certificate counting in Certificate
// message bodies of both versions.
#include "mtlsdoctor/tls/names.h"

#include <gtest/gtest.h>

#include "mtlsdoctor/tls/session_observer.h"

namespace mtlsdoctor::tls {
namespace {

TEST(Names, AlertsAndHandshakeMessages) {
  EXPECT_EQ(alert_name(48), "unknown_ca");
  EXPECT_EQ(alert_name(116), "certificate_required");
  EXPECT_EQ(alert_name(255), "unknown_alert");
  EXPECT_EQ(handshake_name(13), "CertificateRequest");
  EXPECT_EQ(handshake_name(99), "HandshakeMessage");
}

TEST(CountCertificates, Tls12AndTls13Bodies) {
  // TLS 1.2: certificate_list<3 bytes> of (cert<3 bytes>)*: two certificates of 2 and 1 bytes.
  const unsigned char v12[] = {0, 0, 9, 0, 0, 2, 0xaa, 0xbb, 0, 0, 1, 0xcc};
  EXPECT_EQ(count_certificates(v12, sizeof v12, false), 2u);
  // TLS 1.3: context<1>, then entries with extensions<2>.
  const unsigned char v13[] = {0, 0, 0, 6, 0, 0, 1, 0xaa, 0, 0};
  EXPECT_EQ(count_certificates(v13, sizeof v13, true), 1u);
  const unsigned char empty[] = {0, 0, 0, 0};
  EXPECT_EQ(count_certificates(empty, sizeof empty, true), 0u);
  // A length that runs past the message counts what fits.
  const unsigned char cut[] = {0, 0, 9, 0, 0, 2, 0xaa, 0xbb, 0, 0, 9};
  EXPECT_EQ(count_certificates(cut, sizeof cut, false), 1u);
}

}  // namespace
}  // namespace mtlsdoctor::tls
