// A Java (JSSE) mTLS server for live tests, run from source (`java JavaMtlsServer.java …`):
// requires a client certificate, validates it with PKIX against CLIENT_CA and the CRLs, answers
// HTTP 200, and prints "ACCEPT 127.0.0.1:PORT" once listening. Reads the lab's PEM files
// directly (certificates, CRLs, a PKCS#8 EC or RSA key): no keystore to prepare.
//
// JSSE answers every validation failure with certificate_unknown (46) and a missing certificate
// with bad_certificate (42), which is why it is tested: the alert narrows nothing, the identity
// names the cause.
//
// Usage: java JavaMtlsServer.java CERT_CHAIN KEY CLIENT_CA CRL
import java.io.*;
import java.net.InetAddress;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;
import javax.net.ssl.*;

public class JavaMtlsServer {
  static Collection<? extends java.security.cert.Certificate> certs(String file) throws Exception {
    try (InputStream in = new FileInputStream(file)) { return CertificateFactory.getInstance("X.509").generateCertificates(in); }
  }

  static PrivateKey key(String file) throws Exception {
    String pem = Files.readString(Path.of(file));
    String b64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(b64);
    for (String alg : new String[] {"EC", "RSA"}) {
      try { return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)); } catch (Exception e) { }
    }
    throw new IllegalArgumentException(file + ": not a PKCS#8 EC or RSA key");
  }

  public static void main(String[] a) throws Exception {
    char[] pass = "unused".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", key(a[1]), pass, certs(a[0]).toArray(new java.security.cert.Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);

    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    for (java.security.cert.Certificate c : certs(a[2])) ts.setCertificateEntry("ca" + i++, c);
    PKIXBuilderParameters pkix = new PKIXBuilderParameters(ts, new X509CertSelector());
    Collection<? extends CRL> crls;
    try (InputStream in = new FileInputStream(a[3])) { crls = CertificateFactory.getInstance("X.509").generateCRLs(in); }
    pkix.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
    pkix.setRevocationEnabled(true);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(new CertPathTrustManagerParameters(pkix));

    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    ss.setNeedClientAuth(true);
    System.out.println("ACCEPT 127.0.0.1:" + ss.getLocalPort());
    System.out.flush();
    while (true) {
      try (SSLSocket s = (SSLSocket) ss.accept()) {
        s.setSoTimeout(5000);
        s.startHandshake();
        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream()));
        for (String line = r.readLine(); line != null && !line.isEmpty(); line = r.readLine()) { }
        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n".getBytes());
        s.getOutputStream().flush();
      } catch (Exception e) {
        // a refused client ends only its own connection
      }
    }
  }
}
