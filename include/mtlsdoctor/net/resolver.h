// Name resolution off the event loop: getaddrinfo() blocks (NSS, DNS retries), so names are
// resolved by a few worker threads and the loop only polls for the answers. Address literals
// never come here (they resolve at once, with AI_NUMERICHOST).
#pragma once

#include <netdb.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mtlsdoctor::net {

// getaddrinfo's signature: tests give a slow or failing one.
using ResolveFunction =
    std::function<int(const char* host, const char* service, const addrinfo* hints, addrinfo** out)>;

class Resolver {
 public:
  // One lookup. The caller keeps it (shared with the worker) and reads it once done().
  class Job {
   public:
    Job(std::string host, std::string service) : m_host(std::move(host)), m_service(std::move(service)) {}
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;
    [[nodiscard]] bool done() const noexcept { return m_done.load(std::memory_order_acquire); }
    [[nodiscard]] int status() const noexcept { return m_status; }  // getaddrinfo's return code
    // The answer, owned by the caller from now on (freeaddrinfo).
    [[nodiscard]] addrinfo* take() noexcept {
      addrinfo* r = m_list;
      m_list = nullptr;
      return r;
    }

   private:
    friend class Resolver;
    std::string m_host;
    std::string m_service;
    int m_status = 0;
    addrinfo* m_list = nullptr;
    std::atomic<bool> m_done{false};
  };

  // `threads` workers at most, started as lookups arrive.
  explicit Resolver(std::size_t threads, ResolveFunction resolve = ::getaddrinfo);
  // Stops taking lookups. Workers finish the lookup in hand (a Job still held by a caller stays
  // valid) and exit; they are not waited for, so a resolver stuck on a silent DNS server does
  // not delay the end of a run.
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  [[nodiscard]] std::shared_ptr<Job> submit(std::string host, std::string service);
  // Readable when a lookup has finished since the last drain(); for poll().
  [[nodiscard]] int wake_fd() const noexcept;
  void drain() noexcept;

 private:
  struct Shared;
  std::shared_ptr<Shared> m_shared;
};

}  // namespace mtlsdoctor::net
