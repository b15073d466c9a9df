#include "mtlsdoctor/monitor/notify.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
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

namespace mtlsdoctor::monitor {
namespace {

using Clock = std::chrono::steady_clock;

core::Error failure(std::string message, std::string subject) {
  return core::Error{core::ErrorCategory::Io, std::move(message), std::move(subject), {}};
}

// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
}

// One HTTP/1.1 POST, the answer's status line read; 2xx is delivered.
std::optional<core::Error> post(const Notify::Webhook& hook, const std::string& body, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(hook.port);
  if (const int rc = ::getaddrinfo(hook.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return failure(fmt::format("cannot resolve {}: {}", hook.host, gai_strerror(rc)), hook.url);
  net::Fd fd;
  std::string last_error = "no address";
  for (addrinfo* a = found; a && !fd; a = a->ai_next) {
    net::Fd s{::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol)};
    if (!s) continue;
    if (::connect(s.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (!wait_for(s.get(), POLLOUT, deadline)) {
      last_error = "timed out";
      continue;
    }
    ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      last_error = std::strerror(err);
      continue;
    }
    fd = std::move(s);
  }
  ::freeaddrinfo(found);
  if (!fd) return failure(fmt::format("cannot connect: {}", last_error), hook.url);
  const std::string host = hook.host.find(':') != std::string::npos ? "[" + hook.host + "]" : hook.host;
  const std::string request = fmt::format(
      "POST {} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: mtls-doctor\r\nContent-Type: application/json\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
      hook.path, host, hook.port, body.size(), body);
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(fd.get(), POLLOUT, deadline)) return failure("timed out sending", hook.url);
    const auto n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return failure(fmt::format("send: {}", std::strerror(errno)), hook.url);
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  while (answer.find("\r\n") == std::string::npos && answer.size() < 4096) {
    if (!wait_for(fd.get(), POLLIN, deadline)) return failure("timed out waiting for the answer", hook.url);
    char buf[1024];
    const auto n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return failure(fmt::format("recv: {}", std::strerror(errno)), hook.url);
    if (n > 0) answer.append(buf, static_cast<std::size_t>(n));
  }
  // "HTTP/1.1 204 No Content"
  const auto space = answer.find(' ');
  if (!answer.starts_with("HTTP/") || space == std::string::npos || answer.size() < space + 4)
    return failure("the receiver did not answer HTTP", hook.url);
  const char digit = answer[space + 1];
  if (digit != '2') return failure(fmt::format("the receiver answered {}", answer.substr(space + 1, 3)), hook.url);
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
  while (sent < body.size() && wait_for(writer.get(), POLLOUT, deadline)) {
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
