#include "mtlsdoctor/monitor/notify.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "mtlsdoctor/net/fd.h"
#include "mtlsdoctor/probe/http_client.h"

namespace mtlsdoctor::monitor {
namespace {

using Clock = std::chrono::steady_clock;

core::Error failure(std::string message, std::string subject) {
  return core::Error{core::ErrorCategory::Io, std::move(message), std::move(subject), {}};
}

// The webhook: a JSON POST; any 2xx answer is delivered.
std::optional<core::Error> post(const Notify::Webhook& hook, const std::string& body, std::chrono::seconds timeout) {
  const probe::HttpUrl url{hook.url, hook.host, hook.port, hook.path};
  auto answer = probe::http_request(url, "POST", probe::HttpBody{"application/json", body}, timeout, 64 * 1024);
  if (!answer) return answer.error();
  if (answer->status < 200 || answer->status > 299)
    return failure(fmt::format("the receiver answered {}", answer->status), hook.url);
  return std::nullopt;
}

// /bin/sh -c COMMAND with `body` on stdin, its output discarded; exit 0 is delivered.
std::optional<core::Error> run_hook(const std::string& command, const std::string& body, std::chrono::seconds timeout) {
  // A socket pair rather than a pipe: send(MSG_NOSIGNAL) to a command that does not read its
  // stdin fails with EPIPE instead of killing us with SIGPIPE.
  int in[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0)
    return failure("cannot make a socket pair", command);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(in[0]);
    ::close(in[1]);
    return failure("cannot start the command", command);
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(in[0], STDIN_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);  // the command's words must not mix with our output
    ::dup2(null, STDERR_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  net::Fd writer{in[1]};
  ::fcntl(writer.get(), F_SETFL, O_NONBLOCK);
  const auto deadline = Clock::now() + timeout;
  std::size_t sent = 0;
  while (sent < body.size() && probe::wait_for(writer.get(), POLLOUT, deadline)) {
    const auto n = ::send(writer.get(), body.data() + sent, body.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;  // a command that does not read its stdin still gets to run
    sent += static_cast<std::size_t>(n);
  }
  writer.reset();
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return failure(fmt::format("the command did not finish within {}s", timeout.count()), command);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  return failure(WIFEXITED(status) ? fmt::format("the command exited {}", WEXITSTATUS(status))
                                   : "the command was killed by a signal",
                 command);
}

const Item* item_named(const SweepResult& result, const Notice& n) {
  for (const auto& item : result.items)
    if (item.kind == n.kind && item.name == n.name) return &item;
  return nullptr;
}

}  // namespace

nlohmann::ordered_json notice_json(const Notice& notice, const Item& item, core::TimePoint checked_at) {
  nlohmann::ordered_json j;
  j["event"] = notice.reminder ? "reminder" : "state-change";
  j["checked_at"] = core::format_rfc3339(checked_at);
  j["kind"] = to_string(item.kind);
  j["name"] = item.name;
  j["source"] = item.source;
  j["state"] = to_string(item.state);
  j["previous_state"] = notice.notified ? nlohmann::ordered_json(to_string(*notice.notified)) : nullptr;
  j["cause"] = core::slug(item.cause);
  j["reason"] = item.reason;
  j["days_left"] = item.certificate ? nlohmann::ordered_json(item.certificate->days_left) : nullptr;
  return j;
}

core::Result<std::vector<Delivery>> notify_changes(History& history, const Notify& notify, const SweepResult& result) {
  std::vector<Delivery> out;
  if (!notify.any()) return out;
  auto due = history.due(result, notify.renotify);
  if (!due) return std::unexpected(due.error());
  for (const auto& notice : *due) {
    const Item* item = item_named(result, notice);
    if (!item) continue;
    // Invalid UTF-8 from a file name is replaced rather than thrown on.
    const std::string body =
        notice_json(notice, *item, result.checked_at).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    bool delivered = true;
    if (notify.webhook) {
      out.push_back({item->name, "webhook", post(*notify.webhook, body, notify.timeout)});
      delivered = delivered && !out.back().error;
    }
    if (notify.command) {
      out.push_back({item->name, "command", run_hook(*notify.command, body + "\n", notify.timeout)});
      delivered = delivered && !out.back().error;
    }
    if (delivered) {
      if (auto marked = history.mark_notified(notice, result.checked_at); !marked)
        return std::unexpected(marked.error());
    }
  }
  return out;
}

}  // namespace mtlsdoctor::monitor
