// A Node.js https server for live tests: requires a client certificate under CLIENT_CA, checks
// CRLs (one array element per CRL: Node reads only the first of a concatenated buffer), answers
// HTTP 200, and prints "ACCEPT 127.0.0.1:PORT" once listening.
//
// Node rejects a client certificate by closing the connection without an alert (the reason is
// not even in its own tlsClientError unless logged), which is why it is tested: mtls-doctor must
// name the cause from the identity alone.
//
// Usage: node node_mtls_server.js CERT KEY CLIENT_CA [CRL]
const https = require('https');
const fs = require('fs');

const [cert, key, ca, crl] = process.argv.slice(2);
const options = {cert: fs.readFileSync(cert), key: fs.readFileSync(key), ca: fs.readFileSync(ca), requestCert: true,
                 rejectUnauthorized: true};
if (crl) options.crl = fs.readFileSync(crl, 'utf8').split(/(?<=-----END X509 CRL-----\n)/).filter((s) => s.trim());

const server = https.createServer(options, (req, res) => {
  res.writeHead(200, {'Content-Length': 3, 'Connection': 'close'});
  res.end('ok\n');
});
server.on('tlsClientError', () => {});  // a refused client ends only its own connection
server.listen(0, '127.0.0.1', () => console.log(`ACCEPT 127.0.0.1:${server.address().port}`));
