// MONITOR.md's YAML → Config. Every error names file:line:column; nothing unknown is ignored.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "mtlsdoctor/core/text_file.h"
#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/policy/yaml_reader.h"
#include "mtlsdoctor/probe/http_client.h"
#include "mtlsdoctor/probe/target.h"

namespace mtlsdoctor::monitor {

const IdentitySource* Config::identity(std::string_view name) const noexcept {
  for (const auto& i : identities)
    if (i.name == name) return &i;
  return nullptr;
}

namespace {

namespace fs = std::filesystem;

using policy::yaml::at;
using policy::yaml::entries;
using policy::yaml::Entry;
using policy::yaml::fail;
using policy::yaml::Field;
using policy::yaml::field;
using policy::yaml::Parsed;
using policy::yaml::read_fields;
using policy::yaml::scalar;

class Reader {
 public:
  explicit Reader(fs::path base) : m_base(std::move(base)) {}

  Parsed<fs::path> path(const Entry& e) const {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    return resolve(*s);
  }

  fs::path resolve(const std::string& s) const {
    const fs::path p(s);
    return p.is_absolute() || m_base.empty() ? p : m_base / p;
  }

  // A path or a list of paths.
  Parsed<std::vector<fs::path>> paths(const Entry& e) const {
    std::vector<fs::path> out;
    if (!e.value.IsSequence()) {
      auto p = path(e);
      if (!p) return std::unexpected(p.error());
      out.push_back(*p);
      return out;
    }
    for (const auto& item : e.value) {
      if (!item.IsScalar() || item.Scalar().empty())
        return fail(at(item), fmt::format("'{}': each entry must be a path", e.key));
      out.push_back(resolve(item.Scalar()));
    }
    return out;
  }

  // The readers of the fields below.
  auto as_path() const {
    return [this](const Entry& e) { return path(e); };
  }
  auto as_paths() const {
    return [this](const Entry& e) { return paths(e); };
  }
  static auto as_thresholds(const Thresholds& base) {
    return [&base](const Entry& e) { return thresholds(e, base); };
  }

  static Parsed<std::chrono::seconds> duration(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    auto d = policy::parse_duration(*s);
    if (!d) return fail(at(e.value), fmt::format("'{}': '{}' is not a duration (30d, 12h, 5m, 90s)", e.key, *s));
    return *d;
  }

  // A duration of a second or more (an interval, a timeout).
  static Parsed<std::chrono::seconds> period(const Entry& e) {
    auto d = duration(e);
    if (d && d->count() < 1) return fail(at(e.value), fmt::format("{} must be at least 1s", e.key));
    return d;
  }

  static Parsed<bool> boolean(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    if (*s == "true" || *s == "yes") return true;
    if (*s == "false" || *s == "no") return false;
    return fail(at(e.value), fmt::format("'{}': '{}' is not true or false", e.key, *s));
  }

  static Parsed<RoleHint> role(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    if (*s == "client") return RoleHint::Client;
    if (*s == "server") return RoleHint::Server;
    return fail(at(e.value), fmt::format("role: '{}' is not client or server", *s));
  }

  static Parsed<Thresholds> thresholds(const Entry& e, Thresholds base) {
    auto read = read_fields(e.value, "thresholds",
                            {field("warning", base.warning, duration), field("critical", base.critical, duration)});
    if (!read) return std::unexpected(read.error());
    if (base.critical > base.warning) return fail(e.key_at, "thresholds: critical must not be longer than warning");
    return base;
  }

  static Parsed<std::string> name(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    for (unsigned char c : *s)
      if (c < 0x20 || c == 0x7f || c == '\'' || c == '=')
        return fail(at(e.value), "name: control characters, quotes and '=' are not allowed (it labels metrics)");
    return *s;
  }

  template <class T, class F>
  Parsed<std::vector<T>> list(const Entry& e, std::string_view what, F&& one) const {
    if (!e.value.IsSequence())
      return fail(e.value.IsNull() ? e.key_at : at(e.value), fmt::format("{} must be a list", what));
    std::vector<T> out;
    for (const auto& node : e.value) {
      auto item = one(node);
      if (!item) return std::unexpected(item.error());
      out.push_back(std::move(*item));
    }
    return out;
  }

