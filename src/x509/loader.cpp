#include "mtlsdoctor/x509/loader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/anonymous_mapping.h"
#include "mtlsdoctor/ossl/errors.h"
#include "mtlsdoctor/ossl/ptr.h"
#include "pkcs12.h"

namespace mtlsdoctor::x509 {

std::string_view to_string(SourceFormat f) noexcept {
  switch (f) {
    case SourceFormat::Pem: return "PEM";
    case SourceFormat::Der: return "DER";
    case SourceFormat::Pkcs12: return "PKCS#12";
  }
  return "PEM";
}

PasswordProvider no_password() {
  return [](std::string_view what) -> core::Result<std::string> {
    return core::fail(core::ErrorCategory::Password,
                      fmt::format("{} is encrypted and no password was given (use --password-file or "
                                  "MTLSD_PASSWORD)",
                                  what));
  };
}

namespace {

// State shared with OpenSSL's password callback: asks the provider once per file.
struct PasswordState {
  const PasswordProvider* provider = nullptr;
  std::string what;
  std::optional<std::string> cached;
  std::optional<core::Error> error;
  bool asked = false;

  ~PasswordState() {
    if (cached && !cached->empty()) OPENSSL_cleanse(cached->data(), cached->size());
  }
};

int password_callback(char* buf, int size, int /*rwflag*/, void* user) {
  auto* state = static_cast<PasswordState*>(user);
  if (!state->cached) {
    state->asked = true;
    auto given = (*state->provider)(state->what);
    if (!given) {
      state->error = given.error();
      return -1;
    }
    state->cached = std::move(*given);
  }
  if (state->cached->size() > static_cast<std::size_t>(size)) return -1;
  std::memcpy(buf, state->cached->data(), state->cached->size());
  return static_cast<int>(state->cached->size());
}

struct PemBlock {
  ossl::OpensslStringPtr name;
  ossl::OpensslStringPtr header;
  ossl::OpensslBytesPtr data;
  long len = 0;
};

core::Result<void> take_certificate(std::span<const std::uint8_t> der, Bundle& out, const LoadLimits& limits,
                                    LoadContext& context, std::string source) {
  auto cert = Certificate::from_der(der, source, limits.max_sans, &context);
  if (!cert) return std::unexpected(cert.error());
  out.certificates.push_back(std::move(*cert));
  return {};
}

// A PKCS#7 "certs-only" bundle (.p7b, `openssl crl2pkcs7`): its certificates and CRLs.
// Returns false when `der` is not a signed-data PKCS#7.
core::Result<bool> take_pkcs7(std::span<const std::uint8_t> der, Bundle& out, const LoadLimits& limits,
                              LoadContext& context, const std::string& where) {
  const unsigned char* p = der.data();
  ossl::Pkcs7Ptr p7{d2i_PKCS7(nullptr, &p, static_cast<long>(der.size()))};
  if (!p7 || OBJ_obj2nid(p7->type) != NID_pkcs7_signed || !p7->d.sign) {
    ossl::clear_errors();
    return false;
  }
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    unsigned char* cert_der = nullptr;
    const int len = i2d_X509(sk_X509_value(certs, i), &cert_der);
    if (len <= 0) continue;
    auto cert =
        Certificate::from_der({cert_der, static_cast<std::size_t>(len)},
                              fmt::format("{} (PKCS#7 certificate {})", where, i + 1), limits.max_sans, &context);
    OPENSSL_free(cert_der);
    if (!cert) return std::unexpected(cert.error());
    out.certificates.push_back(std::move(*cert));
  }
  STACK_OF(X509_CRL)* crls = p7->d.sign->crl;
  for (int i = 0; i < sk_X509_CRL_num(crls); ++i) {
    X509_CRL* crl = sk_X509_CRL_value(crls, i);
    X509_CRL_up_ref(crl);
    out.crls.emplace_back(crl, where);
  }
  return true;
}

std::string key_format(std::string_view label, std::string_view header) {
  const bool legacy_encrypted = header.find("ENCRYPTED") != std::string_view::npos;
  if (label == "ENCRYPTED PRIVATE KEY") return "PKCS#8 (encrypted)";
  if (label == "PRIVATE KEY") return "PKCS#8";
  std::string kind = label == "RSA PRIVATE KEY"  ? "PKCS#1 RSA"
                     : label == "EC PRIVATE KEY" ? "SEC1 EC"
                                                 : std::string(label);
  return legacy_encrypted ? kind + " (encrypted, legacy PEM)" : kind;
}

core::Result<void> take_pem_key(const PemBlock& block, Bundle& out, PasswordState& pw, const std::string& where) {
  // Re-encode the block and let OpenSSL's key reader handle every key format and encryption.
  ossl::BioPtr mem{BIO_new(BIO_s_mem())};
  if (!mem || !PEM_write_bio(mem.get(), block.name.get(), block.header.get(), block.data.get(), block.len)) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Internal, "cannot re-encode key", where));
  }
  ossl::clear_errors();
  pw.what = fmt::format("the private key in {}", where);
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(mem.get(), nullptr, password_callback, &pw);
  if (!pkey) {
    if (pw.error) {
      ossl::clear_errors();
      auto err = *pw.error;
      err.subject = out.source;
      return std::unexpected(std::move(err));
    }
    if (pw.asked) {
      ossl::clear_errors();
      return core::fail(core::ErrorCategory::Password,
                        fmt::format("wrong password for the encrypted private key ({})", where), out.source);
    }
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Parse,
                                                  fmt::format("unreadable private key ({})", where), out.source));
  }
  out.keys.emplace_back(pkey, out.source, key_format(block.name.get(), block.header.get()));
  return {};
}

