// Per-certificate cost of reading certificates, on a 1,000-certificate PEM bundle:
//   BM_d2i_X509              OpenSSL's full decode (what `openssl storeutl`/`verify` pay per certificate)
//   BM_DecodeLight           our libcrypto template decode alone (key kept as a BIT STRING, the two
//                            Names kept as DER)
//   BM_d2i_X509_NAME         what decoding the two Names as X509_NAME costs (OpenSSL canonicalises
//                            each): what the light template paid before it kept them as DER
//   BM_ReadNamesX509         read_name(X509_NAME*) ×2: X509_NAME_print_ex through a BIO and
//                            ASN1_STRING_to_UTF8 per attribute (the former path, still used for CRLs)
//   BM_DecodedNames          detail::DecodedName::decode ×2: what replaces both of the above
//   BM_ReadFacts             building CertFacts from an already decoded certificate, no name cache
//   BM_ReadFactsNameCache    the same with the issuer names cached, as inspect reads (the issuer repeats)
//   BM_HexColon              the hex of SHA-256 + SHA-1 fingerprints, SKI and AKI
//   BM_CertificateFromDer    x509::Certificate::from_der with a LoadContext, as inspect loads:
//                            decode + facts + copies into the context's arena
//   BM_LoadBytes             x509::load_bytes over the whole PEM bundle (PEM decoding included)
//   BM_ToJson                x509::to_json(CertFacts): one certificate's JSON object, built and destroyed
//   BM_ToJsonDump            the same, serialised as inspect used to (dump(2), replace)
//   BM_AppendJsonText        x509::append_json_text: the same text, written directly (what inspect does now)
// items_per_second is certificates per second in every benchmark.
//
// Data: the PEM bundle named by MTLSD_BENCH_BUNDLE (its first 1,000 certificates), or else
// 1,000 certificates made by gen_certs in a temporary directory.
//
//   ninja -C build-bench loader_bench && build-bench/bench/loader_bench
#include <benchmark/benchmark.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "decoded_name.h"
#include "facts.h"
#include "light_cert.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/facts_json.h"
#include "mtlsdoctor/x509/load_context.h"
#include "mtlsdoctor/x509/loader.h"
#include "names.h"

namespace {

constexpr std::size_t kCerts = 1000;

struct Data {
  std::string pem;                              // the bundle, exactly kCerts certificates (or fewer)
  std::vector<std::vector<std::uint8_t>> ders;  // the same certificates, DER
};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path bundle_path() {
  if (const char* env = std::getenv("MTLSD_BENCH_BUNDLE"); env && *env) return env;
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("mtlsd-loader-bench-" + std::to_string(::getpid()));
    const std::string cmd =
        std::string("'") + MTLSD_GEN_CERTS + "' '" + d.string() + "' " + std::to_string(kCerts) + " >/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "loader_bench: %s failed\n", cmd.c_str());
      std::exit(2);
    }
    return d;
  }();
  return dir / "bundle.pem";
}

const Data& data() {
  static const Data d = [] {
    Data out;
    const auto path = bundle_path();
    const std::string all = read_all(path);
    BIO* bio = BIO_new_mem_buf(all.data(), static_cast<int>(all.size()));
    while (out.ders.size() < kCerts) {
      X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
      if (!x) break;
      unsigned char* der = nullptr;
      const int len = i2d_X509(x, &der);
      out.ders.emplace_back(der, der + len);
      OPENSSL_free(der);
      // The PEM bundle for load_bytes: the same certificates, re-encoded.
      BIO* mem = BIO_new(BIO_s_mem());
      PEM_write_bio_X509(mem, x);
      char* p = nullptr;
      const long n = BIO_get_mem_data(mem, &p);
      out.pem.append(p, static_cast<std::size_t>(n));
      BIO_free(mem);
      X509_free(x);
    }
    BIO_free(bio);
    if (!std::getenv("MTLSD_BENCH_BUNDLE")) std::filesystem::remove_all(path.parent_path());
    if (out.ders.empty()) {
      std::fprintf(stderr, "loader_bench: no certificate in %s\n", path.c_str());
      std::exit(2);
    }
    return out;
  }();
  return d;
}

void BM_d2i_X509(benchmark::State& state) {
  const auto& ders = data().ders;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& der = ders[i++ % ders.size()];
    const unsigned char* p = der.data();
    X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    benchmark::DoNotOptimize(x);
    X509_free(x);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_d2i_X509);

void BM_DecodeLight(benchmark::State& state) {
  const auto& ders = data().ders;
  std::size_t i = 0;
  for (auto _ : state) {
    auto light = mtlsdoctor::x509::detail::decode_light(ders[i++ % ders.size()]);
    benchmark::DoNotOptimize(light.get());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DecodeLight);

std::span<const std::uint8_t> name_der(const ASN1_STRING* name) {
  return {ASN1_STRING_get0_data(name), static_cast<std::size_t>(ASN1_STRING_length(name))};
}

std::vector<mtlsdoctor::x509::detail::LightCertPtr> all_decoded() {
  std::vector<mtlsdoctor::x509::detail::LightCertPtr> decoded;
  for (const auto& der : data().ders) decoded.push_back(mtlsdoctor::x509::detail::decode_light(der));
  return decoded;
}

void BM_d2i_X509_NAME(benchmark::State& state) {
  const auto decoded = all_decoded();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& tbs = *decoded[i++ % decoded.size()]->tbs;
    for (const ASN1_STRING* name : {tbs.subject, tbs.issuer}) {
      const auto der = name_der(name);
      const unsigned char* p = der.data();
      X509_NAME* x = d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()));
      benchmark::DoNotOptimize(x);
      X509_NAME_free(x);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_d2i_X509_NAME);

