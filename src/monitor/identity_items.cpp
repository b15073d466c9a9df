// `identities:` entries: the client identities we present, judged as a server would judge them
// (clientAuth, key match, chain to `cacert`, CRLs), and watched for expiry like files.
#include "judge.h"
#include "sources.h"

namespace mtlsdoctor::monitor::detail {

Item identity_item(const IdentitySource& source, const Config& config, const SweepOptions& options,
                   OnlineChecks& online) {
  Item item;
  item.kind = ItemKind::Identity;
  item.name = source.name;
  item.source = (source.p12 ? *source.p12 : *source.cert).string();
  item.thresholds = source.thresholds.value_or(config.thresholds);
  const auto password = password_from(source.password_file);
  x509::IdentityFiles files;
  if (source.cert) files.cert = source.cert->string();
  if (source.key) files.key = source.key->string();
  if (source.chain) files.chain = source.chain->string();
  if (source.p12) files.p12 = source.p12->string();
  auto identity = x509::load_identity(files, password);
  if (!identity) {
    mark_unknown(item, core::FindingId::ClientIdentityUnreadable, identity.error());
    return item;
  }
  auto trust = make_trust(source.cacert, source.crl, password);
  if (!trust) {
    mark_unknown(item, core::FindingId::ClientIdentityUnreadable, trust.error());
    return item;
  }
  JudgeInputs in;
  in.trust = &*trust;
  in.cacert_configured = source.cacert.has_value();
  in.crl_configured = !source.crl.empty();
  in.role = CertRole::Client;
  in.thresholds = item.thresholds;
  in.at = options.at;
  in.security_level = options.security_level;
  in.verifier = options.verifier;
  in.online = &online;
  judge(item, *identity, in);
  return item;
}

}  // namespace mtlsdoctor::monitor::detail
