// Session 32: classes found by the tuning texts of round added-2027-01-12 (tests/explain/wild). Each
// text here was read wrongly by the session start's binary (main d012877). docs/explain.md, "Session 32".
// The short texts of the "never silent" class (bare OpenSSL codes, HTTP statuses in words, localized
// .NET messages) are in never_silent_test.cpp and the entries' examples.
#include "explain/wild_text.h"

namespace mtlsdoctor::explain::wild_test {
namespace {

INSTANTIATE_TEST_SUITE_P(
    RoundKb32, WildText,
    testing::Values(
        // 1723: IoT Edge's edgeHub says its own server certificate expired; its clients refuse it
        Wild{"iotedge_server_cert_is_expired",
             "<4> 2021-08-24 13:11:09.874 +00:00 [WRN] - Server certificate is expired (\"-00:04:38.8727767\""
             "). Not scheduling renewal.\n<4> 2021-08-24 13:45:55.270 +00:00 [WRN] - TLS handshake failed., S"
             "ystem.IO.IOException: Channel is closed, 574c991f\n<4> 2021-08-24 13:46:25.717 +00:00 [WRN] - T"
             "LS handshake failed., System.IO.IOException: Channel is closed, 630da6d3\n<4> 2021-08-24 13:46:"
             "55.350 +00:00 [WRN] - TLS handshake failed., System.IO.IOException: Channel is closed, 63b532a6",
             "server-cert-expired", "client"},
        // 1734: SqlClient's pre-login failure on Linux (TLS 1.0 server, OpenSSL refusing it)
        Wild{"sqlclient_pre_login_internal_exception",
             "Exception message:\nA connection was successfully established with the server, but then an erro"
             "r occurred during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exc"
             "eption was caught)\nStack trace:\nMicrosoft.Data.SqlClient.SqlException (0x80131904): A connect"
             "ion was successfully established with the server, but then an error occurred during the pre-log"
             "in handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)",
             "protocol-version-mismatch", "negotiation"},
        // 1735: the same failure, the server closing (TDS 8 strict encryption)
        Wild{"sqlclient_pre_login_forcibly_closed",
             "A connection was successfully established with the server, but then an error occurred during th"
             "e pre-login handshake. (provider: TCP Provider, error: 0 - An existing connection was forcibly "
             "closed by the remote host.) (Microsoft SQL Server, Error: 10054).",
             "protocol-version-mismatch", "negotiation"},
        // 1740: Azure Storage's minimum TLS version
        Wild{"azure_storage_tls_version_not_permitted",
             "The TLS version of the connection is not permitted on this storage account.", "protocol-version-mismatch",
             "negotiation"},
        // 1850: Azure SQL's minimal TLS version (47072)
        Wild{"azure_sql_47072_minimal_tls_version",
             "2021-04-21T13:47:22.9033854Z pyodbc.Error: ('HY000', '[HY000] [Microsoft][ODBC SQL Server Drive"
             "r][SQL Server]Reason: Login failed due to client TLS version being less than minimal TLS versio"
             "n allowed by the server. (47072) (SQLDriverConnect); [HY000] [Microsoft][ODBC SQL Server Driver"
             "]Invalid connection string attribute (0); [HY000] [Microsoft][ODBC SQL Server Driver][SQL Serve"
             "r]Reason: Login failed due to client TLS version being less than minimal TLS version allowed by"
             " the server. (47072); [HY000] [Microsoft][ODBC SQL Server Driver]Invalid connection string attr"
             "ibute (0)')",
             "protocol-version-mismatch", "negotiation"},
        // 1741: .NET on macOS, Secure Transport's bad protocol version
        Wild{"applecrypto_bad_protocol_version",
             "Unable to connect With TLS - Error => Interop+AppleCrypto+SslException: bad protocol version",
             "protocol-version-mismatch", "negotiation"},
        // 1767: OTP 19-21's own protocol_version alert in its older words
        Wild{"erlang_old_fatal_error_protocol_version",
             "2016-09-22 20:23:11.802 [error] <0.8813.0> SSL: hello: tls_handshake.erl:174:Fatal error: proto"
             "col version",
             "protocol-version-mismatch", "negotiation"},
        // 1772: Python's load_cert_chain in a server (server_side=True)
        Wild{"python_server_load_cert_chain_not_found",
             "INFO:2018-08-06 16:36:57,021:__main__:Starting server\nTraceback (most recent call last):\n  Fi"
             "le \"/configurator.py\", line 4841, in <module>\n    main(sys.argv[1:])\n  File \"/configurator"
             ".py\", line 4831, in main\n    server_side=True)\n  File \"/usr/local/lib/python3.6/ssl.py\", l"
             "ine 1149, in wrap_socket\n    ciphers=ciphers)\n  File \"/usr/local/lib/python3.6/ssl.py\", lin"
             "e 747, in __init__\n    self._context.load_cert_chain(certfile, keyfile)\nFileNotFoundError: [E"
             "rrno 2] No such file or directory",
             "server-identity-unreadable", "local"},
        // 1777: Active Directory without a certificate for StartTLS
        Wild{"ad_error_initializing_ssl_tls", "comment: Error initializing SSL/TLS, data 0, v2580", "starttls-refused",
             "negotiation"},
        // 1783: a Go server's certbot file it may not read
        Wild{"go_certbot_file_permission_denied",
             "run: open server: open service: open /etc/letsencrypt/archive/mydomain.com/cert1.pem: permissio"
             "n denied",
             "server-identity-unreadable", "local"},
        // 1789: the OpenSearch security plugin's older words for a non-node certificate
        Wild{"opensearch_non_node_certificate",
             "[2021-11-16T06:35:07,521][ERROR][o.o.s.t.SecurityRequestHandler] [172.16.1.100] OpenSearchExcep"
             "tion[Illegal parameter in http or transport request found.\nThis means that one node is trying "
             "to connect to another with \na non-node certificate (no OID or security.nodes_dn incorrect conf"
             "igured) or that someone \nis spoofing requests. Check your TLS certificate setup as described h"
             "ere: See https://opendistro.github.io/for-elasticsearch-docs/docs/troubleshoot/tls/]",
             "client-access-denied", "server"}),
    test_name);

// Whose alert: Bouncy Castle names the way an alert went by its exception (TlsFatalAlert: this end
// raised and sent it; TlsFatalAlertReceived: the peer sent it) and its JSSE provider by the end
// ("Client raised fatal(2) ...", "Server received fatal(2) ..."): the round's 1760 is a received one.
INSTANTIATE_TEST_SUITE_P(
    RoundKb32Direction, WildText,
    testing::Values(
        Wild{"bc_fatal_alert_raised", "org.bouncycastle.tls.TlsFatalAlert: certificate_unknown(46)",
             "server-cert-untrusted", "client"},
        Wild{"bc_fatal_alert_received", "org.bouncycastle.tls.TlsFatalAlertReceived: certificate_unknown(46)",
             "client-cert-untrusted-issuer", "server"},
        Wild{"bcjsse_client_raised",
             "org.bouncycastle.jsse.provider.ProvTlsClient notifyAlertRaised WARNING: Client raised fatal(2) "
             "certificate_unknown(46) alert: Failed to read record",
             "server-cert-untrusted", "client"},
        Wild{"bcjsse_server_raised",
             "org.bouncycastle.jsse.provider.ProvTlsServer notifyAlertRaised WARNING: Server raised fatal(2) "
             "certificate_unknown(46) alert: Failed to read record",
             "client-cert-untrusted-issuer", "server"},
        Wild{"bcjsse_server_received",
             "org.bouncycastle.jsse.provider.ProvTlsServer notifyAlertReceived INFO: Server received fatal(2) "
             "bad_certificate(42) alert",
             "server-cert-untrusted", "client"}),
    test_name);

}  // namespace
}  // namespace mtlsdoctor::explain::wild_test
