// Inputs made by an independent tool: the openssl command line, run in a temp directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mtlsdoctor::testing {

class OpensslDir {
 public:
  OpensslDir() {
    char tmpl[] = "/tmp/mtlsd-x509-XXXXXX";
    m_path = mkdtemp(tmpl);
  }
  ~OpensslDir() { std::filesystem::remove_all(m_path); }
  OpensslDir(const OpensslDir&) = delete;
  OpensslDir& operator=(const OpensslDir&) = delete;

  [[nodiscard]] std::string operator/(const std::string& name) const { return (m_path / name).string(); }

  // Runs a shell command in the directory; the test fails if it does.
  void sh(const std::string& command) const {
    const std::string full = "cd '" + m_path.string() + "' && (" + command + ") >/dev/null 2>&1";
    ASSERT_EQ(std::system(full.c_str()), 0) << command;
  }
  [[nodiscard]] std::string out(const std::string& command) const {
    const std::string file = (m_path / ".out").string();
    sh(command + " > '" + file + "'");
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(m_path / name, std::ios::binary) << content;
  }
  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(m_path / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // A CA and a leaf with every extension a report reads.
  void make_pki() const {
    sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem "
       "-subj '/O=X509 Test/CN=Test CA' -days 3650 "
       "-addext basicConstraints=critical,CA:TRUE,pathlen:0 -addext keyUsage=critical,keyCertSign,cRLSign");
    sh("printf '%s\\n' 'subjectAltName=DNS:api.example,IP:127.0.0.1,IP:::1,email:ops@example.org' "
       "'extendedKeyUsage=clientAuth,serverAuth' 'keyUsage=critical,digitalSignature' "
       "'basicConstraints=critical,CA:FALSE' 'subjectKeyIdentifier=hash' 'authorityKeyIdentifier=keyid' "
       "'authorityInfoAccess=OCSP;URI:http://ocsp.example/,caIssuers;URI:http://ca.example/ca.der' "
       "'crlDistributionPoints=URI:http://ca.example/ca.crl' > ext.cnf");
    sh("openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr "
       "-subj '/C=NL/O=X509 Test/OU=payments/OU=eu/CN=leaf, with comma'");
    sh("openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 0x0123456789ABCDEF -days 90 "
       "-sha256 -extfile ext.cnf -out leaf.pem");
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace mtlsdoctor::testing
