// What a session learnt of its peer, read once the handshake got far enough: the peer's chain
// (as DER for the record, and as OpenSSL decoded it, so checks need not decode it again), and the
// CA names a server listed in its CertificateRequest.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::tls {

// The peer's certificates as OpenSSL decoded them in the handshake, leaf first. Decoding a chain
// again costs about a fifth of a probe's CPU, so the decoded form travels beside the DER.
struct DecodedChain {
  std::vector<ossl::SharedX509> certificates;
};

struct PeerChain {
  std::vector<std::vector<std::uint8_t>> der;  // as sent, leaf first
  DecodedChain decoded;                        // the same certificates, same order
};

// The chain the peer sent, leaf first, for either role (a server's view of the client's chain
// lacks the leaf in OpenSSL's API; it is put back in front). Empty when none was sent.
[[nodiscard]] PeerChain read_peer_chain(const SSL* ssl);

struct AcceptableCaNames {
  std::vector<std::string> rfc4514;            // "CN=Client CA,O=Example"
  std::vector<std::vector<std::uint8_t>> der;  // the DistinguishedNames as sent
};

// Client side: the CA names of the server's CertificateRequest (empty: none, or no request).
[[nodiscard]] AcceptableCaNames read_ca_names(const SSL* ssl);

}  // namespace mtlsdoctor::tls
