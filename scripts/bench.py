"""Benchmarks of swarmops.cluster on the local Docker-in-Docker lab (`make bench`).

Prints a table and writes JSON; measures, never asserts:
  - converge of a fresh 3+2 lab with playbooks/site.yml, against a hand-written baseline that does
    the same work with plain commands in parallel (apt-get install docker.io everywhere, swarm init,
    joins), measured in the same run on equally fresh nodes, alternating, best of BENCH_ROUNDS each:
    ours / baseline, and ours - baseline;
  - the no-op re-run of site.yml;
  - converge and no-op for larger labs (BENCH_SIZES, default 5 10 20 nodes, 3 managers each);
  - swarm_stack_wait: last replica running -> module returned; task failure -> module failed;
  - side by side on the same Docker-ready 3+2 nodes: our site.yml against bench/minimal.yml (the
    shortest community.docker playbook: init, joins, labels), alternating, best of BENCH_ROUNDS:
    forming the swarm and the no-op re-run, with the ratios;
  - the no-op's cost per stage (profile_tasks: seconds and task rows per play/role).
BENCH_PARTS selects parts (default "converge scale side profile").
Run from the repository root with the project's venv (the Makefile does).
"""

import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = "bench"
LAB = "swarmops-bench"


def sh(cmd, check=True, capture=True, env=None):
    run = subprocess.run(cmd, shell=isinstance(cmd, str), check=False, env=env,
                         stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None,
                         universal_newlines=True)
    if check and run.returncode != 0:
        sys.stderr.write((run.stdout or "") + "\n")
        raise SystemExit("command failed (%d): %s" % (run.returncode, cmd))
    return run


def inventory(managers, workers):
    folder = tempfile.mkdtemp(prefix="swarmops-bench-")
    with open(os.path.join(folder, "lab.swarmops.yml"), "w") as handle:
        handle.write("plugin: swarmops.cluster.lab\nmanagers: %d\nworkers: %d\nnfs_server: false\n"
                     "prefix: %s\nlab_name: %s\n" % (managers, workers, PREFIX, LAB))
    os.makedirs(os.path.join(folder, "group_vars"))
    with open(os.path.join(folder, "group_vars", "all.yml"), "w") as handle:
        handle.write("docker_install_method: distro\n")
    return folder


def playbook(inv, name, extra=(), env_extra=None):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"), **(env_extra or {}))
    start = time.time()
    run = sh(["ansible-playbook", "-i", inv, os.path.join(ROOT, "playbooks", name)] + list(extra), env=env)
    return time.time() - start, run.stdout


