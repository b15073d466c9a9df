// Session 31: classes found by the catalogs tests/explain/catalog/embedded.tsv (microcontrollers) and virt.tsv
// (libvirt, QEMU, SPICE). Each text here was read wrongly by the session start's binary (main c8df2ef).
// docs/explain.md, "Session 31".
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb31Devices, WildText,
    testing::Values(
        // embedded.tsv: bearssl-expired
        Wild{"embedded_bearssl_expired",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Certificate is expired or not yet valid.'",
             "server-cert-expired", "client"},
        // embedded.tsv: bearssl-server-name
        Wild{"embedded_bearssl_server_name",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Expected server name was not found in the chain.'",
             "server-hostname-mismatch", "client"},
        // embedded.tsv: bearssl-weak-key
        Wild{"embedded_bearssl_weak_key",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Public key found in certificate is too small.'",
             "server-cert-weak", "client"},
        // embedded.tsv: bearssl-key-usage
        Wild{"embedded_bearssl_key_usage",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Key Usage extension prohibits intended usage.'",
             "server-cert-bad-key-usage", "client"},
        // embedded.tsv: bearssl-not-a-ca
        Wild{"embedded_bearssl_not_a_ca",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Not a CA, or path length constraint violation.'",
             "server-chain-invalid", "client"},
        // embedded.tsv: bearssl-no-authentication-method
        Wild{"embedded_bearssl_no_authentication_method",
             "BSSL:_connectSSL: start connection\nBSSL:Connection *will* fail, no authentication method is se"
             "tup\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Error = 'Chain could not be linke"
             "d to a trust anchor.'",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: bearssl-not-tls
        Wild{"embedded_bearssl_not_tls",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'Incoming protocol or record version is unsupported.'",
             "not-tls", "network"},
        // embedded.tsv: bearssl-handshake-timeout
        Wild{"embedded_bearssl_handshake_timeout",
             "BSSL:_connectSSL: start connection\nBSSL:_run_until: Timeout\nBSSL:_wait_for_handshake: failed"
             "\nBSSL:Couldn't connect. Error = 'OK'",
             "connection-timeout", "network"},
        // embedded.tsv: bearssl-alert-48-unknown-ca
        Wild{"embedded_bearssl_alert_48_unknown_ca",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Invalid date/time representation.'",
             "client-cert-untrusted-issuer", "server"},
        // embedded.tsv: bearssl-alert-45-expired
        Wild{"embedded_bearssl_alert_45_expired",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: BOOLEAN value has invalid length.'",
             "client-cert-expired", "server"},
        // embedded.tsv: bearssl-alert-42-bad-certificate
        Wild{"embedded_bearssl_alert_42_bad_certificate",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: expected constructed element, but is primitiv"
             "e.'",
             "client-cert-rejected", "server"},
        // embedded.tsv: bearssl-alert-44-revoked
        Wild{"embedded_bearssl_alert_44_revoked",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: BIT STRING length is not multiple of 8.'",
             "client-cert-revoked", "server"},
        // embedded.tsv: bearssl-alert-49-access-denied
        Wild{"embedded_bearssl_alert_49_access_denied",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Certificate contains unsupported features that cannot be igno"
             "red.'",
             "client-access-denied", "server"},
        // embedded.tsv: bearssl-alert-43-unsupported-certificate
        Wild{"embedded_bearssl_alert_43_unsupported_certificate",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: expected primitive element, but is constructe"
             "d.'",
             "client-cert-missing-clientauth-eku", "server"},
        // embedded.tsv: bearssl-alert-46-certificate-unknown
        Wild{"embedded_bearssl_alert_46_certificate_unknown",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: value is off-limits.'",
             "client-cert-rejected", "server"},
        // embedded.tsv: bearssl-alert-40-handshake-failure
        Wild{"embedded_bearssl_alert_40_handshake_failure",
             "BSSL:_connectSSL: start connection\nBSSL:_wait_for_handshake: failed\nBSSL:Couldn't connect. Er"
             "ror = 'SSL received fatal alert - Decoding error: extraneous element.'",
             "no-shared-cipher", "negotiation"},
        // embedded.tsv: mbedtls-pk-key-unreadable
        Wild{"embedded_mbedtls_pk_key_unreadable",
             "[  2210][E][ssl_client.cpp:36] _handle_error(): [start_ssl_client():286]: (-15616) PK - Invalid"
             " key tag or value\n[  2218][E][NetworkClientSecure.cpp:159] connect(): start_ssl_client: connec"
             "t failed: -15616",
             "client-identity-unreadable", "local"},
        // embedded.tsv: esp-select-timeout
        Wild{"embedded_esp_select_timeout",
             "[ 35312][I][ssl_client.cpp:133] start_ssl_client(): select returned due to timeout 30000 ms for"
             " fd 48\n[ 35320][E][NetworkClientSecure.cpp:159] connect(): start_ssl_client: connect failed: -"
             "1",
             "connection-timeout", "network"},
        // embedded.tsv: esp-tls-ca-parse-failed
        Wild{"embedded_esp_tls_ca_parse_failed",
             "E (3920) esp-tls-mbedtls: mbedtls_x509_crt_parse of CA cert returned -0x2180\nE (3920) esp-tls-"
             "mbedtls: Failed to set client configurations, returned [0x8015] (ESP_ERR_MBEDTLS_X509_CRT_PARSE"
             "_FAILED)\nE (3930) esp-tls: create_ssl_handle failed\nE (3930) esp-tls: Failed to open new conn"
             "ection\nE (3930) transport_base: Failed to open a new connection\nE (3940) mqtt_client: Error t"
             "ransport connect\nI (3940) mqtts_example: MQTT_EVENT_ERROR\nE (3950) mqtts_example: Last error "
             "reported from esp-tls: 0x8015\nE (3950) mqtts_example: Last error reported from tls stack: 0x21"
             "80\nI (3960) mqtts_example: Last errno string (Success)",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: esp-tls-identity-parse-failed
        Wild{"embedded_esp_tls_identity_parse_failed",
             "E (3920) esp-tls-mbedtls: mbedtls_pk_parse_keyfile returned -0x3D00\nE (3920) esp-tls-mbedtls: "
             "Failed to set client pki context\nE (3930) esp-tls-mbedtls: Failed to set client configurations"
             ", returned [0x8019] (ESP_ERR_MBEDTLS_PK_PARSE_KEY_FAILED)\nE (3930) esp-tls: create_ssl_handle "
             "failed\nE (3940) esp-tls: Failed to open new connection\nE (3940) transport_base: Failed to ope"
             "n a new connection\nE (3950) mqtt_client: Error transport connect\nI (3950) mqtts_example: MQTT"
             "_EVENT_ERROR\nE (3960) mqtts_example: Last error reported from esp-tls: 0x8019\nE (3960) mqtts_"
             "example: Last error reported from tls stack: 0x3d00\nI (3970) mqtts_example: Last errno string "
             "(Success)",
             "client-identity-unreadable", "local"},
        // embedded.tsv: esp-tls-getaddrinfo-failed
        Wild{"embedded_esp_tls_getaddrinfo_failed",
             "E (5020) esp-tls: couldn't get hostname for :mqtt.example.com: getaddrinfo() returns 202, addri"
             "nfo=0x0\nE (5020) esp-tls: Failed to open new connection\nE (5020) transport_base: Failed to op"
             "en a new connection\nE (5030) mqtt_client: Error transport connect\nI (5030) mqtts_example: MQT"
             "T_EVENT_ERROR\nE (5040) mqtts_example: Last error reported from esp-tls: 0x8001\nI (5050) mqtts"
             "_example: Last errno string (Success)",
             "dns-failure", "network"},
        // embedded.tsv: esp-mqtt-not-authorized
        Wild{"embedded_esp_mqtt_not_authorized",
             "W (7310) mqtt_client: Connection refused, not authorized\nE (7310) mqtt_client: MQTT connect fa"
             "iled\nI (7320) mqtts_example: MQTT_EVENT_ERROR\nI (7320) mqtts_example: Connection refused erro"
             "r: 0x5",
             "client-access-denied", "server"},
        // embedded.tsv: esp-https-server-client-verify-failed
        Wild{"embedded_esp_https_server_client_verify_failed",
             "I (23410) esp_https_server: performing session handshake\nE (23540) esp-tls-mbedtls: mbedtls_ss"
             "l_handshake returned -0x2700\nE (23540) esp_https_server: esp_tls_create_server_session failed,"
             " 0x2700",
             "client-cert-rejected", "server"},
        // embedded.tsv: mbedtls-invalid-record
        Wild{"embedded_mbedtls_invalid_record",
             "[00:00:04.512,000] <err> net_sock_tls: TLS handshake error: -7200\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "not-tls", "network"},
        // embedded.tsv: mbedtls-protocol-version
        Wild{"embedded_mbedtls_protocol_version",
             "[00:00:04.512,000] <err> net_sock_tls: TLS handshake error: -6e80\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "protocol-version-mismatch", "negotiation"},
        // embedded.tsv: mbedtls-no-ca-chain
        Wild{"embedded_mbedtls_no_ca_chain",
             "[00:00:04.731,000] <err> net_sock_tls: TLS handshake error: -7680\nError: connect(sock, res->ai"
             "_addr, res->ai_addrlen)",
             "client-trust-anchor-missing", "local"},
        // embedded.tsv: mbedtls-no-cipher-chosen
        Wild{"embedded_mbedtls_no_cipher_chosen",
             "[00:01:12.034,000] <err> net_sock_tls: TLS handshake error: -7380\n[00:01:12.034,000] <err> net"
             "_echo_server_sample: IPv4 accept error (-113)",
             "no-shared-cipher", "negotiation"},
        // embedded.tsv: altcp-tls-server-key-unreadable
        Wild{"embedded_altcp_tls_server_key_unreadable", "mbedtls_pk_parse_public_key failed: -15616",
             "server-identity-unreadable", "local"},
        // virt.tsv: virt-cert-unknown-issuer
        Wild{"virt_virt_cert_unknown_issuer",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate hasn't got"
             " a known issuer.\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate fa"
             "iled validation: The certificate hasn't got a known issuer.\nMar 05 14:22:31 kvm01 libvirtd[123"
             "4]: authentication failed: Failed to verify peer's certificate",
             "client-cert-untrusted-issuer", "server"},
        // virt.tsv: virt-cert-revoked
        Wild{"virt_virt_cert_revoked",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate has been r"
             "evoked.\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate failed vali"
             "dation: The certificate has been revoked.\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication"
             " failed: Failed to verify peer's certificate",
             "client-cert-revoked", "server"},
        // virt.tsv: virt-cert-insecure-algorithm
        Wild{"virt_virt_cert_insecure_algorithm",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate failed validation: The certificate uses an in"
             "secure algorithm\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate fa"
             "iled validation: The certificate uses an insecure algorithm\nMar 05 14:22:31 kvm01 libvirtd[123"
             "4]: authentication failed: Failed to verify peer's certificate",
             "client-cert-weak", "server"},
        // virt.tsv: virt-no-client-certificate
        Wild{"virt_virt_no_client_certificate",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to verify TLS peer: No certificate was found.\nMar"
             " 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Unable to verify TLS peer: No certi"
             "ficate was found.\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: Failed to verif"
             "y peer's certificate",
             "client-cert-missing", "server"},
        // virt.tsv: virt-dn-not-allowed
        Wild{"virt_virt_dn_not_allowed",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Client's Distinguished Name is not on the list of allowed"
             " clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn clientcert.pem' to view the Distinguish"
             "ed Name field in the client certificate, or run this daemon with --verbose option.\nMar 05 14:2"
             "2:31 kvm01 libvirtd[1234]: Certificate check failed Client's Distinguished Name is not on the l"
             "ist of allowed clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn clientcert.pem' to view t"
             "he Distinguished Name field in the client certificate, or run this daemon with --verbose option"
             ".\nMar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: Failed to verify peer's certifi"
             "cate",
             "client-access-denied", "server"},
        // virt.tsv: virt-purpose-not-tls-client
        Wild{"virt_virt_purpose_not_tls_client",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Certificate [session] purpose does not allow use for with"
             " a TLS client\nMar 05 14:22:31 kvm01 libvirtd[1234]: Certificate check failed Certificate [sess"
             "ion] purpose does not allow use for with a TLS client\nMar 05 14:22:31 kvm01 libvirtd[1234]: au"
             "thentication failed: Failed to verify peer's certificate",
             "client-cert-missing-clientauth-eku", "server"},
        // virt.tsv: virt-unexpected-tls-packet
        Wild{"virt_virt_unexpected_tls_packet",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: authentication failed: TLS handshake failed An unexpected"
             " TLS packet was received.",
             "plaintext-to-tls-port", "negotiation"},
        // virt.tsv: virt-cannot-read-ca
        Wild{"virt_virt_cannot_read_ca",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Cannot read CA certificate '/etc/pki/CA/cacert.pem': No s"
             "uch file or directory",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: virt-cannot-read-identity
        Wild{"virt_virt_cannot_read_identity",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Cannot read certificate '/etc/pki/libvirt/servercert.pem'"
             ": No such file or directory",
             "server-identity-unreadable", "local"},
        // virt.tsv: virt-own-server-cert-expired
        Wild{"virt_virt_own_server_cert_expired",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: The server certificate /etc/pki/libvirt/servercert.pem ha"
             "s expired",
             "server-cert-expired", "local"},
        // virt.tsv: virt-own-cert-untrusted
        Wild{"virt_virt_own_cert_untrusted",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Our own certificate /etc/pki/libvirt/servercert.pem faile"
             "d validation against /etc/pki/CA/cacert.pem: The certificate hasn't got a known issuer.",
             "server-cert-untrusted", "local"},
        // virt.tsv: gnutls-key-mismatch
        Wild{"virt_gnutls_key_mismatch",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to set x509 key and certificate: /etc/pki/libvirt/"
             "private/serverkey.pem, /etc/pki/libvirt/servercert.pem: The certificate and the given key do no"
             "t match.",
             "server-key-mismatch", "local"},
        // virt.tsv: virt-crl-unusable
        Wild{"virt_virt_crl_unusable",
             "Mar 05 14:22:31 kvm01 libvirtd[1234]: Unable to set x509 certificate revocation list: /etc/pki/"
             "CA/cacrl.pem: Base64 decoding error.",
             "crl-unusable", "local"},
        // virt.tsv: gnutls-app-owner-hostname-mismatch
        Wild{"virt_gnutls_app_owner_hostname_mismatch",
             "2024-03-05 14:22:31.418+0000: 3183: info : libvirt version: 9.0.0, package: 9.0.0-4+deb12u2 (De"
             "bian)\n2024-03-05 14:22:31.418+0000: 3183: info : hostname: admin01\n2024-03-05 14:22:31.418+00"
             "00: 3183: warning : virNetTLSContextCheckCertificate:1086 : Certificate check failed Certificat"
             "e [session] owner does not match the hostname 192.0.2.10\nerror: failed to connect to the hyper"
             "visor\nerror: authentication failed: Failed to verify peer's certificate",
             "server-hostname-mismatch", "client"},
        // virt.tsv: virt-purpose-not-tls-server
        Wild{"virt_virt_purpose_not_tls_server",
             "2024-03-05 14:22:31.418+0000: 3183: warning : virNetTLSContextCheckCertificate:1086 : Certifica"
             "te check failed Certificate [session] purpose does not allow use for with a TLS server\nerror: "
             "failed to connect to the hypervisor\nerror: authentication failed: Failed to verify peer's cert"
             "ificate",
             "server-cert-missing-serverauth-eku", "client"},
        // virt.tsv: virt-client-refused-silently
        Wild{"virt_virt_client_refused_silently",
             "error: failed to connect to the hypervisor\nerror: Unable to read TLS confirmation: Input/outpu"
             "t error",
             "client-cert-rejected", "server"},
        // virt.tsv: virt-own-cert-expired
        Wild{"virt_virt_own_cert_expired",
             "error: failed to connect to the hypervisor\nerror: The client certificate /etc/pki/libvirt/clie"
             "ntcert.pem has expired",
             "client-cert-expired", "local"},
        // virt.tsv: virt-pki-validate-hostname
        Wild{"virt_virt_pki_validate_hostname",
             "Found /usr/bin/certtool\nFound CA certificate /etc/pki/CA/cacert.pem for Example Corp CA\nDid n"
             "ot find /etc/pki/libvirt/clientcert.pem client certificate\nThe machine cannot act as a client"
             "\nsee https://libvirt.org/kbase/tlscerts.html#issuing-client-certificates\non how to regenerate"
             " it\nThe server certificate does not seem to match the host name\nhostname: \"kvm01.example.com"
             "\"\nServer certificate CN: \"kvm02.example.com\"\nFound server certificate /etc/pki/libvirt/ser"
             "vercert.pem for kvm02.example.com\nFound server private key /etc/pki/libvirt/private/serverkey."
             "pem",
             "server-hostname-mismatch", "local"},
        // virt.tsv: virt-pki-validate-missing-key
        Wild{"virt_virt_pki_validate_missing_key",
             "Found /usr/bin/certtool\nFound CA certificate /etc/pki/CA/cacert.pem for Example Corp CA\nFound"
             " client certificate /etc/pki/libvirt/clientcert.pem for admin01.example.com\nMissing client pri"
             "vate key /etc/pki/libvirt/private/clientkey.pem",
             "client-key-missing", "local"},
        // virt.tsv: virt-pki-validate-not-pem
        Wild{"virt_virt_pki_validate_not_pem",
             "Unable to load certificate, make sure it is in PEM format: Base64 unexpected header error.",
             "client-identity-unreadable", "local"},
        // virt.tsv: qemu-tls-authz-denied
        Wild{"virt_qemu_tls_authz_denied",
             "2024-03-05T14:22:31.418353Z qemu-system-x86_64: TLS x509 authz check for CN=kvm02.example.com,O"
             "=Example Corp,C=US is denied",
             "client-access-denied", "server"},
        // virt.tsv: qemu-certificate-hostname
        Wild{"virt_qemu_certificate_hostname",
             "error: operation failed: job 'migration out' failed: Certificate does not match the hostname kv"
             "m02.example.com",
             "server-hostname-mismatch", "client"},
        // virt.tsv: nbd-starttls-not-supported
        Wild{"virt_nbd_starttls_not_supported",
             "qemu-img: Could not open 'driver=nbd,server.type=inet,server.host=nbd01.example.com,server.port"
             "=10809,export=disk0,tls-creds=tls0': Server don't support STARTTLS option",
             "starttls-not-offered", "negotiation"},
        // virt.tsv: nbd-tls-required
        Wild{"virt_nbd_tls_required",
             "qemu-img: Could not open 'driver=nbd,server.type=inet,server.host=nbd01.example.com,server.port"
             "=10809,export=disk0': TLS negotiation required before option 7 (go)\nDid you forget a valid tls"
             "-creds?\nserver reported: Option 0x7 not permitted before TLS",
             "plaintext-to-tls-port", "negotiation"},
        // virt.tsv: qemu-tls-creds-identity-unreadable
        Wild{"virt_qemu_tls_creds_identity_unreadable",
             "error: Failed to start domain 'vm01'\nerror: internal error: process exited while connecting to"
             " monitor: 2024-03-05T14:22:31.418353Z qemu-system-x86_64: -object {\"qom-type\":\"tls-creds-x50"
             "9\",\"id\":\"vnc-tls-creds0\",\"dir\":\"/etc/pki/libvirt-vnc\",\"endpoint\":\"server\",\"verify"
             "-peer\":true}: Unable to access credentials /etc/pki/libvirt-vnc/server-cert.pem: No such file "
             "or directory",
             "server-identity-unreadable", "local"},
        // virt.tsv: qemu-tls-creds-ca-unreadable
        Wild{"virt_qemu_tls_creds_ca_unreadable",
             "qemu-system-x86_64: -object tls-creds-x509,id=tls0,dir=/etc/pki/qemu,endpoint=server,verify-pee"
             "r=on: Unable to access credentials /etc/pki/qemu/ca-cert.pem: No such file or directory",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: spice-server-identity
        Wild{"virt_spice_server_identity",
             "(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: ../server/reds.cpp:2784:reds_init_s"
             "sl: Could not load certificates from /etc/pki/libvirt-spice/server-cert.pem\n(qemu-system-x86_6"
             "4:12345): Spice-WARNING **: 14:22:31.418: error:80000002:system library::No such file or direct"
             "ory\n(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:10000080:BIO routines::n"
             "o such file\n(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:0A080002:SSL rou"
             "tines::system lib\n2024-03-05T14:22:31.418353Z qemu-system-x86_64: failed to initialize spice s"
             "erver",
             "server-identity-unreadable", "local"},
        // virt.tsv: spice-server-ca
        Wild{"virt_spice_server_ca",
             "(qemu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: ../server/reds.cpp:2806:reds_init_s"
             "sl: Could not use CA file /etc/pki/libvirt-spice/ca-cert.pem\n(qemu-system-x86_64:12345): Spice"
             "-WARNING **: 14:22:31.418: error:80000002:system library::No such file or directory\n(qemu-syst"
             "em-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:10000080:BIO routines::no such file\n(q"
             "emu-system-x86_64:12345): Spice-WARNING **: 14:22:31.418: error:05880002:x509 certificate routi"
             "nes::system lib\n2024-03-05T14:22:31.418353Z qemu-system-x86_64: failed to initialize spice ser"
             "ver",
             "server-ca-file-unreadable", "local"},
        // virt.tsv: spice-client-hostname
        Wild{"virt_spice_client_hostname",
             "(remote-viewer:4321): Spice-WARNING **: 14:22:31.418: ../subprojects/spice-common/common/ssl_ve"
             "rify.c:503:openssl_verify: ssl: hostname 'kvm01.example.com' verification failed\n(remote-viewe"
             "r:4321): Spice-WARNING **: 14:22:31.418: ../subprojects/spice-common/common/ssl_verify.c:508:op"
             "enssl_verify: ssl: verification failed\n(remote-viewer:4321): GSpice-WARNING **: 14:22:31.420: "
             "main-1:0: SSL_connect: error:00000001:lib(0)::reason(1)",
             "server-hostname-mismatch", "client"},
        // virt.tsv: spice-client-ca-load-failed
        Wild{"virt_spice_client_ca_load_failed",
             "(remote-viewer:4321): GSpice-WARNING **: 14:22:31.417: loading ca certs from /home/admin/.spice"
             "c/spice_truststore.pem failed",
             "client-trust-anchor-missing", "local"}));

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
