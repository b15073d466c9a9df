// A Go mTLS peer for capture-go.sh: what Go's crypto/tls and net/http print when mTLS fails.
//   mtlspeer client URL CERT KEY CAFILE VERSION   (CERT "" sends no certificate; VERSION 1.2 or 1.3)
//   mtlspeer server ADDR CERT KEY CLIENTCA        (requires and verifies client certificates)
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func pool(file string) *x509.CertPool {
	p := x509.NewCertPool()
	pem, err := os.ReadFile(file)
	if err != nil || !p.AppendCertsFromPEM(pem) {
		fmt.Fprintln(os.Stderr, "cannot read CA file", file)
		os.Exit(2)
	}
	return p
}

func main() {
	switch os.Args[1] {
	case "client":
		cfg := &tls.Config{RootCAs: pool(os.Args[5]), MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13}
		if os.Args[6] == "1.2" {
			cfg.MaxVersion = tls.VersionTLS12
		} else {
			cfg.MinVersion = tls.VersionTLS13
		}
		if os.Args[3] != "" {
			cert, err := tls.LoadX509KeyPair(os.Args[3], os.Args[4])
			if err != nil {
				fmt.Println(err)
				os.Exit(1)
			}
			cfg.Certificates = []tls.Certificate{cert}
		}
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
		resp, err := c.Get(os.Args[2])
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("OK", resp.Status)
	case "server":
		cert, err := tls.LoadX509KeyPair(os.Args[3], os.Args[4])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		srv := &http.Server{
			Addr: os.Args[2],
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool(os.Args[5]),
				ClientAuth: tls.RequireAndVerifyClientCert},
			Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }),
		}
		fmt.Fprintln(os.Stderr, srv.ListenAndServeTLS("", ""))
	}
}
