// A PKI made by the openssl CLI in a temporary directory, for the diagnose tests that rank a
// leaf sent without its issuer (issuer_ranking_test.cpp, issuer_search_test.cpp): roots, CAs and
// leaves named NAME.pem with NAME.key, made by a tool independent of our lab.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "support/run.h"

namespace mtlsdoctor::testsupport {

// The extensions of an issuing CA and of a client leaf (openssl x509 -extfile).
inline const std::string kCaExtensions =
    "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";
inline const std::string kClientLeafExtensions =
    "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n"
    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

struct OpensslPki {
  TempDir dir;
  explicit OpensslPki(std::string_view prefix) : dir(prefix) {}

  void openssl(const std::vector<std::string>& args) const {
    const auto r = run_program("openssl", args, {.cwd = dir.path()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  // A self-signed P-256 root NAME.pem (NAME.key) for ten years.
  void root(const std::string& name, const std::string& subject) const {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
             "-out", name + ".pem", "-days", "3650", "-subj", subject});
  }
  // NAME.pem (NAME.key) issued by CA.pem for a year, with the extensions `ext`.
  void issue(const std::string& name, const std::string& subject, const std::string& ca, const std::string& ext) const {
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out",
             name + ".csr", "-subj", subject});
    write_file(dir / (name + ".ext"), ext);
    openssl({"x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
             "-days", "365", "-extfile", name + ".ext", "-out", name + ".pem"});
  }
};

}  // namespace mtlsdoctor::testsupport
