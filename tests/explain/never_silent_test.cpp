// Issue 11, "never silent", for two kinds of short text without the words the entries look for:
// a bare OpenSSL error code ("error:0A000086" with its words cut off, 1.x's "error:14090086",
// Squid's "TLS_LIB_ERR=A000086"), read by the words OpenSSL's own tables give it
// (ossl::code_words) when it names no alert; and an HTTP status said without "HTTP/1.1" ("status
// code 401", "statusCode: 403", "returned 502"), read as the status.
#include <gtest/gtest.h>

#include <string>

#include "explain/builtin_explainer.h"
#include "mtlsdoctor/core/finding_ids.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/ossl/errors.h"

namespace mtlsdoctor::explain {
namespace {

const Explainer& explainer() {
  return test::builtin_explainer();
}

TEST(OpensslCodeWords, BothPackingsGiveTheLibraryAndTheReason) {
  struct Case {
    const char* hex;
    const char* library;
    const char* reason;
  };
  for (const Case& c : {
           Case{"0A000086", "SSL routines", "certificate verify failed"},  // OpenSSL 3
           Case{"14090086", "SSL routines", "certificate verify failed"},  // 1.1, with a function code
           Case{"0a00010b", "SSL routines", "wrong version number"},       // lower case
           Case{"0909006C", "PEM routines", "no start line"},              // 1.1
           Case{"05800074", "x509 certificate routines", "key values mismatch"},
           // 1.1's X509_check_private_key: function 0x080 leaves bits 12-17 clear, as OpenSSL 3's
           // packing does; the 3 reading names nothing, the 1.1 one does.
           Case{"0B080074", "x509 certificate routines", "key values mismatch"},
           // A reason every library shares (ERR_RFLAG_COMMON in bits 18-22).
           Case{"1E08010C", "DECODER routines", "unsupported"},
       }) {
    const auto words = ossl::code_words(c.hex);
    ASSERT_TRUE(words.has_value()) << c.hex;
    EXPECT_EQ(words->library, c.library) << c.hex;
    EXPECT_EQ(words->reason, c.reason) << c.hex;
  }
}

TEST(OpensslCodeWords, NothingForSystemErrorsUnknownReasonsAndNonCodes) {
  EXPECT_FALSE(ossl::code_words("80000002").has_value());  // OpenSSL 3's system error: errno 2
  EXPECT_FALSE(ossl::code_words("02001002").has_value());  // 1.1's ERR_LIB_SYS
  EXPECT_FALSE(ossl::code_words("0A000FFF").has_value());  // no such SSL reason
  EXPECT_FALSE(ossl::code_words("00000000").has_value());
  EXPECT_FALSE(ossl::code_words("0A00008").has_value());    // seven digits
  EXPECT_FALSE(ossl::code_words("0A00008G").has_value());   // not hex
  EXPECT_FALSE(ossl::code_words("0A0000860").has_value());  // nine
}

// A text and the best cause it must get.
struct TextCause {
  const char* text;
  const char* cause;
};

std::string best_cause(std::string_view text) {
  const auto e = explainer().explain_text(text);
  if (!e.explained()) return "(none)";
  return std::string(core::slug(e.matches.front().entry->causes.front()));
}

TEST(OpensslCodeWords, ABareCodeIsReadAsItsWordsWouldBe) {
  struct Case {
    const char* code_alone;
    const char* with_words;
  };
  for (const Case& c : {
           Case{"error:0A000086", "error:0A000086:SSL routines::certificate verify failed"},
           Case{"SSL_connect returned=1 errno=0 state=error: error:14090086",
                "SSL_connect returned=1 errno=0 state=error: certificate verify failed"},
           Case{"TLS_LIB_ERR=A000086", "SSL routines::certificate verify failed"},
           Case{"error:0A00010B", "error:0A00010B:SSL routines::wrong version number"},
           Case{"unable to load certificate: error:0909006C",
                "unable to load certificate: PEM routines::no start line"},
           Case{"nginx: [emerg] SSL_CTX_use_PrivateKey() failed (SSL: error:05800074)",
                "nginx: [emerg] SSL_CTX_use_PrivateKey() failed (SSL: error:05800074:x509 certificate "
                "routines::key values mismatch)"},
           Case{"error:1E08010C", "error:1E08010C:DECODER routines::unsupported"},
       }) {
    const auto expected = best_cause(c.with_words);
    ASSERT_NE(expected, "(none)") << c.with_words;
    EXPECT_EQ(best_cause(c.code_alone), expected) << c.code_alone;
  }
}

TEST(OpensslCodeWords, TheMatchSaysTheCodeAndItsWords) {
  const auto e = explainer().explain_text("error:0A000086");
  ASSERT_TRUE(e.explained());
  EXPECT_EQ(e.matches.front().matched, "error:0A000086 (SSL routines::certificate verify failed)");
}

// A code that names an alert keeps that reading (SSL reasons 1000 + N), and a code whose words
// the text already holds adds nothing.
TEST(OpensslCodeWords, AlertCodesAndCodesWithTheirWordsAreReadAsBefore) {
  EXPECT_EQ(best_cause("error:0A000418"), "client-cert-untrusted-issuer");
  const auto e = explainer().explain_text("error:0A000086:SSL routines::certificate verify failed");
  ASSERT_TRUE(e.explained());
  for (const auto& m : e.matches) EXPECT_EQ(m.matched.find("error:0A000086 ("), std::string::npos) << m.matched;
}

TEST(OpensslCodeWords, AnErrnoCodeStaysUnread) {
  EXPECT_EQ(best_cause("error:80000002"), "(none)");
}

TEST(HttpStatusWords, AStatusSaidInWordsIsReadAsTheStatus) {
  for (const TextCause& c : {
           TextCause{"Request failed with status code 401", "client-cert-missing"},  // axios
           TextCause{"statusCode: 403", "client-access-denied"},
           TextCause{"Server responded with 403", "client-access-denied"},
           TextCause{"status=400", "client-cert-missing"},
           TextCause{"Response status 400", "client-cert-missing"},
           TextCause{"upstream returned 502", "server-cert-untrusted"},
           TextCause{"421 Misdirected Request", "sni-required"},
           TextCause{"{\"level\":\"error\",\"status\":421}", "sni-required"},
           TextCause{"returned status 495", "client-cert-untrusted-issuer"},
           TextCause{"got HTTP 496 from the gateway", "client-cert-missing"},
           TextCause{"HTTP/1.1 497 HTTP Request Sent to HTTPS Port", "plaintext-to-tls-port"},
       }) {
    EXPECT_EQ(best_cause(c.text), c.cause) << c.text;
  }
}

// Texts cut short to words only TLS uses: read with `possible` hypotheses, never "not recognised".
TEST(ShortWords, WordsOnlyTlsUsesGetHypotheses) {
  for (const TextCause& c : {
           TextCause{"unknown authority", "server-cert-untrusted"},
           TextCause{"Could not establish trust relationship", "server-cert-untrusted"},
           TextCause{"System.Net.WebException: The underlying connection was closed: The connection was closed "
                     "unexpectedly.",
                     "protocol-version-mismatch"},
           TextCause{"Error: write EPROTO", "not-tls"},
           TextCause{"Unable to connect to the server: EOF", "connection-reset"},  // kubectl
           TextCause{"rpc error: code = Unavailable desc = connection closed before server preface received",
                     "client-cert-untrusted-issuer"},  // grpc-go#5385
           TextCause{"NS_ERROR_NET_RESET", "connection-reset"},
           TextCause{"kCFStreamErrorDomainSSL -9807", "server-cert-untrusted"},
           TextCause{"javax.net.ssl.SSLHandshakeException: PKIX path validation failed", "server-cert-expired"},
           TextCause{"javax.net.ssl.SSLPeerUnverifiedException: peer not authenticated", "server-cert-untrusted"},
           TextCause{"mbedtls_ssl_handshake returned -0x7780", "client-cert-missing"},
           TextCause{
               "Could not fetch URL https://pypi.org/simple/pip/: There was a problem confirming the ssl certificate",
               "server-cert-untrusted"},
           TextCause{"HTTPSConnectionPool(host='login.example.com', port=443): Max retries exceeded with url: /token",
                     "server-cert-untrusted"},
       }) {
    const auto e = explainer().explain_text(c.text);
    ASSERT_TRUE(e.explained()) << c.text;
    EXPECT_EQ(core::slug(e.matches.front().entry->causes.front()), c.cause) << c.text;
    EXPECT_EQ(explainer().report(e).verdict.confidence, core::Confidence::Possible) << c.text;
  }
}

// Words that only look like a status stay unread: a number after "status" that is no failing
// status, a 2xx.
TEST(HttpStatusWords, OtherNumbersAreNoStatus) {
  EXPECT_EQ(best_cause("status code 200"), "(none)");
  EXPECT_EQ(best_cause("returned 4031 rows"), "(none)");
}

}  // namespace
}  // namespace mtlsdoctor::explain