def timed(inv, play, extra=()):
    """Seconds of one ansible-playbook run of a file given by path (bench/minimal.yml)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    start = time.time()
    run = sh(["ansible-playbook", "-i", inv, play] + list(extra), env=env)
    return time.time() - start, run.stdout


def leave_all(managers, workers):
    """Every node leaves its swarm (in parallel): Docker-ready nodes again, firewall and engine kept."""
    mgrs, wrks = names(managers, workers)
    sh(" & ".join("docker exec %s docker swarm leave --force >/dev/null 2>&1" % n for n in wrks + mgrs) + " & wait",
       check=False)


def side_by_side(rounds):
    """Our site.yml and bench/minimal.yml on the same nodes, alternating; best of `rounds` each."""
    inv = inventory(3, 2)
    nodes_only(inv)
    playbook(inv, "site.yml")           # Docker and the firewall in place, as for the peers' figures
    ours = os.path.join(ROOT, "playbooks", "site.yml")
    minimal = os.path.join(ROOT, "bench", "minimal.yml")
    runs = {"site": {"form": [], "noop": []}, "minimal": {"form": [], "noop": []}}
    for number in range(rounds):
        order = [("site", ours), ("minimal", minimal)]
        for name, play in (order if number % 2 == 0 else order[::-1]):
            leave_all(3, 2)
            runs[name]["form"].append(round(timed(inv, play)[0], 1))
            noop, out = timed(inv, play)
            runs[name]["noop"].append(round(noop, 1))
            changed = sum(int(x) for x in re.findall(r"changed=(\d+)", out))
            if changed:
                raise SystemExit("%s: the no-op re-run changed %d things" % (name, changed))
    destroy()
    best = dict((name, {"form_s": min(r["form"]), "noop_s": min(r["noop"]), "runs": r}) for name, r in runs.items())
    best["ratio_form"] = round(best["site"]["form_s"] / best["minimal"]["form_s"], 2)
    best["ratio_noop"] = round(best["site"]["noop_s"] / best["minimal"]["noop_s"], 2)
    return best


STAGE_OF = re.compile(r"^(?:(swarmops\.cluster\.\w+|[\w.]+) : )?(.*?) -+ ([0-9.]+)s$")


def stage_costs(profile_output):
    """profile_tasks' list -> {stage: {seconds, tasks}}; a stage is the role (or the play's own tasks)."""
    stages = {}
    for line in profile_output.splitlines():
        match = STAGE_OF.match(line.strip())
        if not match:
            continue
        role = (match.group(1) or "play tasks").replace("swarmops.cluster.", "")
        name = match.group(2)
        if name == "Gathering Facts":
            role = "facts"
        row = stages.setdefault(role, {"seconds": 0.0, "tasks": 0})
        row["seconds"] = round(row["seconds"] + float(match.group(3)), 2)
        row["tasks"] += 1
    return stages


def profile(inv):
    """The no-op re-run of site.yml with profile_tasks: where its seconds go, per stage."""
    start = time.time()
    profiling = {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks", "PROFILE_TASKS_TASK_OUTPUT_LIMIT": "500"}
    _secs, out = playbook(inv, "site.yml", env_extra=profiling)
    total = time.time() - start
    stages = stage_costs(out)
    return {"total_s": round(total, 1), "stages": stages,
            "startup_and_rest_s": round(total - sum(r["seconds"] for r in stages.values()), 1)}


def nodes_only(inv):
    """Create fresh nodes (lab role only, no converge)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    # Next to the inventory folder, not in it (it would be read as an inventory source).
    play = inv.rstrip("/") + "-nodes.yml"
    with open(play, "w") as handle:
        handle.write("- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n"
                     "    - ansible.builtin.include_role:\n        name: swarmops.cluster.lab\n"
                     "      vars:\n        lab_nodes: \"{{ groups['lab_nodes'] }}\"\n        lab_name: %s\n" % LAB)
    sh(["ansible-playbook", "-i", inv, play], env=env)


def destroy():
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    sh(["ansible-playbook", os.path.join(ROOT, "playbooks", "lab_destroy.yml"), "-e", "lab_name=%s" % LAB], env=env)


def names(managers, workers):
    return (["%s-manager-%d" % (PREFIX, i) for i in range(1, managers + 1)],
            ["%s-worker-%d" % (PREFIX, i) for i in range(1, workers + 1)])


def baseline(managers, workers):
    """What a tutorial does by hand, but in parallel: the fastest honest plain-command version."""
    mgrs, wrks = names(managers, workers)
    every = mgrs + wrks
    start = time.time()
    install = ("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io "
               "python3-docker >/dev/null && systemctl start docker && until docker info >/dev/null 2>&1; do sleep 0.2; done")
    sh(" & ".join("docker exec %s sh -c %s" % (n, shlex.quote(install)) for n in every) + " & wait")
    first = mgrs[0]
    addr = sh("docker exec %s hostname -i" % first).stdout.split()[0]
    sh("docker exec %s docker swarm init --advertise-addr %s >/dev/null" % (first, addr))
    mtok = sh("docker exec %s docker swarm join-token -q manager" % first).stdout.strip()
    wtok = sh("docker exec %s docker swarm join-token -q worker" % first).stdout.strip()
    for node in mgrs[1:]:  # managers one at a time, as Raft wants
        sh("docker exec %s docker swarm join --token %s %s:2377 >/dev/null" % (node, mtok, addr))
    if wrks:
        sh(" & ".join("docker exec %s docker swarm join --token %s %s:2377 >/dev/null" % (n, wtok, addr)
                      for n in wrks) + " & wait")
    return time.time() - start


