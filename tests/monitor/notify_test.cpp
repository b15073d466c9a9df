// Notifications on state change only: a webhook (JSON POST to a receiver on loopback) and a
// command hook (the notice's JSON on stdin); de-duplicated by the history, re-notified after
// `renotify`, and tried again at the next sweep when a delivery failed.
#include "mtlsdoctor/monitor/notify.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "receiver.h"
#include "support/run.h"
#include "synthetic.h"

namespace mtlsdoctor::monitor {
namespace {

using namespace std::chrono_literals;
using test::kT0;
using test::Receiver;
using test::sweep_of;

Notify webhook_to(std::uint16_t port) {
  Notify n;
  n.webhook = Notify::Webhook{fmt::format("http://127.0.0.1:{}/hook", port), "127.0.0.1", port, "/hook"};
  n.timeout = 5s;
  return n;
}

std::size_t deliver(History& h, const Notify& n, const SweepResult& r, std::size_t* failed = nullptr) {
  EXPECT_TRUE(h.record(r));
  auto d = notify_changes(h, n, r);
  EXPECT_TRUE(d) << d.error().describe();
  if (failed) *failed = static_cast<std::size_t>(std::count_if(d->begin(), d->end(), [](auto& x) { return x.error; }));
  return d ? d->size() : 0;
}

TEST(MonitorNotify, OnlyStateChangesAreSentThenRemindersAfterRenotify) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h);
  Receiver receiver;
  auto n = webhook_to(receiver.port());
  n.renotify = 1h;
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0, State::Warning, State::Ok)), 1u);  // b first seen ok: nothing
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 10min, State::Warning, State::Ok)), 0u);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 20min, State::Critical, State::Ok)), 1u);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 30min, State::Critical, State::Ok)), 0u);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 90min, State::Critical, State::Ok)), 1u);  // reminder
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 100min, State::Ok, State::Unknown)), 2u);  // a recovers, b breaks
  const auto bodies = receiver.bodies();
  ASSERT_EQ(bodies.size(), 5u);
  EXPECT_EQ(bodies[0]["event"], "state-change");
  EXPECT_EQ(bodies[0]["name"], "a");
  EXPECT_EQ(bodies[0]["state"], "warning");
  EXPECT_TRUE(bodies[0]["previous_state"].is_null());
  EXPECT_EQ(bodies[0]["cause"], "cert-expires-soon");
  EXPECT_EQ(bodies[0]["days_left"], 10.0);
  EXPECT_EQ(bodies[1]["previous_state"], "warning");
  EXPECT_EQ(bodies[1]["state"], "critical");
  EXPECT_EQ(bodies[2]["event"], "reminder");
  EXPECT_EQ(bodies[3]["state"], "ok");
  EXPECT_EQ(bodies[3]["previous_state"], "critical");
  EXPECT_EQ(bodies[4]["name"], "b");
  EXPECT_EQ(bodies[4]["kind"], "endpoint");
  const auto head = receiver.heads().front();
  EXPECT_TRUE(head.starts_with("POST /hook HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("Content-Type: application/json"), std::string::npos);
}

TEST(MonitorNotify, AFailedDeliveryIsTriedAgainAtTheNextSweep) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h);
  Receiver receiver;
  receiver.answer(500);
  const auto n = webhook_to(receiver.port());
  std::size_t failed = 0;
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0, State::Critical, State::Ok), &failed), 1u);
  EXPECT_EQ(failed, 1u);
  receiver.answer(200);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 5min, State::Critical, State::Ok), &failed), 1u);
  EXPECT_EQ(failed, 0u);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 10min, State::Critical, State::Ok)), 0u);
  // Nobody listening: an error naming the URL, no crash, still due.
  auto closed = webhook_to(1);
  EXPECT_EQ(deliver(*h, closed, sweep_of(kT0 + 15min, State::Warning, State::Ok), &failed), 1u);
  EXPECT_EQ(failed, 1u);
}

TEST(MonitorNotify, TheCommandHookGetsTheNoticeOnStdin) {
  testsupport::TempDir dir;
  auto h = History::open(dir / "h.db");
  ASSERT_TRUE(h);
  Notify n;
  n.command = fmt::format("cat >> '{}'", (dir / "notices.jsonl").string());
  n.timeout = 5s;
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0, State::Warning, State::Critical)), 2u);
  EXPECT_EQ(deliver(*h, n, sweep_of(kT0 + 1min, State::Warning, State::Critical)), 0u);
  const auto text = testsupport::read_file(dir / "notices.jsonl");
  const auto first = nlohmann::json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(first["name"], "a");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  // A failing command, and one that neither reads nor ends: errors, and the sweep goes on.
  Notify failing;
  failing.command = "exit 3";
  std::size_t failed = 0;
  EXPECT_EQ(deliver(*h, failing, sweep_of(kT0 + 2min, State::Ok, State::Critical), &failed), 1u);
  EXPECT_EQ(failed, 1u);
  Notify stuck;
  stuck.command = "sleep 30";
  stuck.timeout = 1s;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(deliver(*h, stuck, sweep_of(kT0 + 3min, State::Ok, State::Critical), &failed), 1u);
  EXPECT_EQ(failed, 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

}  // namespace
}  // namespace mtlsdoctor::monitor
