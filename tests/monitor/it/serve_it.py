#!/usr/bin/env python3
"""monitor serve from outside, against real tools on loopback (every process started here and
stopped by its PID; nothing leaves 127.0.0.1):

  prometheus  a real Prometheus scrapes /metrics and /probe for openssl s_server endpoints; PromQL
              over its HTTP API gives the expected expiry, states and verdicts; the shipped rules
              load, and every Grafana dashboard query runs.
  sharding    deploy/prometheus/example-sharded.yml drives two monitor serve instances: each
              target is probed by exactly the instance its hashmod says, and both get a share.
  chromium    headless Chromium renders the status page: the DOM lists items worst first, and a
              screenshot (PNG) is kept as an artefact.
  logs        a real nginx rejects lab faults on loopback; monitor serve follows its error log
              (`logs:`): mtls_doctor_log_rejections_total counts them by cause, across a logrotate
              style rotation (rename, then USR1) without losing or counting a line twice, and
              the status page names the clients.
  kill9       monitor serve killed by SIGKILL during a sweep and started again: the history keeps
              every committed sweep, and sweeps and metrics resume.

usage: serve_it.py MTLS_DOCTOR SOURCE_DIR ARTEFACT_DIR {prometheus|sharding|chromium|logs|kill9}
Deadlines are generous and every wait polls for a condition (a loaded 2-core machine)."""

import calendar
import hashlib
import html.parser
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

BINARY, SOURCE, ARTEFACTS = (os.path.abspath(a) for a in sys.argv[1:4])
WHAT = sys.argv[4]
DEADLINE = 240  # seconds for any one condition to come true
PROCESSES = []


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    raise SystemExit(1)


def check(condition, message):
    if not condition:
        fail(message)


def wait_for(what, predicate, deadline=DEADLINE, every=0.2):
    """Polls predicate() until it returns a true value; fails naming `what` at the deadline."""
    until = time.monotonic() + deadline
    last = None
    while time.monotonic() < until:
        try:
            last = predicate()
            if last:
                return last
        except (OSError, ValueError, KeyError) as e:
            last = e
        time.sleep(every)
    fail(f"{what}: not within {deadline} s (last: {last!r})")


def start(args, log, **kw):
    out = open(log, "wb")
    p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         start_new_session=True, **kw)
    PROCESSES.append(p)
    return p


def stop(p, sig=signal.SIGTERM):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def stop_all():
    for p in PROCESSES:
        stop(p, signal.SIGKILL)


def http(url, timeout=60):
    """(status, body) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def s_server(lab, require, log):
    """openssl s_server on a kernel-chosen port; its port from the ACCEPT line."""
    args = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", "server-good.crt", "-key", "server-good.key",
            "-cert_chain", "server-good-chain.pem", "-www", "-naccept", "100000"]
    if require:
        args += ["-Verify", "3", "-verify_return_error", "-CAfile", "client-ca.pem"]
    start(args, log, cwd=lab)
    line = wait_for(f"s_server listening ({log})",
                    lambda: re.search(r"ACCEPT \S+:(\d+)", open(log, errors="replace").read()))
    return int(line.group(1))


def monitor_serve(config, log, listen="127.0.0.1:0", extra=()):
    p = start([BINARY, "monitor", "serve", "--config", config, "--listen", listen, *extra], log)
    m = wait_for(f"monitor serve listening ({log})",
                 lambda: p.poll() is None and re.search(r"listening on 127\.0\.0\.1:(\d+)",
                                                        open(log, errors="replace").read()) or
                 (p.poll() is not None and fail(f"monitor serve exited: {open(log).read()}")))
    return p, int(m.group(1))


def not_after(path):
    out = subprocess.run(["openssl", "x509", "-in", path, "-noout", "-enddate", "-dateopt", "iso_8601"],
                         capture_output=True, text=True, check=True).stdout
    stamp = out.strip().split("=", 1)[1]  # 2027-01-01 00:00:00Z
    return calendar.timegm(time.strptime(stamp, "%Y-%m-%d %H:%M:%SZ"))


def chain_not_afters(lab):
    """Every certificate's expiry in server-good.crt + server-good-chain.pem."""
    values = [not_after(os.path.join(lab, "server-good.crt"))]
    pem = open(os.path.join(lab, "server-good-chain.pem")).read()
    for block in re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", pem, re.S):
        with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as f:
            f.write(block + "\n")
        values.append(not_after(f.name))
        os.unlink(f.name)
    return values


