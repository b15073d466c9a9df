// mtls-doctor inspect: what is in these files? What `openssl x509 -text` should have been.
#include <fmt/format.h>

#include <concepts>
#include <cstdio>
#include <set>
#include <string_view>

#include "commands.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/x509/facts_json.h"
#include "mtlsdoctor/x509/inventory.h"
#include "password.h"

namespace mtlsdoctor::cli {
namespace {

struct InspectArgs {
  std::vector<std::string> inputs;
  std::string at;
  int warn_days = 30;
  PasswordOptions password;
};

std::vector<core::Finding> inventory_findings(const x509::Inventory& inv, core::TimePoint at, int warn_days) {
  std::vector<core::Finding> out;
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    const auto& cert = inv.cert(i);
    const auto& f = cert.facts();
    const auto validity = x509::validity_at(f, at);
    const long days = core::days_between(at, f.not_after);
    core::Finding finding = core::Finding::make(core::FindingId::CertExpired, core::Subject::Input, "");
    if (validity == x509::Validity::Expired) {
      finding.message = fmt::format("{} expired on {} ({} days ago)", cert.label(), core::format_rfc3339(f.not_after),
                                    core::days_between(f.not_after, at));
    } else if (validity == x509::Validity::NotYetValid) {
      finding = core::Finding::make(core::FindingId::CertNotYetValid, core::Subject::Input,
                                    fmt::format("{} is not valid before {}", cert.label(), core::format_rfc3339(f.not_before)));
    } else if (days < warn_days) {
      finding = core::Finding::make(core::FindingId::CertExpiresSoon, core::Subject::Input,
                                    fmt::format("{} expires in {} days ({})", cert.label(), days, core::format_rfc3339(f.not_after)));
    } else {
      continue;
    }
    finding.evidence["certificate"] = i;
    finding.evidence["file"] = inv.files[inv.certificates[i].file].source;
    finding.evidence["not_after"] = core::format_rfc3339(f.not_after);
    out.push_back(std::move(finding));
  }
  for (const auto& key : inv.keys) {
    if (!key.certificates.empty()) continue;
    auto finding = core::Finding::make(core::FindingId::KeyWithoutCertificate, core::Subject::Key,
                                       fmt::format("the private key in {} matches none of the certificates given",
                                                   inv.files[key.file].source));
    finding.evidence["file"] = inv.files[key.file].source;
    out.push_back(std::move(finding));
  }
  for (const auto& bad : inv.unreadable) {
    auto finding = core::Finding::make(core::FindingId::ClientIdentityUnreadable, core::Subject::Input, bad.error.describe());
    finding.evidence["file"] = bad.path;
    finding.evidence["category"] = to_string(bad.error.category);
    out.push_back(std::move(finding));
  }
  return out;
}

// `inspect --format json` over 10,000 certificates built one document of ≈ 200 MB before
// printing it (docs/performance.md); it is written piece by piece instead: each element of the
// arrays that grow with the input, each other member whole. The bytes are those print_json
// would write for the whole object: dump(2, ' ', false, replace), then a newline.
class JsonStream {
 public:
  explicit JsonStream(std::FILE* out) : m_out(out) { m_buf.reserve(kFlushAt + 16 * 1024); }
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  void begin() { m_buf += '{'; }
  void end() {
    m_buf += "\n}\n";
    flush();
  }
  // `"key": value` as a member of the top-level object.
  void member(std::string_view key, const nlohmann::ordered_json& value) {
    key_prefix(key);
    append_indented(value, 1);
    maybe_flush();
  }
  // `"key": [` … `]` with elements appended one at a time by element().
  void begin_array_member(std::string_view key) {
    key_prefix(key);
    m_buf += '[';
    m_array_empty = true;
  }
  // An element written by `append(std::string&)`, as a value two levels deep.
  template <class Append>
  requires std::invocable<Append, std::string&>
  void element(Append&& append) {
    m_buf += m_array_empty ? "\n    " : ",\n    ";
    m_array_empty = false;
    append(m_buf);
    maybe_flush();
  }
  void element(const nlohmann::ordered_json& value) {
    element([&](std::string&) { append_indented(value, 2); });
  }
  void end_array_member() { m_buf += m_array_empty ? "]" : "\n  ]"; }

