// monitor serve's exporter on its own thread in the test process (port 0), stopped and joined
// at the end; its events kept for the assertions that read them.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mtlsdoctor/exporter/exporter.h"
#include "mtlsdoctor/monitor/config.h"
#include "support/run.h"

namespace mtlsdoctor::monitor {

class Running {
 public:
  Running(const std::string& yaml, const std::filesystem::path& dir, exporter::ExporterOptions o = {}) {
    testsupport::write_file(dir / "monitor.yaml", yaml);
    auto config = load_config(dir / "monitor.yaml");
    EXPECT_TRUE(config) << config.error().describe();
    if (!config) return;
    o.port = 0;
    auto e = exporter::Exporter::start(std::move(*config), std::move(o), [this](std::string_view line) {
      const std::lock_guard lock(m_mutex);
      m_events += std::string(line) + "\n";
    });
    EXPECT_TRUE(e) << e.error().describe();
    if (!e) return;
    m_exporter = std::move(*e);
    m_thread = std::thread([this] { m_exporter->run(); });
  }
  ~Running() {
    if (!m_exporter) return;
    m_exporter->stop();
    m_thread.join();
  }
  [[nodiscard]] bool ok() const { return m_exporter != nullptr; }
  [[nodiscard]] std::uint16_t port() const { return m_exporter->port(); }
  [[nodiscard]] exporter::Exporter& exporter() { return *m_exporter; }
  [[nodiscard]] std::string events() const {
    const std::lock_guard lock(m_mutex);
    return m_events;
  }

  // Polls until `sweeps` sweeps have ended (generous: a loaded machine).
  bool wait_sweeps(std::uint64_t sweeps) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(240);
    while (std::chrono::steady_clock::now() < until) {
      if (m_exporter->status().sweeps >= sweeps) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  mutable std::mutex m_mutex;
  std::string m_events;
  std::unique_ptr<exporter::Exporter> m_exporter;
  std::thread m_thread;
};

}  // namespace mtlsdoctor::monitor