def lab_config(work, lab, mtls, plain, interval="2s", extra_endpoints=""):
    at = lambda n: os.path.join(lab, n)
    config = os.path.join(work, "monitor.yaml")
    with open(config, "w") as f:
        f.write(f"""version: 1
interval: {interval}
database: history.db
files:
  - path: {at("client-good.crt")}
  - path: {at("client-expired.crt")}
identities:
  - name: id-good
    cert: {at("client-good.crt")}
    key: {at("client-good.key")}
    chain: {at("client-good-chain.pem")}
  - name: id-expired
    cert: {at("client-expired.crt")}
    key: {at("client-expired.key")}
    chain: {at("client-expired-chain.pem")}
endpoints:
  - name: good
    target: 127.0.0.1:{mtls}
    identity: id-good
    cacert: {at("server-ca.pem")}
    expect_mtls: true
  - name: rejected
    target: 127.0.0.1:{mtls}
    identity: id-expired
    cacert: {at("server-ca.pem")}
  - name: plain
    target: 127.0.0.1:{plain}
    identity: id-good
    cacert: {at("server-ca.pem")}
    expect_mtls: true
{extra_endpoints}probe:
  allow: ["localhost:*", "127.0.0.1:*"]
  identity: id-good
  cacert: {at("server-ca.pem")}
""")
    return config


def make_lab(work):
    lab = os.path.join(work, "lab")
    subprocess.run([BINARY, "lab", "create", lab], check=True, capture_output=True)
    return lab