 private:
  static constexpr std::size_t kFlushAt = 256 << 10;

  void key_prefix(std::string_view key) {
    m_buf += m_first ? "\n  \"" : ",\n  \"";
    m_first = false;
    m_buf += key;  // our own constant keys: nothing to escape
    m_buf += "\": ";
  }
  // dump(2) of `value` as it appears `depth` levels deep: every line after the first is
  // indented by 2 × depth more spaces. A dumped string holds no raw newline (JSON escapes it).
  void append_indented(const nlohmann::ordered_json& value, int depth) {
    const std::string text = value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    const std::size_t pad = 2 * static_cast<std::size_t>(depth);
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
      m_buf.append(text, from, nl + 1 - from);
      m_buf.append(pad, ' ');
      from = nl + 1;
    }
    m_buf.append(text, from);
  }
  void maybe_flush() {
    if (m_buf.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!m_buf.empty()) std::fwrite(m_buf.data(), 1, m_buf.size(), m_out);
    m_buf.clear();
  }

  std::FILE* m_out;
  std::string m_buf;
  bool m_first = true;
  bool m_array_empty = true;
};

nlohmann::ordered_json file_json(const x509::Bundle& b, core::TimePoint at) {
  nlohmann::ordered_json f;
  f["path"] = b.source;
  f["format"] = x509::to_string(b.format);
  f["certificates"] = b.certificates.size();
  f["keys"] = b.keys.size();
  nlohmann::ordered_json crls = nlohmann::ordered_json::array();
  for (const auto& crl : b.crls) crls.push_back(x509::to_json(crl.facts(), at));
  f["crls"] = std::move(crls);
  if (b.pkcs12) f["pkcs12"] = x509::to_json(*b.pkcs12);
  if (!b.skipped.empty()) f["skipped_blocks"] = b.skipped;
  return f;
}

nlohmann::ordered_json keys_json(const x509::Inventory& inv) {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (const auto& ref : inv.keys) {
    const auto& key = inv.files[ref.file].keys[ref.index];
    nlohmann::ordered_json k;
    k["file"] = key.source();
    k["format"] = key.format();
    k["key"] = x509::to_json(key.info());
    k["spki_sha256"] = key.spki_sha256();
    k["certificates"] = ref.certificates;
    keys.push_back(std::move(k));
  }
  return keys;
}

// One object: checked_at, files, certificates, keys, chains, findings, not_crypto. The arrays
// that grow with the input are streamed element by element.
void print_inventory_json(const x509::Inventory& inv, const std::vector<core::Finding>& findings, core::TimePoint at) {
  JsonStream out(stdout);
  out.begin();
  out.member("checked_at", core::format_rfc3339(at));
  out.begin_array_member("files");
  for (const auto& b : inv.files) out.element(file_json(b, at));
  out.end_array_member();
  out.begin_array_member("certificates");
  nlohmann::ordered_json extra;  // the same two members, refilled for each certificate
  for (std::size_t i = 0; i < inv.certificates.size(); ++i) {
    extra["file"] = inv.files[inv.certificates[i].file].source;
    extra["copies"] = inv.duplicates[i] + 1;
    out.element([&](std::string& buf) { x509::append_json_text(buf, inv.cert(i).facts(), at, 2, extra); });
  }
  out.end_array_member();
  out.member("keys", keys_json(inv));
  out.begin_array_member("chains");
  for (const auto& chain : inv.chains) out.element(chain);
  out.end_array_member();
  out.begin_array_member("findings");
  for (const auto& f : findings) out.element(render::finding_json(f));
  out.end_array_member();
  out.begin_array_member("not_crypto");
  for (const auto& path : inv.not_crypto) out.element(path);
  out.end_array_member();
  out.end();
}

std::string validity_text(const x509::CertFacts& f, core::TimePoint at, int warn_days, const render::Style& style) {
  const long days = core::days_between(at, f.not_after);
  const auto v = x509::validity_at(f, at);
  const std::string range = fmt::format("{} → {}", core::format_rfc3339(f.not_before).substr(0, 10),
                                        core::format_rfc3339(f.not_after).substr(0, 10));
  if (v == x509::Validity::Expired) {
    return range + "  " + style.paint(fmt::format("EXPIRED {} days ago", core::days_between(f.not_after, at)), render::Color::Red);
  }
  if (v == x509::Validity::NotYetValid) return range + "  " + style.paint("NOT YET VALID", render::Color::Red);
  return range + "  " + style.paint(fmt::format("{} days left", days), days < warn_days ? render::Color::Yellow : render::Color::Green);
}