// One block read by PEM_read_bio, by its label.
core::Result<void> take_pem_block(const PemBlock& block, Bundle& out, PasswordState& pw, const LoadLimits& limits,
                                  LoadContext& context, const std::string& where) {
  const std::string_view label = block.name.get();
  const std::span<const std::uint8_t> der{block.data.get(), static_cast<std::size_t>(block.len)};
  core::Result<void> taken{};
  if (label == "CERTIFICATE" || label == "X509 CERTIFICATE") {
    taken = take_certificate(der, out, limits, context, fmt::format("{} ({})", out.source, where));
  } else if (label == "TRUSTED CERTIFICATE") {
    // OpenSSL's "trusted" form appends trust settings after the certificate; keep the certificate.
    const unsigned char* p = block.data.get();
    ossl::X509Ptr x{d2i_X509_AUX(nullptr, &p, block.len)};
    unsigned char* plain = nullptr;
    const int plain_len = x ? i2d_X509(x.get(), &plain) : -1;
    if (plain_len <= 0) {
      taken = std::unexpected(ossl::error_from_queue(core::ErrorCategory::Parse,
                                                     fmt::format("{} is not a valid certificate", where), out.source));
    } else {
      taken = take_certificate({plain, static_cast<std::size_t>(plain_len)}, out, limits, context,
                               fmt::format("{} ({})", out.source, where));
      OPENSSL_free(plain);
    }
  } else if (label == "X509 CRL") {
    const unsigned char* p = block.data.get();
    X509_CRL* crl = d2i_X509_CRL(nullptr, &p, block.len);
    if (!crl) {
      taken = std::unexpected(
          ossl::error_from_queue(core::ErrorCategory::Parse, fmt::format("{} is not a valid CRL", where), out.source));
    } else {
      out.crls.emplace_back(crl, fmt::format("{} ({})", out.source, where));
    }
  } else if (label == "PKCS7" || label == "CMS") {
    auto p7 = take_pkcs7(der, out, limits, context, fmt::format("{} ({})", out.source, where));
    if (!p7) {
      taken = std::unexpected(p7.error());
    } else if (!*p7) {
      taken = core::fail(core::ErrorCategory::Parse, fmt::format("{} is not a PKCS#7 certificate bundle", where),
                         out.source);
    }
  } else if (label.ends_with("PRIVATE KEY")) {
    taken = take_pem_key(block, out, pw, where);
  } else {
    out.skipped.emplace_back(label);
  }
  return taken;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

// Consumes "\n" or "\r\n" at `p`.
bool end_of_line(std::string_view text, std::size_t& p) {
  std::size_t q = p;
  if (q < text.size() && text[q] == '\r') ++q;
  if (q < text.size() && text[q] == '\n') {
    p = q + 1;
    return true;
  }
  return false;
}

// The common block, read here instead of by PEM_read_bio (which reads line by line into a
// buffer it re-allocates and cleanses at each step, ≈ 10 µs per certificate): the next block
// is "-----BEGIN CERTIFICATE-----", then lines of nothing but base64, then the END line.
// Only the armour is found here; the body is decoded by EVP_DecodeBlock. Anything else (another
// label, headers, blank lines, spaces, bad base64, a missing END line, text before the BEGIN on
// its line) returns nullopt, and OpenSSL's reader takes the block, its errors included.
// On success: the bytes consumed (through the END line) and the DER in `der`.
std::optional<std::size_t> plain_certificate_block(std::string_view text, std::string& b64,
                                                   std::vector<std::uint8_t>& der) {
  static constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  // PEM_read_bio takes the first line that starts with "-----BEGIN ": it must be this one.
  const std::size_t at = text.find("-----BEGIN ");
  if (at == std::string_view::npos || (at != 0 && text[at - 1] != '\n')) return std::nullopt;
  if (text.substr(at, kBegin.size()) != kBegin) return std::nullopt;
  std::size_t p = at + kBegin.size();
  if (!end_of_line(text, p)) return std::nullopt;
  b64.clear();
  for (;;) {
    if (text.substr(p, kEnd.size()) == kEnd) {
      p += kEnd.size();
      if (p != text.size() && !end_of_line(text, p)) return std::nullopt;
      break;
    }
    const std::size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos) return std::nullopt;
    std::size_t line_end = nl;
    if (line_end > p && text[line_end - 1] == '\r') --line_end;
    if (line_end == p) return std::nullopt;
    for (std::size_t q = p; q < line_end; ++q) {
      if (!is_base64_char(text[q])) return std::nullopt;
    }
    b64.append(text.data() + p, line_end - p);
    p = nl + 1;
  }
  // Whole 4-character groups; "=" only as the padding of the last one.
  const std::size_t pad = b64.ends_with("==") ? 2 : b64.ends_with('=') ? 1 : 0;
  if (b64.empty() || b64.size() % 4 != 0 || b64.size() > INT_MAX || b64.find('=') < b64.size() - pad) {
    return std::nullopt;
  }
  der.resize(b64.size() / 4 * 3);
  const int n =
      EVP_DecodeBlock(der.data(), reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0 || static_cast<std::size_t>(n) != der.size()) return std::nullopt;
  der.resize(der.size() - pad);
  return p;
}