  Parsed<FileSource> file(const YAML::Node& node, const Thresholds& global) const {
    FileSource f;
    f.where = at(node);
    const auto path_as_written = [&](const Entry& e) -> Parsed<void> {
      auto s = scalar(e);
      if (!s) return std::unexpected(s.error());
      f.path = *s;
      f.resolved = resolve(*s);
      return {};
    };
    auto read = read_fields(node, "a files entry",
                            {{"path", path_as_written},
                             field("password_file", f.password_file, as_path()),
                             field("cacert", f.cacert, as_path()),
                             field("crl", f.crl, as_paths()),
                             field("thresholds", f.thresholds, as_thresholds(global)),
                             field("role", f.role, role)});
    if (!read) return std::unexpected(read.error());
    if (f.path.empty()) return fail(f.where, "a files entry needs 'path'");
    return f;
  }

  Parsed<IdentitySource> identity(const YAML::Node& node, const Thresholds& global) const {
    IdentitySource id;
    id.where = at(node);
    auto read =
        read_fields(node, "an identities entry",
                    {field("name", id.name, name), field("cert", id.cert, as_path()), field("key", id.key, as_path()),
                     field("chain", id.chain, as_path()), field("p12", id.p12, as_path()),
                     field("password_file", id.password_file, as_path()), field("cacert", id.cacert, as_path()),
                     field("crl", id.crl, as_paths()), field("thresholds", id.thresholds, as_thresholds(global))});
    if (!read) return std::unexpected(read.error());
    if (id.name.empty()) return fail(id.where, "an identities entry needs 'name'");
    if (id.cert.has_value() == id.p12.has_value())
      return fail(id.where, fmt::format("identity '{}' needs either 'cert' (with 'key') or 'p12'", id.name));
    if (id.p12 && (id.key || id.chain))
      return fail(id.where, fmt::format("identity '{}': 'key' and 'chain' go with 'cert', not 'p12'", id.name));
    return id;
  }

  Parsed<EndpointSource> endpoint(const YAML::Node& node, const Thresholds& global) const {
    EndpointSource ep;
    ep.where = at(node);
    auto read = read_fields(
        node, "an endpoints entry",
        {field("name", ep.name, name), field("target", ep.target, scalar), field("identity", ep.identity, scalar),
         field("cacert", ep.cacert, as_path()), field("servername", ep.servername, scalar),
         field("expect_mtls", ep.expect_mtls, boolean), field("successor_ca", ep.successor_ca, as_path()),
         field("thresholds", ep.thresholds, as_thresholds(global))});
    if (!read) return std::unexpected(read.error());
    if (ep.name.empty()) return fail(ep.where, "an endpoints entry needs 'name'");
    if (ep.target.empty()) return fail(ep.where, fmt::format("endpoint '{}' needs 'target'", ep.name));
    if (auto t = probe::parse_target(ep.target); !t)
      return fail(ep.where, fmt::format("endpoint '{}': target '{}': {}", ep.name, ep.target, t.error().message));
    return ep;
  }

  Parsed<LogSource> log(const YAML::Node& node) const {
    LogSource l;
    l.where = at(node);
    std::string as_written;
    const auto path_as_written = [&](const Entry& e) -> Parsed<void> {
      auto s = scalar(e);
      if (!s) return std::unexpected(s.error());
      as_written = *s;
      l.path = resolve(*s);
      return {};
    };
    auto read = read_fields(node, "a logs entry", {field("name", l.name, name), {"path", path_as_written}});
    if (!read) return std::unexpected(read.error());
    if (l.path.empty()) return fail(l.where, "a logs entry needs a path");
    if (l.name.empty()) l.name = as_written;
    return l;
  }

  Parsed<ProbeDefaults> probe(const Entry& entry) const {
    ProbeDefaults p;
    const auto allow = [this](const Entry& e) {
      return list<std::string>(e, "probe.allow", [&](const YAML::Node& n) -> Parsed<std::string> {
        if (!n.IsScalar() || n.Scalar().empty()) return fail(at(n), "probe.allow: each entry must be HOST:PORT");
        return n.Scalar();
      });
    };
    auto read = read_fields(
        entry.value, "probe",
        {field("allow", p.allow, allow), field("identity", p.identity, scalar), field("cacert", p.cacert, as_path())});
    if (!read) return std::unexpected(read.error());
    return p;
  }

  // http://host[:port][/path]: the receivers are internal (a relay to mail or chat); no TLS yet.
  static Parsed<Notify::Webhook> webhook(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    auto url = probe::parse_http_url(*s);
    if (!url) return fail(at(e.value), fmt::format("webhook '{}': {}", *s, url.error().message));
    Notify::Webhook w{url->url, url->host, url->port, url->path};
    return w;
  }

