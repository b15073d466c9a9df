// A Java (JSSE) TLS client: prints the HTTP answer, or "ERROR <exception>".
import java.io.*;
import java.net.Socket;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;
import javax.net.ssl.*;

public class Client {
  static List<X509Certificate> certs(String path) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = new FileInputStream(path)) {
      for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
    }
    return out;
  }

  static PrivateKey key(String path) throws Exception {
    String pem = Files.readString(Path.of(path));
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(b64);
    for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (Exception e) {
        // the next algorithm
      }
    }
    throw new IllegalArgumentException("no PKCS#8 key in " + path);
  }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    String ca = a[1], version = a[2], cert = a.length > 3 ? a[3] : "", keyFile = a.length > 4 ? a[4] : "";
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate c : certs(ca)) trust.setCertificateEntry("ca" + i++, c);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManager[] kms = null;
    if (!cert.isEmpty()) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("id", key(keyFile), new char[0], certs(cert).toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      kms = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tmf.getTrustManagers(), null);
    try (Socket raw = new Socket("127.0.0.1", port)) {
      raw.setSoTimeout(30000);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
      s.setEnabledProtocols(new String[] {version.equals("1.2") ? "TLSv1.2" : "TLSv1.3"});
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      // JSSE sends SNI only for a name with a dot; the other clients send "localhost".
      p.setServerNames(List.of(new SNIHostName("localhost")));
      s.setSSLParameters(p);
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes());
      s.getOutputStream().flush();
      System.out.println(new String(s.getInputStream().readAllBytes(), "UTF-8"));
    } catch (IOException e) {
      System.out.println("ERROR " + e);
    }
  }
}
