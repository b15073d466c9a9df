#!/usr/bin/env python3
"""Byte-for-byte output of the commands, before and after a change.

Runs `check`, `inspect`, `explain` and the demo's `diagnose` runs (openssl s_server on loopback,
TLS 1.2 and 1.3, every lab identity) on a fresh lab, masks what differs from run to run (random
keys give new serials, fingerprints and key ids; ports, times and durations) and compares the
result with the files in tests/cli/golden/expected/. A refactoring must leave them unchanged; a
deliberate change of output regenerates them with --update and shows up in the diff.

Usage: golden.py BINARY SOURCE_DIR [--update] [--only PREFIX]
"""
import calendar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# What changes from one lab to the next or one run to the next, most specific first.
MASKS = [
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "<TIME>"),
    (re.compile(r"\b[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}(?: GMT)?"), "<TIME>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: UTC)?"), "<TIME>"),
    # a bare date (inspect's validity line): the lab is made today, so its dates move every day
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), "<DATE>"),
    (re.compile(r"\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7,}\b"), "<HEX>"),
    (re.compile(r"\b[0-9A-Fa-f]{16,}\b"), "<HEX>"),
    (re.compile(r"[A-Za-z0-9+/]{43}="), "<B64>"),
    (re.compile(r"((?:127\.0\.0\.1|localhost|\[::1\]|::1)[:\s])\d{2,5}\b"), r"\1<PORT>"),
    (re.compile(r'("(?:at_ms|total_ms|[a-z_]*_ms|elapsed_s|seconds)": )-?[0-9.e+-]+'), r"\1<N>"),
    # the members of "timings_ms": {"connect": 0.2, "handshake": 4.6, ...}
    (re.compile(r'("(?:resolve|connect|starttls|handshake|request|response|total)": )[0-9.e+-]+'), r"\1<N>"),
    (re.compile(r" *\b\d+(?:\.\d+)? ?ms\b"), " <N> ms"),
    (re.compile(r"\bin \d+\.\d+ s\b"), "in <N> s"),
    (re.compile(r"\b\d+ bytes\b"), "<N> bytes"),
    (re.compile(r'("(?:bytes|length|size)": )\d+'), r"\1<N>"),
    # explain --log's prefilter: Hyperscan where the build has it (x86-64), RE2 elsewhere
    (re.compile(r'("prefilter": )"(?:re2|hyperscan)"'), r'\1"<ENGINE>"'),
]


DAYS = re.compile(r"\b\d+ days\b")


def mask(text, lab, source):
    text = text.replace(str(lab), "<LAB>").replace(str(source), "<SRC>")
    for pattern, repl in MASKS:
        text = pattern.sub(repl, text)
    return text


def run(binary, args, cwd, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([binary, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300)
    return f"$ mtls-doctor {' '.join(args)}\n# exit {p.returncode}\n{p.stdout}"


def free_server(lab, version):
    log = tempfile.NamedTemporaryFile(delete=False, suffix=".log")
    proc = subprocess.Popen(
        ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", "server-good.crt", "-key", "server-good.key",
         "-cert_chain", "server-good-chain.pem", "-CAfile", "client-ca.pem", "-Verify", "3", "-verify_return_error",
         "-CRL", "client-crl.pem", "-crl_check", "-www", version],
        cwd=lab, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    for _ in range(100):
        m = re.search(r"^ACCEPT .*:(\d+)$", Path(log.name).read_text(), re.M)
        if m:
            return proc, int(m.group(1))
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("openssl s_server did not start: " + Path(log.name).read_text())


def identity_args(lab, entry):
    args = []
    for k in ("cert", "key", "chain", "p12", "cacert", "crl"):
        if entry.get(k):
            args += [f"--{k}", entry[k]]
    if entry.get("password_file"):
        args += ["--password-file", entry["password_file"]]
    if entry.get("host"):
        args += ["--host", entry["host"]]
    return args


def pinned_time(lab):
    """An hour after the lab was made: `check` and `inspect` count days from it, not from now."""
    created = json.loads((lab / "manifest.json").read_text())["created"]
    t = time.strptime(created, "%Y-%m-%dT%H:%M:%SZ")
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(t) + 3600))


def cases_check(binary, lab):
    manifest = json.loads((lab / "manifest.json").read_text())
    for e in manifest["identities"]:
        args = ["check", "--role", e["role"], *identity_args(lab, e), "--at", pinned_time(lab)]
        yield f"check-{e['name']}.json", run(binary, [*args, "--format", "json"], lab)
        yield f"check-{e['name']}.txt", run(binary, args, lab)


def cases_inspect(binary, lab):
    at = ["--at", pinned_time(lab)]
    # Not the .pass files: a random password may begin like DER and be read as a broken file.
    files = sorted(p.name for p in lab.iterdir() if p.suffix in (".crt", ".key", ".pem", ".p12", ".json"))
    yield "inspect-lab.json", run(binary, ["inspect", *files, "--format", "json", *at], lab)
    yield "inspect-lab.txt", run(binary, ["inspect", *files, *at], lab)
    yield "inspect-client-good.txt", run(binary, ["inspect", "client-good.crt", "client-good-chain.pem", *at], lab)