core::Result<void> load_pem(std::string_view bytes, Bundle& out, const PasswordProvider& password,
                            const LoadLimits& limits, LoadContext& context) {
  PasswordState pw;
  pw.provider = &password;
  std::string b64;
  std::vector<std::uint8_t> der_buf;
  std::size_t pos = 0;
  // A PEM certificate takes 500 bytes or more: enough room, so the vector is not copied as it
  // grows (capacity left over is never touched, so costs no memory).
  out.certificates.reserve(std::min(bytes.size() / 512 + 1, limits.max_objects));
  b64.reserve(std::min<std::size_t>(bytes.size(), 64 << 10));
  der_buf.reserve(std::min<std::size_t>(bytes.size(), 48 << 10));
  for (std::size_t index = 1;; ++index) {
    const std::string_view rest = bytes.substr(pos);
    // No "-----BEGIN " at all: PEM_read_bio would find no start line either.
    if (rest.find("-----BEGIN ") == std::string_view::npos) break;
    const std::string where = fmt::format("PEM block {}", index);
    core::Result<void> taken{};
    if (const auto consumed = plain_certificate_block(rest, b64, der_buf)) {
      pos += *consumed;
      if (index > limits.max_objects) {
        return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} PEM blocks", limits.max_objects),
                          out.source);
      }
      taken = take_certificate(der_buf, out, limits, context, fmt::format("{} ({})", out.source, where));
    } else {
      ossl::BioPtr bio{BIO_new_mem_buf(rest.data(), static_cast<int>(rest.size()))};
      char* name = nullptr;
      char* header = nullptr;
      unsigned char* data = nullptr;
      long len = 0;
      ossl::clear_errors();
      if (!bio || !PEM_read_bio(bio.get(), &name, &header, &data, &len)) {
        const unsigned long err = ERR_peek_last_error();
        if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
          ossl::clear_errors();
          break;  // no further block
        }
        return std::unexpected(ossl::error_from_queue(
            core::ErrorCategory::Parse, fmt::format("PEM block {} is truncated or corrupt", index), out.source));
      }
      PemBlock block{ossl::OpensslStringPtr{name}, ossl::OpensslStringPtr{header}, ossl::OpensslBytesPtr{data}, len};
      char* unread = nullptr;
      pos += rest.size() - static_cast<std::size_t>(BIO_get_mem_data(bio.get(), &unread));
      if (index > limits.max_objects) {
        return core::fail(core::ErrorCategory::Limit, fmt::format("more than {} PEM blocks", limits.max_objects),
                          out.source);
      }
      taken = take_pem_block(block, out, pw, limits, context, where);
    }
    if (!taken) {
      auto err = taken.error();
      if (err.subject.empty() || err.subject != out.source) err.subject = out.source;
      if (err.message.find("PEM block") == std::string::npos) err.message = fmt::format("{}: {}", where, err.message);
      return std::unexpected(std::move(err));
    }
  }
  if (out.certificates.empty() && out.keys.empty() && out.crls.empty()) {
    if (out.skipped.empty()) {
      return core::fail(core::ErrorCategory::Parse, "no PEM block found (a '-----BEGIN' line without a valid block)",
                        out.source);
    }
    return core::fail(
        core::ErrorCategory::Parse,
        fmt::format("no certificate, key or CRL; only {} block(s) of type {}", out.skipped.size(), out.skipped.front()),
        out.source);
  }
  return {};
}

