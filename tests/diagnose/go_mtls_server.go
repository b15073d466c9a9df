// A Go crypto/tls mTLS server for diagnose's live tests. Go answers every refusal of a client
// certificate with bad_certificate (42): a missing certificate, a foreign CA, an expired one, and
// a denial made in VerifyPeerCertificate alike (SERVER-BEHAVIOUR.md).
//
//	go_mtls_server CERT KEY CLIENT_CA MODE
//
// MODE: "verify"  tls.RequireAndVerifyClientCert with ClientCAs (the CA names are sent);
//
//	"policy"  the same, then VerifyPeerCertificate lets only OU=payments in;
//	"nonames" tls.RequireAnyClientCert without ClientCAs (no CA names are sent), the chain
//	          verified against CLIENT_CA in VerifyPeerCertificate.
//
// Prints "ACCEPT 127.0.0.1:PORT" once it listens on a free port; stopped by its PID.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
)

func verifyAgainst(pool *x509.CertPool, raw [][]byte) error {
	if len(raw) == 0 {
		return errors.New("no client certificate")
	}
	certs := make([]*x509.Certificate, 0, len(raw))
	for _, r := range raw {
		c, err := x509.ParseCertificate(r)
		if err != nil {
			return err
		}
		certs = append(certs, c)
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return err
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: go_mtls_server CERT KEY CLIENT_CA verify|policy|nonames")
		os.Exit(2)
	}
	cert, err := tls.LoadX509KeyPair(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pem, err := os.ReadFile(os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	switch os.Args[4] {
	case "verify":
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = pool
	case "policy":
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = pool
		cfg.VerifyPeerCertificate = func(_ [][]byte, chains [][]*x509.Certificate) error {
			for _, ou := range chains[0][0].Subject.OrganizationalUnit {
				if ou == "payments" {
					return nil
				}
			}
			return errors.New("OU not allowed")
		}
	case "nonames":
		cfg.ClientAuth = tls.RequireAnyClientCert
		cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			return verifyAgainst(pool, raw)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[4])
		os.Exit(2)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("ACCEPT %s\n", ln.Addr().String())
	os.Stdout.Sync()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})}
	_ = srv.Serve(ln.(net.Listener))
}