  static Parsed<Notify> notify(const Entry& entry) {
    Notify n;
    auto read = read_fields(entry.value, "notify",
                            {field("webhook", n.webhook, webhook), field("command", n.command, scalar),
                             field("renotify", n.renotify, period), field("timeout", n.timeout, period)});
    if (!read) return std::unexpected(read.error());
    if (!n.any()) return fail(entry.key_at, "notify needs a webhook or a command");
    return n;
  }

  Parsed<Config> config(const YAML::Node& root, std::string_view file_name) const {
    Config c;
    c.file = std::string(file_name);
    c.database = resolve("mtls-doctor.db");
    if (root.IsNull()) return fail({1, 1}, "the configuration is empty (version: 1 is missing)");
    auto items = entries(root, "the configuration");
    if (!items) return std::unexpected(items.error());
    // Thresholds first: per-item overrides start from them, wherever they are written.
    for (const auto& e : *items) {
      if (e.key != "thresholds") continue;
      auto t = thresholds(e, c.thresholds);
      if (!t) return std::unexpected(t.error());
      c.thresholds = *t;
    }
    bool has_version = false;
    const auto version = [&](const Entry& e) -> Parsed<void> {
      auto s = scalar(e);
      if (!s) return std::unexpected(s.error());
      if (*s != "1")
        return fail(at(e.value), fmt::format("version {} is not supported (this build reads version 1)", *s));
      has_version = true;
      return {};
    };
    const auto each = [&]<class T>(std::vector<T>& out, std::string_view what, auto one) {
      return field(what, out, [&, one, what](const Entry& e) { return list<T>(e, what, one); });
    };
    auto read =
        read_fields(root, "the configuration",
                    {{"version", version},
                     {"thresholds", [](const Entry&) -> Parsed<void> { return {}; }},  // read above
                     field("interval", c.interval, period),
                     field("database", c.database, as_path()),
                     each(c.files, "files", [&](const YAML::Node& n) { return file(n, c.thresholds); }),
                     each(c.identities, "identities", [&](const YAML::Node& n) { return identity(n, c.thresholds); }),
                     each(c.endpoints, "endpoints", [&](const YAML::Node& n) { return endpoint(n, c.thresholds); }),
                     field("notify", c.notify, [](const Entry& e) { return notify(e); }),
                     field("probe", c.probe, [this](const Entry& e) { return probe(e); }),
                     each(c.logs, "logs", [&](const YAML::Node& n) { return log(n); })});
    if (!read) return std::unexpected(read.error());
    if (!has_version) return fail({1, 1}, "version: 1 is missing");
    return check_names(std::move(c));
  }

  static Parsed<Config> check_names(Config c) {
    std::set<std::string> seen;
    for (const auto& id : c.identities)
      if (!seen.insert(id.name).second) return fail(id.where, fmt::format("identity '{}' is defined twice", id.name));
    seen.clear();
    for (const auto& ep : c.endpoints) {
      if (!seen.insert(ep.name).second) return fail(ep.where, fmt::format("endpoint '{}' is defined twice", ep.name));
      if (ep.identity && !c.identity(*ep.identity))
        return fail(ep.where,
                    fmt::format("endpoint '{}': no identity named '{}' under identities", ep.name, *ep.identity));
    }
    seen.clear();
    for (const auto& l : c.logs)
      if (!seen.insert(l.name).second) return fail(l.where, fmt::format("log '{}' is defined twice", l.name));
    if (c.probe.identity && !c.identity(*c.probe.identity))
      return fail({1, 1}, fmt::format("probe: no identity named '{}' under identities", *c.probe.identity));
    return c;
  }

 private:
  fs::path m_base;
};

}  // namespace

core::Result<Config> parse_config(std::string_view yaml, std::string_view file, const std::filesystem::path& base) {
  return policy::yaml::read_document<Config>(yaml, file,
                                             [&](const YAML::Node& root) { return Reader(base).config(root, file); });
}

core::Result<Config> load_config(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec) &&
      !std::filesystem::is_directory(path, ec))
    return core::fail(core::ErrorCategory::Io, "is not a regular file", path.string());
  auto text = core::read_text_file(path.string(), "configuration file", 4u << 20);
  if (!text) return std::unexpected(text.error());
  return parse_config(*text, path.string(), path.parent_path());
}

}  // namespace mtlsdoctor::monitor
