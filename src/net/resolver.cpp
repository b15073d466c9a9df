#include "mtlsdoctor/net/resolver.h"

#include <fcntl.h>
#include <unistd.h>

#include "mtlsdoctor/net/fd.h"

namespace mtlsdoctor::net {

Resolver::Job::~Job() {
  if (m_list) freeaddrinfo(m_list);
}

// What the workers share with the resolver; each worker holds it until it exits.
struct Resolver::Shared {
  ResolveFunction resolve;
  std::size_t max_threads = 1;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::shared_ptr<Job>> queue;
  std::size_t threads = 0;
  std::size_t idle = 0;
  bool stopping = false;
  Fd pipe_read;
  Fd pipe_write;

  static void work(std::shared_ptr<Shared> self) {
    std::unique_lock lock(self->mutex);
    while (true) {
      ++self->idle;
      self->wake.wait(lock, [&] { return self->stopping || !self->queue.empty(); });
      --self->idle;
      if (self->stopping) break;
      auto job = std::move(self->queue.front());
      self->queue.pop_front();
      lock.unlock();
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      hints.ai_flags = AI_ADDRCONFIG;
      job->m_status = self->resolve(job->m_host.c_str(), job->m_service.c_str(), &hints, &job->m_list);
      job->m_done.store(true, std::memory_order_release);
      const char byte = 1;
      (void)!write(self->pipe_write.get(), &byte, 1);  // a full pipe already says "something finished"
      job.reset();
      lock.lock();
    }
    --self->threads;
  }
};

Resolver::Resolver(std::size_t threads, ResolveFunction resolve) : m_shared(std::make_shared<Shared>()) {
  m_shared->resolve = std::move(resolve);
  m_shared->max_threads = threads == 0 ? 1 : threads;
  int fds[2] = {-1, -1};
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
    m_shared->pipe_read.reset(fds[0]);
    m_shared->pipe_write.reset(fds[1]);
  }
}

Resolver::~Resolver() {
  {
    std::lock_guard lock(m_shared->mutex);
    m_shared->stopping = true;
    m_shared->queue.clear();
  }
  m_shared->wake.notify_all();
}

std::shared_ptr<Resolver::Job> Resolver::submit(std::string host, std::string service) {
  auto job = std::make_shared<Job>(std::move(host), std::move(service));
  bool start = false;
  {
    std::lock_guard lock(m_shared->mutex);
    m_shared->queue.push_back(job);
    if (m_shared->idle < m_shared->queue.size() && m_shared->threads < m_shared->max_threads) {
      ++m_shared->threads;
      start = true;
    }
  }
  if (start) {
    std::thread(Shared::work, m_shared).detach();
  } else {
    m_shared->wake.notify_one();
  }
  return job;
}

int Resolver::wake_fd() const noexcept {
  return m_shared->pipe_read.get();
}

void Resolver::drain() noexcept {
  char buf[256];
  while (read(m_shared->pipe_read.get(), buf, sizeof buf) > 0) {
  }
}

}  // namespace mtlsdoctor::net
