"""Benchmarks of swarmops.cluster on the local Docker-in-Docker lab (`make bench`).

Prints a table and writes JSON; measures, never asserts:
  - converge of a fresh 3+2 lab with playbooks/site.yml, against a hand-written baseline that does
    the same work with plain commands in parallel (apt-get install docker.io everywhere, swarm init,
    joins), measured in the same run on equally fresh nodes: ours / baseline;
  - the no-op re-run of site.yml;
  - converge and no-op for larger labs (BENCH_SIZES, default 5 10 20 nodes, 3 managers each);
  - swarm_stack_wait: last replica running -> module returned; task failure -> module failed.
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


def playbook(inv, name, extra=()):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    start = time.time()
    run = sh(["ansible-playbook", "-i", inv, os.path.join(ROOT, "playbooks", name)] + list(extra), env=env)
    return time.time() - start, run.stdout


def nodes_only(inv):
    """Create fresh nodes (lab role only, no converge)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    play = os.path.join(inv, "nodes.yml")
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
            "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}


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
    results = {"machine": machine(), "scale": []}
    destroy()

    inv = inventory(3, 2)
    nodes_only(inv)
    results["converge_s"], _ = playbook(inv, "site.yml")
    results["noop_s"], noop_out = playbook(inv, "site.yml")
    results["noop_changed"] = sum(int(x) for x in re.findall(r"changed=(\d+)", noop_out))
    results["wait_latency_s"] = wait_latencies(inv, "%s-manager-1" % PREFIX)
    save(results)
    destroy()
    nodes_only(inv)
    results["baseline_s"] = baseline(3, 2)
    destroy()
    results["ratio"] = round(results["converge_s"] / results["baseline_s"], 2)
    save(results)

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

    for key in ("converge_s", "noop_s", "baseline_s"):
        results[key] = round(results[key], 1)
    print("\n%-44s %s" % ("measure", "value"))
    print("%-44s %s" % ("-" * 44, "-" * 20))
    print("%-44s %ss" % ("converge 3+2 from bare nodes (site.yml)", results["converge_s"]))
    print("%-44s %ss" % ("baseline: plain commands in parallel", results["baseline_s"]))
    print("%-44s %s" % ("ratio ours / baseline", results["ratio"]))
    print("%-44s %ss (changed=%d)" % ("no-op re-run of site.yml, 5 nodes", results["noop_s"], results["noop_changed"]))
    for row in results["scale"]:
        print("%-44s %s" % ("%d nodes: converge / no-op" % row["nodes"],
                            row.get("error") or "%ss / %ss" % (row["converge_s"], row["noop_s"])))
    lat = results["wait_latency_s"]
    print("%-44s %ss" % ("swarm_stack_wait: last replica running -> ok", lat.get("ready")))
    print("%-44s %ss" % ("swarm_stack_wait: 3rd task failure -> failed", lat.get("failure")))
    print("%-44s %ss" % ("  (of which starting ansible + module, about)", lat.get("ansible_call_s")))
    out = save(results)
    print("\nwritten to %s" % out)


if __name__ == "__main__":
    main()
