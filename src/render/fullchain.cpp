#include "mtlsdoctor/render/fullchain.h"

#include <fmt/format.h>

#include "mtlsdoctor/core/shell_quote.h"

namespace mtlsdoctor::render {
namespace {

nlohmann::ordered_json cert_json(const x509::Certificate& cert) {
  return {{"subject", cert.facts().subject.rfc4514},
          {"issuer", cert.facts().issuer.rfc4514},
          {"sha256", cert.facts().sha256_fingerprint},
          {"from", cert.source()}};
}

std::string name(const x509::Certificate& cert) {
  return printable(cert.facts().subject.rfc4514);
}

std::string_view why_text(chain::LeftOut why) {
  switch (why) {
    case chain::LeftOut::Root: return "the root: the peer holds it, and sending it only costs bytes";
    case chain::LeftOut::Duplicate: return "given twice";
    case chain::LeftOut::Stray: return "not on the leaf's path";
  }
  return "";
}

}  // namespace

nlohmann::ordered_json fullchain_json(const chain::Fullchain& fullchain, const std::string& output) {
  nlohmann::ordered_json j;
  j["complete"] = fullchain.complete();
  j["written"] = output.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(output);
  j["path"] = nlohmann::ordered_json::array();
  for (const auto& cert : fullchain.path) j["path"].push_back(cert_json(cert));
  j["anchor"] = fullchain.anchor ? cert_json(*fullchain.anchor) : nlohmann::ordered_json(nullptr);
  j["left_out"] = nlohmann::ordered_json::array();
  for (const auto& l : fullchain.left_out) {
    auto c = cert_json(l.cert);
    c["why"] = std::string(chain::to_string(l.why));
    j["left_out"].push_back(std::move(c));
  }
  if (fullchain.missing_issuer) {
    j["missing_issuer"] = *fullchain.missing_issuer;
    j["missing_for"] = fullchain.missing_for ? cert_json(*fullchain.missing_for) : nlohmann::ordered_json(nullptr);
  }
  if (fullchain.bad_signature) j["bad_signature"] = cert_json(*fullchain.bad_signature);
  return j;
}

std::string fullchain_text(const chain::Fullchain& fullchain, const std::string& output, const Style& style) {
  std::string out;
  if (!fullchain.complete()) {
    out += style.paint("INCOMPLETE", Color::Red) + " nothing was written\n";
    if (fullchain.bad_signature) {
      out +=
          fmt::format("  the certificate given as the issuer of {} did not sign it (a re-issued CA with a new key?)\n",
                      name(*fullchain.bad_signature));
    }
    if (fullchain.missing_issuer) {
      const auto& of = fullchain.missing_for ? name(*fullchain.missing_for) : std::string("the leaf");
      out += fmt::format("  missing: {} (the issuer of {})\n", printable(*fullchain.missing_issuer), of);
      out += "  give it with --chain FILE (an intermediate) or --cacert FILE (a root the peer trusts)\n";
    }
  } else {
    out += fmt::format("{} {} certificate{}, leaf first{}\n", style.paint("WROTE", Color::Green), fullchain.path.size(),
                       fullchain.path.size() == 1 ? "" : "s",
                       output == "-" ? std::string() : fmt::format(" to {}", core::shell_quote(output)));
  }
  Table table;
  for (std::size_t i = 0; i < fullchain.path.size(); ++i) {
    table.add_row({std::to_string(i), i == 0 ? "leaf" : "intermediate", name(fullchain.path[i]),
                   printable(fullchain.path[i].source())});
  }
  if (fullchain.anchor)
    table.add_row({"", "root (not written)", name(*fullchain.anchor), printable(fullchain.anchor->source())},
                  {Color::None, Color::Dim});
  out += table.render(style, "  ");
  if (!fullchain.left_out.empty()) {
    out += "left out:\n";
    Table left;
    for (const auto& l : fullchain.left_out)
      left.add_row({name(l.cert), printable(l.cert.source()), std::string(why_text(l.why))});
    out += left.render(style, "  ");
  }
  return out;
}

}  // namespace mtlsdoctor::render
