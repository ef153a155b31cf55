"""make chaos: kill the controller in the middle of a playbook, then run what the user runs next and
check that the cluster is whole again.

On a lab of its own (SWARMOPS_LAB_NAME=swarmops-chaos: 3 managers, 2 workers, the NFS node, autolock on
and a probe stack with a secret, a config and a node label), each kill point starts a playbook in a
process group of its own, waits until the task named by the point begins (plus a delay drawn from
the seed), kills the whole group with SIGKILL (as a closed laptop or a dropped SSH session would),
then runs the next playbook (`site.yml`, as docs/operations.md tells the user) and checks:
  - the next run succeeds, and `healthy.yml` finds every node Ready and Active, every manager
    Reachable (so no engine is left stopped, no node drained, no manager locked);
  - a second `site.yml` changes nothing (daemon.json, the firewall, /etc/exports or Ganesha's
    configuration, fstab: whole and as the roles write them);
  - the stored unlock key is the swarm's key;
  - the probe stack's service, secret, config and the node label are still there.
`scripts/chaos.py kill -i INVENTORY --pattern RE [--delay S] -- PLAYBOOK ARGS...` runs one kill point
only, on any inventory (the default Molecule scenario uses it).
Usage: scripts/chaos.py [--seed N] [--points a,b,...]; prints "kill points survived N/N" and each
point's seed-derived delay, so that a failure can be replayed with the same --seed.
"""
import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.environ.get("CHAOS_LAB", "swarmops-chaos")
ENV = dict(os.environ, SWARMOPS_LAB_NAME=LAB, SWARMOPS_LAB_PREFIX=LAB, SWARMOPS_LAB_MANAGERS="3",
           SWARMOPS_LAB_WORKERS="2", ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
           ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"), ANSIBLE_FORCE_COLOR="0",
           PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", ""))
AUTOLOCK = ["-e", "swarm_autolock=true"]
M1, M2, W1 = LAB + "-manager-1", LAB + "-manager-2", LAB + "-worker-1"

# name: (what the user ran, the task whose start is the kill point, the delay range after it in
# seconds, what to do first)
POINTS = {
    "site-joins": (["site.yml"] + AUTOLOCK, r"TASK \[swarmops\.cluster\.swarm : Join the swarm as a", (0, 3), "workers_leave"),
    "maintenance-drained": (["maintenance.yml", "-l", W1] + AUTOLOCK,
                            r"TASK \[swarmops\.cluster\.swarm_ops : Wait until its tasks are gone", (0, 3), None),
    "backup-engine-stopped": (["backup.yml"] + AUTOLOCK, r"TASK \[swarmops\.cluster\.swarm_ops : Archive /var/lib/docker/swarm",
                              (0, 1), None),
    # Docker has answered with the new key; the controller has not stored it yet.
    "rotate-before-store": (["rotate_unlock_key.yml"] + AUTOLOCK,
                            r"TASK \[swarmops\.cluster\.swarm_ops : Report a failed rotation without the key", (0, 0.2), None),
    "demote-midway": (["demote.yml", "-l", M2] + AUTOLOCK, r"TASK \[swarmops\.cluster\.swarm_ops : Wait until the swarm has settled",
                      (0, 2), None),
    "promote-midway": (["promote.yml", "-l", W1] + AUTOLOCK, r"TASK \[swarmops\.cluster\.swarm_ops : Wait until the swarm has settled",
                       (0, 2), None),
    "upgrade-engine": (["upgrade.yml", "-l", W1] + AUTOLOCK, r"TASK \[swarmops\.cluster\.docker : Upgrade the engine packages",
                       (0, 3), None),
    "remove-drained": (["remove_node.yml", "-l", W1] + AUTOLOCK,
                       r"TASK \[swarmops\.cluster\.swarm_ops : Wait until its tasks are gone", (0, 3), None),
    # Every manager's swarm state lost after a backup; killed once one manager holds the restored swarm.
    "restore-forced": (["restore.yml"] + AUTOLOCK, r"TASK \[swarmops\.cluster\.swarm_ops : Wait until it holds the control plane",
                       (0, 1), "backup_then_lose_managers"),
}
MANAGERS = [LAB + "-manager-%d" % n for n in (1, 2, 3)]


def sh(args, check=True, quiet=True):
    proc = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if check and proc.returncode != 0:
        sys.exit("chaos: %s failed (rc=%d):\n%s\n%s"
                 % (" ".join(args), proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return proc


def playbook(args, check=True):
    return sh(["ansible-playbook", "-i", "inventories/lab", "playbooks/" + args[0]] + args[1:], check=check)


def docker(node, *args):
    return sh(["docker", "exec", node] + list(args), check=False).stdout.strip()


def kill_at(args, pattern, delay, inventory="inventories/lab", env=None):
    """Run the playbook; SIGKILL its process group `delay` s after a line matching `pattern`.
    Returns "" when it was killed there, else why not."""
    cmd = ["ansible-playbook", "-i", inventory, os.path.join(ROOT, "playbooks", args[0])] + args[1:]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV if env is None else env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen = None
    for line in proc.stdout:
        if re.search(pattern, line):
            seen = time.time()
            break
    if seen is None:
        proc.wait()
        return "the playbook ended (rc=%d) before the kill point" % proc.returncode
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return ""


def probe_state():
    return {
        "service": docker(M1, "docker", "service", "ls", "--filter", "name=chaos_probe", "--format", "{{.Name}}"),
        "secret": docker(M1, "docker", "secret", "ls", "--filter", "name=chaos_token", "--format", "{{.Name}}"),
        "config": docker(M1, "docker", "config", "ls", "--filter", "name=chaos_conf", "--format", "{{.Name}}"),
        # On manager-1: a node that leaves and joins again (site-joins) is a new node object without it.
        "label": docker(M1, "docker", "node", "inspect", M1, "--format", "{{ index .Spec.Labels \"chaos\" }}"),
    }


def check():
    """What must hold after the next run; a list of what does not."""
    problems = []
    proc = playbook(["healthy.yml", "-e", "swarm_healthy_timeout=180"] + AUTOLOCK, check=False)
    if proc.returncode != 0:
        problems.append("healthy.yml failed: %s" % (proc.stdout + proc.stderr)[-800:])
    proc = playbook(["site.yml"] + AUTOLOCK, check=False)
    changed = sum(int(n) for n in re.findall(r"changed=(\d+)", proc.stdout))
    if proc.returncode != 0 or changed != 0:
        problems.append("a second site.yml: rc=%d changed=%d" % (proc.returncode, changed))
    key_file = os.path.expanduser("~/.swarmops/%s/swarm-unlock-key" % LAB)
    stored = open(key_file).read().strip() if os.path.exists(key_file) else ""
    if stored != docker(M1, "docker", "swarm", "unlock-key", "-q"):
        problems.append("the stored unlock key is not the swarm's key")
    state = probe_state()
    if state != {"service": "chaos_probe", "secret": "chaos_token", "config": "chaos_conf", "label": "here"}:
        problems.append("Raft objects: %s" % json.dumps(state))
    return problems


def backup_then_lose_managers():
    """Take a backup, then wipe every manager's swarm state; the archive for restore.yml as extra args."""
    playbook(["backup.yml"] + AUTOLOCK)
    folder = os.path.expanduser("~/.swarmops/%s/backups" % LAB)
    archive = max(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".tar.gz"))
    for manager in MANAGERS:
        docker(manager, "sh", "-c", "systemctl stop docker.socket docker; rm -rf /var/lib/docker/swarm; systemctl start docker")
    return ["-e", "swarm_restore_archive=" + archive]


def prepare():
    print("== chaos: lab %s (3 managers, 2 workers, NFS), autolock on, a probe stack" % LAB, flush=True)
    sh(["make", "--no-print-directory", "lab"])
    playbook(["site.yml"] + AUTOLOCK)
    docker(M1, "sh", "-c", "printf s3cret | docker secret create chaos_token - ; printf conf | docker config create chaos_conf -")
    docker(M1, "docker", "node", "update", "--label-add", "chaos=here", M1)
    docker(M1, "docker", "service", "create", "--detach", "--name", "chaos_probe", "--secret", "chaos_token",
           "--config", "chaos_conf", "--replicas", "2", "--endpoint-mode", "dnsrr", "swarmops/busybox:lab",
           "sleep", "1000000")


def kill_only(argv):
    """`chaos.py kill`: one kill point on any inventory (the Molecule scenarios use it), nothing else."""
    parser = argparse.ArgumentParser(prog="chaos.py kill", description="Run a playbook of playbooks/ and SIGKILL its "
                                     "process group DELAY seconds after its output first matches PATTERN.")
    parser.add_argument("--inventory", "-i", required=True)
    parser.add_argument("--pattern", required=True, help="regular expression, e.g. 'TASK .*Wait until its tasks are gone'")
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("playbook", nargs=argparse.REMAINDER, help="the playbook's name in playbooks/, then its arguments")
    opts = parser.parse_args(argv)
    args = [a for a in opts.playbook if a != "--"]
    if not args:
        parser.error("name the playbook")
    # The ansible-playbook of the Python that runs this script (a venv's), whatever PATH says.
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    missed = kill_at(args, opts.pattern, opts.delay, inventory=opts.inventory, env=env)
    print(missed or "killed")
    return 1 if missed else 0


def main():
    if sys.argv[1:2] == ["kill"]:
        return kill_only(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--points", default=",".join(POINTS))
    parser.add_argument("--keep", action="store_true", help="keep the lab afterwards")
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    points = [p for p in opts.points.split(",") if p]
    unknown = [p for p in points if p not in POINTS]
    if unknown:
        sys.exit("chaos: unknown kill point(s) %s; known: %s" % (", ".join(unknown), ", ".join(POINTS)))
    rng.shuffle(points)
    print("== chaos: seed %d (replay: scripts/chaos.py --seed %d --points %s)" % (opts.seed, opts.seed, ",".join(points)),
          flush=True)
    survived, report = 0, []
    try:
        prepare()
        for point in points:
            args, pattern, (low, high), before = POINTS[point]
            delay = round(rng.uniform(low, high), 1)
            extra = []
            if before == "workers_leave":
                for worker in (W1, LAB + "-worker-2"):
                    docker(worker, "docker", "swarm", "leave", "--force")
            elif before == "backup_then_lose_managers":
                extra = backup_then_lose_managers()
            start = time.time()
            missed = kill_at(args + extra, pattern, delay)
            heal = playbook(["site.yml"] + AUTOLOCK, check=False)
            problems = ([missed] if missed else []) + (
                ["the next site.yml failed: %s" % (heal.stdout + heal.stderr)[-1500:]] if heal.returncode else []) + check()
            took = int(time.time() - start)
            if problems:
                report.append("%s: FAILED (killed %.1f s after the point, %d s): %s" % (point, delay, took, "; ".join(problems)))
            else:
                survived += 1
                report.append("%s: survived (killed %.1f s after the point; site.yml healed it; %d s)" % (point, delay, took))
            print("== " + report[-1], flush=True)
    finally:
        if not opts.keep:
            sh(["make", "--no-print-directory", "lab-destroy"], check=False)
    print("kill points survived %d/%d (seed %d)" % (survived, len(points), opts.seed))
    return 0 if survived == len(points) else 1


if __name__ == "__main__":
    sys.exit(main())
