// Names are read from their DER without X509_NAME (src/x509/decoded_name.cpp). Everything a
// report shows of them must stay what OpenSSL's own X509_NAME gives for the same certificate:
// the RFC 4514 text with its escaping (X509_NAME_print_ex, and the openssl CLI's
// `-nameopt RFC2253`), the attributes as UTF-8, the self-issued test (X509_NAME_cmp), and which
// names are refused at all (d2i_X509).
#include <gtest/gtest.h>
#include <openssl/x509.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cert_builder.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/load_context.h"
#include "mtlsdoctor/x509/loader.h"
#include "openssl_cli.h"

namespace mtlsdoctor::x509 {
namespace {

using mtlsdoctor::testing::Der;
using mtlsdoctor::testing::OpensslDir;

using Value = mtlsdoctor::testing::NameValue;
using mtlsdoctor::testing::make_cert;
using mtlsdoctor::testing::make_name;

// What X509_NAME shows of a name, the way read_name(X509_NAME*) always read it.
DistinguishedName openssl_view(const X509_NAME* name) {
  DistinguishedName dn;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    NameAttribute attr;
    const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(e);
    const int nid = OBJ_obj2nid(obj);
    char oid[128] = {};
    OBJ_obj2txt(oid, sizeof oid, obj, 1);
    attr.type = nid != NID_undef ? OBJ_nid2sn(nid) : oid;
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    if (len >= 0) {
      attr.value.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
      OPENSSL_free(utf8);
    }
    dn.attributes.push_back(std::move(attr));
  }
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len > 0) dn.rfc4514.assign(data, static_cast<std::size_t>(len));
  }
  return dn;
}

