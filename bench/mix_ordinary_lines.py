#!/usr/bin/env python3
"""A log with real nginx ordinary lines mixed in, for bench/paired_rounds.py (docs/performance.md,
"Measured in session 26"): the generated usual day (bench/gen_nginx_log) lacks the lines real
servers write all day that a careless literal cover flags (EACCES, access rules, PHP warnings).

    mix_ordinary_lines.py IN OUT [MAX_BYTES] [FRACTION]

copies IN's lines until MAX_BYTES (default 200,000,000) and, after each line with probability
FRACTION (default 0.25, seed 7), one of five of the ordinary lines of
tests/explain/literal_cover_test.cpp's LogScan.TheBuiltInFirstPassFlagsNoOrdinaryLine (not the
premature upstream close, which the generated log has in other words) with IN's timestamp. stdlib only.
"""
import random
import sys

LINES = [
    '{t} [error] 7#7: *{c} open() "/usr/share/nginx/html/favicon.ico" failed (13: Permission denied), '
    'client: 10.0.{a}.{b}, server: shop.example.com, request: "GET /favicon.ico HTTP/1.1"',
    '{t} [error] 7#7: *{c} access forbidden by rule, client: 10.0.{a}.{b}, server: shop.example.com, '
    'request: "GET /.env HTTP/1.1"',
    '{t} [crit] 7#7: *{c} connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied) while '
    'connecting to upstream, client: 10.0.{a}.{b}, server: shop.example.com, request: "GET /index.php '
    'HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:"',
    '{t} [error] 7#7: *{c} FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $user in '
    '/srv/www/index.php on line {b}" while reading response header from upstream, client: 10.0.{a}.{b}, '
    'server: shop.example.com, request: "GET /index.php HTTP/1.1"',
    '{t} [error] 7#7: *{c} directory index of "/srv/www/static/" is forbidden, client: 10.0.{a}.{b}, '
    'server: shop.example.com, request: "GET /static/ HTTP/1.1"',
]


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: mix_ordinary_lines.py IN OUT [MAX_BYTES] [FRACTION]")
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000_000
    fraction = float(sys.argv[4]) if len(sys.argv) > 4 else 0.25
    rng = random.Random(7)
    added = 0
    size = 0
    with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as out:
        for line in src:
            out.write(line)
            size += len(line)
            if rng.random() < fraction:
                extra = rng.choice(LINES).format(t=line[:19].decode("latin1"), c=rng.randint(1, 10**6),
                                                 a=rng.randint(0, 255), b=rng.randint(1, 255))
                out.write((extra + "\n").encode())
                added += 1
            if size > limit:
                break
    print(f"{added} ordinary lines added")


if __name__ == "__main__":
    main()