std::string cert_text(const x509::Inventory& inv, std::size_t i, core::TimePoint at, int warn_days,
                      const render::Style& style) {
  const auto& f = inv.cert(i).facts();
  render::Table t;
  t.add_row({"issuer", f.issuer.rfc4514});
  t.add_row({"validity", validity_text(f, at, warn_days, style)});
  t.add_row({"serial", f.serial_hex});
  std::string key = fmt::format("{} {} bits", f.key.type_name(), f.key.bits);
  if (!f.key.curve.empty()) key = fmt::format("{} {} ({} bits)", f.key.type_name(), f.key.curve, f.key.bits);
  t.add_row({"key", fmt::format("{}, signed {}", key, f.signature_algorithm)});
  if (!f.sans.empty()) {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < f.sans.size() && k < 8; ++k) names.push_back(fmt::format("{}:{}", to_string(f.sans[k].type), f.sans[k].value));
    std::string text = fmt::format("{}", fmt::join(names, ", "));
    if (f.sans.size() > 8) text += fmt::format(" … and {} more", f.sans.size() - 8);
    t.add_row({"names", text});
  }
  std::vector<std::string> usage;
  usage.push_back(f.is_ca() ? (f.basic_constraints->path_length
                                   ? fmt::format("CA (pathlen {})", *f.basic_constraints->path_length)
                                   : std::string("CA"))
                            : "not a CA");
  if (f.extended_key_usage) usage.push_back(fmt::format("EKU {}", fmt::join(x509::names(*f.extended_key_usage), ",")));
  if (f.key_usage) usage.push_back(fmt::format("KU {}", fmt::join(f.key_usage->names(), ",")));
  t.add_row({"usage", fmt::format("{}", fmt::join(usage, " · "))});
  if (!f.ocsp_urls.empty() || !f.ca_issuer_urls.empty() || !f.crl_urls.empty()) {
    std::vector<std::string> urls;
    for (const auto& u : f.ocsp_urls) urls.push_back("OCSP " + u);
    for (const auto& u : f.ca_issuer_urls) urls.push_back("issuer " + u);
    for (const auto& u : f.crl_urls) urls.push_back("CRL " + u);
    t.add_row({"urls", fmt::format("{}", fmt::join(urls, " · "))});
  }
  t.add_row({"sha256", f.sha256_fingerprint});
  for (const auto& key_ref : inv.keys) {
    if (std::find(key_ref.certificates.begin(), key_ref.certificates.end(), i) != key_ref.certificates.end()) {
      const auto& k = inv.files[key_ref.file].keys[key_ref.index];
      t.add_row({"key file", style.paint(fmt::format("{} ({}) matches", k.source(), k.format()), render::Color::Green)});
    }
  }
  std::string head = style.paint(f.subject.rfc4514.empty() ? "<empty subject>" : f.subject.rfc4514, render::Color::Bold);
  head += style.paint(fmt::format("  [{}{}]", inv.files[inv.certificates[i].file].source,
                                  inv.duplicates[i] ? fmt::format(", {} copies", inv.duplicates[i] + 1) : ""),
                      render::Color::Dim);
  return fmt::format("  {}\n{}", head, t.render(style, "      "));
}

