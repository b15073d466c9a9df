// explain --log --follow's library half: a real file appended to, rotated (renamed, a new one
// created) and truncated; each explained event handed over once, in order, and the tally at the
// end. Driven by poll_once() (no sleeps), and once through run() on a thread with a bounded wait.
#include "mtlsdoctor/explain/log_follow.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "explain/builtin_explainer.h"
#include "support/run.h"

namespace mtlsdoctor::explain {
namespace {

const std::string kExpired =
    "2026/11/25 08:01:02 [info] 7#7: *1 client SSL certificate verify error: (10:certificate has expired) while "
    "reading client request headers, client: 10.0.0.7, server: api\n";
const std::string kMissing =
    "2026/11/25 08:01:03 [info] 7#7: *2 client sent no required SSL certificate while reading client request "
    "headers, client: 10.0.0.8, server: api\n";
const std::string kUnrelated = "2026/11/25 08:01:04 [error] 7#7: *3 open() \"/x\" failed (2: No such file)\n";

void append(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

struct Events {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<LogEvent> seen;

  std::function<void(const LogEvent&)> sink() {
    return [this](const LogEvent& e) {
      const std::lock_guard lock(mutex);
      seen.push_back(e);
      changed.notify_all();
    };
  }
  std::size_t size() {
    const std::lock_guard lock(mutex);
    return seen.size();
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return seen.size() >= n; });
  }
};

TEST(LogFollow, ReadsAppendsAcrossRotationAndTruncation) {
  testsupport::TempDir dir;
  const auto log = dir / "error.log";
  append(log, kExpired + kUnrelated);  // there before: not followed
  Events events;
  auto follower = LogFollower::create(log.string(), test::builtin_explainer(), {}, events.sink());
  ASSERT_TRUE(follower.has_value()) << follower.error().describe();
  auto got = follower->poll_once();
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(*got);
  EXPECT_EQ(events.size(), 0U) << "what the file held at the start is skipped";

  append(log, kUnrelated + kMissing);
  ASSERT_TRUE(follower->poll_once().value());
  ASSERT_TRUE(follower->poll_once().has_value());  // nothing new: the open event is handed over
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.seen[0].cause, core::FindingId::ClientCertMissing);
  EXPECT_EQ(events.seen[0].first.line, 2U);
  EXPECT_EQ(events.seen[0].client, "10.0.0.8");

  // logrotate: the last line reaches the old file after the rename, a new file takes the path.
  std::filesystem::rename(log, dir / "error.log.1");
  append(dir / "error.log.1", kExpired);
  ASSERT_TRUE(follower->poll_once().has_value());  // the path is missing for a moment: no error
  append(log, kUnrelated + kExpired);
  ASSERT_TRUE(follower->poll_once().value());
  ASSERT_TRUE(follower->poll_once().has_value());
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events.seen[1].cause, core::FindingId::ClientCertExpired);
  EXPECT_EQ(events.seen[1].first.line, 3U) << "the rotated file's last line, first";
  EXPECT_EQ(events.seen[2].first.line, 5U);

  // copytruncate: the file is cut, then written from its start.
  std::filesystem::resize_file(log, 0);
  append(log, kMissing);
  ASSERT_TRUE(follower->poll_once().value());
  const auto summary = follower->finish();
  EXPECT_EQ(events.size(), 4U);
  EXPECT_EQ(summary.events, 4U);
  EXPECT_EQ(summary.lines, 6U);
  ASSERT_NE(summary.top(), nullptr);
  EXPECT_EQ(summary.top()->events, 2U);
}

TEST(LogFollow, RunsUntilStoppedAndAMissingFileIsAnError) {
  testsupport::TempDir dir;
  const auto log = dir / "error.log";
  append(log, "");
  Events events;
  FollowOptions options;
  options.poll = std::chrono::milliseconds(5);
  auto follower = LogFollower::create(log.string(), test::builtin_explainer(), options, events.sink());
  ASSERT_TRUE(follower.has_value());
  std::atomic<bool> stop{false};
  core::Result<void> result;
  std::thread runner([&] { result = follower->run(stop); });
  append(log, kExpired);
  const bool seen = events.wait_for(1);
  stop = true;
  runner.join();
  EXPECT_TRUE(seen) << "the appended event within 30 s";
  EXPECT_TRUE(result.has_value());
  EXPECT_EQ(follower->finish().events, 1U);

  const auto missing = LogFollower::create((dir / "nope.log").string(), test::builtin_explainer(), options, {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().describe().find("nope.log"), std::string::npos);
}

}  // namespace
}  // namespace mtlsdoctor::explain
