// libFuzzer target for the loader: any bytes, as if read from a file given to --cert, --key,
// --p12, --cacert or --crl. The content decides the format, so one target covers PEM (every
// block kind), DER certificates, CRLs, PKCS#12 and private keys, encrypted or not. The password
// provider always answers "fuzz", the password of the encrypted seeds in corpus/, so mutations
// of them get past the MAC and into decryption and parsing.
//
// What is loaded is then used the way `inspect` uses it (facts as JSON, key/certificate
// pairing, error lines), since hostile names and extensions travel that far.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mtlsdoctor/x509/facts_json.h"
#include "mtlsdoctor/x509/loader.h"

namespace {

using namespace mtlsdoctor;

const x509::PasswordProvider& fuzz_password() {
  static const x509::PasswordProvider provider = [](std::string_view) -> core::Result<std::string> {
    return std::string("fuzz");
  };
  return provider;
}

// A fixed instant: results must not depend on when the fuzzer runs.
constexpr core::TimePoint kAt{std::chrono::seconds{1'800'000'000}};

std::size_t render(const nlohmann::ordered_json& j) {
  // As the CLI prints: invalid UTF-8 in a hostile name is replaced, not thrown on.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto bundle = x509::load_bytes(bytes, "fuzz-input", fuzz_password());
  if (!bundle) {
    volatile std::size_t n = bundle.error().describe().size();
    (void)n;
    return 0;
  }
  std::size_t total = 0;
  for (const auto& cert : bundle->certificates) {
    total += render(x509::to_json(cert.facts(), kAt));
    total += cert.label().size();
    for (const auto& key : bundle->keys) total += key.matches(cert) ? 1 : 0;
  }
  for (const auto& key : bundle->keys) total += render(x509::to_json(key.info()));
  for (const auto& crl : bundle->crls) total += render(x509::to_json(crl.facts(), kAt));
  if (bundle->pkcs12) total += render(x509::to_json(*bundle->pkcs12));
  volatile std::size_t sink = total;
  (void)sink;
  return 0;
}