EXPLAIN_TEXTS = [
    "remote error: tls: bad certificate",
    "tlsv1 alert unknown ca",
    "SSL alert number 116",
    "net::ERR_BAD_SSL_CLIENT_AUTH_CERT",
    "x509: certificate has expired or is not yet valid",
    "400 No required SSL certificate was sent",
    "PKIX path building failed",
    "this text names nothing known",
]


def cases_explain(binary, lab, source):
    for i, text in enumerate(EXPLAIN_TEXTS):
        yield f"explain-text-{i}.json", run(binary, ["explain", text, "--format", "json"], lab)
        yield f"explain-text-{i}.txt", run(binary, ["explain", text], lab)
    for n in ("48", "116", "49"):
        yield f"explain-alert-{n}.json", run(binary, ["explain", "--alert", n, "--format", "json"], lab)
        yield f"explain-alert-{n}.txt", run(binary, ["explain", "--alert", n], lab)
    for n in ("20", "10"):
        yield f"explain-verify-{n}.json", run(binary, ["explain", "--verify-code", n, "--format", "json"], lab)
        yield f"explain-verify-{n}.txt", run(binary, ["explain", "--verify-code", n], lab)
    samples = sorted((source / "tests/explain/samples").glob("*.txt"))
    picked = [s for s in samples if s.name.startswith(("nginx-", "apache-", "curl-", "go-", "java-"))][::6]
    for s in picked:
        yield f"explain-sample-{s.stem}.json", run(binary, ["explain", "-", "--format", "json"], lab, s.read_text())
    logs = [s for s in samples if "log" in s.name][:3]
    for s in logs:
        yield f"explain-log-{s.stem}.json", run(binary, ["explain", "--log", str(s), "--format", "json"], lab)
        yield f"explain-log-{s.stem}.txt", run(binary, ["explain", "--log", str(s)], lab)


def cases_usage(binary, lab):
    """--help of every command, and the error paths of the output contract (exit 2, one JSON object)."""
    for cmd in ([], ["check"], ["inspect"], ["diagnose"], ["explain"], ["lab"], ["lab", "create"], ["lab", "verify"],
                ["fullchain"]):
        yield f"help-{'-'.join(cmd) or 'main'}.txt", run(binary, [*cmd, "--help"], lab)
    errors = {
        "no-file": ["check", "--cert", "missing.pem", "--format", "json"],
        "bad-flag": ["check", "--nonsense", "--format", "json"],
        "cert-and-p12": ["check", "--cert", "client-good.crt", "--p12", "client-p12-legacy.p12", "--format", "json"],
        "bad-cacert": ["check", "--cert", "client-good.crt", "--cacert", "client-good.key", "--format", "json"],
        "server-unreadable": ["check", "--role", "server", "--cert", "manifest.json", "--format", "json"],
        "inspect-missing": ["inspect", "missing", "--format", "json"],
        "diagnose-no-target": ["diagnose", "--format", "json"],
        "diagnose-both-versions": ["diagnose", "127.0.0.1:1", "--tls1.2", "--tls1.3", "--format", "json"],
        "diagnose-bad-identity": ["diagnose", "127.0.0.1:1", "--cert", "manifest.json", "--format", "json"],
        "diagnose-refused": ["diagnose", "127.0.0.1:1", "--cert", "client-good.crt", "--key", "client-good.key",
                             "--cacert", "server-ca.pem", "--format", "json"],
        "diagnose-key-mismatch-text": ["diagnose", "127.0.0.1:1", "--cert", "client-key-mismatch.crt", "--key",
                                       "client-key-mismatch.key"],
        "explain-two-inputs": ["explain", "x", "--alert", "48", "--format", "json"],
        "lab-verify-missing": ["lab", "verify", "missing", "--format", "json"],
    }
    for name, args in errors.items():
        yield f"error-{name}.json", run(binary, args, lab)
    yield "lab-verify.json", run(binary, ["lab", "verify", ".", "--format", "json"], lab)
    yield "lab-verify.txt", run(binary, ["lab", "verify", "."], lab)


POLICY_IDS = ["client-good", "client-other-ca", "client-expired", "client-weak-key", "client-no-clientauth-eku"]


