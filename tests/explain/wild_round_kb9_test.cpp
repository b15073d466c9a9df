// Round kb9 of tests/explain/wild: the classes of the tune part that failed on main dba7e56 and
// were fixed in general form (docs/explain.md, "Round kb9"), each with the entry's own real text.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb9, WildText,
    testing::Values(
        // The server's own identity: a key or certificate file a program cannot use, read as the
        // server's when a listener is being set up, a file named server.*, or a server's log.
        // muraena#87 (626): Go's LoadX509KeyPair words while binding the HTTPS listener.
        Wild{"go_key_mismatch_binding_https_listener",
             "CEST !!! Error binding Muraena on HTTPS: tls: private key does not match public key",
             "server-key-mismatch", "local"},
        // coolify#5436 (632): mongod cannot read its own certificate file.
        Wild{"mongod_cannot_read_own_certificate_file",
             "{\"t\":{\"$date\":\"2025-03-26T23:00:13.690+00:00\"},\"s\":\"E\",  \"c\":\"NETWORK\",  \"id\":23248,   "
             "\"ctx\":\"main\",\"msg\":\"Cannot read certificate file\",\"attr\":{\"keyFile\":\"/etc/mongo/certs/"
             "server.pem\",\"error\":\"error:FFFFFFFF8000000D:system library::Permission denied\"}}",
             "server-identity-unreadable", "local"},
        // ngx_mruby#149 (590): OpenSSL's "cert cb error", the server's certificate callback failed.
        Wild{"openssl_server_cert_cb_error",
             "2016/01/15 19:01:47 [error] 58613#0: *1 ngx_mruby : mruby ssl handler: cert "
             "[/Users/matsumoto_r/DEV/ngx_mruby/build/nginx/html//matsumotory.foo.crt] not exists or not read while "
             "SSL handshaking, client: 127.0.0.1, server: 0.0.0.0:58082\n2016/01/15 19:01:47 [crit] 58613#0: *1 "
             "SSL_do_handshake() failed (SSL: error:1408A179:SSL routines:ssl3_get_client_hello:cert cb error) while "
             "SSL handshaking, client: 127.0.0.1, server: 0.0.0.0:58082",
             "server-identity-unreadable", "local"},
        // No trust store: the CA bundle the client reads cannot be loaded. RawTherapee#4076 (599).
        Wild{"git_curl_error_setting_certificate_verify_locations",
             "fatal: unable to access 'https://github.com/Beep6581/RawTherapee.git/': error setting certificate verify "
             "locations:\n  CAfile: /usr/ssl/certs/ca-bundle.crt\n  CApath: none",
             "client-trust-anchor-missing", "local"},
        // No trust store: a public CA named as the issuer that cannot be verified (a public root:
        // dillo#159 (204); a certificate issued by a public CA in Wget's words:
        // qnap-letsencrypt#22 (617), and wp-cli#1688 (438) in wild_round_20261205_test.cpp).
        Wild{"public_root_issuer_not_found",
             "The issuer certificate of an untrusted certificate cannot be found. Issuer: "
             "/C=US/O=DigiCertInc/OU=www.digicert.com/CN=DigiCert Global Root G2",
             "client-trust-anchor-missing", "client"},
        Wild{
            "wget_lets_encrypt_issuer_not_verified_locally",
            "Connecting to qbox4u.com (qbox4u.com)|1.173.96.248|:8081... connected.\nERROR: cannot verify "
            "qbox4u.com's certificate, issued by \xE2\x80\x98/C=US/O=Let's Encrypt/CN=Let's Encrypt Authority "
            "X3\xE2\x80\x99:\n  Unable to locally verify the issuer's authority.\nTo connect to qbox4u.com insecurely, "
            "use `--no-check-certificate'.",
            "client-trust-anchor-missing", "client"},
        // Explicit words: PHP's own name check (openemr#8360, 585), an alert as its level and
        // description numbers (moddable#843, 211).
        Wild{"php_peer_certificate_cn_did_not_match",
             "Warning: mysqli_real_connect(): Peer certificate CN='dbname:dbname' did not match expected CN=`IP'\n"
             "Fatal error: Uncaught mysqli_sql_exception: Cannot connect to MySQL using SSL",
             "server-hostname-mismatch", "client"},
        Wild{"alert_level_and_description_numbers", "TLS: alert: 2, 70", "protocol-version-mismatch", "negotiation"},
        // Whose log: the end that accepted a server-to-server link authenticates the dialling
        // peer (ejabberd#2186, 594); a Go 1.20+ server's "rejected connection" verdict line in a
        // log where the same process's client line is pasted too (puppet-k8s#132, 018).
        Wild{"ejabberd_failed_inbound_s2s_unknown_issuer",
             "<0.486.0>@ejabberd_s2s_in:handle_auth_failure:206 (tls|<0.485.0>) Failed inbound s2s EXTERNAL "
             "authentication otherserver.im -> myserver.com (::FFFF:144.7.1.2): unable to get local issuer certificate",
             "client-cert-untrusted-issuer", "server"},
        Wild{"etcd_rejected_connection_incompatible_key_usage",
             "Jun 16 09:22:28 example etcd[10992]: {\"level\":\"warn\",\"ts\":\"2025-06-16T09:22:28.579816Z\","
             "\"caller\":\"embed/config_logging.go:169\",\"msg\":\"rejected "
             "connection\",\"remote-addr\":\"[::1]:35480\","
             "\"server-name\":\"\",\"error\":\"tls: failed to verify certificate: x509: certificate specifies an "
             "incompatible key usage\"}\nJun 16 09:22:28 example etcd[10992]: 2025/06/16 09:22:28 WARNING: [core] "
             "[Channel #3 SubChannel #4] grpc: addrConn.createTransport failed to connect to {Addr: \"[::]:2379\", "
             "ServerName: \"[::]:2379\", }. Err: connection error: desc = \"error reading server preface: remote "
             "error: tls: bad certificate\"",
             "client-cert-missing-clientauth-eku", "server"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
