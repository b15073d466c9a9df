#include "xfcc.h"

#include <fmt/format.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::server::detail {
namespace {

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string xfcc_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    // A header value cannot carry control characters (RFC 9110 §5.5).
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  }
  return out + "\"";
}

std::string pem_of(const x509::Certificate& cert) {
  auto x = cert.native();
  if (!x) return {};
  ossl::BioPtr bio{BIO_new(BIO_s_mem())};
  if (!bio || !PEM_write_bio_X509(bio.get(), *x)) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string{};
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::string xfcc_value(const x509::Certificate& cert) {
  const auto& f = cert.facts();
  std::string hash;
  for (char c : f.sha256_fingerprint) {
    if (c != ':') hash.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  std::string v = fmt::format("Hash={};Cert={};Subject={}", hash, xfcc_quoted(url_encode(pem_of(cert))),
                              xfcc_quoted(f.subject.rfc4514));
  for (const auto& san : f.sans) {
    if (san.type == x509::SanType::Uri) v += ";URI=" + xfcc_quoted(san.value);
  }
  for (const auto& san : f.sans) {
    if (san.type == x509::SanType::Dns) v += ";DNS=" + xfcc_quoted(san.value);
  }
  return v;
}

std::string upstream_head(const wire::HttpRequest& request, const std::string& xfcc,
                          const std::string& client_address) {
  std::string head = fmt::format("{} {} HTTP/1.1\r\n", request.method, request.target);
  for (const auto& h : request.headers) {
    // Hop-by-hop headers are ours to set; the client's XFCC is never passed on.
    if (iequals(h.name, "x-forwarded-client-cert") || iequals(h.name, "connection") || iequals(h.name, "keep-alive") ||
        iequals(h.name, "proxy-connection") || iequals(h.name, "upgrade")) {
      continue;
    }
    head += fmt::format("{}: {}\r\n", h.name, h.value);
  }
  head += fmt::format("X-Forwarded-Client-Cert: {}\r\n", xfcc);
  head += fmt::format("X-Forwarded-For: {}\r\n", client_address);
  head += "Connection: close\r\n\r\n";
  return head;
}

}  // namespace mtlsdoctor::server::detail
