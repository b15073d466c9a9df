// explain --log's first pass, the built-in literal cover (src/explain/literal_cover.h): which words
// make a literal, and which ordinary lines of a busy server's log it must leave alone. The scanner's
// answers with and without it: log_scan_test.cpp.
#ifdef MTLSD_HAVE_HYPERSCAN
#include "literal_cover.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <vector>

#include "explain/builtin_explainer.h"
#include "line_prefilter.h"  // src/explain: the prefilters themselves
#include "log_patterns.h"
#include "raw_pattern.h"

namespace mtlsdoctor::explain {
namespace {

// Words that are everywhere in server logs ("http", "request") do not make a literal, but a word
// with the separator byte after it does: "http request" is covered by "http" and each byte a raw
// run can start with, so nginx's ordinary lines (HTTP/1.1, http://) are not flagged for it.
TEST(LogScan, CommonWordsAreCoveredWithTheSeparatorAfterThem) {
  KnowledgeBase kb;
  Entry e = test::builtin_explainer().knowledge_base().entries.front();
  e.weight = Weight::Generic;
  e.patterns = {"http request"};
  kb.entries.push_back(e);
  const auto patterns = detail::log_patterns(kb);
  const auto cover = detail::literal_cover(patterns);
  // The entry is covered. The bare OpenSSL code (`error:` and eight hex digits) need not be:
  // `error:` is a common word with its colon, so it goes to the first pass as it is.
  for (const auto i : cover.uncovered) {
    EXPECT_EQ(patterns.entries[i], detail::LogPatterns::kNoEntry) << patterns.expressions[i];
  }
  for (const std::string literal : {"http ", "http_", "http\\", "http\t", "httpn", "http\x01"}) {
    EXPECT_NE(std::find(cover.literals.begin(), cover.literals.end(), literal), cover.literals.end()) << literal;
  }
  EXPECT_EQ(std::find(cover.literals.begin(), cover.literals.end(), "http"), cover.literals.end());
  EXPECT_EQ(std::find(cover.literals.begin(), cover.literals.end(), "request"), cover.literals.end());
  // Each byte of a run (raw_analysis' kRunSeparatorBytes) is what the raw pattern's run takes.
  RE2::Options latin1;
  latin1.set_encoding(RE2::Options::EncodingLatin1);
  latin1.set_case_sensitive(false);
  const RE2 run("^" + detail::raw_superset(" ") + "$", latin1);
  ASSERT_TRUE(run.ok()) << run.error();
  for (int b = 1; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const char lower = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
    EXPECT_EQ(RE2::FullMatch(re2::StringPiece(&c, 1), run),
              detail::kRunSeparatorBytes.find(lower) != std::string_view::npos)
        << "byte " << b;
  }
  auto hs = detail::hyperscan_prefilter(kb);
  ASSERT_TRUE(hs.has_value());
  EXPECT_TRUE((*hs)->literal_pass());
  const std::string block =
      "2026/11/25 08:00:00 [error] 7#7: *3 upstream timed out, client: 10.0.0.1, request: \"GET / HTTP/1.1\", "
      "upstream: \"http://10.0.0.2:80/\"\n"
      "2026/11/25 08:00:01 [info] 7#7: *4 client sent plain HTTP__request to HTTPS port\n";
  std::vector<detail::LineSpan> spans;
  std::vector<std::uint32_t> named;
  (*hs)->candidates(block, spans, named);
  ASSERT_EQ(spans.size(), 1U);
  EXPECT_EQ(block.substr(spans[0].begin, spans[0].end - spans[0].begin),
            "2026/11/25 08:00:01 [info] 7#7: *4 client sent plain HTTP__request to HTTPS port");
}

// The built-in first pass flags none of a busy server's ordinary lines (bench/gen_nginx_log.cpp's
// templates): a cover literal such as "directory)" (a pattern ending in "(No such file or
// directory)") made it flag nginx's every open() failure, and doubled a usual day's CPU (session 25).
TEST(LogScan, TheBuiltInFirstPassFlagsNoOrdinaryLine) {
  auto hs = detail::hyperscan_prefilter(test::builtin_explainer().knowledge_base());
  ASSERT_TRUE(hs.has_value());
  ASSERT_TRUE((*hs)->literal_pass());
  const std::string block =
      "2026/11/25 08:00:00 [error] 7#7: *3 open() \"/srv/www/static/app-12.js\" failed (2: No such file or "
      "directory), client: 10.0.0.1, server: shop.example.com, request: \"GET /static/app-12.js HTTP/1.1\", host: "
      "\"shop.example.com\"\n"
      "2026/11/25 08:00:02 [warn] 7#7: *5 an upstream response is buffered to a temporary file "
      "/var/cache/nginx/proxy_temp/5/00/000005 while reading upstream, client: 10.0.0.1, server: shop.example.com, "
      "request: \"GET /v1/orders?page=5 HTTP/1.1\", upstream: \"http://10.0.0.2:80/v1/orders?page=5\"\n"
      "2026/11/25 08:00:03 [error] 7#7: *6 upstream timed out (110: Connection timed out) while reading response "
      "header from upstream, client: 10.0.0.1, server: shop.example.com, request: \"POST /v1/payments HTTP/1.1\"\n"
      "2026/11/25 08:00:04 [info] 7#7: *7 client 10.0.0.1 closed keepalive connection\n"
      "2026/11/25 08:00:05 [info] 7#7: *8 client closed connection while waiting for request, client: 10.0.0.1, "
      "server: 0.0.0.0:443\n"
      "2026/11/25 08:00:06 [error] 7#7: *9 connect() failed (111: Connection refused) while connecting to upstream, "
      "client: 10.0.0.1, server: shop.example.com, request: \"GET /healthz HTTP/1.1\"\n"
      "2026/11/25 08:00:07 [error] 7#7: *10 limiting requests, excess: 20.5 by zone \"api\", client: 10.0.0.1\n"
      "2026/11/25 08:00:08 [info] 7#7: *11 recv() failed (104: Connection reset by peer) while reading response "
      "header from upstream, client: 10.0.0.1, server: shop.example.com\n"
      // Lines the generated log lacks and real servers write all day: EACCES in nginx's words,
      // an access rule, a PHP socket, a log-level word after punctuation.
      "2026/11/25 08:00:09 [error] 7#7: *12 open() \"/usr/share/nginx/html/favicon.ico\" failed (13: Permission "
      "denied), client: 10.0.0.1, server: shop.example.com, request: \"GET /favicon.ico HTTP/1.1\"\n"
      "2026/11/25 08:00:10 [error] 7#7: *13 access forbidden by rule, client: 10.0.0.1, server: shop.example.com, "
      "request: \"GET /.env HTTP/1.1\"\n"
      "2026/11/25 08:00:11 [crit] 7#7: *14 connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission "
      "denied) while connecting to upstream, client: 10.0.0.1, server: shop.example.com, request: \"GET /index.php "
      "HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\"\n"
      "2026/11/25 08:00:12 [error] 7#7: *15 upstream prematurely closed connection while reading response header "
      "from upstream, client: 10.0.0.1, server: shop.example.com, request: \"GET /v1/cart HTTP/1.1\"\n"
      "2026/11/25 08:00:13 [error] 7#7: *16 directory index of \"/srv/www/static/\" is forbidden, client: "
      "10.0.0.1, server: shop.example.com, request: \"GET /static/ HTTP/1.1\"\n"
      "2026/11/25 08:00:14 [error] 7#7: *17 FastCGI sent in stderr: \"PHP message: PHP Warning:  Undefined "
      "variable $user in /srv/www/index.php on line 12\" while reading response header from upstream, client: "
      "10.0.0.1, server: shop.example.com, request: \"GET /index.php HTTP/1.1\"\n";
  // The first pass alone: a line holding none of the cover's literals (caselessly; a run placeholder
  // byte stands for any byte of a run) is not flagged. candidates() also runs the normalized scan,
  // which would hide a literal that flags such lines and finds nothing in them.
  const auto cover = detail::literal_cover(detail::log_patterns(test::builtin_explainer().knowledge_base()));
  std::string run_class = "[";
  for (const char c : detail::kRunSeparatorBytes) run_class += c == '\\' ? std::string("\\\\") : std::string(1, c);
  run_class += "\x01]";
  RE2::Options latin1;
  latin1.set_encoding(RE2::Options::EncodingLatin1);
  latin1.set_case_sensitive(false);
  for (const auto& literal : cover.literals) {
    std::string expr;
    for (const char c : literal) expr += c == detail::kRunPlaceholder ? run_class : RE2::QuoteMeta(std::string(1, c));
    const RE2 re(expr, latin1);
    ASSERT_TRUE(re.ok()) << re.error();
    re2::StringPiece hit;
    if (re.Match(block, 0, block.size(), RE2::UNANCHORED, &hit, 1)) {
      const auto at = static_cast<std::size_t>(hit.data() - block.data());
      const std::size_t begin = block.rfind('\n', at) == std::string::npos ? 0 : block.rfind('\n', at) + 1;
      ADD_FAILURE() << "literal \"" << literal << "\" flags: " << block.substr(begin, block.find('\n', at) - begin);
    }
  }
  std::vector<detail::LineSpan> spans;
  std::vector<std::uint32_t> named;
  (*hs)->candidates(block, spans, named);
  for (const auto& s : spans) ADD_FAILURE() << "flagged: " << block.substr(s.begin, s.end - s.begin);
}

}  // namespace
}  // namespace mtlsdoctor::explain
#endif
