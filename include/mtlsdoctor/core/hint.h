// Command-line options named in library text without their spelling: how the CLI spells them is
// the CLI's business. A message, fix or summary says fmt::format("pass it with {}",
// core::hint(Hint::Crl)); the renderer, when it writes the text, puts the option there
// (render::cli_hint: "--crl").
#pragma once

#include <string>
#include <string_view>

namespace mtlsdoctor::core {

// What the user can give on the command line.
enum class Hint {
  Crl,            // CRL files
  Cacert,         // trust anchors
  Host,           // the name a server certificate must hold
  At,             // the time to judge at
  Cert,           // the client certificate
  Key,            // its private key
  P12,            // a PKCS#12 identity
  Identities,     // a directory of identities to try
  Alert,          // explain an alert number
  ConnectTo,      // reach a host by another address
  StartTls,       // upgrade a plaintext protocol
  Servername,     // the SNI name
  PgUser,         // the PostgreSQL role
  SourceAddress,  // the local address to connect from
  Timeout,        // how long to wait for the peer
  Alpn,           // the ALPN protocols to offer
};

// The placeholder that stands for `h` in a text, until resolve_hints() spells it.
[[nodiscard]] std::string hint(Hint h);

// `text` with each placeholder replaced by spell(its hint); other text is copied unchanged.
[[nodiscard]] std::string resolve_hints(std::string_view text, std::string_view (*spell)(Hint) noexcept);

// Whether `text` holds any placeholder (a quick test before copying).
[[nodiscard]] bool has_hints(std::string_view text) noexcept;

}  // namespace mtlsdoctor::core
