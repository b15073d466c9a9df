// Per-certificate cost of reading certificates, on a 1,000-certificate PEM bundle:
//   BM_d2i_X509            OpenSSL's full decode (what `openssl storeutl`/`verify` pay per certificate)
//   BM_DecodeLight         our libcrypto template decode alone (public key kept as a BIT STRING)
//   BM_DecodeRawNames      the same template with issuer/subject kept as raw SEQUENCEs instead of
//                          X509_NAME: what X509_NAME's decode (and its canonical encoding) costs
//   BM_ReadFacts           building CertFacts from an already decoded certificate
//     BM_ReadNames           of which: subject + issuer as DistinguishedName (RFC 4514 text, attributes)
//     BM_HexColon            of which: the hex of SHA-256 + SHA-1 fingerprints, SKI and AKI
//   BM_CertificateFromDer  x509::Certificate::from_der: decode + facts + copies (what inspect pays)
//   BM_LoadBytes           x509::load_bytes over the whole PEM bundle (PEM decoding included)
//   BM_ToJson              x509::to_json(CertFacts): one certificate's JSON object, built and destroyed
//   BM_ToJsonDump          the same, serialised as `inspect --format json` does (dump(2), replace)
// items_per_second is certificates per second in every benchmark.
//
// Data: the PEM bundle named by MTLSD_BENCH_BUNDLE (its first 1,000 certificates), or else
// 1,000 certificates made by gen_certs in a temporary directory.
//
//   ninja -C build-bench loader_bench && build-bench/bench/loader_bench
#include <benchmark/benchmark.h>

#include <openssl/asn1t.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "facts.h"
#include "light_cert.h"
#include "names.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/facts_json.h"
#include "mtlsdoctor/x509/loader.h"

// light_cert's template with the two names left undecoded (ASN1_SEQUENCE keeps their DER).
extern "C" {
typedef struct bench_rawn_tbs_st {
  ASN1_INTEGER* version;
  ASN1_INTEGER* serial;
  X509_ALGOR* signature;
  ASN1_STRING* issuer;
  MTLSD_VALIDITY* validity;
  ASN1_STRING* subject;
  MTLSD_SPKI* spki;
  ASN1_BIT_STRING* issuer_uid;
  ASN1_BIT_STRING* subject_uid;
  STACK_OF(X509_EXTENSION)* extensions;
} BENCH_RAWN_TBS;
typedef struct bench_rawn_cert_st {
  BENCH_RAWN_TBS* tbs;
  X509_ALGOR* signature_algorithm;
  ASN1_BIT_STRING* signature;
} BENCH_RAWN_CERT;
DECLARE_ASN1_FUNCTIONS(BENCH_RAWN_CERT)
DECLARE_ASN1_ITEM(MTLSD_VALIDITY)

ASN1_SEQUENCE(BENCH_RAWN_TBS) = {
    ASN1_EXP_OPT(BENCH_RAWN_TBS, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(BENCH_RAWN_TBS, serial, ASN1_INTEGER),
    ASN1_SIMPLE(BENCH_RAWN_TBS, signature, X509_ALGOR),
    ASN1_SIMPLE(BENCH_RAWN_TBS, issuer, ASN1_SEQUENCE),
    ASN1_SIMPLE(BENCH_RAWN_TBS, validity, MTLSD_VALIDITY),
    ASN1_SIMPLE(BENCH_RAWN_TBS, subject, ASN1_SEQUENCE),
    ASN1_SIMPLE(BENCH_RAWN_TBS, spki, MTLSD_SPKI),
    ASN1_IMP_OPT(BENCH_RAWN_TBS, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(BENCH_RAWN_TBS, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(BENCH_RAWN_TBS, extensions, X509_EXTENSION, 3),
} ASN1_SEQUENCE_END(BENCH_RAWN_TBS)

ASN1_SEQUENCE(BENCH_RAWN_CERT) = {
    ASN1_SIMPLE(BENCH_RAWN_CERT, tbs, BENCH_RAWN_TBS),
    ASN1_SIMPLE(BENCH_RAWN_CERT, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(BENCH_RAWN_CERT, signature, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(BENCH_RAWN_CERT)

IMPLEMENT_ASN1_FUNCTIONS(BENCH_RAWN_CERT)
}

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
    const std::string cmd = std::string("'") + MTLSD_GEN_CERTS + "' '" + d.string() + "' " + std::to_string(kCerts) +
                            " >/dev/null";
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

void BM_DecodeRawNames(benchmark::State& state) {
  const auto& ders = data().ders;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& der = ders[i++ % ders.size()];
    const unsigned char* p = der.data();
    BENCH_RAWN_CERT* c = d2i_BENCH_RAWN_CERT(nullptr, &p, static_cast<long>(der.size()));
    if (!c) {
      state.SkipWithError("raw-name template failed to decode");
      break;
    }
    benchmark::DoNotOptimize(c);
    BENCH_RAWN_CERT_free(c);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DecodeRawNames);

void BM_ReadFacts(benchmark::State& state) {
  const auto& ders = data().ders;
  std::vector<mtlsdoctor::x509::detail::LightCertPtr> decoded;
  for (const auto& der : ders) decoded.push_back(mtlsdoctor::x509::detail::decode_light(der));
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % ders.size();
    auto facts = mtlsdoctor::x509::detail::read_facts(*decoded[k], ders[k], 4096);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadFacts);

void BM_ReadNames(benchmark::State& state) {
  const auto& ders = data().ders;
  std::vector<mtlsdoctor::x509::detail::LightCertPtr> decoded;
  for (const auto& der : ders) decoded.push_back(mtlsdoctor::x509::detail::decode_light(der));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& tbs = *decoded[i++ % decoded.size()]->tbs;
    auto subject = mtlsdoctor::x509::detail::read_name(tbs.subject);
    auto issuer = mtlsdoctor::x509::detail::read_name(tbs.issuer);
    benchmark::DoNotOptimize(subject);
    benchmark::DoNotOptimize(issuer);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ReadNames);

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
  std::size_t i = 0;
  for (auto _ : state) {
    auto cert = mtlsdoctor::x509::Certificate::from_der(ders[i++ % ders.size()], "bench.pem (PEM block 1)");
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

}  // namespace

BENCHMARK_MAIN();
