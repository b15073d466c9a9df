// Who wrote a text (writer_of(), explainer.h): a client, a server, or the end that sent the alert
// it quotes. The same words mean opposite things in a client's and a server's log (issue 11):
// a received alert in a server's log was sent by the client, refusing the server's certificate.
#include <re2/re2.h>
#include <re2/set.h>

#include <array>
#include <memory>
#include <vector>

#include "mtlsdoctor/explain/explainer.h"
#include "regex_options.h"

namespace mtlsdoctor::explain {
using detail::kb_regex_options;

std::string_view to_string(Writer w) noexcept {
  switch (w) {
    case Writer::Unknown: return "as written";
    case Writer::Server:
      return "a server's log: a received alert came from the client, a verify failure judged the client";
    case Writer::ServerAlertFromClient: return "the client sent the alert: the client refused the server";
    case Writer::Client: return "a client's log: its own verify failure judged the server";
    case Writer::ServerSentAlert: return "a server's log: it sent the alert, its verify failure judged the client";
  }
  return "as written";
}

namespace {

// The signs of who wrote a text, in one RE2::Set: one DFA pass over the text answers all of them
// (explain --log asks this of every candidate line).
enum WriterSign : int {
  kClientAlert,
  kServerAlert,
  kClientWords,
  kServerWords,
  kSentAlert,
  kReceivedAlert,
  kOwnAlertOtp,
  kSigns
};

constexpr const char* kWriterSigns[kSigns] = {
    // Alerts that say who sent them (Erlang/OTP): "generated CLIENT ALERT" or "received CLIENT
    // ALERT", the client refused; "SERVER ALERT", the server did.
    R"(\bclient alert\b)",
    R"(\bserver alert\b)",
    // A client's own words: nginx proxying ("to upstream", njs's "while SSL handshaking to fetch
    // target"), a proxy's upstream leg (mitmproxy's "Server TLS handshake failed"), OpenSSL's client-side functions,
    // curl,
    // Java's client side (JSSE debug consuming the server's Certificate, the checkServer* frames).
    R"(\bto upstream\b|\bwhile ssl handshaking to\b|\bserver tls handshake failed(?:[.:]|$)|\bssl connect\b|\bwolfssl connect\b|\b(?:tls (?:post )?process|ssl3 get|tls1? get) server (?:certificate|hello|key exchange|done)\b|\btls client:|\bcurl: \(|\berror reading server preface\b|)"
    R"(\bconsuming server certificate handshake message\b|\bproduced client certificate handshake message\b|\.check ?server ?(?:certs|trusted)\()"
    // stunnel with client = yes: its handshake done ("TLS connected: new session negotiated"; a server
    // logs "TLS accepted:").
    R"(|\btls connected: (?:new session negotiated|previous session reused)\b)"
    // Bouncy Castle's JSSE provider naming its end ("Client raised fatal(2) ... alert").
    R"(|\bclient (?:raised|received) fatal\(2\))"
    // virsh and virt-manager ("failed to connect to the hypervisor"), libvirt's client-side check.
    R"(|\berror: failed to connect to the hypervisor\b|\bunable to connect to libvirt qemu\+tls://)"
    // glib-networking's debug log of a connection it dialled ("CLIENT[0xADDR]: ...").
    R"(|\bglib-net-debug: [0-9:.]+: client\[0x[0-9a-f]+\]:)"
    // OpenResty's cosockets (tcpsock:sslhandshake) verifying the server they dialled: "lua ssl
    // certificate verify error", lua-resty's "ssl handshake failed: certificate host mismatch"; a
    // handshake in a timer (no downstream connection), or during a request (the downstream
    // handshake is over by then; nginx's own upstream leg says "while SSL handshaking to upstream").
    R"(|\blua ssl certificate (?:verify error|does not match host)\b|\bcontext: ngx\.timer\b)"
    // Kamailio's and OpenSIPS's connecting handshake ("TLS connect:error:..."), res_pjsip's outbound
    // transport ("Transport 'transport-tls' to remote ...").
    R"(|\btls connect:(?:error|failed)\b|\bverify log result: transport '[^']{1,100}' to remote\b)"
    // Syslog senders: rsyslog's omfwd action suspended, its "TLS Connection initiated with remote syslog
    // server", omrelp; syslog-ng's destination ("Syslog connection established; ... server=").
    R"(|\baction '[^']{1,200}omfwd' suspended\b|\btls connection initiated with remote syslog server\b|\bomrelp\[|\bconn to srvr\b)"
    R"(|\bsyslog connection (?:established|broken); fd='[0-9]+', server=)"
    // ghostunnel in client mode ("error on dial:"), a Vector sink, pika (RabbitMQ's Python client).
    R"(|\berror on dial: |\bcomponent kind="sink"|\bpika\.adapters\.)"
    R"(|\bssl do handshake\(\) failed \(ssl: [^)]{0,300}\), client: [^,]{1,100}, server: [^,]{1,300}, request: ")"
    // Mail: Postfix's SMTP client (postfix/smtp[PID], postfix/lmtp[PID]), Exim delivering
    // ("== RCPT R=router T=transport defer (-37) H=host"), Dovecot's IMAP client (imapc(host:port)).
    R"(|\bpostfix(?:/[a-z0-9-]+)*/(?:smtp|lmtp)\[[0-9]+\]|\bdefer \(-?[0-9]+\) h=|\bimapc\()"
    // Zabbix connecting out (an agent's active checks, zabbix_get, a server polling): "cannot
    // establish TLS to [[HOST]:PORT]", agent 2's "cannot connect to [HOST:PORT]:".
    R"(|\bcannot establish tls to \[|\bcannot connect to \[[^\]]{1,300}\]: invalid certificate\b)"
    // XMPP servers on their outgoing server-to-server streams, where they are the TLS client:
    // Prosody's session log name (s2sout55d1c0a3b2e0), ejabberd's module (ejabberd_s2s_out:),
    // Openfire's outbound handler.
    R"(|\bs2sout[0-9a-f]{6,}\b|\bejabberd s2s out:|\bnettyoutboundconnectionhandler\b)"
    // Fluent Bit's outputs (the TLS client: "[output:http:http.0] no upstream connections
    // available", "[output http.0] error initializing TLS context").
    R"(|\[output:[a-z0-9 ]+:[^\]]{1,80}\] no upstream connections available\b|\[output [^\]]{1,80}\] error initiali[sz]ing tls context\b)"
    // strongSwan's IKE initiator (the end that plays the client: it parsed the IKE_AUTH response,
    // swanctl's "initiate failed"), and OpenConnect, always a TLS client ("SSL negotiation with
    // vpn.example.com": a host name, not prose's "with the browser").
    R"(|\bparsed ike auth response\b|\binitiating ike sa\b|\binitiate failed: establishing\b|\bssl negotiation with (?:[a-z0-9*-]+\.)+[a-z0-9*-]+\b)"
    // wpa_supplicant, the EAP-TLS client (its control events, its per-connection TLS set-up).
    R"(|\bctrl-event-eap-|\btls connection (?:ca cert|client cert|private key)\b)"
    // A client naming the request it made: Go's net/http client (`Get "https://host/": x509: ...`,
    // also a webhook call in kube-apiserver's log), Perl's LWP (`GET https://... failed: 500`), git.
    R"(|\b(?:get|post|put|patch|delete|head) \\?"?https://[^ ]+|\bunable to access '?https://)"
    // An Erlang or Elixir client's call in a shell or a crash report (`:ssl.connect(`, `httpc:request(`,
    // `HTTPoison.get(`, `:hackney.request(`, `Finch.request(`, `Mint.HTTP.connect(`).
    R"(|\b(?:ssl|httpc|hackney|httpoison|tesla|finch|mint\.http|req|gun)[:.](?:connect|request|get|post|put|patch|delete|head|open)\()"
    // A server-to-server link named from the end that dialled it (ejabberd's and XMPP servers'
    // "outbound s2s", Mosquitto's "Connecting bridge"): the writer is the client of that connection.
    R"(|\bfailed outbound\b|\boutbound s2s\b|\bconnecting bridge\b)"
    // dart:io's client end ("HandshakeException: Handshake error in client"), a NATS server dialling a
    // route, leafnode or gateway.
    R"(|\bhandshake error in client\b|\bstarting tls (?:route|leafnode|gateway) client handshake\b)"
    // Envoy's access log names the leg: %UPSTREAM_TRANSPORT_FAILURE_REASON% is Envoy dialling out
    // (the field holding the error: a JSON log carries both fields, the other one "-").
    R"(|\bupstream transport failure reason\W{1,4}tls error\b)"
    // ZooKeeper's client (ClientCnxnSocketNetty), and a quorum peer dialling another ("Cannot open
    // secure channel to 3 at election address", a follower's Learner$LeaderConnector).
    R"(|\bclientcnxnsocketnetty\b|\bcannot open (?:secure )?channel to\b|\bleaderconnector\b)"
    // CouchDB's replicator retrying a request.
    R"(|\bretrying [a-z]+ request to https://)"
    // Pound dialling its backend.
    R"(|\bhandshake with backend failed\b)",
    // A server's own words: Go's net/http and crypto/tls servers, OpenSSL's server-side functions,
    // nginx's server-side handshake, Redis (clients and cluster-bus peers), Mosquitto, Erlang's server
    // state machine, Kestrel; hyper/tokio-rustls accept loops (`error accepting connection`, `TLS
    // accept error`).
    R"(\btls handshake error from\b|\berror on tls handshake from\b|\berror accepting (?:a client |cluster node )?connection\b|)"
    R"(\btls accept error\b|)"
    // A load balancer's record of the client certificate it verified: Azure Application Gateway's
    // sslClientVerify and client_certificate_verification ("FAILED:<OpenSSL's reason>"), Cloudflare's
    // tlsClientAuth.certVerified.
    R"("sslclientverify"|\btlsclientauth\b|"certverified"|\bclient[- ]certificate[- ]verification\W{1,4}failed:|)"
    // Cisco ASA's handshakes with remote-access clients (%ASA-6-725001, %ASA-6-725006).
    R"(\b(?:starting|device failed) ssl handshake with client\b|)"
    // WebSphere's inbound handshakes (traditional's SSLC0008E, Liberty's CWWKO0801E): "... cannot be
    // initialized from the ADDR host and PORT port on the remote client to ... on the local server".
    R"(\bport on the remote client\b|\bsslc0008e\b|)"
    // SIP servers: Kamailio's and OpenSIPS's accepting handshake ("TLS accept:error:..."), and the
    // PBX's handshake lines pjproject and sofia-sip print (most PBX TLS is phones dialling in).
    R"(\btls accept:(?:error|failed)\b|\bpjproject: .{0,80}\bssl ssl error ssl \(handshake\)|\btls setup failed: [0-9a-f]{8}:ssl routines:|)"
    // Syslog receivers: rsyslog's closed netstream session, imtcp, imrelp (librelp's listener);
    // syslog-ng's accepted connection and the source's read errors.
    R"(\bnetstream session \S+ from \S+ will be closed due to error\b|\bimtcp: |\bimrelp\[[0-9]+\]|\blstn [0-9]+: conn to clt\b|)"
    R"(\bsyslog connection accepted; fd=|\bi/o error occurred while reading; fd=|)"
    // Observability servers: a Vector source's connection, Alertmanager's cluster reading a peer's
    // connection.
    R"(\bcomponent kind="source"|msg="error reading from connection" component=cluster\b|)"
    // Brokers and databases accepting: RabbitMQ's AMQP connection ("10.0.0.7:53422 -> 10.0.0.5:5671"),
    // Artemis's "SSL handshake failed for client from", ActiveMQ's "Transport Connection to: tcp://",
    // Scylla's CQL server and RPC server.
    R"(\berror on amqp connection <[^>]{1,40}> \(|\bclosing amqp connection [0-9a-f.:\[\]]+ -> |\bssl handshake failed for client from\b|)"
    R"(\btransport connection to: (?:tcp|ssl|nio\+ssl|auto\+ssl)://|\bcql server - exception while processing connection\b|\brpc - client \S+ server connection dropped\b|)"
    // TLS proxies accepting: hitch's client address and ports before "Handshake failure:", Traffic
    // Server's sslServerHandShakeEvent, NGINX Unit's SSL_do_handshake(FD).
    R"(\b[0-9a-f.:\[\]]+:[0-9]+ :[0-9]+ [0-9]+:[0-9]+ handshake failure: |\bsslserverhandshakeevent\b|\bssl do handshake\([0-9]+\) failed\b|)"
    // ZooKeeper's server (org.apache.zookeeper.server, logged as o.a.z.s.: the Netty and NIO
    // connection factories, the X.509 authentication provider, the leader accepting learners), NiFi's
    // web server (its authentication filter, X.509 identity provider, access-denied mapper) and
    // ListenHTTP, and a Netty channel named by its ends ("L:/10.0.0.5:2281 - R:/10.0.0.7:53412") whose
    // remote port is ephemeral: an accepted connection.
    R"(\bo\.a\.z\.s\.|\borg\.apache\.zookeeper\.server\.|\bnettyservercnxnfactory\b|\bx509authenticationprovider\b|\blearnercnxacceptor\b|)"
    // Pulsar's broker (ServerCnx) and proxy (ProxyConnection); Cassandra's CQL port ("SSLException in
    // client networking with peer") and internode acceptor (InboundConnectionInitiator).
    R"(\bbroker\.service\.servercnx\b|\bproxy\.server\.proxyconnection\b|\bsslexception in client networking with peer\b|)"
    R"(\binboundconnectioninitiator\b|)"
    // Greengrass's Moquette broker (io.moquette.broker.NewNettyMQTTHandler) and client device auth.
    R"(\bio\.moquette\.broker\.|\bclientdevices\.auth\.|)"
    // Neo4j's Bolt connector choosing the transport of a connection it accepted.
    R"(\btransportselectionhandler\b|)"
    // MinIO's STS refusing a client certificate, memcached's per-connection TLS errors, Couchbase's data
    // service ("Unrecoverable error encountered: ..., ssl_error:"), Ceph RGW's beast frontend
    // ("7f3b2a7fc700  1 ssl handshake failed:").
    R"(<code>invalidclientcertificate</code>|\btype=conntlserr\b|\bunrecoverable error encountered: .{0,60}\bssl error: |)"
    R"(\b[0-9a-f]{12} -?[0-9]{1,2} ssl handshake failed: |)"
    // MaxScale's client connections ("Client connection (client: ADDR) OpenSSL ssl error.", "Client (ADDR)
    // failed SSL negotiation.").
    R"(\bclient connection \(client: [0-9a-f.:]+\) openssl\b|\bclient \([0-9a-f.:]+\) failed ssl negotiation\b|)"
    // 389 Directory Server's access and errors logs about a connection it accepted.
    R"(\bconn=[0-9]+ op=-?[0-9]+ fd=[0-9]+ disconnect - |; unauthenticated client cn=|\bconn=[0-9]+ tls1\.[0-3] |)"
    // Pound names the thread and the client it accepted ("pound[2211]: (7f3a9c1fe6c0) 192.0.2.10: ...").
    R"(\bpound\[[0-9]+\]: \([0-9a-f]+\) [0-9a-f.:]+: |)"
    R"(\bnifiauthenticationfilter\b|\bx509identityprovider\b|\baccessdeniedexceptionmapper\b|\bprocessors\.standard\.listenhttp\b|)"
    R"(\bl:/[0-9a-f.:]+:[0-9]{1,5} - r:/[0-9a-f.:]+:(?:3[2-9]|[45][0-9]|6[0-5])[0-9]{3}\]|)"
    // Envoy's access log: %DOWNSTREAM_TRANSPORT_FAILURE_REASON% is Envoy's listener, a server.
    R"(\bdownstream transport failure reason\W{1,4}tls error\b|)"
    // IIS's detailed error page about the client's certificate (403.7, 403.12, 403.13, 403.16, 403.17).
    R"(\bserver error in application\b|\bhttp error 403\.(?:7|1[2367])\b|)"
    // nginx's SSL_do_handshake() on its own (a line cut before its context) is its downstream
    // handshake, as most are; its upstream and cosocket legs carry a client's words (above).
    R"(\bwhile ssl handshaking\b|\bssl do handshake\(\) failed\b|\bssl accept\b|\bwolfssl accept\b|)"
    // nginx's check of the client certificate ("client SSL certificate verify error: (40:...)"):
    // a verify code nginx.kb has no entry for is read through openssl-verify.kb's, turned.
    R"(\bclient ssl certificate verify error: \(|)"
    R"(\b(?:tls process|ssl3 get|tls1? get|tls early post process|tls post process) client (?:certificate|hello|key exchange)\b|)"
    R"(\btls server:|\bsocket error on client\b|\brejected connection\b.{0,80}\bremote-addr\b|)"
    R"(\bfailed to authenticate https connection\b|\baccepted incoming connection\b|\bhttp2server\b|)"
    // A server announcing the connection it serves ("Receiving incoming connection from: ADDR"), and
    // OpenSSL's server state machine named in its error lines (1.1.0 and later; statem_lib.c is both
    // ends', and a client's own function names say so already).
    R"(\b(?:receiving|received|new) incoming connection from\b|\bssl/statem/statem srvr\.c:[0-9]+|)"
    // aws-c-io's channel bootstrap setting up s2n as the server of an accepted connection (TRACE).
    R"(\bsetting up server tls on channel\b|)"
    // APISIX checking the client certificate in Lua (verify_https_client, verify_tls_client).
    R"(\bclient certificate verification is not passed\b|)"
    // Teleport's TLS multiplexer on its listeners ("[MXTLS:1] Handshake failed.", multiplexer/tls.go).
    R"(\[mxtls(?::[0-9]+)?\]|\bmultiplexer/tls\.go:[0-9]+|)"
    // Undertow's request I/O (WildFly, Keycloak): the server's own handshake with a client.
    R"(\bio\.undertow\.request\.io\b|\but005013: an ioexception occurred\b|)"
    // gnutls-serv ("Error in handshake: ", "* Received alert '48': "), .NET's SslStream server side.
    R"(\berror in handshake: |\breceived alert '[0-9]+': |\bauthenticateasserver(?:async)?\b|)"
    R"(\bcould not accept ssl connection\b|\bah0(?:1998|2008|2009)\b|\bshutting down ssl connection closed\b|)"
    // A server judging a client: Java's JSSE debug consuming the client's Certificate and the
    // checkClient* frames, kube-apiserver and its aggregated servers authenticating a request,
    // gRPC-Go's server handshake, MongoDB's and Mosquitto's connection logs.
    R"(\bconsuming client certificate handshake message\b|\.check ?client ?(?:certs|trusted)\(|)"
    R"(\bunable to authenticate the request\b|\bserver\.serve failed to complete security handshake\b|)"
    // gRPC servers: grpc-go's "Server.Serve failed to create ServerTransport: ... ServerHandshake(ADDR)
    // failed", gRPC core's chttp2_server "Handshaking failed", grpc-java's NettyServerTransport.
    R"(\bfailed to create servertransport\b|\bserverhandshake\(|\bchttp2 server\.cc:[0-9]+\] handshaking failed\b|)"
    R"(\bnettyservertransport\b|)"
    // MockServer (its jar "mockserver-netty" in every frame of a Netty stack it logs): a mock HTTPS
    // server, so a received alert there is its client refusing the mock's certificate.
    R"(\bmockserver-netty\b|)"
    // Search and log platforms' servers: OpenSearch's REST layer and its certificate checks, Logstash's
    // beats input, Graylog's inputs, Loki's HTTP server configuration.
    R"(\bsecurenetty4httpservertransport\b|\bsslrequesthelper\]|\borg\.logstash\.beats\.beatshandler\b|\blogstash\.inputs\.beats\b|)"
    R"(\babstracttcptransport\] error in input\b|\berror generating http tls config\b|)"
    // libvirt's daemons (libvirtd, virtqemud, virtproxyd) in syslog/journal, QEMU's VNC server and
    // qemu-nbd refusing a client, QEMU's TLS credentials for a listening end (endpoint=server).
    R"(\b(?:libvirtd|virtqemud|virtproxyd)\[[0-9]+\]:|\bvnc client auth failed\b|\bqemu-nbd: option negotiation failed\b|)"
    R"(\bendpoint=server\b|"endpoint":"server"|)"
    // gunicorn's workers on a TLS listener (OpenStack Octavia's amphora agent): "Error processing SSL
    // request." before the reason, "Invalid request from ip=ADDR: ...".
    R"(\berror processing ssl request\b|\binvalid request from ip=|)"
    // Go programs' servers: rclone's serve commands ("failed to init server:"), headscale's start-up
    // ("configuring TLS settings:"), frps's listener.
    R"(\bfailed to init server: |\bconfiguring tls settings: |\bchecktlsserverconn|\bcheckandenabletlsserverconnwithtimeout\b|)"
    // ejabberd's MQTT listener checking a client's certificate after the handshake.
    R"(\bmod mqtt session:tls auth/|)"
    // glib-networking's debug log of a connection it accepted ("GLib-Net-DEBUG: TIME: SERVER[0xADDR]: ...").
    R"(\bglib-net-debug: [0-9:.]+: server\[0x[0-9a-f]+\]:|)"
    // MQTTnet's server handling a connection it accepted.
    R"(\[mqtttcpserverlistener\] \[error\]: error while handling tcp client connection\b|)"
    // Agents' servers (agents.kb): the nrpe daemon (syslog "nrpe[PID]:", and its verify callback's
    // "SSL Client has an invalid certificate"), NSClient++'s socket sources ("...\\socket\\connection.hpp:311:";
    // the "\\n" of "\\net" before it is a separator to normalize()), Icinga 2's listener ("Server TLS
    // handshake failed (from ADDR)"), the Checkmk agent controller in pull mode, Wazuh's and OSSEC's
    // enrolment daemon.
    R"(\bnrpe\[[0-9]+\]:|\bssl client has an invalid certificate\b|[\\/]socket[\\/](?:connection\.hpp|socket helpers\.cpp):[0-9]+:|)"
    R"(\bapilistener: server tls handshake failed \(from\b|\bcmk agent ctl::modes::pull\b|\b(?:wazuh|ossec)-authd:|)"
    R"(\berror receiving request from client\b|\bno ssl certificate provided by peer\b|\bconnection accepted from\b|)"
    R"(\bnew connection from\b.{0,80}\bon port\b|)"
    // EMQX's acceptor (esockd), a Kafka broker's socket server, Node's tls.Server event, OpenLDAP's
    // slapd, Elasticsearch's HTTP server transport.
    R"(\besockd (?:connection|acceptor)\b|\bsocketserver (?:brokerid|nodeid)=|\btlsclienterror\b|\btls: can't accept\b|)"
    R"(\bclient http traffic\b|\bsecuritynetty4httpservertransport\b|)"
    // The Oracle listener's log (listener.log): "<date> * (ADDRESS=(PROTOCOL=tcps)(HOST=client)(PORT=n))
    // * ... * 29024", the address being the remote client's.
    R"(\* \(address=\(protocol=tcps\)\(host=[^)]{1,255}\)\(port=[0-9]{1,5}\)|)"
    // Go's server-side verify words (crypto/tls since 1.20: the client's certificate), etcd's
    // older `rejected connection from "ADDR"`.
    R"(\bfailed to verify client's certificate\b|\brejected connection from\b|)"
    // The end that accepted a server-to-server link and authenticates the dialling peer by its
    // certificate (ejabberd's "Failed inbound s2s EXTERNAL authentication", "inbound s2s").
    R"(\bfailed inbound\b|\binbound s2s\b|)"
    // Nomad's and Consul's RPC servers (hclog): "nomad.rpc: failed TLS handshake: remote_addr=",
    // "agent.server.rpc: failed to read byte: conn=from=".
    R"(\bfailed tls handshake: remote addr=|\bconn=from=|)"
    // Mail servers: Postfix's smtpd ("postfix/smtpd[PID]", "NOQUEUE: abort: TLS from"), Exim's
    // "TLS error on connection from HOST", Dovecot's login processes ("imap-login:").
    R"(\bpostfix(?:/[a-z0-9-]+)*/smtpd\[[0-9]+\]|\bnoqueue: abort: tls from\b|\btls error on connection from\b|)"
    R"(\b(?:imap|pop3|submission|managesieve|lmtp)-login: |)"
    // Squid accepting a client's TLS (https_port, SslBump's client side).
    R"(\bfailure while (?:sslbump-)?accepting a tls connection\b|\berror negotiating ssl connection on fd\b|)"
    // lighttpd's TLS modules ("(mod_openssl.c.1153) SSL: ..."): always the server; ClickHouse's
    // server ("ServerErrorHandler: Code: 210", "while reading from socket (ADDR)").
    R"(\(mod (?:openssl|gnutls|mbedtls|wolfssl|nss)\.c\.[0-9]+\)|\bservererrorhandler: code: [0-9]+\b|)"
    // FreeRADIUS's EAP modules ("(8) eap_tls: ...", "Auth: (8) Login incorrect (eap_peap: ...)",
    // radiusd[PID]) and hostapd's authentication server ("authsrv: certificate chain failure").
    R"(\([0-9]+\) eap (?:tls|peap|ttls|teap|fast): |\bradiusd\[[0-9]+\]|\bauth: (?:\([0-9]+\) )?login incorrect\b|\bauth: tls: |)"
    R"(\bauthsrv: |)"
    // Java servers: Tomcat's connector threads ("https-jsse-nio-8443-exec-4") and its handshake log,
    // its OpenSSL engine and context, Jetty's server thread pool handshaking (qtp).
    R"(\bhttps-(?:jsse|openssl)-(?:nio2?|apr)-[0-9]+-exec-[0-9]+|\bhandshake failed for client connection from ip address\b|)"
    R"(\borg\.apache\.tomcat\.util\.net\.openssl\.|\bsslconnection:qtp[0-9]+-[0-9]+: handshake failed\b|)"
    // The peer named by an ephemeral port (32000-65999): a server names the client it talks to,
    // by the address the client's kernel picked; a client names the server by its service port.
    // Python's (host, port) tuple (tornado's `SSL Error on 15 ('10.0.0.7', 53129)`), a bracketed
    // `[10.0.0.7:61148]` and `from 10.0.0.7:53129`; never Go's `local->remote` pair.
    R"(\(['"]?[0-9a-f.:*]+['"]?, (?:3[2-9]|[45][0-9]|6[0-5])[0-9]{3}\)|)"
    R"(\[[0-9a-f.:]+:(?:3[2-9]|[45][0-9]|6[0-5])[0-9]{3}\]|)"
    R"(\bfrom "?\[?[0-9a-f.:]+\]?:(?:3[2-9]|[45][0-9]|6[0-5])[0-9]{3}(?:[^0-9-]|$)|)"
    // An OpenVPN server (--mode server) starts each line about a client with its "ADDR:PORT " (or
    // "CN/ADDR:PORT "), any port; a client names its server only as "[AF_INET]ADDR:PORT".
    R"((?:^| |/)(?:[0-9]{1,3}\.){3}[0-9]{1,3}:[0-9]{1,5} (?:verify |openssl: |tls error|tls auth error|)"
    R"(certificate does not have|\+\+ certificate has|validating certificate)|)"
    // Python's standard-library servers (http.server/socketserver frames, a socket wrapped with
    // server_side=True) and OpenSSL's s_server (its start-up line).
    R"(\bhttpserver\.serve\b|\bsocketserver\.py\b|\bin serve forever\b|\bin finish request\b|\bserver side=true\b|)"
    // asyncio's accept path (a server's debug log) and the JDK's own HttpsServer (sun.net.httpserver).
    R"(\berror on transport creation for incoming connection\b|\bsun\.net\.httpserver\.|)"
    R"(\busing default temp dh parameters\b|)"
    // The NATS server names a client it accepted "ADDR:PORT - cid:N - " (websocket: wid), and says
    // which end it plays in a route, leafnode or gateway handshake.
    R"( - (?:cid|wid):[0-9]+ - |\bstarting tls (?:route|leafnode|gateway) server handshake\b|)"
    // Puma's MiniSSL (a server naming the peer it accepted) and dart:io's server end.
    R"(\bpuma::minissl::sslerror\b|\bssl error, peer: [0-9a-f.:]+, peer cert:|\bhandshake error in server\b|)"
    // PHP's TLS server (stream_socket_accept), and `openssl verify` judging a client's certificate
    // (-purpose sslclient, or a file named client*): what it says is about the client, as a server's log.
    R"(\bstream socket accept\(\)|\bopenssl verify\b.{0,200}?(?:-purpose sslclient\b|\bclient[a-z0-9.-]*\.(?:crt|pem|cer|der)\b)|)"
    // HAProxy's frontend connection log: "ADDR:PORT [06/Dec/2026:04:01:02.117] fe/bind: SSL
    // handshake failure (error:...)" (session.c), the listener naming the client it accepted.
    R"([0-9]{2}/[a-z]{3}/[0-9]{4}:[0-9:.]+\] [^\]]{1,80}: ssl handshake failure\b|)"
    // A Zabbix server, proxy or agent accepting ("failed to accept an incoming connection: from
    // ADDR:", agent 2's "failed to read request from ADDR:").
    R"(\bfailed to accept an incoming connection\b|\bfailed to read request from [0-9a-f.:]+:|)"
    // XMPP servers on incoming streams (a client's, or another server's that opened the link):
    // Prosody's s2sin.../c2s... session log names, ejabberd's ejabberd_s2s_in: and ejabberd_c2s:.
    R"(\bs2sin[0-9a-f]{6,}\b|\bc2s[0-9a-f]{6,}\b|\bejabberd (?:s2s in|c2s):|)"
    // Fluent Bit's inputs that accept ("[input:forward:forward.0] could not accept new connection",
    // "[input forward.0] error initializing TLS context"), and Telegraf's listening inputs being
    // started ("starting input inputs.socket_listener").
    R"(\[input:[a-z0-9 ]+:[^\]]{1,80}\] could not accept new connection\b|\[input [^\]]{1,80}\] error initiali[sz]ing tls context\b|)"
    R"(\bstarting input inputs\.[a-z0-9 ]{0,40}listener\b|)"
    // strongSwan's IKE responder (it parsed the IKE_AUTH request: the gateway judging a road
    // warrior's certificate), and ocserv's workers and security module.
    R"(\bparsed ike auth request\b|\bocserv\[[0-9]+\]: (?:worker|sec-mod):|)"
    // Bouncy Castle's JSSE provider naming its end ("Server raised fatal(2) certificate_unknown(46)
    // alert", "Server received fatal(2) ...").
    R"(\bserver (?:raised|received) fatal\(2\))",
    // Java's debug log says which way the alert went: "SEND TLSv1.2 ALERT" (or "WRITE: TLSv1.2
    // Alert") is the writer refusing its peer.
    // OpenSSL's info callback ("SSL3 alert write:fatal:unknown CA", FreeRADIUS's "Alert write:fatal:",
    // "send TLS 1.2 Alert, fatal unknown_ca") says the same; FreeRADIUS also explains a received one
    // ("The client is informing us that ..."), and Zabbix ("TLS read fatal alert"; its "TLS write
    // fatal alert \"unknown CA\"" only where the server accepting wrote it: a Zabbix client that
    // sent one is read by its own verify words, as any client's).
    // Bouncy Castle names it by its exception: TlsFatalAlert is an alert this end raised and sent,
    // TlsFatalAlertReceived one its peer sent; its JSSE provider logs "Client raised fatal(2) ...
    // alert" and "Client received fatal(2) ... alert".
    R"(\bsend tlsv1(?:\.[0-3])? alert\b|\bwrite: tlsv1(?:\.[0-3])? alert\b|\balert write:fatal:|\bsend tls 1\.[0-3] alert, fatal\b|\bfailed to accept an incoming connection\b.{0,600}\btls write fatal alert\b|)"
    R"(\btlsfatalalert: [a-z ]+\([0-9]{1,3}\)|\b(?:client|server) raised fatal\(2\))",
    R"(\brecv tlsv1(?:\.[0-3])? alert\b|\bread: tlsv1(?:\.[0-3])? alert\b|\balert read:fatal:|\btls read fatal alert\b|\brecv tls 1\.[0-3] alert, fatal\b|\bthe client is informing us\b|\bssl: :?[a-z_ ]+: ssl alert\.erl:[0-9]+:fatal error\b|)"
    R"(\btlsfatalalertreceived\b|\b(?:client|server) received fatal\(2\))",
    // So does Erlang/OTP before 22 ("SSL: certify: ssl_handshake.erl:415:Fatal error: certificate
    // unknown", ssl_alert:alert_txt/1): the source location is where the alert was made, ssl_alert.erl's
    // decoder for one the peer sent (emqx#1311, ERL-184, rabbitmq-server#1424's client), the module
    // that refused for one this end raised (hackney#278, rabbitmq-server#1424's server). It does not
    // say which end that is: only a client's or a server's own words do.
    R"(\bssl: :?[a-z_ ]+: (?:ssl|tls|dtls) (?:handshake|certificate|connection|cipher|record|gen statem|v1)\.erl:[0-9]+:fatal error\b)",
};