struct OpensslCert {
  ossl::X509Ptr x;
  explicit OpensslCert(const Der& der) {
    const unsigned char* p = der.data();
    x.reset(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  }
};

// Our facts against OpenSSL's for the same DER, with and without a shared LoadContext.
void expect_same_as_openssl(const Der& der, LoadContext* context = nullptr) {
  const OpensslCert ref(der);
  ASSERT_TRUE(ref.x) << "OpenSSL refuses the test certificate";
  auto cert = Certificate::from_der(der, "test", 4096, context);
  ASSERT_TRUE(cert.has_value()) << cert.error().describe();
  const auto& f = cert->facts();
  for (const auto& [ours, theirs] : {std::pair{&f.subject, X509_get_subject_name(ref.x.get())},
                                     std::pair{&f.issuer, X509_get_issuer_name(ref.x.get())}}) {
    const DistinguishedName expected = openssl_view(theirs);
    EXPECT_EQ(ours->rfc4514, expected.rfc4514);
    ASSERT_EQ(ours->attributes.size(), expected.attributes.size()) << expected.rfc4514;
    for (std::size_t i = 0; i < expected.attributes.size(); ++i) {
      EXPECT_EQ(ours->attributes[i].type, expected.attributes[i].type) << expected.rfc4514;
      EXPECT_EQ(ours->attributes[i].value, expected.attributes[i].value) << expected.rfc4514;
    }
  }
  EXPECT_EQ(f.self_issued, X509_NAME_cmp(X509_get_subject_name(ref.x.get()), X509_get_issuer_name(ref.x.get())) == 0)
      << f.subject.rfc4514 << " / " << f.issuer.rfc4514;
}

const ossl::X509NamePtr& plain_issuer() {
  static const ossl::X509NamePtr name = make_name({{"CN", MBSTRING_ASC, "Plain CA"}});
  return name;
}

TEST(DecodedName, EveryAsciiCharacterAnywhereIsEscapedAsOpensslEscapesIt) {
  for (const int type : {V_ASN1_UTF8STRING, V_ASN1_PRINTABLESTRING, V_ASN1_IA5STRING, V_ASN1_T61STRING}) {
    std::vector<Value> values;
    for (int c = 0; c < 0x80; ++c) {
      const std::string ch(1, static_cast<char>(c));
      for (const std::string& v : {ch, ch + "b", "a" + ch, "a" + ch + "b", ch + ch}) values.push_back({"CN", type, v});
    }
    SCOPED_TRACE(ASN1_tag2str(type));
    const auto subject = make_name(values);
    expect_same_as_openssl(make_cert(subject.get(), plain_issuer().get()));
  }
}

TEST(DecodedName, Utf8AndOtherStringTypesPrintAsOpensslPrintsThem) {
  const std::string bmp_zoe("\0Z\0o\0\xeb", 6);
  const std::string universal_smile("\0\x01\xf6\x00", 4);
  std::vector<Value> values = {
      {"CN", V_ASN1_UTF8STRING, "Zoë 中文 😀"},
      {"O", V_ASN1_UTF8STRING, "é leading and trailing é"},
      {"OU", V_ASN1_UTF8STRING, " é "},
      {"L", V_ASN1_UTF8STRING, ""},
      {"ST", V_ASN1_BMPSTRING, bmp_zoe},
      {"street", V_ASN1_UNIVERSALSTRING, universal_smile},
      {"serialNumber", V_ASN1_NUMERICSTRING, "0123"},
      {"1.2.3.4.5", V_ASN1_UTF8STRING, "unknown type, dumped"},
      {"1.2.3.4.6", V_ASN1_PRINTABLESTRING, "x"},
  };
  for (int c = 0x80; c <= 0xff; ++c) {
    values.push_back({"CN", V_ASN1_T61STRING, std::string(1, static_cast<char>(c))});  // Latin-1
    values.push_back({"OU", V_ASN1_PRINTABLESTRING, "p" + std::string(1, static_cast<char>(c))});
  }
  const auto subject = make_name(values);
  expect_same_as_openssl(make_cert(subject.get(), plain_issuer().get()));
}

TEST(DecodedName, MultiValuedRdnsAndEmptyNamesPrintAsOpensslPrintsThem) {
  const auto multi = make_name({{"C", MBSTRING_ASC, "NL"},
                                {"O", MBSTRING_ASC, "x"},
                                {"OU", MBSTRING_ASC, "y", true},
                                {"CN", MBSTRING_ASC, "b"},
                                {"UID", MBSTRING_ASC, "c", true},
                                {"DC", MBSTRING_ASC, "d+e", true}});
  expect_same_as_openssl(make_cert(multi.get(), plain_issuer().get()));
  const ossl::X509NamePtr empty{X509_NAME_new()};
  expect_same_as_openssl(make_cert(empty.get(), plain_issuer().get()));
  expect_same_as_openssl(make_cert(plain_issuer().get(), empty.get()));
  expect_same_as_openssl(make_cert(empty.get(), empty.get()));  // self-issued: both empty
}

TEST(DecodedName, SelfIssuedFollowsX509NameCmpThroughCaseSpacesAndStringTypes) {
  const auto base = make_name({{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Test CA"}});
  const auto accented = make_name({{"O", V_ASN1_UTF8STRING, "Tést Org"}, {"CN", V_ASN1_UTF8STRING, "Test CA"}});
  const auto accented_upper = make_name({{"O", V_ASN1_UTF8STRING, "TÉST ORG"}, {"CN", V_ASN1_UTF8STRING, "test ca"}});
  expect_same_as_openssl(make_cert(accented.get(), accented_upper.get()));  // only ASCII is folded
  const std::vector<std::vector<Value>> others = {
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Test CA"}},           // same DER
      {{"O", V_ASN1_UTF8STRING, "TEST ORG"}, {"CN", V_ASN1_PRINTABLESTRING, "test ca"}},           // case, types
      {{"O", V_ASN1_UTF8STRING, "  Test   Org "}, {"CN", V_ASN1_IA5STRING, "Test\t CA"}},          // spaces
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Test CB"}},           // differs
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}},                                                 // shorter
      {{"CN", V_ASN1_UTF8STRING, "Test CA"}, {"O", V_ASN1_PRINTABLESTRING, "Test Org"}},           // order
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Test CA", true}},     // one RDN
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Tést CA"}},           // UTF-8
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"1.2.3.4", V_ASN1_UTF8STRING, "Test CA"}},      // other type
      {{"O", V_ASN1_UTF8STRING, "\vtest\forg\n"}, {"CN", V_ASN1_UTF8STRING, "\rTEST \t\n CA  "}},  // all spaces
      {{"O", V_ASN1_PRINTABLESTRING, "TestOrg"}, {"CN", V_ASN1_UTF8STRING, "Test CA"}},            // folds alike
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_UTF8STRING, "Te st CA"}},          // folds alike
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_BMPSTRING, std::string("\0T\0e\0s\0t\0 \0C\0A", 14)}},
      {{"O", V_ASN1_PRINTABLESTRING, "Test Org"}, {"CN", V_ASN1_T61STRING, "TEST CA"}},
  };
  LoadContext context;
  for (const auto& other : others) {
    const auto name = make_name(other);
    SCOPED_TRACE(openssl_view(name.get()).rfc4514);
    expect_same_as_openssl(make_cert(base.get(), name.get()));
    expect_same_as_openssl(make_cert(name.get(), base.get()));
    expect_same_as_openssl(make_cert(base.get(), name.get()), &context);
    expect_same_as_openssl(make_cert(name.get(), base.get()), &context);
  }
  EXPECT_GT(context.cached_names(), 0u);
}

