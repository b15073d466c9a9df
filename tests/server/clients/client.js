// A Node.js TLS client: prints the HTTP answer, or "ERROR <code> <message>".
const tls = require('tls');
const fs = require('fs');
const [port, ca, version, cert, key] = process.argv.slice(2);
const v = version === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
const opts = {host: '127.0.0.1', port: Number(port), servername: 'localhost', ca: fs.readFileSync(ca),
              minVersion: v, maxVersion: v};
if (cert) {
  opts.cert = fs.readFileSync(cert);
  opts.key = fs.readFileSync(key);
}
let data = '';
const s = tls.connect(opts, () => s.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
s.setEncoding('utf8');
s.setTimeout(30000, () => { console.log('TIMEOUT'); s.destroy(); });
s.on('data', (d) => { data += d; });
s.on('end', () => console.log(data));
s.on('error', (e) => { console.log('ERROR', e.code, e.message); process.exitCode = 1; });
