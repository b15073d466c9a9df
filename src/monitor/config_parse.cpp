// MONITOR.md's YAML → Config. Every error names file:line:column; nothing unknown is ignored.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "http_client.h"
#include "mtlsdoctor/monitor/config.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/policy/yaml_reader.h"
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
using policy::yaml::Parsed;

Parsed<std::string> scalar(const Entry& e) {
  if (!e.value.IsScalar() || e.value.Scalar().empty())
    return fail(e.value.IsNull() ? e.key_at : at(e.value), fmt::format("'{}' needs a value (a string)", e.key));
  return e.value.Scalar();
}

std::unexpected<policy::yaml::Failure> unknown_key(const Entry& e, std::string_view where, std::string_view known) {
  return fail(e.key_at, policy::yaml::unknown_key(e.key, where, known));
}

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

  static Parsed<std::chrono::seconds> duration(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    auto d = policy::parse_duration(*s);
    if (!d) return fail(at(e.value), fmt::format("'{}': '{}' is not a duration (30d, 12h, 5m, 90s)", e.key, *s));
    return *d;
  }

  static Parsed<bool> boolean(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    if (*s == "true" || *s == "yes") return true;
    if (*s == "false" || *s == "no") return false;
    return fail(at(e.value), fmt::format("'{}': '{}' is not true or false", e.key, *s));
  }

  static Parsed<Thresholds> thresholds(const Entry& e, Thresholds base) {
    auto items = entries(e.value, "thresholds");
    if (!items) return std::unexpected(items.error());
    for (const auto& t : *items) {
      if (t.key != "warning" && t.key != "critical") return unknown_key(t, "thresholds", "warning, critical");
      auto d = duration(t);
      if (!d) return std::unexpected(d.error());
      (t.key == "warning" ? base.warning : base.critical) = *d;
    }
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
    auto items = entries(node, "a files entry");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      Parsed<void> r;
      if (e.key == "path") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        f.path = *s;
        f.resolved = resolve(*s);
      } else if (e.key == "password_file") {
        if (auto p = path(e))
          f.password_file = *p;
        else
          return std::unexpected(p.error());
      } else if (e.key == "cacert") {
        if (auto p = path(e))
          f.cacert = *p;
        else
          return std::unexpected(p.error());
      } else if (e.key == "crl") {
        if (auto p = paths(e))
          f.crl = *p;
        else
          return std::unexpected(p.error());
      } else if (e.key == "thresholds") {
        if (auto t = thresholds(e, global))
          f.thresholds = *t;
        else
          return std::unexpected(t.error());
      } else if (e.key == "role") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        if (*s == "client")
          f.role = RoleHint::Client;
        else if (*s == "server")
          f.role = RoleHint::Server;
        else
          return fail(at(e.value), fmt::format("role: '{}' is not client or server", *s));
      } else {
        return unknown_key(e, "a files entry", "path, password_file, cacert, crl, thresholds, role");
      }
    }
    if (f.path.empty()) return fail(f.where, "a files entry needs 'path'");
    return f;
  }

  Parsed<IdentitySource> identity(const YAML::Node& node, const Thresholds& global) const {
    IdentitySource id;
    id.where = at(node);
    auto items = entries(node, "an identities entry");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      std::optional<fs::path>* slot = nullptr;
      if (e.key == "name") {
        if (auto n = name(e))
          id.name = *n;
        else
          return std::unexpected(n.error());
        continue;
      }
      if (e.key == "crl") {
        if (auto p = paths(e))
          id.crl = *p;
        else
          return std::unexpected(p.error());
        continue;
      }
      if (e.key == "thresholds") {
        if (auto t = thresholds(e, global))
          id.thresholds = *t;
        else
          return std::unexpected(t.error());
        continue;
      }
      if (e.key == "cert")
        slot = &id.cert;
      else if (e.key == "key")
        slot = &id.key;
      else if (e.key == "chain")
        slot = &id.chain;
      else if (e.key == "p12")
        slot = &id.p12;
      else if (e.key == "password_file")
        slot = &id.password_file;
      else if (e.key == "cacert")
        slot = &id.cacert;
      else
        return unknown_key(e, "an identities entry",
                           "name, cert, key, chain, p12, password_file, cacert, crl, thresholds");
      if (auto p = path(e))
        *slot = *p;
      else
        return std::unexpected(p.error());
    }
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
    auto items = entries(node, "an endpoints entry");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      if (e.key == "name") {
        if (auto n = name(e))
          ep.name = *n;
        else
          return std::unexpected(n.error());
      } else if (e.key == "target" || e.key == "identity" || e.key == "servername") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        if (e.key == "target")
          ep.target = *s;
        else if (e.key == "identity")
          ep.identity = *s;
        else
          ep.servername = *s;
      } else if (e.key == "cacert" || e.key == "successor_ca") {
        auto p = path(e);
        if (!p) return std::unexpected(p.error());
        (e.key == "cacert" ? ep.cacert : ep.successor_ca) = *p;
      } else if (e.key == "expect_mtls") {
        if (auto b = boolean(e))
          ep.expect_mtls = *b;
        else
          return std::unexpected(b.error());
      } else if (e.key == "thresholds") {
        if (auto t = thresholds(e, global))
          ep.thresholds = *t;
        else
          return std::unexpected(t.error());
      } else {
        return unknown_key(e, "an endpoints entry",
                           "name, target, identity, cacert, servername, expect_mtls, successor_ca, thresholds");
      }
    }
    if (ep.name.empty()) return fail(ep.where, "an endpoints entry needs 'name'");
    if (ep.target.empty()) return fail(ep.where, fmt::format("endpoint '{}' needs 'target'", ep.name));
    if (auto t = probe::parse_target(ep.target); !t)
      return fail(ep.where, fmt::format("endpoint '{}': target '{}': {}", ep.name, ep.target, t.error().message));
    return ep;
  }

  Parsed<LogSource> log(const YAML::Node& node) const {
    LogSource l;
    l.where = at(node);
    auto items = entries(node, "a logs entry");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      if (e.key == "name") {
        if (auto n = name(e))
          l.name = *n;
        else
          return std::unexpected(n.error());
      } else if (e.key == "path") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        l.path = resolve(*s);
        if (l.name.empty()) l.name = *s;
      } else {
        return unknown_key(e, "a logs entry", "path, name");
      }
    }
    if (l.path.empty()) return fail(l.where, "a logs entry needs a path");
    return l;
  }

  Parsed<ProbeDefaults> probe(const Entry& entry) const {
    ProbeDefaults p;
    auto items = entries(entry.value, "probe");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      if (e.key == "allow") {
        auto l = list<std::string>(e, "probe.allow", [&](const YAML::Node& n) -> Parsed<std::string> {
          if (!n.IsScalar() || n.Scalar().empty()) return fail(at(n), "probe.allow: each entry must be HOST:PORT");
          return n.Scalar();
        });
        if (!l) return std::unexpected(l.error());
        p.allow = *l;
      } else if (e.key == "identity") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        p.identity = *s;
      } else if (e.key == "cacert") {
        if (auto c = path(e))
          p.cacert = *c;
        else
          return std::unexpected(c.error());
      } else {
        return unknown_key(e, "probe", "allow, identity, cacert");
      }
    }
    return p;
  }

  // http://host[:port][/path]: the receivers are internal (a relay to mail or chat); no TLS yet.
  static Parsed<Notify::Webhook> webhook(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    auto url = detail::parse_http_url(*s);
    if (!url) return fail(at(e.value), fmt::format("webhook '{}': {}", *s, url.error().message));
    Notify::Webhook w{url->url, url->host, url->port, url->path};
    return w;
  }

  static Parsed<Notify> notify(const Entry& entry) {
    Notify n;
    auto items = entries(entry.value, "notify");
    if (!items) return std::unexpected(items.error());
    for (const auto& e : *items) {
      if (e.key == "webhook") {
        if (auto w = webhook(e))
          n.webhook = *w;
        else
          return std::unexpected(w.error());
      } else if (e.key == "command") {
        if (auto c = scalar(e))
          n.command = *c;
        else
          return std::unexpected(c.error());
      } else if (e.key == "renotify" || e.key == "timeout") {
        auto d = duration(e);
        if (!d) return std::unexpected(d.error());
        if (d->count() < 1) return fail(at(e.value), fmt::format("{} must be at least 1s", e.key));
        if (e.key == "renotify")
          n.renotify = *d;
        else
          n.timeout = *d;
      } else {
        return unknown_key(e, "notify", "webhook, command, renotify, timeout");
      }
    }
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
    for (const auto& e : *items) {
      if (e.key == "version") {
        auto s = scalar(e);
        if (!s) return std::unexpected(s.error());
        if (*s != "1")
          return fail(at(e.value), fmt::format("version {} is not supported (this build reads version 1)", *s));
        has_version = true;
      } else if (e.key == "thresholds") {
        continue;
      } else if (e.key == "interval") {
        auto d = duration(e);
        if (!d) return std::unexpected(d.error());
        if (d->count() < 1) return fail(at(e.value), "interval must be at least 1s");
        c.interval = *d;
      } else if (e.key == "database") {
        if (auto p = path(e))
          c.database = *p;
        else
          return std::unexpected(p.error());
      } else if (e.key == "files") {
        auto l = list<FileSource>(e, "files", [&](const YAML::Node& n) { return file(n, c.thresholds); });
        if (!l) return std::unexpected(l.error());
        c.files = std::move(*l);
      } else if (e.key == "identities") {
        auto l = list<IdentitySource>(e, "identities", [&](const YAML::Node& n) { return identity(n, c.thresholds); });
        if (!l) return std::unexpected(l.error());
        c.identities = std::move(*l);
      } else if (e.key == "endpoints") {
        auto l = list<EndpointSource>(e, "endpoints", [&](const YAML::Node& n) { return endpoint(n, c.thresholds); });
        if (!l) return std::unexpected(l.error());
        c.endpoints = std::move(*l);
      } else if (e.key == "notify") {
        auto n = notify(e);
        if (!n) return std::unexpected(n.error());
        c.notify = std::move(*n);
      } else if (e.key == "probe") {
        auto p = probe(e);
        if (!p) return std::unexpected(p.error());
        c.probe = std::move(*p);
      } else if (e.key == "logs") {
        auto l = list<LogSource>(e, "logs", [&](const YAML::Node& n) { return log(n); });
        if (!l) return std::unexpected(l.error());
        c.logs = std::move(*l);
      } else {
        return unknown_key(
            e, "the configuration",
            "version, thresholds, interval, database, files, identities, endpoints, notify, probe, logs");
      }
    }
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
  if (std::filesystem::is_directory(path, ec))
    return core::fail(core::ErrorCategory::Io, "is a directory, not a configuration file", path.string());
  if (ec = {}; std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    return core::fail(core::ErrorCategory::Io, "is not a regular file", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot read the configuration: {}", std::strerror(errno)),
                      path.string());
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > (4u << 20))
      return core::fail(core::ErrorCategory::Limit, "configuration larger than 4 MiB", path.string());
  }
  if (in.bad()) return core::fail(core::ErrorCategory::Io, "cannot read the configuration", path.string());
  return parse_config(text, path.string(), path.parent_path());
}

}  // namespace mtlsdoctor::monitor
