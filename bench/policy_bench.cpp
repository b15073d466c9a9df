// Access-policy decisions per second (issue: 100,000 fingerprint/serial entries must decide in
// ≤ 1 µs), for 10, 1,000 and 100,000 entries or rules:
//   BM_FingerprintAllowlist/N  one rule `sha256: [N fingerprints]` (a hash set); the certificate
//                              is not on the list, so the whole condition is decided
//   BM_SerialEntries/N         one rule `serial: [N serials]`
//   BM_SerialRanges/N          one rule `serial: [N ranges]` (sorted, one binary search)
//   BM_CnGlobs/N               one rule `subject: {CN: [N globs]}` (one RE2::Set)
//   BM_SourceNetworks/N        one rule `source: [N /24 networks]` (hash set per prefix length)
//   BM_RulesOfOneFingerprint/N N rules of one fingerprint each, the match in the last (first match
//                              walks the rules)
//   BM_TypicalPolicyFullTrace  a 4-rule policy with the trace `policy test` prints (Trace::Full)
//   BM_InputMake               normalising a certificate's facts once per connection
//   BM_Compile/N               parsing and compiling the N-fingerprint policy
// items_per_second = decisions (or compilations) per second; the time column is per decision.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_BENCH=ON -DMTLSD_TESTS=OFF
//   ninja -C build-bench policy_bench && build-bench/bench/policy_bench
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <random>
#include <string>

#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"

namespace mtlsdoctor::policy {
namespace {

std::string hex(std::mt19937_64& rng, int bytes, bool colons) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    const auto b = rng() & 0xff;
    if (colons && i) out.push_back(':');
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

x509::CertFacts facts() {
  std::mt19937_64 rng(7);
  x509::CertFacts f;
  f.subject.rfc4514 = "CN=svc-pay-042,OU=payments,O=Example Corp,C=DE";
  f.subject.attributes = {{"C", "DE"}, {"O", "Example Corp"}, {"OU", "payments"}, {"CN", "svc-pay-042"}};
  f.issuer.rfc4514 = "CN=Example Client CA";
  f.issuer.attributes = {{"CN", "Example Client CA"}};
  f.serial_hex = hex(rng, 16, false);
  f.sha256_fingerprint = hex(rng, 32, true);
  f.spki_sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  f.key.type = x509::KeyType::Ec;
  f.key.bits = 256;
  f.not_after = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::days(90);
  return f;
}

Policy compile(const std::string& yaml) {
  auto p = parse(yaml, "bench.yaml");
  if (!p) {
    fmt::print(stderr, "{}\n", p.error().describe());
    std::abort();
  }
  return std::move(*p);
}

std::string one_rule(const std::string& key, const std::vector<std::string>& values) {
  std::string yaml = "version: 1\nrules:\n  - name: list\n    action: allow\n    match:\n      " + key + ":\n";
  for (const auto& v : values) yaml += "        - \"" + v + "\"\n";
  return yaml;
}

void run(benchmark::State& state, const Policy& p, Trace trace = Trace::None) {
  const auto f = facts();
  auto in = Input::make(f, {std::string("10.20.30.40"), std::string("api.example.com"),
                            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
  for (auto _ : state) {
    auto d = decide(p, *in, trace);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

std::vector<std::string> many(std::size_t n, auto make) {
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(make(i));
  return out;
}

void BM_FingerprintAllowlist(benchmark::State& state) {
  std::mt19937_64 rng(1);
  run(state, compile(one_rule("sha256", many(state.range(0), [&](std::size_t) { return hex(rng, 32, true); }))));
}

void BM_SerialEntries(benchmark::State& state) {
  std::mt19937_64 rng(2);
  run(state, compile(one_rule("serial", many(state.range(0), [&](std::size_t) { return hex(rng, 16, false); }))));
}

void BM_SerialRanges(benchmark::State& state) {
  run(state, compile(one_rule("serial", many(state.range(0), [](std::size_t i) {
                                return fmt::format("{:X}00-{:X}7F", i * 2 + 1, i * 2 + 1);
                              }))));
}

void BM_CnGlobs(benchmark::State& state) {
  const std::string yaml = one_rule("subject:\n        CN",
                                    many(state.range(0), [](std::size_t i) { return fmt::format("svc-team{}-*", i); }));
  run(state, compile(yaml));
}

void BM_SourceNetworks(benchmark::State& state) {
  run(state, compile(one_rule("source", many(state.range(0), [](std::size_t i) {
                                return fmt::format("172.{}.{}.0/24", 16 + (i >> 16) % 16, (i >> 8) & 255);
                              }))));
}

void BM_RulesOfOneFingerprint(benchmark::State& state) {
  std::mt19937_64 rng(3);
  const auto f = facts();
  std::string yaml = "version: 1\nrules:\n";
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    const std::string fp = i + 1 == state.range(0) ? f.sha256_fingerprint : hex(rng, 32, true);
    yaml += fmt::format("  - name: r{}\n    action: allow\n    match: {{sha256: [\"{}\"]}}\n", i, fp);
  }
  run(state, compile(yaml));
}

void BM_TypicalPolicyFullTrace(benchmark::State& state) {
  run(state, compile(R"(version: 1
rules:
  - name: block-contractors
    action: deny
    match: {subject: {OU: payments, CN: "contractor-*"}}
  - name: payments-services
    action: allow
    match:
      subject: {OU: payments, O: "Example Corp", C: [DE, FR], CN: "svc-*"}
      issuer: {CN: "Example Client CA"}
      key: {type: [rsa, ec], min_bits: 256}
      min_remaining: 7d
  - name: office
    action: allow
    match: {source: ["10.0.0.0/8"], sni: ["api.example.com"]}
  - name: ops
    action: allow
    match: {subject: {OU: ops}}
)"),
      state.range(0) ? Trace::Full : Trace::None);
}

void BM_InputMake(benchmark::State& state) {
  const auto f = facts();
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (auto _ : state) {
    auto in = Input::make(f, {std::string("10.20.30.40"), std::string("api.example.com"), now});
    benchmark::DoNotOptimize(in);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Compile(benchmark::State& state) {
  std::mt19937_64 rng(1);
  const std::string yaml = one_rule("sha256", many(state.range(0), [&](std::size_t) { return hex(rng, 32, true); }));
  for (auto _ : state) {
    auto p = parse(yaml, "bench.yaml");
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_FingerprintAllowlist)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_SerialEntries)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_SerialRanges)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_CnGlobs)->Arg(10)->Arg(1000)->Arg(10000);
BENCHMARK(BM_SourceNetworks)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_RulesOfOneFingerprint)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_TypicalPolicyFullTrace)->Arg(0)->Arg(1);
BENCHMARK(BM_InputMake);
BENCHMARK(BM_Compile)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mtlsdoctor::policy

BENCHMARK_MAIN();
