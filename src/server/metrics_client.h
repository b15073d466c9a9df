// One scrape of `--metrics-listen`: a plain HTTP/1.1 request head read under a deadline, then
// the metrics (GET /metrics) or 404, and close.
#pragma once

#include <poll.h>

#include <functional>
#include <string>

#include "mtlsdoctor/core/monotonic_clock.h"
#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::server::detail {

class MetricsClient {
 public:
  using Render = std::function<std::string()>;
  MetricsClient(net::Fd fd, core::MonoTime deadline) : m_fd(std::move(fd)), m_deadline(deadline) {}

  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  [[nodiscard]] short events() const noexcept { return m_out.empty() ? POLLIN : POLLOUT; }
  [[nodiscard]] core::MonoTime deadline() const noexcept { return m_deadline; }
  [[nodiscard]] bool done() const noexcept { return !m_fd; }

  void step(bool expired, const Render& render);

 private:
  net::Fd m_fd;
  core::MonoTime m_deadline;
  wire::HttpRequestParser m_parser{wire::HttpRequestLimits{2048, 8192, 50}};
  std::string m_out;
  std::size_t m_written = 0;
};

}  // namespace mtlsdoctor::server::detail
