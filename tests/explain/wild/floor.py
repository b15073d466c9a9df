#!/usr/bin/env python3
"""ctest guard: the wild scorer on the *tune* split must stay at or above a floor.

    floor.py <mtls-doctor binary>

Runs score.py --split tune --json (never the holdout part: see README.md) and fails when a
figure drops below its floor. The floors are the figures of the explain-accuracy work minus a
small margin (docs/explain.md, "On texts we did not write"); raise them when the figures rise.
stdlib only.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Percent of the tune entries (every round: 342 since the original round's 90 holdout rows were
# retired into tune on 2026-12-05; main a5b5f75 76.0% top-1, 89.2% candidates, 86.8% side, 1.8%
# without a verdict; after round kb7 84.5%, 95.3%, 92.7%, 0.3%; 367 with round 2026-12-07's 25
# untuned texts: 83.7%, 94.3%, 90.5%, 1.1%; after round kb8, which tuned on them: 85.0%, 95.4%,
# 92.4%, 0.3%; 398 with round 2026-12-08's 31 untuned texts: 83.7%, 94.2%, 91.0%, 0.3%; after
# round kb9: 85.9%, 95.7%, 93.2%, 0.0%; 423 with round 2026-12-09's 25 untuned texts: 85.1%, 95.0%,
# 91.3%, 0.2%; after round kb10: 85.8%, 95.7%, 92.0%, 0.0%, the 398 tuned before unchanged at
# 93.2% side: the side floor follows the new texts down to 91.8%); 444 with round 2026-12-10's 21
# untuned texts: 85.4%, 95.5%, 90.8%, 0.5%; after round kb11: 86.5%, 95.9%, 91.4%, 0.0%, the 423
# tuned before unchanged at 92.0% side, the 21 new ones at 81.0% (four clients without a CA store
# in words that do not decide): the side floor follows the new texts down to 91.2%, and the
# best-cause and candidates floors rise to 86.0% and 95.5%); 490 with round 2026-12-13's 13 untuned
# texts: 86.3%, 96.1%, 90.2%, 0.2%; after round kb14: 86.9%, 96.3%, 90.6%, 0.0%, the 477 tuned
# before unchanged at 91.6% side, the 13 new ones at 53.8% (six clients without a usable CA store
# in words that do not decide): the side floor follows the new texts down to 90.5%, and the
# best-cause and candidates floors rise to 86.5% and 96.0%); 501 with round 2026-12-14's 11
# texts (kb15, tuned on them beside kb14 and merged after it): 86.8%, 96.2%, 90.4%, 0.0%, the 490
# before unchanged but for 124 (fixed), the 11 new ones at 72.7% side (an OpenSSL `ca md too weak`
# and a Java server's log without a server's words): the side floor follows them down to 90.4%;
# no_verdict is a ceiling.
# Session 18: a client without its CA that received the server's certificate and refused it is
# rejected_by `client` (docs/finding-ids.md), in the labels (35 tune and 18 holdout entries) and
# in five knowledge-base entries: 95.8% side, and the side floor rises to 95.5%.
# Session 19: 516 with round added-2026-12-15's 15 tuning texts (6 best causes and 6 sides at first
# sight, 10 and 11 after the round's fixes): 86.2%, 95.9%, 95.2%, 0.2%, the 501 before unchanged;
# the floors follow the new texts down to 86.0%, 95.5% and 95.0%.
# Then 535 with round added-2026-12-16's 19 (12 and 14 at first sight, 16 and 18 after its fixes):
# 86.4%, 96.1%, 95.5%, 0.2%; the floors stay.
# Session 20: 566 with rounds 2026-12-17/18 tuned: 86.2%, 95.6%, 95.2%, 0.0%; 582 with round
# 2026-12-19 tuned: 85.7%, 95.5%, 95.2%, 0.0% (its five texts the words do not decide stay wrong):
# the best-cause floor follows it down to 85.5%.
# Session 21: 584 with round 2026-12-20's 2 tuning texts: 85.8%, 95.5%, 95.2%, 0.0%; the floors stay.
# Session 22: 596 with round added-2026-12-22's 7 tuning texts (2 best causes, 4 candidates and 3
# sides at first sight; 4, 5 and 5 after its fixes): 85.6%, 95.3%, 95.0%, 0.0%, the 589 before
# unchanged (566/596 sides is 94.97%). Two of the round's texts cannot have their cause among the
# candidates nor their side (a proposed id, 1054; Python's bare "unknown error", 1051): the floors
# follow them down to 95.0% candidates and 94.9% side.
# Then 600 with round added-2026-12-23's 4 (3 at first sight, 4 after its fix): 85.7%, 95.3%, 95.0%,
# 0.0%; the floors stay.
# Session 23: 607 with round added-2026-12-24's 7 (2 at first sight, 4 after its fix): 85.3%, 95.4%,
# 95.1%, 0.0%, the 600 before unchanged. Three of the round's texts are words-undecided (Firefox's
# unknown-issuer page settled as a missing intermediate, 1067 and 1068; a bare BoringSSL
# CERTIFICATE_VERIFY_FAILED settled as an expired certificate, 1072): the best-cause floor follows
# them down to 85.3%.
# Session 24: 609 with round added-2026-12-25's 2 (0 at first sight, 1 after its fix: PHP's own
# no-local-cert hint, 1085) and 616 with round added-2026-12-26's 7 (5 at first sight; the two
# others words-undecided: a received certificate_unknown settled as no client certificate, 1087; a
# received handshake_failure settled as no shared cipher, 1097): 85.2%, 95.3%, 95.1%, 0.0%, the 607
# before unchanged or better (640 fixed). The best-cause floor follows the new texts down to 85.2%.
# Session 26: 629 with rounds added-2026-12-28's 5 and added-2026-12-29's 3 (4 of 8 at first sight,
# left untuned: DST Root X3's expiry settled by its date, 1125; OpenConnect behind a provider's proxy,
# 1127; a certificate without clientAuth in words that say only "bad certificate", 1130 and 1131):
# 84.9% (534/629 = 84.896%), 95.1%, 95.1%, 0.0%, the 621 before unchanged. The best-cause floor
# follows the new texts down to 84.8%.
# Session 27: 644 with round added-2026-12-30's 15 (7 at first sight, 12 after its fixes; left: an
# X.509 v1 client certificate refused by the client's own webpki, 1142; an expired root in GnuTLS's
# store behind "server certificate verification failed", 1145; a 512-bit intermediate of the
# server's own chain behind "tlsv1 alert internal error", 1159): 84.8% (546/644 = 84.78%), 95.0%,
# 94.9% (611/644 = 94.88%), 0.0%, the 629 before unchanged. The best-cause and side floors follow
# the new texts down to 84.7% and 94.8%.
# Session 28: 673 with rounds added-2027-01-01's 10 and added-2027-01-02's 11 (19 of 21 at first
# sight; left: .NET's "Could not create SSL/TLS secure channel" settled as a client certificate it
# cannot send, 1196; librelp's verify_callback line without a word of which end, 1209): 85.0%
# (572/673), 95.2%, 94.8% (638/673 = 94.799%), 0.0%, the 652 before unchanged. The side floor
# follows the new texts down to 94.7%.
# Session 29: 692 with rounds added-2027-01-03's 4, -04's 3, -05's 7 and -06's 5 (11 of 19 at first
# sight; 1248, 1252 and 1258 words-undecided, 1302, 1306, 1315 and 1265 fixed by class, 1271's side
# fixed; left 1271's cause, 1281, 1319): 84.7% (586/692 = 84.68%), 95.2%, 94.7% (655/692 = 94.65%),
# 0.0%, the 673 before unchanged. The best-cause and side floors follow the new texts down to 84.6%
# and 94.6%.
# Session 30: 743 with round added-2027-01-08's 48 (34 best causes and 37 sides at first sight, 41 and
# 44 after the session's classes; left words-undecided: 1329 and 1360, a bare unknown issuer settled as
# a missing intermediate; 1337, a received bad_certificate settled as a name the certificate lacks;
# 1367, Java's received handshake_failure settled as no shared cipher; 1377 and 1378, a server's own key
# store behind the client's handshake failure; 1428, go-ldap's EOF settled as no shared cipher): 84.8%
# (630/743), 95.2%, 94.5% (702/743 = 94.48%), 0.0%, the 695 before unchanged. The side floor follows
# the new texts down to 94.4%.
# Then 778 with round added-2027-01-09's 33 (17 best causes and 23 sides at first sight, 22 and 27 after
# its fixes; left words-undecided: a received handshake_failure settled as no SNI or an ECDH curve,
# 1512, 1523, 1524; a bare CERTIFICATE_VERIFY_FAILED settled as no SNI or an expiry, 1484, 1485; Node's
# "unable to verify the first certificate" settled as an untrusted CA, 1532, 1546; a Kestrel refusal
# without the reason, 1500; a client's received unknown_ca beside the server's own verify line, 1519;
# Python's EOF settled as no shared cipher, 1521; a proxy's certificate in curl's words for the
# server's, 1530) and round added-2027-01-10's 2 (both right at first sight): 84.1% (654/778), 94.7%
# (737/778), 94.0% (731/778 = 93.96%), 0.0%, the 743 before unchanged. The floors follow the new texts
# down to 84.0%, 94.7% and 93.9%.
# Session 31: 797 with round added-2027-01-11's 19 (13 best causes and 14 sides at first sight, 17 and
# 17 after its fixes; left words-undecided: GnuTLS's "No supported cipher suites have been found" in a
# server's log settled as the server's certificate file not loaded, 1611, its second candidate; tonic's
# "broken pipe" settled as plain HTTP/2 to a TLS port, 1709): 84.2% (671/797), 94.7% (755/797 = 94.73%),
# 93.9% (748/797 = 93.85%), 0.0%, the 778 before unchanged. The side floor follows the new texts down to
# 93.8%.
# Session 32: 837 with round added-2027-01-12's 40 (20 best causes and 24 sides at first sight, 31 and 33
# after its classes; left words-undecided: a hostname mismatch or an untrusted default certificate
# settled as a client that sent no SNI, 1739, 1746, 1748; a received handshake_failure settled as a
# client chain the client could not build, 1725, or as no TLS 1.3 cipher, 1760; Python's
# CERTIFICATE_VERIFY_FAILED in a KMIP server's log without a server's words, 1751; an unknown issuer
# settled as an expired root or a missing intermediate, 1754, 1784; OTP 27's key-usage check, 1737;
# rustls's UnsupportedCertVersion in a server without a server's words, 1785; "wrong version number"
# settled as an SMTP server refusing EHLO before STARTTLS, 1771): 83.9% (702/837 = 83.87%), 94.7%
# (793/837 = 94.74%), 93.3% (781/837 = 93.31%), 0.0%, the 797 before unchanged. The best-cause and
# side floors follow the new texts down to 83.8% and 93.3%.
FLOORS = {"top1": 83.8, "candidates": 94.7, "side": 93.3}
NO_VERDICT_CEILING = 1.0


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    proc = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--split", "tune", "--json",
                           "--bin", sys.argv[1]], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        return 1
    s = json.loads(proc.stdout)["splits"]["tune"]
    n = s["entries"]
    ok = True
    for key, floor in FLOORS.items():
        pct = 100.0 * s[key] / n
        print(f"tune {key}: {s[key]}/{n} = {pct:.1f}% (floor {floor}%)")
        ok &= pct >= floor
    nv = 100.0 * s["no_verdict"] / n
    print(f"tune no_verdict: {s['no_verdict']}/{n} = {nv:.1f}% (ceiling {NO_VERDICT_CEILING}%)")
    ok &= nv <= NO_VERDICT_CEILING and s["errors"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
