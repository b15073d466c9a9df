#include "mtlsdoctor/render/inventory.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "mtlsdoctor/render/json_writer.h"
#include "mtlsdoctor/render/report.h"
#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::render {
namespace {

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

std::string validity_text(const x509::CertFacts& f, core::TimePoint at, int warn_days, const Style& style) {
  const long days = core::days_between(at, f.not_after);
  const auto v = x509::validity_at(f, at);
  const std::string range = fmt::format("{} → {}", core::format_rfc3339(f.not_before).substr(0, 10),
                                        core::format_rfc3339(f.not_after).substr(0, 10));
  if (v == x509::Validity::Expired) {
    return range + "  " +
           style.paint(fmt::format("EXPIRED {} days ago", core::days_between(f.not_after, at)), Color::Red);
  }
  if (v == x509::Validity::NotYetValid) return range + "  " + style.paint("NOT YET VALID", Color::Red);
  return range + "  " + style.paint(fmt::format("{} days left", days), days < warn_days ? Color::Yellow : Color::Green);
}

std::string cert_text(const x509::Inventory& inv, std::size_t i, core::TimePoint at, int warn_days,
                      const Style& style) {
  const auto& f = inv.cert(i).facts();
  Table t;
  t.add_row({"issuer", f.issuer.rfc4514});
  t.add_row({"validity", validity_text(f, at, warn_days, style)});
  t.add_row({"serial", f.serial_hex});
  std::string key = fmt::format("{} {} bits", f.key.type_name(), f.key.bits);
  if (!f.key.curve.empty()) key = fmt::format("{} {} ({} bits)", f.key.type_name(), f.key.curve, f.key.bits);
  t.add_row({"key", fmt::format("{}, signed {}", key, f.signature_algorithm)});
  if (!f.sans.empty()) {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < f.sans.size() && k < 8; ++k)
      names.push_back(fmt::format("{}:{}", to_string(f.sans[k].type), f.sans[k].value));
    std::string text = fmt::format("{}", fmt::join(names, ", "));
    if (f.sans.size() > 8) text += fmt::format(" … and {} more", f.sans.size() - 8);
    t.add_row({"names", printable(text)});
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
    t.add_row({"urls", printable(fmt::format("{}", fmt::join(urls, " · ")))});
  }
  t.add_row({"sha256", f.sha256_fingerprint});
  for (const auto& key_ref : inv.keys) {
    if (std::find(key_ref.certificates.begin(), key_ref.certificates.end(), i) != key_ref.certificates.end()) {
      const auto& k = inv.files[key_ref.file].keys[key_ref.index];
      t.add_row({"key file", style.paint(fmt::format("{} ({}) matches", k.source(), k.format()), Color::Green)});
    }
  }
  std::string head = style.paint(f.subject.rfc4514.empty() ? "<empty subject>" : f.subject.rfc4514, Color::Bold);
  head += style.paint(fmt::format("  [{}{}]", inv.files[inv.certificates[i].file].source,
                                  inv.duplicates[i] ? fmt::format(", {} copies", inv.duplicates[i] + 1) : ""),
                      Color::Dim);
  return fmt::format("  {}\n{}", head, t.render(style, "      "));
}

}  // namespace

void write_inventory_json(std::ostream& stream, const x509::Inventory& inv, const std::vector<core::Finding>& findings,
                          core::TimePoint at) {
  JsonStream out(stream);
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
  for (const auto& f : findings) out.element(finding_json(f));
  out.end_array_member();
  out.begin_array_member("not_crypto");
  for (const auto& path : inv.not_crypto) out.element(path);
  out.end_array_member();
  out.end();
}

std::string inventory_text(const x509::Inventory& inv, const std::vector<core::Finding>& findings, core::TimePoint at,
                           int warn_days, const Style& style) {
  std::string out;
  for (const auto& b : inv.files) {
    std::vector<std::string> parts;
    if (!b.certificates.empty())
      parts.push_back(fmt::format("{} certificate{}", b.certificates.size(), b.certificates.size() == 1 ? "" : "s"));
    if (!b.keys.empty())
      parts.push_back(
          fmt::format("{} private key{} ({})", b.keys.size(), b.keys.size() == 1 ? "" : "s", b.keys.front().format()));
    if (!b.crls.empty()) parts.push_back(fmt::format("{} CRL{}", b.crls.size(), b.crls.size() == 1 ? "" : "s"));
    out += fmt::format("{}  {}: {}\n", style.paint(b.source, Color::Bold), x509::to_string(b.format),
                       fmt::join(parts, ", "));
    if (b.pkcs12) {
      out += fmt::format(
          "    PKCS#12 {}: certificates {}; key {}; MAC {}\n",
          b.pkcs12->legacy ? style.paint("legacy encryption", Color::Yellow) : std::string("modern encryption"),
          b.pkcs12->certificate_encryption, b.pkcs12->key_encryption, b.pkcs12->mac);
    }
    for (const auto& crl : b.crls) {
      const auto& c = crl.facts();
      const bool stale = c.next_update && at > *c.next_update;
      out += fmt::format("    CRL of {}: {} revoked, next update {}{}\n", c.issuer.rfc4514, c.revoked_count,
                         c.next_update ? core::format_rfc3339(*c.next_update) : "none",
                         stale ? style.paint("  STALE", Color::Red) : "");
    }
  }
  std::set<std::size_t> shown;
  std::size_t n = 0;
  for (const auto& chain : inv.chains) {
    std::vector<std::string> names;
    for (auto i : chain) names.push_back(inv.cert(i).facts().subject.rfc4514);
    const auto& top = inv.cert(chain.back()).facts();
    if (!top.self_issued) names.push_back(style.paint(fmt::format("({} not given)", top.issuer.rfc4514), Color::Dim));
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
      out += fmt::format("  {} {}: {}\n",
                         style.paint(fmt::format("{:<7}", to_string(f.severity)), severity_color(f.severity)),
                         slug(f.id), printable(f.message));
    }
  }
  if (!inv.not_crypto.empty())
    out +=
        style.paint(fmt::format("\n{} other files passed over (not PEM or DER)\n", inv.not_crypto.size()), Color::Dim);
  return out;
}

}  // namespace mtlsdoctor::render
