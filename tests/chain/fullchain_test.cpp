#include "mtlsdoctor/chain/fullchain.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "pki.h"
#include "x509/openssl_cli.h"

namespace mtlsdoctor::chain {
namespace {

using namespace mtlsdoctor::testing;

std::string pem(const Node& n) {
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  PEM_write_bio_X509(bio.get(), n.cert.get());
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::vector<std::string> subjects(const std::vector<x509::Certificate>& certs) {
  std::vector<std::string> out;
  for (const auto& c : certs) out.push_back(c.facts().subject.values("CN").front());
  return out;
}

// Root → Intermediate 1 → Intermediate 2 → leaf, made with the lab's builder, plus a stray.
class FullchainBuild : public ::testing::Test {
 protected:
  OpensslDir dir;
  Node root = make(ca("Root"), nullptr);
  Node int1 = make(ca("Intermediate 1"), &root);
  Node int2 = make(ca("Intermediate 2"), &int1);
  Node leaf_node = make(leaf("good"), &int2);
  Node other_root = make(ca("Other Root"), nullptr);
  Node stray = make(leaf("stray"), &other_root);

  Fullchain build(const std::string& cert, std::vector<std::string> more, std::vector<std::string> cacert) {
    auto r = build_fullchain({dir / cert, std::move(more), std::move(cacert)}, x509::no_password());
    EXPECT_TRUE(r.has_value()) << r.error().describe();
    return r ? *r : Fullchain{};
  }
};

TEST_F(FullchainBuild, ShuffledBundleWithStrayAndRootIsWrittenLeafFirstInPathOrder) {
  dir.write("leaf.pem", pem(leaf_node));
  dir.write("bundle.pem", pem(root) + pem(stray) + pem(int1) + pem(int2) + pem(int1));
  const auto r = build("leaf.pem", {dir / "bundle.pem"}, {});
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(subjects(r.path), (std::vector<std::string>{"good", "Intermediate 2", "Intermediate 1"}));
  ASSERT_TRUE(r.anchor);
  EXPECT_EQ(r.anchor->facts().subject.values("CN").front(), "Root");
  ASSERT_EQ(r.left_out.size(), 3u);
  EXPECT_EQ(r.left_out[0].why, LeftOut::Root);
  EXPECT_EQ(r.left_out[1].why, LeftOut::Stray);
  EXPECT_EQ(r.left_out[1].cert, stray.ours);
  EXPECT_EQ(r.left_out[2].why, LeftOut::Duplicate);
  auto text = fullchain_pem(r);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, pem(leaf_node) + pem(int2) + pem(int1));
}

TEST_F(FullchainBuild, RootFromCacertEndsThePathAndIsNotWritten) {
  dir.write("leaf.pem", pem(leaf_node) + pem(int1));  // a bundle after the leaf
  dir.write("int2.pem", pem(int2));
  dir.write("root.pem", pem(root));
  const auto r = build("leaf.pem", {dir / "int2.pem"}, {dir / "root.pem"});
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(subjects(r.path), (std::vector<std::string>{"good", "Intermediate 2", "Intermediate 1"}));
  EXPECT_TRUE(r.left_out.empty());
}

TEST_F(FullchainBuild, MissingIntermediateIsNamedAndNothingIsComplete) {
  dir.write("leaf.pem", pem(leaf_node));
  dir.write("int2.pem", pem(int2));
  dir.write("root.pem", pem(root));
  const auto r = build("leaf.pem", {dir / "int2.pem"}, {dir / "root.pem"});
  EXPECT_FALSE(r.complete());
  ASSERT_TRUE(r.missing_issuer);
  EXPECT_EQ(*r.missing_issuer, int1.ours.facts().subject.rfc4514);
  ASSERT_TRUE(r.missing_for);
  EXPECT_EQ(*r.missing_for, int2.ours);
}

TEST_F(FullchainBuild, MissingRootIsNamedWhenNothingTrustsTheTop) {
  dir.write("leaf.pem", pem(leaf_node));
  dir.write("chain.pem", pem(int1) + pem(int2));
  dir.write("other.pem", pem(other_root));
  const auto r = build("leaf.pem", {dir / "chain.pem"}, {dir / "other.pem"});
  EXPECT_FALSE(r.complete());
  ASSERT_TRUE(r.missing_issuer);
  EXPECT_EQ(*r.missing_issuer, root.ours.facts().subject.rfc4514);
}

TEST_F(FullchainBuild, AnIntermediateOfTheSameNameButAnotherKeyDoesNotComplete) {
  Node impostor = make(ca("Intermediate 2"), &int1);  // same subject, another key
  dir.write("leaf.pem", pem(leaf_node));
  dir.write("chain.pem", pem(impostor) + pem(int1));
  dir.write("root.pem", pem(root));
  const auto r = build("leaf.pem", {dir / "chain.pem"}, {dir / "root.pem"});
  EXPECT_FALSE(r.complete());
}

TEST_F(FullchainBuild, BundleStartingWithTheRootStillFindsItsOneLeaf) {
  dir.write("bundle.pem", pem(root) + pem(int2) + pem(leaf_node) + pem(int1));
  const auto r = build("bundle.pem", {}, {});
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(subjects(r.path), (std::vector<std::string>{"good", "Intermediate 2", "Intermediate 1"}));
}

TEST_F(FullchainBuild, TwoLeavesAfterACaAreAmbiguousAndSaidSo) {
  dir.write("bundle.pem", pem(int2) + pem(leaf_node) + pem(stray));
  auto r = build_fullchain({dir / "bundle.pem", {}, {}}, x509::no_password());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().subject, dir / "bundle.pem");
}

TEST_F(FullchainBuild, FileWithoutCertificateIsAnErrorNamingIt) {
  dir.write("leaf.pem", pem(leaf_node));
  dir.write("empty.pem", "nothing here\n");
  auto r = build_fullchain({dir / "leaf.pem", {dir / "empty.pem"}, {}}, x509::no_password());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().subject, dir / "empty.pem");
  // A key given as a chain file is named as such (and its bytes never appear in the message).
  dir.sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem");
  auto key = build_fullchain({dir / "leaf.pem", {dir / "k.pem"}, {}}, x509::no_password());
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().subject, dir / "k.pem");
  EXPECT_NE(key.error().message.find("private key"), std::string::npos) << key.error().message;
  EXPECT_EQ(key.error().describe().find("BEGIN"), std::string::npos);
}