void BM_ReadNamesX509(benchmark::State& state) {
  std::vector<std::pair<X509_NAME*, X509_NAME*>> names;
  for (const auto& light : all_decoded()) {
    const auto subject = name_der(light->tbs->subject);
    const auto issuer = name_der(light->tbs->issuer);
    const unsigned char* p = subject.data();
    const unsigned char* q = issuer.data();
    names.emplace_back(d2i_X509_NAME(nullptr, &p, static_cast<long>(subject.size())),
                       d2i_X509_NAME(nullptr, &q, static_cast<long>(issuer.size())));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [subject, issuer] = names[i++ % names.size()];
    auto s = mtlsdoctor::x509::detail::read_name(subject);
    auto is = mtlsdoctor::x509::detail::read_name(issuer);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(is);
  }
  for (auto& [subject, issuer] : names) {
    X509_NAME_free(subject);
    X509_NAME_free(issuer);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadNamesX509);

void BM_DecodedNames(benchmark::State& state) {
  const auto decoded = all_decoded();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& tbs = *decoded[i++ % decoded.size()]->tbs;
    auto subject = mtlsdoctor::x509::detail::DecodedName::decode(name_der(tbs.subject));
    auto issuer = mtlsdoctor::x509::detail::DecodedName::decode(name_der(tbs.issuer));
    benchmark::DoNotOptimize(subject);
    benchmark::DoNotOptimize(issuer);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DecodedNames);

void BM_ReadFacts(benchmark::State& state) {
  const auto& ders = data().ders;
  const auto decoded = all_decoded();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % ders.size();
    auto facts = mtlsdoctor::x509::detail::read_facts(*decoded[k], ders[k], 4096);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadFacts);

void BM_ReadFactsNameCache(benchmark::State& state) {
  const auto& ders = data().ders;
  const auto decoded = all_decoded();
  mtlsdoctor::x509::detail::NameCache names;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % ders.size();
    auto facts = mtlsdoctor::x509::detail::read_facts(*decoded[k], ders[k], 4096, &names);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadFactsNameCache);

void BM_HexColon(benchmark::State& state) {
  // 32 + 20 + 20 + 20 bytes: what read_facts turns into colon-separated hex per certificate.
  unsigned char bytes[32];
  for (unsigned i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(i * 37 + 11);
  for (auto _ : state) {
    auto a = mtlsdoctor::x509::detail::hex_colon(bytes, 32);
    auto b = mtlsdoctor::x509::detail::hex_colon(bytes, 20);
    auto c = mtlsdoctor::x509::detail::hex_colon(bytes, 20);
    auto d = mtlsdoctor::x509::detail::hex_colon(bytes, 20);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_HexColon);

void BM_CertificateFromDer(benchmark::State& state) {
  const auto& ders = data().ders;
  mtlsdoctor::x509::LoadContext context;
  std::size_t i = 0;
  for (auto _ : state) {
    auto cert =
        mtlsdoctor::x509::Certificate::from_der(ders[i++ % ders.size()], "bench.pem (PEM block 1)", 4096, &context);
    benchmark::DoNotOptimize(cert);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_CertificateFromDer);

void BM_LoadBytes(benchmark::State& state) {
  const auto& d = data();
  const auto password = mtlsdoctor::x509::no_password();
  for (auto _ : state) {
    auto bundle = mtlsdoctor::x509::load_bytes(d.pem, "bench.pem", password);
    if (!bundle || bundle->certificates.size() != d.ders.size()) {
      state.SkipWithError("load_bytes failed");
      break;
    }
    benchmark::DoNotOptimize(bundle);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * d.ders.size()));
  state.counters["certs_per_iteration"] = static_cast<double>(d.ders.size());
}
BENCHMARK(BM_LoadBytes)->Unit(benchmark::kMillisecond);

std::vector<mtlsdoctor::x509::CertFacts> all_facts() {
  std::vector<mtlsdoctor::x509::CertFacts> out;
  for (const auto& der : data().ders) out.push_back(mtlsdoctor::x509::Certificate::from_der(der, "bench")->facts());
  return out;
}

void BM_ToJson(benchmark::State& state) {
  const auto facts = all_facts();
  const auto at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::size_t i = 0;
  for (auto _ : state) {
    auto j = mtlsdoctor::x509::to_json(facts[i++ % facts.size()], at);
    benchmark::DoNotOptimize(j);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ToJson);

void BM_ToJsonDump(benchmark::State& state) {
  const auto facts = all_facts();
  const auto at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const auto j = mtlsdoctor::x509::to_json(facts[i++ % facts.size()], at);
    const std::string text = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ToJsonDump);

void BM_AppendJsonText(benchmark::State& state) {
  const auto facts = all_facts();
  const auto at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::size_t i = 0, bytes = 0;
  std::string text;
  for (auto _ : state) {
    text.clear();
    mtlsdoctor::x509::append_json_text(text, facts[i++ % facts.size()], at);
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_AppendJsonText);

}  // namespace

BENCHMARK_MAIN();