def cases_policy(binary, lab, source):
    """policy test on lab identities (with and without verification, sources), lint, and errors."""
    policy = str(source / "tests/cli/golden/policies/lab.yaml")
    at = ["--at", pinned_time(lab)]
    for ident in POLICY_IDS:
        args = ["policy", "test", "--policy", policy, "--cert", f"{ident}.crt", *at]
        yield f"policy-test-{ident}.txt", run(binary, args, lab)
        yield f"policy-test-{ident}.json", run(binary, [*args, "--format", "json"], lab)
    verify = ["--chain", "client-good-chain.pem", "--cacert", "client-ca.pem"]
    for ident in ("client-good", "client-expired"):
        args = ["policy", "test", "--policy", policy, "--cert", f"{ident}.crt", *verify, *at]
        yield f"policy-verify-{ident}.txt", run(binary, args, lab)
        yield f"policy-verify-{ident}.json", run(binary, [*args, "--format", "json"], lab)
    for source_ip in ("10.1.2.3", "192.0.2.1"):
        args = ["policy", "test", "--policy", policy, "--cert", "client-other-ca.crt", "--source", source_ip, *at]
        yield f"policy-source-{source_ip}.txt", run(binary, args, lab)
    lint = str(source / "tests/cli/golden/policies/lint.yaml")
    yield "policy-lint.txt", run(binary, ["policy", "lint", lint], lab)
    yield "policy-lint.json", run(binary, ["policy", "lint", lint, "--format", "json"], lab)
    yield "policy-lint-clean.txt", run(binary, ["policy", "lint", policy], lab)
    for cmd in (["policy"], ["policy", "test"], ["policy", "lint"]):
        yield f"help-{'-'.join(cmd)}.txt", run(binary, [*cmd, "--help"], lab)
    (lab / "bad-policy.yaml").write_text("version: 1\nrules:\n  - name: a\n    action: allow\n    match: {subjct: x}\n")
    errors = {
        "bad": ["policy", "test", "--policy", "bad-policy.yaml", "--cert", "client-good.crt", "--format", "json"],
        "missing": ["policy", "lint", "missing.yaml", "--format", "json"],
        "bad-source": ["policy", "test", "--policy", policy, "--cert", "client-good.crt", "--source", "nowhere",
                       "--format", "json"],
        "bad-identity": ["policy", "test", "--policy", policy, "--cert", "manifest.json", "--format", "json"],
    }
    for name, args in errors.items():
        yield f"error-policy-{name}.json", run(binary, args, lab)
    yield "error-policy-bad.txt", run(binary, ["policy", "lint", "bad-policy.yaml"], lab)


DIAGNOSE_IDS = ["client-good", "", "client-other-ca", "client-no-intermediate", "client-expired", "client-not-yet-valid",
                "client-no-clientauth-eku", "client-bad-key-usage", "client-revoked", "client-weak-key",
                "client-key-mismatch", "client-p12-legacy"]


def cases_diagnose(binary, lab):
    for version in ("-tls1_2", "-tls1_3"):
        proc, port = free_server(lab, version)
        try:
            for ident in DIAGNOSE_IDS:
                args = ["diagnose", f"127.0.0.1:{port}", "--cacert", "server-ca.pem", "--servername", "localhost",
                        "--timeout", "5"]
                if ident and (lab / f"{ident}.p12").exists():
                    args += ["--p12", f"{ident}.p12", "--password-file", f"{ident}.pass"]
                elif ident:
                    args += ["--cert", f"{ident}.crt", "--key", f"{ident}.key", "--crl", "client-crl.pem"]
                    if (lab / f"{ident}-chain.pem").exists():
                        args += ["--chain", f"{ident}-chain.pem"]
                name = f"diagnose{version}-{ident or 'no-cert'}"
                # diagnose judges at the real time (no --at): day counts move with the clock.
                yield f"{name}.json", DAYS.sub("<N> days", run(binary, [*args, "--format", "json"], lab))
                yield f"{name}.txt", DAYS.sub("<N> days", run(binary, args, lab))
        finally:
            proc.kill()
            proc.wait()


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, source = os.path.abspath(sys.argv[1]), Path(sys.argv[2]).resolve()
    update = "--update" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    expected_dir = source / "tests/cli/golden/expected"
    lab = Path(tempfile.mkdtemp(prefix="mtlsd-golden-")).resolve()
    try:
        subprocess.run([binary, "lab", "create", str(lab)], check=True, capture_output=True)
        groups = [cases_usage(binary, lab), cases_check(binary, lab), cases_inspect(binary, lab),
                  cases_explain(binary, lab, source), cases_policy(binary, lab, source), cases_diagnose(binary, lab)]
        seen, failed = 0, []
        for group in groups:
            for name, out in group:
                if only and not name.startswith(only):
                    continue
                seen += 1
                got = mask(out, lab, source)
                path = expected_dir / name
                if update:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(got)
                    continue
                want = path.read_text() if path.exists() else None
                if want != got:
                    failed.append(name)
                    import difflib
                    diff = difflib.unified_diff((want or "").splitlines(), got.splitlines(), f"expected/{name}", "got",
                                                lineterm="", n=1)
                    print("\n".join(list(diff)[:40]))
        if update:
            print(f"golden: {seen} outputs written to {expected_dir}")
            return 0
        print(f"{seen - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(lab, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