struct WriterSigns {
  RE2::Set set{kb_regex_options(), RE2::UNANCHORED};
  std::vector<std::unique_ptr<RE2>> each;  // when the set's DFA runs out of memory
  WriterSigns() {
    for (const char* p : kWriterSigns) {
      // A sign RE2 refuses (a repeat over 1000, say) must not shift the others' indices: it
      // matches nothing, and its examples' tests fail.
      if (set.Add(p, nullptr) < 0) set.Add(R"([^\x00-\x{10ffff}])", nullptr);
      each.push_back(std::make_unique<RE2>(p, kb_regex_options()));
    }
    set.Compile();
  }
  std::array<bool, kSigns> of(std::string_view normalized) const {
    std::array<bool, kSigns> out{};
    const re2::StringPiece text(normalized.data(), normalized.size());
    std::vector<int> hits;
    RE2::Set::ErrorInfo error{};
    if (set.Match(text, &hits, &error)) {
      for (int i : hits) out[static_cast<std::size_t>(i)] = true;
    } else if (error.kind != RE2::Set::kNoError) {
      for (std::size_t i = 0; i < each.size(); ++i) out[i] = RE2::PartialMatch(text, *each[i]);
    }
    return out;
  }
};

}  // namespace

Writer writer_of(std::string_view normalized) {
  static const WriterSigns signs;
  const auto has = signs.of(normalized);
  const bool ca = has[kClientAlert];
  const bool sa = has[kServerAlert];
  if (ca && !sa) return Writer::ServerAlertFromClient;
  if (sa && !ca) return Writer::Unknown;
  const bool client = has[kClientWords];
  const bool server = !client && has[kServerWords];
  // An alert an old Erlang/OTP end raised itself: a client's refusal of the server where a client's
  // words say so; otherwise read as written (a server refusing the client, or nothing known).
  if (has[kOwnAlertOtp] && !has[kReceivedAlert]) return client ? Writer::ServerAlertFromClient : Writer::Unknown;
  // A sent alert from a client (the usual paster) is the client refusing the server; from a
  // server, the alert reads as written and the server's verify words judged the client.
  if (has[kSentAlert] && !has[kReceivedAlert]) {
    return server ? Writer::ServerSentAlert : Writer::ServerAlertFromClient;
  }
  if (server) return Writer::Server;
  return client ? Writer::Client : Writer::Unknown;
}

}  // namespace mtlsdoctor::explain
