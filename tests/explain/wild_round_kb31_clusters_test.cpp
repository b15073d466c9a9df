// Session 31: classes found by the catalogs tests/explain/catalog/openstack.tsv, gitops.tsv, k8sdistros.tsv and
// goapps.tsv (OpenStack, Kubernetes controllers and distributions, Go programs). Each text here was read wrongly by the
// session start's binary (main c8df2ef). docs/explain.md, "Session 31".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb31Clusters, WildText,
    testing::Values(
        // openstack.tsv: python-requests-cert-invalid-path
        Wild{"openstack_python_requests_cert_invalid_path",
             "Could not find the TLS certificate file, invalid path: /etc/openstack/client.crt",
             "client-identity-unreadable", "local"},
        // openstack.tsv: python-requests-key-invalid-path
        Wild{"openstack_python_requests_key_invalid_path",
             "Could not find the TLS key file, invalid path: /etc/openstack/client.key", "client-key-missing", "local"},
        // openstack.tsv: python-verify-failed
        Wild{"openstack_python_verify_failed",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: unable to get local issuer certificate (_ssl.c:2580)",
             "client-cert-untrusted-issuer", "server"},
        // openstack.tsv: openssl-verify-18-depth-zero-self-signed-cert
        Wild{"openstack_openssl_verify_18_depth_zero_self_signed_cert",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: self-signed certificate (_ssl.c:2580)",
             "client-cert-untrusted-issuer", "server"},
        // openstack.tsv: python-verify-expired
        Wild{"openstack_python_verify_expired",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: CERTIFICATE_VERIFY_FAILED] cert"
             "ificate verify failed: certificate has expired (_ssl.c:2580)",
             "client-cert-expired", "server"},
        // openstack.tsv: python-alert-unknown-ca
        Wild{"openstack_python_alert_unknown_ca",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 a"
             "lert unknown ca (_ssl.c:2580)",
             "server-cert-untrusted", "client"},
        // openstack.tsv: python-alert-certificate-expired
        Wild{"openstack_python_alert_certificate_expired",
             "[2025-06-03 09:12:44 +0000] [812] [DEBUG] Error processing SSL request.\n[2025-06-03 09:12:44 +"
             "0000] [812] [WARNING] Invalid request from ip=172.24.4.5: [SSL: SSLV3_ALERT_CERTIFICATE_EXPIRED"
             "] sslv3 alert certificate expired (_ssl.c:2580)",
             "server-cert-expired", "client"},
        // gitops.tsv: controller-ca-bundle-unparseable
        Wild{"gitops_controller_ca_bundle_unparseable",
             "Warning  AuthenticationFailed  30s (x5 over 3m)  source-controller  failed to construct Helm cl"
             "ient's TLS config: failed to parse CA certificate",
             "client-trust-anchor-missing", "local"},
        // gitops.tsv: flux-secret-missing-tls-key
        Wild{"gitops_flux_secret_missing_tls_key",
             "Warning  AuthenticationFailed  30s (x5 over 3m)  source-controller  failed to construct Helm cl"
             "ient's TLS config: secret 'flux-system/charts-tls' contains 'tls.crt' but missing 'tls.key'",
             "client-key-missing", "local"},
        // k8sdistros.tsv: grafana-ldap-append-ca
        Wild{"k8sdistros_grafana_ldap_append_ca",
             "error constructing client: failed to append CA certificate to RootCAs pool",
             "client-trust-anchor-missing", "local"},
        // k8sdistros.tsv: k3s-token-ca-hash-mismatch
        Wild{"k8sdistros_k3s_token_ca_hash_mismatch",
             "time=\"2025-03-04T09:12:44Z\" level=error msg=\"Failed to validate connection to cluster at htt"
             "ps://10.0.0.5:6443: token CA hash does not match the Cluster CA certificate hash: 6f1c2a9e0b7d4"
             "c3f8a5e2d1b0c9f8e7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d != 0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3"
             "e4f5a6b7c8d9e0f1a2b3c4d5\"",
             "server-cert-untrusted", "client"},
        // goapps.tsv: rclone-client-cert-pair
        Wild{"goapps_rclone_client_cert_pair",
             "2025/03/05 14:22:31 CRITICAL: Failed to load --client-cert/--client-key pair: key is encrypted "
             "but no --client-pass provided",
             "client-identity-unreadable", "local"},
        // goapps.tsv: rclone-ca-cert-file
        Wild{"goapps_rclone_ca_cert_file",
             "2025/03/05 14:22:31 CRITICAL: Failed to add certificates from --ca-cert file \"/etc/rclone/ca.p"
             "em\"",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: rclone-serve-client-ca
        Wild{"goapps_rclone_serve_client_ca",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: unable to parse client cer"
             "tificate authority",
             "server-ca-file-unreadable", "local"},
        // goapps.tsv: go-open-ca-file
        Wild{"goapps_go_open_ca_file",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: open /etc/rclone/client-ca"
             ".pem: no such file or directory",
             "server-ca-file-unreadable", "local"},
        // goapps.tsv: go-key-mismatch
        Wild{"goapps_go_key_mismatch",
             "2025/03/05 14:22:31 NOTICE: Failed to webdav: failed to init server: tls: private key does not "
             "match public key",
             "server-key-mismatch", "local"},
        // goapps.tsv: rclone-proxy-tls
        Wild{"goapps_rclone_proxy_tls",
             "HTTP CONNECT proxy failed to make TLS connection: \"tls: failed to verify certificate: x509: ce"
             "rtificate signed by unknown authority\"",
             "proxy-refused", "network"},
        // goapps.tsv: restic-root-certificate
        Wild{"goapps_restic_root_certificate", "Fatal: cannot parse root certificate from \"/etc/restic/ca.pem\"",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: restic-tls-client-cert
        Wild{"goapps_restic_tls_client_cert",
             "Fatal: error loading TLS cert and key from /etc/restic/client.pem: unknown block type CERTIFICA"
             "TE REQUEST found",
             "client-identity-unreadable", "local"},
        // goapps.tsv: go-server-plaintext-client
        Wild{"goapps_go_server_plaintext_client",
             "2025-03-05 14:22:31 WRN Failed TLS handshake (address=203.0.113.7:51234 error=\"tls: first reco"
             "rd does not look like a TLS handshake\" log.pkg=connections)",
             "plaintext-to-tls-port", "negotiation"},
        // goapps.tsv: go-server-handshake-eof
        Wild{"goapps_go_server_handshake_eof",
             "2025-03-05 14:22:31 WRN Failed TLS handshake (address=203.0.113.7:51234 error=EOF log.pkg=conne"
             "ctions)",
             "health-check-probe", "network"},
        // goapps.tsv: syncthing-unknown-device
        Wild{"goapps_syncthing_unknown_device",
             "2025-03-05 14:22:31 WRN Connection rejected (device=P56IOI7 address=203.0.113.7:51234 type=tcp-"
             "server error=\"unknown device\" log.pkg=connections)",
             "client-access-denied", "server"},
        // goapps.tsv: syncthing-unexpected-device-id
        Wild{"goapps_syncthing_unexpected_device_id",
             "unexpected device id, expected MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD "
             "got P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2",
             "server-cert-untrusted", "client"},
        // goapps.tsv: frp-parse-ca-file
        Wild{"goapps_frp_parse_ca_file",
             "2025-03-05 14:22:31.604 [W] [client/connector.go:203] fail to build tls configuration, err: fai"
             "led to parse CA certificate from file \"/etc/frp/ssl/ca.key\": no valid PEM certificates found",
             "client-trust-anchor-missing", "local"},
        // goapps.tsv: frps-non-tls-on-tls-only
        Wild{"goapps_frps_non_tls_on_tls_only",
             "2025-03-05 14:22:31.604 [W] [server/service.go:696] checkAndEnableTLSServerConnWithTimeout erro"
             "r: non-TLS connection received on a TlsOnly server",
             "plaintext-to-tls-port", "negotiation"},
        // goapps.tsv: go-open-identity-file
        Wild{"goapps_go_open_identity_file",
             "Error: headscale ran into an error and had to shut down: configuring TLS settings: open /etc/he"
             "adscale/tls.crt: no such file or directory",
             "server-identity-unreadable", "local"},
        // goapps.tsv: go-identity-unreadable
        Wild{"goapps_go_identity_unreadable",
             "Error: headscale ran into an error and had to shut down: configuring TLS settings: tls: failed "
             "to find any PEM data in key input",
             "server-identity-unreadable", "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