def epoch(stamp):
    match = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$", stamp or "")
    if not match:
        return None
    base = (datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S") - datetime.datetime(1970, 1, 1))
    return base.total_seconds() + float("0" + (match.group(2) or ""))


def wait_latencies(inv, manager):
    """Deploy a healthy and a broken stack; measure how long swarm_stack_wait takes past the event."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    sh("docker exec %s sh -c %s" % (manager, shlex.quote(
        "apt-get install -y -qq busybox-static >/dev/null; docker image inspect bench/busybox >/dev/null 2>&1 || "
        "(d=$(mktemp -d -p /var/tmp); mkdir $d/bin; cp /bin/busybox $d/bin/; ln -s busybox $d/bin/sleep; "
        "ln -s busybox $d/bin/sh; tar -C $d -c . | docker import - bench/busybox >/dev/null)")))
    out = {}
    for kind, image in (("ready", "bench/busybox"), ("failure", "bench/does-not-exist:1")):
        stack = "lat%s" % kind
        compose = ("version: '3.8'\nservices:\n  app:\n    image: %s\n    command: [sleep, '3600']\n"
                   "    deploy: {replicas: 1, endpoint_mode: dnsrr, placement: {constraints: [node.hostname == %s]}}\n"
                   % (image, manager))
        sh("docker exec -i %s sh -c 'cat > /var/tmp/%s.yml' <<'EOF'\n%sEOF" % (manager, stack, compose))
        sh("docker exec %s docker stack deploy -c /var/tmp/%s.yml %s >/dev/null" % (manager, stack, stack))
        args = "name=%s poll_interval=1 stable_seconds=0 failure_threshold=3 timeout=120" % stack
        run = sh(["ansible", manager, "-i", inv, "-m", "swarmops.cluster.swarm_stack_wait", "-a", args, "-o"],
                 check=False, env=env)
        returned = time.time()
        tasks = json.loads(sh("docker exec %s sh -c 'docker inspect $(docker stack ps -q %s)'" % (manager, stack)).stdout)
        if kind == "ready":
            event = max(epoch(t["Status"]["Timestamp"]) for t in tasks if t["Status"]["State"] == "running")
        else:
            failed = sorted(epoch(t["Status"]["Timestamp"]) for t in tasks
                            if t["Status"]["State"] in ("rejected", "failed"))
            event = failed[2] if len(failed) >= 3 else None
        out[kind] = round(returned - event, 1) if event else None
        out[kind + "_module_rc"] = run.returncode
        if kind == "ready":
            # The same call on the converged stack returns at its first poll: what is left is the cost
            # of starting ansible and the module, included in the figures above.
            start = time.time()
            sh(["ansible", manager, "-i", inv, "-m", "swarmops.cluster.swarm_stack_wait", "-a", args, "-o"],
               check=False, env=env)
            out["ansible_call_s"] = round(time.time() - start, 1)
        sh("docker exec %s docker stack rm %s >/dev/null" % (manager, stack))
    return out


def machine():
    mem = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) // 1024
    return {"cpus": os.cpu_count(), "memory_mib": mem, "kernel": platform.release(),
            "python": platform.python_version(),
            "docker": sh("docker version --format '{{.Server.Version}}'", check=False).stdout.strip(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def save(results):
    """Written after every stage, so a run cut short keeps what it measured."""
    out = os.environ.get("BENCH_OUT", os.path.join(ROOT, "bench", "results.json"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as handle:
        json.dump(results, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return out


def main():
    sizes = [int(x) for x in os.environ.get("BENCH_SIZES", "5 10 20").split()]
    parts = os.environ.get("BENCH_PARTS", "converge scale side profile").split()
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    out = os.environ.get("BENCH_OUT", os.path.join(ROOT, "bench", "results.json"))
    # A run of some parts keeps the other parts' last figures; each part records when it ran.
    results = {}
    if set(parts) != {"converge", "scale", "side", "profile"} and os.path.exists(out):
        with open(out) as handle:
            results = json.load(handle)
    results["machine"] = machine()
    results.setdefault("measured", {})
    destroy()

    if "converge" in parts or "profile" in parts:
        inv = inventory(3, 2)
        nodes_only(inv)
        converge, _ = playbook(inv, "site.yml")
        if "converge" in parts:
            runs = {"site": [round(converge, 1)], "baseline": []}
            noop, noop_out = playbook(inv, "site.yml")
            results["noop_s"] = round(noop, 1)
            results["noop_changed"] = sum(int(x) for x in re.findall(r"changed=(\d+)", noop_out))
            results["wait_latency_s"] = wait_latencies(inv, "%s-manager-1" % PREFIX)
        if "profile" in parts:
            results["profile"] = profile(inv)
            results["measured"]["profile"] = results["machine"]["date"]
        save(results)
        destroy()
    if "converge" in parts:
        # The mirror's download speed moves both figures by tens of seconds from one minute to the next:
        # alternate fresh labs (baseline, site.yml, baseline, ...), BENCH_ROUNDS of each, keep the best.
        for round_no in range(rounds):
            nodes_only(inventory(3, 2))
            runs["baseline"].append(round(baseline(3, 2), 1))
            destroy()
            if round_no + 1 < rounds:
                inv = inventory(3, 2)
                nodes_only(inv)
                runs["site"].append(round(playbook(inv, "site.yml")[0], 1))
                destroy()
        results["converge_runs"] = runs
        results["converge_s"] = min(runs["site"])
        results["baseline_s"] = min(runs["baseline"])
        results["ratio"] = round(results["converge_s"] / results["baseline_s"], 2)
        # What site.yml does beyond the plain commands (the firewall, daemon.json, the checks, serial joins).
        results["overhead_s"] = round(results["converge_s"] - results["baseline_s"], 1)
        results["measured"]["converge"] = results["machine"]["date"]
        save(results)

    if "scale" in parts:
        results["scale"] = []
        for size in sizes:
            inv = inventory(3, size - 3)
            try:
                nodes_only(inv)
                converge, _ = playbook(inv, "site.yml")
                noop, _ = playbook(inv, "site.yml")
                results["scale"].append({"nodes": size, "converge_s": round(converge, 1), "noop_s": round(noop, 1)})
            except SystemExit as exc:  # memory or time: report what was possible
                results["scale"].append({"nodes": size, "error": str(exc)})
            finally:
                destroy()
                save(results)
        results["measured"]["scale"] = results["machine"]["date"]

    if "side" in parts:
        try:
            results["side_by_side"] = side_by_side(rounds)
        finally:
            destroy()
        results["measured"]["side"] = results["machine"]["date"]
        save(results)

    report(results)
    print("\nwritten to %s" % save(results))


def report(results):
    row = "%-52s %s"
    print("\n" + row % ("measure", "value"))
    print(row % ("-" * 52, "-" * 24))
    if "converge_s" in results:
        print(row % ("converge 3+2 from bare nodes (site.yml)", "%ss" % results["converge_s"]))
        print(row % ("baseline: plain commands in parallel", "%ss" % results.get("baseline_s")))
        print(row % ("ratio ours / baseline", results.get("ratio")))
        if results.get("converge_runs"):
            runs = results["converge_runs"]
            print(row % ("  best of: site.yml / baseline", "%s / %s" % (runs["site"], runs["baseline"])))
            print(row % ("  site.yml beyond the baseline", "%ss" % results.get("overhead_s")))
        print(row % ("no-op re-run of site.yml, 5 nodes", "%ss (changed=%d)" % (results["noop_s"], results["noop_changed"])))
    for item in results.get("scale", []):
        print(row % ("%d nodes: converge / no-op" % item["nodes"],
                     item.get("error") or "%ss / %ss" % (item["converge_s"], item["noop_s"])))
    lat = results.get("wait_latency_s")
    if lat:
        print(row % ("swarm_stack_wait: last replica running -> ok", "%ss" % lat.get("ready")))
        print(row % ("swarm_stack_wait: 3rd task failure -> failed", "%ss" % lat.get("failure")))
        print(row % ("  (of which starting ansible + module, about)", "%ss" % lat.get("ansible_call_s")))
    side = results.get("side_by_side")
    if side:
        print(row % ("side by side, Docker-ready 3+2, best of %d" % len(side["site"]["runs"]["form"]), ""))
        print(row % ("  form the swarm: site.yml / minimal.yml", "%ss / %ss = %s" % (
            side["site"]["form_s"], side["minimal"]["form_s"], side["ratio_form"])))
        print(row % ("  no-op re-run:   site.yml / minimal.yml", "%ss / %ss = %s" % (
            side["site"]["noop_s"], side["minimal"]["noop_s"], side["ratio_noop"])))
    prof = results.get("profile")
    if prof:
        print(row % ("no-op of site.yml, 3+2, where the time goes", "%ss in all" % prof["total_s"]))
        for name, cost in sorted(prof["stages"].items(), key=lambda item: -item[1]["seconds"]):
            print(row % ("  " + name, "%5.1fs  %3d task rows" % (cost["seconds"], cost["tasks"])))
        print(row % ("  starting ansible, loading, the rest", "%5.1fs" % prof["startup_and_rest_s"]))


if __name__ == "__main__":
    main()
