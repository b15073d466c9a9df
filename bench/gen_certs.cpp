// gen_certs OUT_DIR [COUNT [URL_BASE]]: benchmark data for bench/inspect_bench.sh and
// bench/monitor_bench.sh.
//
// Writes, under OUT_DIR:
//   ca.pem          the issuing CA (EC P-256, self-signed)
//   ca.crl          its CRL (no entry, valid 30 days), for the URL its leaves name
//   bundle.pem      COUNT distinct leaf certificates, one PEM file
//   certs/NNNNN.pem the same COUNT certificates, one per file
//
// The leaves look like a real estate of service certificates: varied subjects (C, O, OU, CN),
// 1–6 subjectAltNames (DNS, some IP and SPIFFE URI), EC P-256 and RSA-2048 keys mixed
// (a handful of key pairs reused, so generation is quick), basicConstraints, keyUsage,
// extendedKeyUsage, SKI/AKI, and AIA/CRL distribution points on most (under URL_BASE, default
// http://pki.bench.example.com; the OCSP responder URL_BASE/ocsp, or http://ocsp.bench.example.com
// by default). A tool that fetches them must be given a loopback URL_BASE. Validity is mixed:
// ~5% expired, ~5% expiring within 30 days, the rest valid. Every certificate has its own
// serial and subject, so no two are the same DER. Choices come from a fixed seed; keys and
// signatures are fresh each run.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "gen_certs: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::exit(2);
}

EVP_PKEY* ec_key() {
  EVP_PKEY* k = EVP_EC_gen("P-256");
  if (!k) die("EC key generation failed");
  return k;
}

EVP_PKEY* rsa_key() {
  EVP_PKEY* k = EVP_RSA_gen(2048);
  if (!k) die("RSA key generation failed");
  return k;
}

void add_ext(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str());
  if (!ext) die(("cannot build extension " + value).c_str());
  if (!X509_add_ext(cert, ext, -1)) die("X509_add_ext");
  X509_EXTENSION_free(ext);
}

void add_name(X509_NAME* name, const char* field, const std::string& value) {
  if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                  -1, 0)) {
    die("X509_NAME_add_entry_by_txt");
  }
}

void set_serial(X509* cert, std::uint64_t counter) {
  // 16 random bytes with the counter in the low bits: unique and realistic-looking.
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) die("RAND_bytes");
  bytes[0] &= 0x7f;  // positive
  bytes[0] |= 0x10;  // full length
  for (int i = 0; i < 8; ++i) bytes[15 - i] = static_cast<unsigned char>(counter >> (8 * i));
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert))) die("serial");
  BN_free(bn);
}

// `write(bio, object)` (PEM_write_bio_X509, …) into memory, as a string.
template <class T>
std::string pem(int (*write)(BIO*, const T*), const T* object) {
  BIO* mem = BIO_new(BIO_s_mem());
  if (!mem || !write(mem, object)) die("PEM_write_bio");
  char* data = nullptr;
  const long len = BIO_get_mem_data(mem, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(mem);
  return out;
}

// The CA's CRL, no entry: this update now, next update in 30 days.
std::string crl_pem(X509* ca, EVP_PKEY* ca_key, std::time_t now) {
  X509_CRL* crl = X509_CRL_new();
  ASN1_TIME* last = ASN1_TIME_adj(nullptr, now, 0, 0);
  ASN1_TIME* next = ASN1_TIME_adj(nullptr, now, 30, 0);
  if (!crl || !last || !next || !X509_CRL_set_version(crl, 1) ||
      !X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) || !X509_CRL_set1_lastUpdate(crl, last) ||
      !X509_CRL_set1_nextUpdate(crl, next) || !X509_CRL_sign(crl, ca_key, EVP_sha256()))
    die("making the CRL");
  std::string out = pem(PEM_write_bio_X509_CRL, crl);
  ASN1_TIME_free(last);
  ASN1_TIME_free(next);
  X509_CRL_free(crl);
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) die(("cannot write " + path.string()).c_str());
}

constexpr std::array kCountries = {"US", "DE", "GB", "FR", "NL", "JP", "CA", "SE"};
constexpr std::array kOrgs = {
    "Acme Corp",       "Globex",          "Initech",           "Umbrella Services", "Hooli",          "Vandelay Ind.",
    "Stark Logistics", "Wayne Analytics", "Cyberdyne Systems", "Soylent Foods",     "Tyrell Biotech", "Wonka Retail"};
constexpr std::array kUnits = {"Payments", "Platform", "Identity", "Search",   "Billing",
                               "Storage",  "Edge",     "Data",     "Security", "Mobile"};