class Prometheus:
    def __init__(self, work, config_text, name="prometheus"):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.config = os.path.join(self.dir, "prometheus.yml")
        with open(self.config, "w") as f:
            f.write(config_text)
        check_out = subprocess.run(["promtool", "check", "config", self.config], capture_output=True, text=True)
        check(check_out.returncode == 0, f"promtool check config: {check_out.stdout}{check_out.stderr}")
        for attempt in range(5):  # a port taken between free_port() and the bind: another
            self.port = free_port()
            log = os.path.join(self.dir, f"prometheus-{attempt}.log")
            self.process = start(["prometheus", f"--config.file={self.config}",
                                  f"--storage.tsdb.path={os.path.join(self.dir, 'data')}",
                                  f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"], log)
            ok = wait_for("prometheus ready", lambda: self.process.poll() is not None or self.ready())
            if self.process.poll() is None:
                return
        fail(f"prometheus would not start: {open(log).read()}")

    def ready(self):
        try:
            return http(f"http://127.0.0.1:{self.port}/-/ready", timeout=5)[0] == 200
        except OSError:
            return False

    def query(self, promql):
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
        status, body = http(url)
        answer = json.loads(body)
        check(answer.get("status") == "success", f"{promql}: {body}")
        return answer["data"]["result"]

    def value(self, promql):
        """The single sample's value, or None while there is none."""
        r = self.query(promql)
        return float(r[0]["value"][1]) if len(r) == 1 else None

    def api(self, path):
        return json.loads(http(f"http://127.0.0.1:{self.port}{path}")[1])


def test_prometheus(work):
    lab = make_lab(work)
    mtls = s_server(lab, True, os.path.join(work, "s_server-mtls.log"))
    plain = s_server(lab, False, os.path.join(work, "s_server-plain.log"))
    config = lab_config(work, lab, mtls, plain)
    serve, port = monitor_serve(config, os.path.join(work, "serve.log"))
    rules = os.path.join(SOURCE, "deploy", "prometheus", "rules.yml")
    prom = Prometheus(work, f"""global: {{scrape_interval: 2s, evaluation_interval: 2s}}
rule_files: [{rules}]
scrape_configs:
  - job_name: mtls-doctor
    scrape_timeout: 2s
    static_configs: [{{targets: ["127.0.0.1:{port}"]}}]
  - job_name: probe-good
    metrics_path: /probe
    scrape_interval: 5s
    scrape_timeout: 5s
    static_configs: [{{targets: ["localhost:{mtls}"]}}]
    params: {{servername: [localhost]}}
    relabel_configs:
      - {{source_labels: [__address__], target_label: __param_target}}
      - {{source_labels: [__param_target], target_label: instance}}
      - {{target_label: __address__, replacement: "127.0.0.1:{port}"}}
  - job_name: probe-expired
    metrics_path: /probe
    scrape_interval: 5s
    scrape_timeout: 5s
    static_configs: [{{targets: ["localhost:{mtls}"]}}]
    params: {{identity: [id-expired], servername: [localhost]}}
    relabel_configs:
      - {{source_labels: [__address__], target_label: __param_target}}
      - {{source_labels: [__param_target], target_label: instance}}
      - {{target_label: __address__, replacement: "127.0.0.1:{port}"}}
""")
    # States from the sweep: the good identity ok, the expired one critical; endpoint verdicts.
    wait_for("identity states", lambda: prom.value('mtls_doctor_item_state{kind="identity",name="id-expired"}') == 2
             and prom.value('mtls_doctor_item_state{kind="identity",name="id-good"}') == 0)
    wait_for("endpoint states", lambda: prom.value('mtls_doctor_item_state{kind="endpoint",name="good"}') == 0
             and prom.value('mtls_doctor_item_state{kind="endpoint",name="rejected"}') == 2
             and prom.value('mtls_doctor_item_state{kind="endpoint",name="plain"}') == 1)
    check(prom.value('mtls_doctor_endpoint_verdict{name="rejected",cause="client-cert-expired",rejected_by="server"}')
          == 1, "the rejected endpoint's verdict with its cause")
    check(prom.value('mtls_doctor_endpoint_verdict{name="good",cause="ok"}') == 1, "the good endpoint's verdict")
    check(prom.value('mtls_doctor_item_finding{name="plain",finding="mtls-not-requested"}') == 1,
          "mTLS no longer requested")
    # Expiry: the expired file's certificate is a sample, at its real not_after.
    expired = prom.value(f'mtls_doctor_certificate_not_after_seconds{{kind="file",name="{lab}/client-expired.crt"}}')
    check(expired == not_after(os.path.join(lab, "client-expired.crt")), f"expired file's not_after: {expired}")
    check(expired < time.time(), "it is in the past")
    server_leaf = prom.value('mtls_doctor_certificate_not_after_seconds{kind="endpoint",name="good",role="server"}')
    check(server_leaf == not_after(os.path.join(lab, "server-good.crt")), f"server leaf not_after {server_leaf}")
    check(prom.value('count(mtls_doctor_certificate_not_after_seconds{kind="endpoint",name="good"})') ==
          len(chain_not_afters(lab)), "the server chain: every certificate the server sends")
    # /probe driven by Prometheus: blackbox's names, the identity's expiry and the verdict.
    wait_for("probe results", lambda: prom.value('probe_success{job="probe-good"}') == 1
             and prom.value('probe_success{job="probe-expired"}') == 0)
    check(prom.value('probe_ssl_earliest_cert_expiry{job="probe-good"}') == min(chain_not_afters(lab)),
          "probe_ssl_earliest_cert_expiry is the chain's earliest not_after")
    check(prom.value('probe_client_certificate_not_after_seconds{job="probe-expired"}') ==
          not_after(os.path.join(lab, "client-expired.crt")), "the presented identity's expiry")
    check(prom.value('probe_mtls_verdict{job="probe-expired",cause="client-cert-expired",rejected_by="server"}') == 1,
          "probe verdict with its cause")
    check(prom.value('probe_mtls_verdict{job="probe-good",cause="ok",rejected_by="none"}') == 1, "probe verdict ok")
    # The shipped rules load and evaluate; the expired certificate fires at once (no `for`).
    groups = prom.api("/api/v1/rules")["data"]["groups"]
    check(len(groups) == 1 and all(r["health"] == "ok" for r in groups[0]["rules"]) and len(groups[0]["rules"]) == 8,
          f"rules: {json.dumps(groups)[:2000]}")
    wait_for("MtlsCertificateExpired firing",
             lambda: (prom.value('count(ALERTS{alertname="MtlsCertificateExpired",alertstate="firing"})') or 0) >= 2)
    # Every Grafana dashboard query is valid PromQL with data here.
    dashboard = json.load(open(os.path.join(SOURCE, "deploy", "grafana", "mtls-doctor.json")))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    check(len(exprs) >= 10, "dashboard queries")
    for e in exprs:
        if "[1h]" in e:
            continue  # needs an hour of data for a value; still checked to parse below
        wait_for(f"dashboard query {e}", lambda: len(prom.query(e)) > 0)
    for e in exprs:
        prom.query(e)
    stop(prom.process)
    stop(serve)
    check(serve.returncode == 0, f"monitor serve exit {serve.returncode}")


def test_sharding(work):
    lab = make_lab(work)
    # Prometheus's hashmod: the md5 of the source labels, its last 8 bytes as a big-endian integer.
    def shard_of(target):
        return int.from_bytes(hashlib.md5(target.encode()).digest()[8:], "big") % 2

    # The ports are free ones, so the shards of three servers' six targets are down to chance (one
    # run in 32 puts them all in one shard): start servers until both shards have a target.
    ports, targets = [], []
    while len(ports) < 3 or len({shard_of(t) for t in targets}) < 2:
        check(len(ports) < 12, f"no two shards among {targets}")
        ports.append(s_server(lab, True, os.path.join(work, f"s_server-{len(ports)}.log")))
        targets += [f"{host}:{ports[-1]}" for host in ("localhost", "127.0.0.1")]
    config = lab_config(work, lab, ports[0], ports[1])
    a, port_a = monitor_serve(config, os.path.join(work, "serve-a.log"))
    b, port_b = monitor_serve(config, os.path.join(work, "serve-b.log"))
    example = open(os.path.join(SOURCE, "deploy", "prometheus", "example-sharded.yml")).read()
    check("monitor-0.example:9796" in example and "monitor-1.example:9796" in example, "the example's placeholders")
    text = (example.replace("monitor-0.example:9796", f"127.0.0.1:{port_a}")
            .replace("monitor-1.example:9796", f"127.0.0.1:{port_b}")
            .replace("scrape_interval: 1m", "scrape_interval: 3s").replace("scrape_timeout: 30s", "scrape_timeout: 3s")
            .replace("rule_files: [rules.yml]", f"rule_files: [{os.path.join(SOURCE, 'deploy/prometheus/rules.yml')}]"))
    prom_dir = os.path.join(work, "prometheus")
    os.makedirs(prom_dir, exist_ok=True)
    with open(os.path.join(prom_dir, "targets.json"), "w") as f:
        json.dump([{"targets": targets, "labels": {"identity": "id-good"}}], f)
    text = text.replace("files: [targets.json]", f"files: [{os.path.join(prom_dir, 'targets.json')}]")
    prom = Prometheus(work, text)
    shard = {t: shard_of(t) for t in targets}
    expected = {0: sorted(t for t in targets if shard[t] == 0), 1: sorted(t for t in targets if shard[t] == 1)}
    check(expected[0] and expected[1], f"the test's targets fall in both shards: {shard}")

    def scraped(job):
        r = prom.query(f'probe_success{{job="{job}"}} == 1')
        return sorted(s["metric"]["instance"] for s in r)

    wait_for("both shards probed", lambda: scraped("mtls-probe-0") == expected[0] and
             scraped("mtls-probe-1") == expected[1])
    # And each instance really served its share: its own /probe counter.
    def probed(port):
        m = re.search(r'mtls_doctor_probe_requests_total\{result="probed"\} (\d+)',
                      http(f"http://127.0.0.1:{port}/metrics")[1])
        return int(m.group(1))
    check(probed(port_a) > 0 and probed(port_b) > 0, "both instances probed")
    active = prom.api("/api/v1/targets")["data"]["activeTargets"]
    by_job = {}
    for t in active:
        if t["labels"]["job"].startswith("mtls-probe"):
            by_job.setdefault(t["labels"]["job"], []).append(t["labels"]["instance"])
            want = port_a if t["labels"]["job"] == "mtls-probe-0" else port_b
            check(f"127.0.0.1:{want}" in t["scrapeUrl"], f"scraped through its instance: {t['scrapeUrl']}")
    check(sorted(by_job["mtls-probe-0"]) == expected[0] and sorted(by_job["mtls-probe-1"]) == expected[1],
          f"targets by shard {by_job} vs {expected}")
    print(f"shard 0: {expected[0]}\nshard 1: {expected[1]}")
    stop(prom.process)
    stop(a)
    stop(b)


class Items(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.items = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "data-state" in a:
            self.items.append((a["data-state"], a.get("data-name", "")))


def chromium(args, timeout=180):
    profile = tempfile.mkdtemp(prefix="mtlsd-chromium-")
    try:
        return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                               "--no-first-run", f"--user-data-dir={profile}"] + args,
                              capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_chromium(work):
    lab = make_lab(work)
    mtls = s_server(lab, True, os.path.join(work, "s_server-mtls.log"))
    plain = s_server(lab, False, os.path.join(work, "s_server-plain.log"))
    config = lab_config(work, lab, mtls, plain)
    serve, port = monitor_serve(config, os.path.join(work, "serve.log"))
    # Three sweeps, so that the sparklines have a history.
    wait_for("three sweeps", lambda: int(re.search(r"mtls_doctor_sweeps_total (\d+)",
                                                   http(f"http://127.0.0.1:{port}/metrics")[1]).group(1)) >= 3)
    url = f"http://127.0.0.1:{port}/"
    dom = chromium(["--dump-dom", url])
    check(dom.returncode == 0, f"chromium --dump-dom: {dom.stderr.decode()[-2000:]}")
    parser = Items()
    parser.feed(dom.stdout.decode())
    states = [s for s, _ in parser.items]
    print("rendered order:", parser.items)
    rank = {"critical": 3, "unknown": 2, "warning": 1, "ok": 0}
    check(len(states) == 7, f"every item rendered: {parser.items}")
    check(all(rank[x] >= rank[y] for x, y in zip(states, states[1:])), f"worst first: {states}")
    check(states[0] == "critical" and states[-1] == "ok", f"from critical to ok: {states}")
    check(dom.stdout.decode().count("<svg class=\"spark\"") == 7, "a sparkline per item")
    os.makedirs(ARTEFACTS, exist_ok=True)
    for name, size in (("status-page-phone.png", "412,1400"), ("status-page.png", "1100,1000")):
        png = os.path.join(ARTEFACTS, name)
        if os.path.exists(png):
            os.unlink(png)
        shot = chromium([f"--screenshot={png}", f"--window-size={size}", "--hide-scrollbars", url])
        check(shot.returncode == 0 and os.path.exists(png), f"chromium --screenshot: {shot.stderr.decode()[-2000:]}")
        with open(png, "rb") as f:
            head = f.read(24)
        check(head[:8] == b"\x89PNG\r\n\x1a\n", "a PNG")
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        check(f"{width},{height}" == size, f"{name}: {width}x{height}")
        print(f"screenshot: {png} ({os.path.getsize(png)} bytes)")
    stop(serve)


def silent_server():
    """A TCP server that accepts and never answers: an endpoint whose probe waits out its deadline."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    held = []

    def run():
        while True:
            try:
                c, _ = s.accept()
                held.append(c)
            except OSError:
                return

    threading.Thread(target=run, daemon=True).start()
    return s, s.getsockname()[1]


def history_rows(config):
    r = subprocess.run([BINARY, "monitor", "history", "--config", config, "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"monitor history: {r.stderr}")
    return json.loads(r.stdout)["history"]


def test_kill9(work):
    lab = make_lab(work)
    mtls = s_server(lab, True, os.path.join(work, "s_server-mtls.log"))
    plain = s_server(lab, False, os.path.join(work, "s_server-plain.log"))
    silent, silent_port = silent_server()
    # interval 8 s: each probe phase may take 2 s, so the silent endpoint keeps every sweep busy.
    config = lab_config(work, lab, mtls, plain, interval="8s", extra_endpoints=f"""  - name: silent
    target: 127.0.0.1:{silent_port}
    identity: id-good
    cacert: {os.path.join(lab, "server-ca.pem")}
""")
    log = os.path.join(work, "serve-1.log")
    serve, port = monitor_serve(config, log)

    def metric(port, name):
        m = re.search(rf"^{name} (\S+)$", http(f"http://127.0.0.1:{port}/metrics")[1], re.M)
        return float(m.group(1))

    wait_for("two sweeps", lambda: metric(port, "mtls_doctor_sweeps_total") >= 2)
    # Kill it while a sweep is under way (the silent endpoint holds each sweep for seconds).
    wait_for("a sweep under way", lambda: metric(port, "mtls_doctor_sweep_in_progress") == 1, every=0.05)
    serve.send_signal(signal.SIGKILL)
    serve.wait(60)
    check(serve.returncode == -signal.SIGKILL, f"killed: {serve.returncode}")
    rows_before = history_rows(config)
    sweeps_before = sorted({r["checked_at"] for r in rows_before})
    check(len(sweeps_before) >= 2, f"committed sweeps before the kill: {sweeps_before}")
    items = len({(r["kind"], r["name"]) for r in rows_before})
    check(len(rows_before) == items * len(sweeps_before), "each committed sweep whole: no half sweep recorded")
    # Start again: every committed sweep is still there, and new ones are added.
    serve, port = monitor_serve(config, os.path.join(work, "serve-2.log"))
    wait_for("sweeping again", lambda: metric(port, "mtls_doctor_sweeps_total") >= 1)
    check(metric(port, "mtls_doctor_item_state{kind=\"endpoint\",name=\"rejected\"}") == 2, "metrics are back")
    check(metric(port, "mtls_doctor_item_state{kind=\"endpoint\",name=\"silent\"}") == 3, "the silent one unknown")
    rows_after = history_rows(config)
    sweeps_after = sorted({r["checked_at"] for r in rows_after})
    check(set(sweeps_before) <= set(sweeps_after) and len(sweeps_after) > len(sweeps_before),
          f"history kept and resumed: {len(sweeps_before)} → {len(sweeps_after)}")
    check(all(r in rows_after for r in rows_before), "no committed row lost or changed")
    status, body = http(f"http://127.0.0.1:{port}/api/status")
    check(status == 200 and len(json.loads(body)["items"]) == items, "the status API is back")
    stop(serve)
    silent.close()


def nginx(lab, work, port):
    d = work
    with open(os.path.join(d, "server-fullchain.pem"), "w") as f:
        f.write(open(os.path.join(lab, "server-good.crt")).read() + open(os.path.join(lab, "server-good-chain.pem")).read())
    conf = os.path.join(d, "nginx.conf")
    temp = "".join(f"  {k}_temp_path {d}/tmp-{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
user root;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 64; }}
http {{
  access_log off;
{temp}  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {d}/server-fullchain.pem;
    ssl_certificate_key {lab}/server-good.key;
    ssl_client_certificate {lab}/client-ca.pem;
    ssl_crl {lab}/client-crl.pem;
    ssl_verify_client on;
    ssl_verify_depth 3;
    location / {{ return 200 "ok\\n"; }}
  }}
}}
""")
    p = start(["nginx", "-c", conf, "-e", os.path.join(d, "nginx-startup.log")], os.path.join(d, "nginx.log"))

    def accepts():
        if p.poll() is not None:
            fail(f"nginx exited: {open(os.path.join(d, 'nginx.log')).read()} {open(os.path.join(d, 'error.log')).read()}")
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            return True
    wait_for("nginx listening", accepts)
    return p


def test_logs(work):
    lab = make_lab(work)
    for name in ("client-good", "client-expired", "client-revoked"):
        with open(os.path.join(work, f"{name}-full.pem"), "w") as f:
            f.write(open(os.path.join(lab, f"{name}.crt")).read() + open(os.path.join(lab, f"{name}-chain.pem")).read())
    port = free_port()
    server = nginx(lab, work, port)
    config = os.path.join(work, "monitor.yaml")
    with open(config, "w") as f:
        f.write(f"version: 1\ninterval: 1s\ndatabase: history.db\nlogs:\n  - name: nginx\n    path: error.log\n")
    serve, mport = monitor_serve(config, os.path.join(work, "serve.log"))

    def metrics():
        return http(f"http://127.0.0.1:{mport}/metrics")[1]

    def rejections(cause):
        m = re.search(rf'^mtls_doctor_log_rejections_total{{log="nginx",cause="{cause}"}} (\d+)$', metrics(), re.M)
        return int(m.group(1)) if m else 0

    wait_for("the log followed", lambda: 'mtls_doctor_log_following{log="nginx"} 1' in metrics())

    def client(name):
        r = subprocess.run(["curl", "-sS", "--max-time", "30", "--cacert", os.path.join(lab, "server-ca.pem"),
                            "--cert", os.path.join(work, f"{name}-full.pem"), "--key", os.path.join(lab, f"{name}.key"),
                            "-o", "/dev/null", "-w", "%{http_code}", f"https://localhost:{port}/"],
                           capture_output=True, text=True, timeout=60)
        return r.stdout

    check(client("client-good") == "200", "the good client is let in")
    for _ in range(3):
        check(client("client-expired") == "400", "nginx answers 400 to an expired certificate")
    for _ in range(2):
        client("client-revoked")
    wait_for("3 expired, 2 revoked", lambda: rejections("client-cert-expired") == 3 and
             rejections("client-cert-revoked") == 2)
    # logrotate's way: rename, a line still written to the renamed file, USR1, then the new file.
    os.rename(os.path.join(work, "error.log"), os.path.join(work, "error.log.1"))
    client("client-expired")
    os.kill(int(open(os.path.join(work, "nginx.pid")).read()), signal.SIGUSR1)
    wait_for("nginx reopened its log", lambda: os.path.exists(os.path.join(work, "error.log")))
    client("client-expired")
    wait_for("5 expired across the rotation", lambda: rejections("client-cert-expired") == 5)
    # A later line: by the time it is counted, everything before it was, and nothing twice.
    client("client-revoked")
    wait_for("3 revoked", lambda: rejections("client-cert-revoked") == 3)
    check(rejections("client-cert-expired") == 5, "no line counted twice after the rotation")
    page = http(f"http://127.0.0.1:{mport}/")[1]
    check("5 clients</b> failed with <b>client-cert-expired</b>" in page, f"the page's count: {page[-3000:]}")
    check("127.0.0.1" in page, "the clients named")
    stop(serve)
    stop(server)


def test_tls(work):
    """Prometheus scrapes monitor serve over HTTPS, presenting a client certificate and basic-auth
    credentials (its own tls_config and basic_auth), as a hardened deployment does; scrapes
    without the certificate, with one the policy refuses, or with a wrong password fail (up 0)
    and are counted by reason."""
    lab = make_lab(work)
    with open(os.path.join(lab, "server-full.pem"), "w") as f:
        f.write(open(os.path.join(lab, "server-good.crt")).read() + open(os.path.join(lab, "server-good-chain.pem")).read())
    for who in ("client-good", "client-wrong-ou"):
        with open(os.path.join(lab, f"{who}-full.pem"), "w") as f:
            f.write(open(os.path.join(lab, f"{who}.crt")).read() + open(os.path.join(lab, f"{who}-chain.pem")).read())
    password = "scrape-Pa55word"
    hashed = subprocess.run(["htpasswd", "-nbBC", "5", "", password], check=True, capture_output=True,
                            text=True).stdout.strip().split(":", 1)[1]
    config = os.path.join(work, "monitor.yaml")
    with open(config, "w") as f:
        f.write(f"version: 1\ninterval: 2s\ndatabase: history.db\nfiles:\n  - path: {lab}/client-good.crt\n")
    with open(os.path.join(work, "policy.yaml"), "w") as f:
        f.write("version: 1\nrules:\n  - {name: payments, action: allow, match: {subject: {OU: payments}}}\n")
    web = os.path.join(work, "web.yml")
    with open(web, "w") as f:
        f.write(f"""tls_server_config:
  cert_file: {lab}/server-full.pem
  key_file: {lab}/server-good.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: {lab}/client-ca.pem
  client_policy: policy.yaml
basic_auth_users:
  prometheus: '{hashed}'
""")
    p, port = monitor_serve(config, os.path.join(work, "monitor-serve.log"), extra=("--web-config", web))

    def job(name, who, pw):
        return f"""  - job_name: {name}
    scheme: https
    static_configs: [{{targets: ['localhost:{port}']}}]
    tls_config: {{ca_file: {lab}/server-ca.pem, server_name: localhost{
            f', cert_file: {lab}/{who}-full.pem, key_file: {lab}/{who}.key' if who else ''}}}
    basic_auth: {{username: prometheus, password: '{pw}'}}
"""
    prom = Prometheus(work, "global: {scrape_interval: 1s, scrape_timeout: 900ms}\nscrape_configs:\n" +
                      job("good", "client-good", password) + job("nocert", None, password) +
                      job("wrong-ou", "client-wrong-ou", password) + job("wrong-password", "client-good", "nope"))
    wait_for("Prometheus scrapes the good job over mTLS with basic auth",
             lambda: prom.value('up{job="good"}') == 1 and prom.value('mtls_doctor_item_state{kind="file"}') == 0)
    for refused in ("nocert", "wrong-ou", "wrong-password"):
        wait_for(f"job {refused} scraped and refused", lambda: prom.value(f'up{{job="{refused}"}}') == 0)
    targets = {t["labels"]["job"]: t.get("lastError", "") for t in prom.api("/api/v1/targets")["data"]["activeTargets"]}
    check("403" in targets["wrong-ou"], f"wrong-ou: {targets['wrong-ou']}")
    check("401" in targets["wrong-password"], f"wrong-password: {targets['wrong-password']}")
    # Go's client names TLS 1.3's certificate_required alert (116) that OpenSSL sent.
    check("certificate required" in targets["nocert"], f"nocert: {targets['nocert']}")
    # Every kind of refusal counted, as Prometheus itself reads it from the good job.
    for reason in ("tls_handshake", "client_certificate", "basic_auth"):
        wait_for(f"refusals counted: {reason}",
                 lambda: (prom.value(f'mtls_doctor_http_refused_total{{job="good",reason="{reason}"}}') or 0) > 0)
    log = open(os.path.join(work, "monitor-serve.log"), errors="replace").read()
    check(password not in log, "the password reached monitor serve's log")
    stop(prom.process)
    stop(p)


def main():
    work = tempfile.mkdtemp(prefix=f"mtlsd-serve-it-{WHAT}-")
    try:
        {"prometheus": test_prometheus, "sharding": test_sharding, "chromium": test_chromium,
         "logs": test_logs, "kill9": test_kill9, "tls": test_tls}[WHAT](work)
        print(f"{WHAT}: ok")
    except SystemExit:
        for name in sorted(os.listdir(work)):
            if name.endswith(".log"):
                print(f"--- {name}\n{open(os.path.join(work, name), errors='replace').read()[-3000:]}",
                      file=sys.stderr)
        raise
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