core::Result<void> load_der(std::string_view bytes, Bundle& out, const PasswordProvider& password,
                            const LoadLimits& limits, LoadContext& context) {
  const std::span<const std::uint8_t> der{reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
  out.format = SourceFormat::Der;
  {
    auto cert = Certificate::from_der(der, out.source, limits.max_sans, &context);
    if (cert) {
      out.certificates.push_back(std::move(*cert));
      return {};
    }
    if (cert.error().category == core::ErrorCategory::Limit) return std::unexpected(cert.error());
  }
  ossl::clear_errors();
  {
    const unsigned char* p = der.data();
    if (X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size()))) {
      out.crls.emplace_back(crl, out.source);
      return {};
    }
  }
  ossl::clear_errors();
  if (auto p12 = detail::load_pkcs12(bytes, out, password, limits); p12.is_pkcs12) return p12.result;
  ossl::clear_errors();
  if (auto p7 = take_pkcs7(der, out, limits, context, out.source); !p7 || *p7) {
    if (!p7) return std::unexpected(p7.error());
    return {};
  }
  {
    // Encrypted PKCS#8 first (it needs the password), then any unencrypted key encoding.
    const unsigned char* p = der.data();
    ossl::X509SigPtr sig{d2i_X509_SIG(nullptr, &p, static_cast<long>(der.size()))};
    if (sig && p == der.data() + der.size()) {
      ossl::BioPtr mem{BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()))};
      PasswordState pw;
      pw.provider = &password;
      pw.what = fmt::format("the private key in {}", out.source);
      EVP_PKEY* pkey = d2i_PKCS8PrivateKey_bio(mem.get(), nullptr, password_callback, &pw);
      if (!pkey) {
        if (pw.error) return std::unexpected(*pw.error);
        ossl::clear_errors();
        return core::fail(core::ErrorCategory::Password, "wrong password for the encrypted private key (DER PKCS#8)",
                          out.source);
      }
      out.keys.emplace_back(pkey, out.source, "PKCS#8 DER (encrypted)");
      return {};
    }
    ossl::clear_errors();
    p = der.data();
    if (EVP_PKEY* pkey = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()))) {
      out.keys.emplace_back(pkey, out.source, "DER");
      return {};
    }
  }
  return std::unexpected(ossl::error_from_queue(
      core::ErrorCategory::Parse,
      "DER data is neither a certificate, a CRL, a PKCS#12 or PKCS#7 file nor a private key", out.source));
}

// A large file's bytes in an anonymous mapping advised for transparent huge pages. Read into
// ordinary memory, a 12 MB bundle cost ≈ 3,000 page faults of ≈ 13 µs each on a paravirtualised
// VM, more than decoding its PEM (docs/performance.md). Where huge pages are not available the
// advice is ignored and this is an ordinary buffer.
class LargeFileBytes {
 public:
  static constexpr std::uintmax_t kThreshold = 4u << 20;