std::string inventory_text(const x509::Inventory& inv, const std::vector<core::Finding>& findings, core::TimePoint at,
                           int warn_days, const render::Style& style) {
  std::string out;
  for (const auto& b : inv.files) {
    std::vector<std::string> parts;
    if (!b.certificates.empty()) parts.push_back(fmt::format("{} certificate{}", b.certificates.size(), b.certificates.size() == 1 ? "" : "s"));
    if (!b.keys.empty()) parts.push_back(fmt::format("{} private key{} ({})", b.keys.size(), b.keys.size() == 1 ? "" : "s", b.keys.front().format()));
    if (!b.crls.empty()) parts.push_back(fmt::format("{} CRL{}", b.crls.size(), b.crls.size() == 1 ? "" : "s"));
    out += fmt::format("{}  {}: {}\n", style.paint(b.source, render::Color::Bold), x509::to_string(b.format),
                       fmt::join(parts, ", "));
    if (b.pkcs12) {
      out += fmt::format("    PKCS#12 {}: certificates {}; key {}; MAC {}\n",
                         b.pkcs12->legacy ? style.paint("legacy encryption", render::Color::Yellow) : std::string("modern encryption"),
                         b.pkcs12->certificate_encryption, b.pkcs12->key_encryption, b.pkcs12->mac);
    }
    for (const auto& crl : b.crls) {
      const auto& c = crl.facts();
      const bool stale = c.next_update && at > *c.next_update;
      out += fmt::format("    CRL of {}: {} revoked, next update {}{}\n", c.issuer.rfc4514, c.revoked_count,
                         c.next_update ? core::format_rfc3339(*c.next_update) : "none",
                         stale ? style.paint("  STALE", render::Color::Red) : "");
    }
  }
  std::set<std::size_t> shown;
  std::size_t n = 0;
  for (const auto& chain : inv.chains) {
    std::vector<std::string> names;
    for (auto i : chain) names.push_back(inv.cert(i).facts().subject.rfc4514);
    const auto& top = inv.cert(chain.back()).facts();
    if (!top.self_issued) names.push_back(style.paint(fmt::format("({} not given)", top.issuer.rfc4514), render::Color::Dim));
    out += fmt::format("\nChain {}: {}\n", ++n, fmt::join(names, " → "));
    for (auto i : chain) {
      if (!shown.insert(i).second) {
        out += fmt::format("  {} (shown above)\n", inv.cert(i).facts().subject.rfc4514);
        continue;
      }
      out += cert_text(inv, i, at, warn_days, style);
    }
  }
  if (!findings.empty()) {
    out += "\n";
    for (const auto& f : findings) {
      out += fmt::format("  {} {}: {}\n", style.paint(fmt::format("{:<7}", to_string(f.severity)), render::severity_color(f.severity)),
                         slug(f.id), f.message);
    }
  }
  if (!inv.not_crypto.empty()) out += style.paint(fmt::format("\n{} other files passed over (not PEM or DER)\n", inv.not_crypto.size()), render::Color::Dim);
  return out;
}

}  // namespace

void add_inspect_command(CLI::App& app, AppContext& ctx) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Show every certificate, key, CRL and PKCS#12 in files or directories");
  cmd->add_option("inputs", args->inputs, "files or directories")->required();
  cmd->add_option("--at", args->at, "judge validity at another time: RFC 3339, a date, or +7d");
  cmd->add_option("--warn-days", args->warn_days, "highlight certificates expiring within this many days")->capture_default_str();
  cmd->add_option("--password-file", args->password.file, "file whose first line is the password");
  cmd->add_option("--password-env", args->password.env_name, "environment variable holding the password")->capture_default_str();
  add_output_flags(*cmd, ctx.output);
  cmd->callback([args, &ctx] {
    core::TimePoint at = ctx.clock.now();
    if (!args->at.empty()) {
      auto parsed = core::parse_time(args->at, ctx.clock);
      if (!parsed) {
        ctx.exit = cannot_run(ctx.output, parsed.error());
        return;
      }
      at = *parsed;
    }
    std::vector<std::filesystem::path> inputs(args->inputs.begin(), args->inputs.end());
    auto inv = x509::build_inventory(inputs, make_password_provider(args->password));
    if (!inv) {
      ctx.exit = cannot_run(ctx.output, inv.error());
      return;
    }
    const auto findings = inventory_findings(*inv, at, args->warn_days);
    if (ctx.output.parsed() == Format::Json) {
      print_inventory_json(*inv, findings, at);
    } else {
      print_text(inventory_text(*inv, findings, at, args->warn_days, ctx.output.style()));
    }
    const bool problem = std::any_of(findings.begin(), findings.end(),
                                     [](const core::Finding& f) { return f.severity == core::Severity::Error; });
    ctx.exit = problem ? Exit::Problem : Exit::Ok;
  });
}

}  // namespace mtlsdoctor::cli
