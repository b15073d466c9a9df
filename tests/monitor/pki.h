// The two generators of the monitor tests: our lab (in process, clock pinned) and the openssl
// CLI (tests/fixtures/openssl_pki.sh, dates from the real clock), so a state the monitor gives is
// never just our generator agreeing with our checker.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "mtlsdoctor/core/clock.h"
#include "mtlsdoctor/lab/lab.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "support/run.h"

namespace mtlsdoctor::monitor::test {

namespace fs = std::filesystem;

struct Pki {
  std::string generator;  // "lab" or "openssl"
  fs::path dir;
  core::TimePoint created;  // what its validity periods are relative to
};

// Made once per test binary; removed at exit.
inline const Pki& pki(const std::string& generator) {
  static testsupport::TempDir root("mtlsd-monitor-pki");
  static std::unique_ptr<Pki> lab, ossl;
  auto& slot = generator == "lab" ? lab : ossl;
  if (slot) return *slot;
  slot = std::make_unique<Pki>();
  slot->generator = generator;
  slot->dir = root / generator;
  if (generator == "lab") {
    slot->created = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const core::FixedClock clock(slot->created);
    auto m = lab::create(slot->dir, clock);
    if (!m) ADD_FAILURE() << m.error().describe();
  } else {
    slot->created = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto r = testsupport::run_program(
        "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/openssl_pki.sh", slot->dir.string()},
        {.timeout = std::chrono::seconds(120)});
    if (r.exit_code != 0) ADD_FAILURE() << r.describe();
  }
  // Leaf and intermediate in one file, as servers and clients deploy them.
  for (std::string name : {"client-good", "client-expired", "client-revoked", "client-weak-key", "client-sha1",
                           "server-good", "client-not-yet-valid"}) {
    testsupport::write_file(slot->dir / (name + "-full.pem"),
                            testsupport::read_file(slot->dir / (name + ".crt")) +
                                testsupport::read_file(slot->dir / (name + "-chain.pem")));
  }
  return *slot;
}

// The item of that name in a sweep (a failed expectation when there is none).
inline const Item& find(const SweepResult& r, std::string_view name) {
  for (const auto& item : r.items)
    if (item.name == name) return item;
  static const Item none{.name = "<none>"};
  ADD_FAILURE() << "no item " << name;
  return none;
}

}  // namespace mtlsdoctor::monitor::test
