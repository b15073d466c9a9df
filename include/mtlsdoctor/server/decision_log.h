// The decision log of POLICY.md: one JSON object per line for every connection `serve` decides
// on, allowed or refused, written and flushed as each is decided; `explain --log` reads it.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/server/admission.h"

namespace mtlsdoctor::server {

struct LogRecord {
  std::chrono::system_clock::time_point time;
  std::string client;  // "192.0.2.7:51234"
  std::optional<std::string> sni;
  std::string tls;  // "TLSv1.3"
  const Admission* admission = nullptr;
  const policy::Policy* policy = nullptr;  // the one that decided, for rule names
  std::optional<int> alert;                // sent
  std::optional<int> http_status;          // answered
};

// The line, without its newline. Every string is JSON-escaped (peer-controlled names included).
[[nodiscard]] std::string decision_log_line(const LogRecord& record);

// "2026-12-03T06:01:12.123Z"
[[nodiscard]] std::string format_millis(std::chrono::system_clock::time_point t);

// Appends lines to a file (or stdout for "-"), each flushed at once; reopen() after a log
// rotation. Safe to share between threads.
class DecisionLog {
 public:
  [[nodiscard]] static core::Result<DecisionLog> open(const std::string& path);
  DecisionLog(DecisionLog&& other) noexcept;
  DecisionLog& operator=(DecisionLog&&) = delete;
  DecisionLog(const DecisionLog&) = delete;
  ~DecisionLog();

  void write(const std::string& line);
  [[nodiscard]] core::Result<void> reopen();
  [[nodiscard]] const std::string& path() const noexcept { return m_path; }

 private:
  DecisionLog(std::string path, std::FILE* file) : m_path(std::move(path)), m_file(file) {}
  std::string m_path;
  std::FILE* m_file = nullptr;
  std::mutex m_mutex;
};

}  // namespace mtlsdoctor::server