// The same with certificates made by the openssl command line, the result read back by it.
TEST(FullchainOpensslCli, ShuffledBundleIsOrderedAndVerifiesWithOpenssl) {
  OpensslDir d;
  const std::string ca_ext = "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign";
  d.sh(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.pem "
      "-subj '/CN=Cli Root' -days 30 " +
      ca_ext);
  d.sh("printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n' > ca.ext");
  d.sh("printf 'basicConstraints=critical,CA:FALSE\\nextendedKeyUsage=clientAuth\\n' > leaf.ext");
  const auto issue = [&](const std::string& name, const std::string& cn, const std::string& by,
                         const std::string& ext) {
    d.sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name + ".key -out " + name +
         ".csr -subj '/CN=" + cn + "'");
    d.sh("openssl x509 -req -in " + name + ".csr -CA " + by + ".pem -CAkey " + by +
         ".key -CAcreateserial -days 30 "
         "-extfile " +
         ext + " -out " + name + ".pem");
  };
  issue("int1", "Cli Int 1", "root", "ca.ext");
  issue("int2", "Cli Int 2", "int1", "ca.ext");
  issue("leaf", "cli-leaf", "int2", "leaf.ext");
  d.sh(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout s.key -out stray.pem "
      "-subj '/CN=Cli Stray' -days 30");
  d.sh("cat int1.pem stray.pem root.pem int2.pem > bundle.pem");

  auto r = build_fullchain({d / "leaf.pem", {d / "bundle.pem"}, {}}, x509::no_password());
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_TRUE(r->complete());
  auto text = fullchain_pem(*r);
  ASSERT_TRUE(text.has_value());
  d.write("fullchain.pem", *text);
  EXPECT_EQ(d.out("openssl crl2pkcs7 -nocrl -certfile fullchain.pem | openssl pkcs7 -print_certs -noout | grep "
                  "'^subject' | tr '\\n' '|'"),
            "subject=CN = cli-leaf|subject=CN = Cli Int 2|subject=CN = Cli Int 1|");
  d.sh("openssl verify -CAfile root.pem -untrusted fullchain.pem leaf.pem");
  // Without Int 1, openssl too cannot verify, and we name Int 1.
  d.sh("cat int2.pem root.pem > short.pem");
  auto incomplete = build_fullchain({d / "leaf.pem", {d / "short.pem"}, {}}, x509::no_password());
  ASSERT_TRUE(incomplete.has_value());
  EXPECT_FALSE(incomplete->complete());
  EXPECT_EQ(incomplete->missing_issuer.value_or(""), "CN=Cli Int 1");
  EXPECT_NE(std::system(("openssl verify -CAfile '" + d / "root.pem" + "' -untrusted '" + d / "short.pem" + "' '" +
                         d / "leaf.pem" + "' >/dev/null 2>&1")
                            .c_str()),
            0);
}

}  // namespace
}  // namespace mtlsdoctor::chain