TEST(DecodedName, IssuersSharedThroughTheCacheReadTheSameAsWithout) {
  // Several certificates of one issuer, then the issuer's own certificate (its subject is then a
  // known issuer name).
  const auto ca = make_name({{"O", MBSTRING_ASC, "Cache, Test"}, {"CN", MBSTRING_ASC, "Cache CA"}});
  LoadContext context;
  for (int i = 0; i < 3; ++i) {
    const auto leaf = make_name({{"CN", MBSTRING_ASC, "leaf " + std::to_string(i)}});
    expect_same_as_openssl(make_cert(leaf.get(), ca.get()), &context);
  }
  expect_same_as_openssl(make_cert(ca.get(), ca.get()), &context);
  EXPECT_EQ(context.cached_names(), 1u);
}

// Replaces the first occurrence of `marker` in the DER (a name value's bytes) with `bytes`.
Der patched(Der der, const std::string& marker, const std::string& bytes) {
  const auto at = std::search(der.begin(), der.end(), marker.begin(), marker.end());
  EXPECT_NE(at, der.end());
  if (at != der.end()) std::copy(bytes.begin(), bytes.end(), at);
  return der;
}

TEST(DecodedName, NamesOpensslRefusesAreRefused) {
  struct Case {
    const char* what;
    int type;
    std::string marker;
    std::string bad;
  };
  const std::vector<Case> cases = {
      {"UTF8String that is not UTF-8", V_ASN1_UTF8STRING, "MARK", std::string("\xff\xfe\xfd\xfc", 4)},
      {"BMPString with surrogates", V_ASN1_BMPSTRING, std::string("\0M\0K", 4), std::string("\xd8\x00\xd8\x00", 4)},
      {"UniversalString beyond U+10FFFF", V_ASN1_UNIVERSALSTRING, std::string("\0\0\0M", 4),
       std::string("\x00\x11\x00\x00", 4)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto bad_name = make_name({{"CN", c.type, c.marker}});
    for (const bool as_issuer : {false, true}) {
      const Der good =
          as_issuer ? make_cert(plain_issuer().get(), bad_name.get()) : make_cert(bad_name.get(), plain_issuer().get());
      const Der bad = patched(good, c.marker, c.bad);
      EXPECT_TRUE(OpensslCert(good).x);
      EXPECT_FALSE(OpensslCert(bad).x) << "the patched certificate was meant to be refused by OpenSSL";
      LoadContext context;
      for (LoadContext* cache : {static_cast<LoadContext*>(nullptr), &context, &context}) {
        auto cert = Certificate::from_der(bad, "test", 4096, cache);
        ASSERT_FALSE(cert.has_value());
        EXPECT_EQ(cert.error().category, core::ErrorCategory::Parse);
      }
      EXPECT_EQ(context.cached_names(), as_issuer ? 0u : 1u);  // only the good issuer is kept
    }
  }
}

// The same, against the openssl CLI's own printing of certificates it made.
TEST(DecodedName, RfcTextMatchesTheOpensslCli) {
  const std::string kUnicode = "Ünïcödé";
  OpensslDir dir;
  const std::string req = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -days 1 ";
  dir.sh(req + "-out esc.pem -subj '/CN=a,b\\+c;d<e>f\"g=h/O= lead and trail /OU=#hash/L=back\\\\slash/ST=x#y z'");
  dir.sh(req + "-out multi.pem -multivalue-rdn -subj '/C=NL/O=x+OU=y/CN=b+UID=c+DC=d'");
  dir.sh(req + "-out utf8.pem -utf8 -subj '/CN=Zoë 中文 😀/O=" + kUnicode + "'");
  struct Case {
    const char* file;
    const char* nameopt;  // our text leaves UTF-8 unescaped: RFC 2253 without esc_msb
  };
  for (const Case& c :
       {Case{"esc.pem", "RFC2253"}, Case{"multi.pem", "RFC2253"}, Case{"utf8.pem", "RFC2253,-esc_msb"}}) {
    SCOPED_TRACE(c.file);
    auto b = load_file(dir / c.file, no_password());
    ASSERT_TRUE(b.has_value()) << b.error().describe();
    const auto& f = b->certificates.at(0).facts();
    EXPECT_EQ("subject=" + f.subject.rfc4514,
              dir.out(std::string("openssl x509 -in ") + c.file + " -noout -subject -nameopt " + c.nameopt));
    EXPECT_EQ("issuer=" + f.issuer.rfc4514,
              dir.out(std::string("openssl x509 -in ") + c.file + " -noout -issuer -nameopt " + c.nameopt));
    EXPECT_TRUE(f.self_issued);
  }
  auto utf8 = load_file(dir / "utf8.pem", no_password());
  ASSERT_TRUE(utf8.has_value());
  EXPECT_EQ(utf8->certificates.at(0).facts().subject.values("O"), std::vector<std::string>{kUnicode});
}

}  // namespace
}  // namespace mtlsdoctor::x509