  // nullopt when the file cannot be read so, or not to its stated size (load_file's ordinary
  // path then reads it, or reports why it cannot).
  static std::optional<LargeFileBytes> read(const std::filesystem::path& path, std::size_t size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<LargeFileBytes> out;
    LargeFileBytes bytes;
    if (const auto mapping = core::map_anonymous(size, true)) {
      bytes.m_map = mapping->map;
      bytes.m_mapped = mapping->mapped;
      bytes.m_data = mapping->data;
      while (bytes.m_size < size) {
        const ssize_t n = ::read(fd, bytes.m_data + bytes.m_size, size - bytes.m_size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        bytes.m_size += static_cast<std::size_t>(n);
      }
      if (bytes.m_size == size) out.emplace(std::move(bytes));
    }
    ::close(fd);
    return out;
  }

  LargeFileBytes(LargeFileBytes&& other) noexcept
      : m_map(std::exchange(other.m_map, nullptr)),
        m_mapped(other.m_mapped),
        m_data(other.m_data),
        m_size(other.m_size) {}
  LargeFileBytes& operator=(LargeFileBytes&&) = delete;
  LargeFileBytes(const LargeFileBytes&) = delete;
  LargeFileBytes& operator=(const LargeFileBytes&) = delete;
  ~LargeFileBytes() {
    if (m_map) ::munmap(m_map, m_mapped);
  }

  [[nodiscard]] std::string_view view() const noexcept { return {m_data, m_size}; }

 private:
  LargeFileBytes() = default;

  void* m_map = nullptr;
  std::size_t m_mapped = 0;
  char* m_data = nullptr;
  std::size_t m_size = 0;
};

bool looks_blank(std::string_view bytes) {
  return bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

core::Result<Bundle> load_bytes(std::string_view bytes, std::string_view source, const PasswordProvider& password,
                                const LoadLimits& limits, LoadContext* context) {
  std::optional<LoadContext> own_context;
  if (!context) context = &own_context.emplace();
  Bundle out;
  out.source = std::string(source);
  if (bytes.size() > limits.max_file_bytes) {
    return core::fail(
        core::ErrorCategory::Limit,
        fmt::format("{} bytes is more than the {} MiB limit for one file", bytes.size(), limits.max_file_bytes >> 20),
        out.source);
  }
  if (looks_blank(bytes)) return core::fail(core::ErrorCategory::Parse, "empty file", out.source);
  core::Result<void> loaded{};
  if (bytes.find("-----BEGIN ") != std::string_view::npos) {
    out.format = SourceFormat::Pem;
    loaded = load_pem(bytes, out, password, limits, *context);
  } else if (static_cast<unsigned char>(bytes.front()) == 0x30) {
    loaded = load_der(bytes, out, password, limits, *context);
  } else {
    return core::fail(core::ErrorCategory::Parse,
                      "neither PEM (no '-----BEGIN' line) nor DER (does not start with an ASN.1 SEQUENCE)", out.source);
  }
  if (!loaded) return std::unexpected(loaded.error());
  return out;
}

core::Result<Bundle> load_file(const std::filesystem::path& path, const PasswordProvider& password,
                               const LoadLimits& limits, LoadContext* context) {
  const std::string source = path.string();
  if (source == "-") {  // standard input: `openssl s_client -showcerts … | mtls-doctor inspect -`
    std::string bytes;
    char buf[65536];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      bytes.append(buf, static_cast<std::size_t>(std::cin.gcount()));
      if (bytes.size() > limits.max_file_bytes)
        return core::fail(core::ErrorCategory::Limit,
                          fmt::format("more than the {} MiB limit for one file", limits.max_file_bytes >> 20), "stdin");
    }
    return load_bytes(bytes, "stdin", password, limits, context);
  }
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return core::fail(core::ErrorCategory::Io, ec.message(), source);  // a symlink loop, a denied directory
  }
  if (ec || !std::filesystem::exists(status)) {
    return core::fail(core::ErrorCategory::Io, "no such file", source);
  }
  if (std::filesystem::is_directory(status)) {
    return core::fail(core::ErrorCategory::Io, "is a directory, not a file", source);
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    return core::fail(
        core::ErrorCategory::Limit,
        fmt::format("{} bytes is more than the {} MiB limit for one file", size, limits.max_file_bytes >> 20), source);
  }
  if (!ec && size >= LargeFileBytes::kThreshold) {
    if (const auto large = LargeFileBytes::read(path, static_cast<std::size_t>(size))) {
      return load_bytes(large->view(), source, password, limits, context);
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::ErrorCategory::Io, fmt::format("cannot open: {}", std::strerror(errno)), source);
  std::string bytes;
  bytes.resize(ec ? 0 : size);
  if (!ec) in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (ec || in.bad()) {
    bytes.clear();
    in.clear();
  }
  // A special file (FIFO, /proc) reports no size or 0, and a file may grow: read on, bounded.
  if (!in.eof()) {
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      bytes.append(buf, static_cast<std::size_t>(in.gcount()));
      if (bytes.size() > limits.max_file_bytes) break;
    }
  }
  return load_bytes(bytes, source, password, limits, context);
}

}  // namespace mtlsdoctor::x509