constexpr std::array kNamespaces = {"prod", "staging", "dev", "infra", "batch", "edge", "tenant-a", "tenant-b"};
constexpr std::array kServices = {"api",      "gateway", "auth",  "orders",  "ledger", "search", "ingest",
                                  "reporter", "mailer",  "proxy", "metrics", "queue",  "cache",  "frontend"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_certs OUT_DIR [COUNT [URL_BASE]]\n");
    return 2;
  }
  const std::filesystem::path out_dir = argv[1];
  const long count = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 10000;
  if (count <= 0 || count > 10'000'000) die("COUNT must be between 1 and 10,000,000");
  const std::string url_base = argc > 3 ? argv[3] : "http://pki.bench.example.com";
  const std::string ocsp_url = argc > 3 ? url_base + "/ocsp" : "http://ocsp.bench.example.com";
  std::filesystem::create_directories(out_dir / "certs");

  std::mt19937_64 rng(20240601);
  auto pick = [&](const auto& arr) { return arr[rng() % arr.size()]; };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };

  std::time_t now = std::time(nullptr);
  constexpr long kDay = 86400;

  // The CA.
  EVP_PKEY* ca_key = ec_key();
  X509* ca = X509_new();
  X509_set_version(ca, X509_VERSION_3);
  set_serial(ca, 1);
  {
    X509_NAME* name = X509_get_subject_name(ca);
    add_name(name, "C", "US");
    add_name(name, "O", "mtls-doctor bench");
    add_name(name, "CN", "Bench Issuing CA");
    X509_set_issuer_name(ca, name);
  }
  X509_time_adj_ex(X509_getm_notBefore(ca), -365, 0, &now);
  X509_time_adj_ex(X509_getm_notAfter(ca), 3650, 0, &now);
  X509_set_pubkey(ca, ca_key);
  {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, ca, ca, nullptr, nullptr, 0);
    add_ext(ca, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(ca, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(ca, &ctx, NID_subject_key_identifier, "hash");
  }
  if (!X509_sign(ca, ca_key, EVP_sha256())) die("signing the CA");
  write_file(out_dir / "ca.pem", pem(PEM_write_bio_X509, ca));
  write_file(out_dir / "ca.crl", crl_pem(ca, ca_key, now));

  // A handful of leaf key pairs, reused: 4 EC P-256, 4 RSA-2048.
  std::vector<EVP_PKEY*> ec_keys, rsa_keys;
  for (int i = 0; i < 4; ++i) ec_keys.push_back(ec_key());
  for (int i = 0; i < 4; ++i) rsa_keys.push_back(rsa_key());

  std::string bundle;
  bundle.reserve(static_cast<std::size_t>(count) * 1400);
  for (long i = 0; i < count; ++i) {
    const bool rsa = chance(40);
    EVP_PKEY* key = rsa ? rsa_keys[rng() % rsa_keys.size()] : ec_keys[rng() % ec_keys.size()];
    const std::string ns = pick(kNamespaces);
    const std::string svc = std::string(pick(kServices)) + "-" + std::to_string(i);
    const std::string host = svc + "." + ns + ".svc.cluster.local";

    X509* cert = X509_new();
    X509_set_version(cert, X509_VERSION_3);
    set_serial(cert, static_cast<std::uint64_t>(i) + 2);
    X509_NAME* name = X509_get_subject_name(cert);
    add_name(name, "C", pick(kCountries));
    add_name(name, "O", pick(kOrgs));
    if (chance(70)) add_name(name, "OU", pick(kUnits));
    add_name(name, "CN", host);
    X509_set_issuer_name(cert, X509_get_subject_name(ca));

    // Validity: ~5% expired, ~5% expiring within 30 days, the rest valid for months.
    long not_before_days = 0, not_after_days = 0;
    const int bucket = static_cast<int>(rng() % 100);
    if (bucket < 5) {
      not_before_days = -400 - static_cast<long>(rng() % 400);
      not_after_days = -1 - static_cast<long>(rng() % 300);
    } else if (bucket < 10) {
      not_before_days = -300 - static_cast<long>(rng() % 60);
      not_after_days = 1 + static_cast<long>(rng() % 29);
    } else {
      not_before_days = -static_cast<long>(rng() % 200);
      not_after_days = 60 + static_cast<long>(rng() % 700);
    }
    X509_time_adj_ex(X509_getm_notBefore(cert), 0, not_before_days * kDay + static_cast<long>(rng() % kDay), &now);
    X509_time_adj_ex(X509_getm_notAfter(cert), 0, not_after_days * kDay + static_cast<long>(rng() % kDay), &now);
    X509_set_pubkey(cert, key);

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, ca, cert, nullptr, nullptr, 0);
    add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert, &ctx, NID_key_usage, rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature");
    const int eku = static_cast<int>(rng() % 3);
    add_ext(cert, &ctx, NID_ext_key_usage, eku == 0 ? "serverAuth,clientAuth" : eku == 1 ? "clientAuth" : "serverAuth");
    std::string san = "DNS:" + host;
    const int extra_dns = static_cast<int>(rng() % 4);
    for (int d = 0; d < extra_dns; ++d) san += ",DNS:" + svc + "-alt" + std::to_string(d) + "." + ns + ".example.com";
    if (chance(30)) {
      san += ",IP:10." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
             std::to_string(1 + rng() % 254);
    }
    if (chance(50)) san += ",URI:spiffe://cluster.local/ns/" + ns + "/sa/" + svc;
    add_ext(cert, &ctx, NID_subject_alt_name, san);
    add_ext(cert, &ctx, NID_subject_key_identifier, "hash");
    add_ext(cert, &ctx, NID_authority_key_identifier, "keyid:always");
    if (chance(80)) {
      add_ext(cert, &ctx, NID_info_access, "OCSP;URI:" + ocsp_url + ",caIssuers;URI:" + url_base + "/ca.crt");
      add_ext(cert, &ctx, NID_crl_distribution_points, "URI:" + url_base + "/ca.crl");
    }
    if (!X509_sign(cert, ca_key, EVP_sha256())) die("signing a leaf");

    const std::string text = pem(PEM_write_bio_X509, cert);
    bundle += text;
    char file[32];
    std::snprintf(file, sizeof file, "%05ld.pem", i);
    write_file(out_dir / "certs" / file, text);
    X509_free(cert);
  }
  write_file(out_dir / "bundle.pem", bundle);
  std::printf("%ld certificates in %s (bundle.pem, certs/, ca.pem, ca.crl)\n", count, out_dir.c_str());

  for (auto* k : ec_keys) EVP_PKEY_free(k);
  for (auto* k : rsa_keys) EVP_PKEY_free(k);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  return 0;
}
