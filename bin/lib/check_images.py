"""bin/check-images: every image started with podman under the Kubernetes dev overlay's settings (see bin/check-images).

Each check below can fail; nothing is skipped. The exit status is non-zero when any image fails any check.

With --train (bin/build-images calls it), each Quarkus image instead runs once exactly so, as a training run for Java's
AOT cache (JEP 483/514: -XX:AOTCacheOutput, written when the JVM exits after SIGTERM), and the cache is added to the
image as one more layer with -XX:AOTCache in its entrypoint. The training is the image itself under the pod's
settings, so the cache matches what runs: the same runtime, class path, file times and memory limit (hence collector).
"""
import base64
import datetime
import hashlib
import io
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGES = ROOT / "target" / "images"
RUN_DIR = pathlib.Path(os.environ.get("TILLBRIDGE_RUN_DIR", ROOT / ".run"))
OVERLAY = ROOT / "deploy" / "overlays" / "dev"
# A podman store of this checkout's own: other checkouts and CI load images with the same tags on this machine, and
# nothing the check loads stays behind in the machine's store. crun refuses these hosts' hybrid cgroups: runc.
STORE = ROOT / "target" / "podman"
RUNROOT = pathlib.Path(tempfile.gettempdir()) / ("tb-podman-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:8])
PODMAN = ["podman", "--root", str(STORE / "storage"), "--runroot", str(RUNROOT),
          "--runtime", "runc", "--cgroup-manager=cgroupfs"]
# The machine allows no more (machine-notes.md): podman's defaults fail with "setrlimit: Operation not permitted".
ULIMITS = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"]

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:%s" % os.environ.get("KAFKA_PORT", "9092")
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGPORT = os.environ.get("PGPORT", "5432")
# One database per checkout, so two checkouts (or a CI run beside a developer) never share schemas.
CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
DATABASE = "tillbridge_images_" + CHECKOUT

# Kafka security of the manifests (SASL_SSL + SCRAM-SHA-512 with Strimzi's cluster CA) cannot be met by the local
# PLAINTEXT broker: these are set to PLAINTEXT / removed, and the check says so for every image.
KAFKA_SECURITY_OVERRIDES = {
    "KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
    "QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL": "PLAINTEXT",
}
KAFKA_SECURITY_REMOVED = [
    "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION",
    "QUARKUS_KAFKA_STREAMS_SASL_MECHANISM", "QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG",
    "QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_TYPE", "QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_LOCATION",
]
# Secrets Strimzi's operators write in a cluster; none exists here (the plaintext broker needs neither).
STRIMZI_SECRETS = {"tillbridge-cluster-ca-cert"}
# The simulator, a plain jar and dev-overlay stand-in never deployed to production: its plain-text log is reported,
# not failed. Every Quarkus image (the services and the POS stand-in) must log JSON.
STAND_INS = {"magento-simulator"}
# Where a training run writes its cache (a volume of its own), and the cache's place in the trained image: beside
# quarkus-run.jar, in the image's working directory.
AOT_MOUNT = "/aot"
AOT_FILE = "app.aot"
# A training run writes the cache after SIGTERM (a child JVM assembles it: 20-60 s on two loaded cores).
AOT_ASSEMBLY_S = 300
# What podman itself puts into every container (as the kubelet does): not the process's writes.
ENGINE_FILES = {"/etc", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/etc/passwd", "/etc/group", "/run",
                "/run/.containerenv", "/run/secrets", "/dev", "/proc", "/sys"}


def log(msg=""):
    print(msg, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def render_overlay():
    cmd = ["kubectl", "kustomize", str(OVERLAY)] if shutil.which("kubectl") else ["kustomize", "build", str(OVERLAY)]
    return [d for d in yaml.safe_load_all(run(cmd)) if d]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quantity_bytes(q):
    units = {"Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "k": 1000, "M": 1000 ** 2, "G": 1000 ** 3}
    for u, f in units.items():
        if q.endswith(u):
            return int(float(q[: -len(u)]) * f)
    return int(q)


class Cluster:
    """The rendered overlay: what a kubelet would resolve a container's environment and volumes from."""

    def __init__(self, docs):
        self.docs = docs
        self.config_maps = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
        self.secrets = {}
        for d in docs:
            if d["kind"] == "Secret":
                data = {k: base64.b64decode(v).decode() for k, v in (d.get("data") or {}).items()}
                data.update(d.get("stringData") or {})
                self.secrets[d["metadata"]["name"]] = data
        self.deployments = [d for d in docs if d["kind"] == "Deployment"]
        self.topics = [d for d in docs if d["kind"] == "KafkaTopic"]
        self.kafka_users = {d["metadata"]["name"] for d in docs if d["kind"] == "KafkaUser"}

    def environment(self, container):
        """(env, notes): the container's variables as Kubernetes sets them; notes name what could not be set."""
        env, notes = {}, []
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                env.update(self.config_maps[source["configMapRef"]["name"]])
            elif "secretRef" in source:
                env.update(self.secrets[source["secretRef"]["name"]])
        for var in container.get("env", []):
            if "value" in var:
                env[var["name"]] = str(var["value"])
                continue
            ref = var.get("valueFrom", {})
            if "configMapKeyRef" in ref:
                env[var["name"]] = self.config_maps[ref["configMapKeyRef"]["name"]][ref["configMapKeyRef"]["key"]]
            elif "secretKeyRef" in ref:
                name, key = ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"]
                if name in self.secrets:
                    env[var["name"]] = self.secrets[name][key]
                elif name in self.kafka_users:
                    notes.append("%s: from Strimzi's KafkaUser Secret %s (not made here: plaintext broker)"
                                 % (var["name"], name))
                else:
                    raise SystemExit("%s reads Secret %s, which the overlay does not render" % (var["name"], name))
        return env, notes


SIMULATOR_PORT = None


def addresses(env, port):
    """The manifests' in-cluster host names do not resolve here (and must not be looked up: loopback only)."""
    overrides = {
        "KAFKA_BOOTSTRAP_SERVERS": (KAFKA, "Strimzi's bootstrap Service -> this machine's broker"),
        "QUARKUS_DATASOURCE_JDBC_URL": ("jdbc:postgresql://%s:%s/%s" % (PGHOST, PGPORT, DATABASE),
                                        "the tillbridge-postgres Service -> this machine's PostgreSQL, own database"),
        "QUARKUS_MAILER_HOST": ("127.0.0.1", "Mailpit's Service -> loopback (no mail is sent during the check)"),
        "TILLBRIDGE_MAGENTO_ALLOW_LIST": ("127.0.0.1:%d" % SIMULATOR_PORT, "the simulator's Service -> its loopback port"),
    }
    # With the host's network every container shares one port space with the other checkouts and CI: each listens
    # on a free loopback port instead of its fixed containerPort.
    if "SIM_PORT" in env:
        overrides["SIM_PORT"] = (str(port), "host network: a free port instead of containerPort")
    else:
        overrides["QUARKUS_HTTP_PORT"] = (str(port), "host network: a free port instead of containerPort")
        overrides["QUARKUS_HTTP_HOST"] = ("127.0.0.1", "host network: listen on loopback only")
    return {k: v for k, v in overrides.items() if k in env or k in ("QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "SIM_PORT")}


def prepare_database():
    psql = ["psql", "-h", PGHOST, "-p", PGPORT, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
    run(psql + ["-c", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tillbridge') THEN "
                      "CREATE ROLE tillbridge LOGIN PASSWORD 'tillbridge-dev'; END IF; END $$;"])
    run(psql + ["-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % DATABASE])
    run(psql + ["-c", "CREATE DATABASE %s OWNER tillbridge" % DATABASE])


TOPIC_CREATOR = r"""
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.errors.TopicExistsException;
/** What Strimzi's Topic Operator does with the rendered KafkaTopics: create each missing topic with its settings. */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split(";");
            Map<String, String> config = new HashMap<>();
            for (int j = 3; j < p.length; j++) config.put(p[j].substring(0, p[j].indexOf('=')), p[j].substring(p[j].indexOf('=') + 1));
            topics.add(new NewTopic(p[0], Integer.parseInt(p[1]), Short.parseShort(p[2])).configs(config));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            CreateTopicsResult result = admin.createTopics(topics);
            int created = 0, existing = 0;
            for (var f : result.values().entrySet()) {
                try { f.getValue().get(); created++; }
                catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) existing++; else throw e;
                }
            }
            System.out.println(created + " created, " + existing + " existed");
        }
    }
}
"""


def create_topics(cluster, work):
    libs = pathlib.Path(os.environ.get("KAFKA_LIBS", RUN_DIR / "kafka" / "libs"))
    if not libs.is_dir():
        raise SystemExit("check-images: no Kafka jars in %s (bin/kafka start fetches them)" % libs)
    specs = []
    for t in cluster.topics:
        spec = t["spec"]
        name = spec.get("topicName", t["metadata"]["name"])
        config = ["%s=%s" % (k, str(v).lower() if isinstance(v, bool) else v) for k, v in spec.get("config", {}).items()]
        specs.append(";".join([name, str(spec["partitions"]), str(spec["replicas"])] + config))
    source = work / "CreateTopics.java"
    source.write_text(TOPIC_CREATOR)
    out = run(["java", "-cp", str(libs / "*"), str(source), KAFKA] + specs, timeout=180)
    return len(specs), out.strip().splitlines()[-1]


def image_ref(image):
    return image if "/" not in image.split(":")[0] or image.startswith("localhost/") else "localhost/" + image


def load_images():
    tarballs = sorted(IMAGES.glob("tillbridge_*.tar"))
    if not tarballs:
        raise SystemExit("check-images: no image tarballs in %s; run bin/build-images first" % IMAGES)
    loaded = {}
    for tarball in tarballs:
        out = run(PODMAN + ["load", "-q", "-i", str(tarball)])
        ref = out.strip().split("Loaded image: ")[-1].split("\n")[0].strip()
        loaded[ref] = tarball
    return loaded


def get(url, timeout=3):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
        return None


def check_deployment(cluster, deployment, loaded, work, train=False):
    spec = deployment["spec"]["template"]["spec"]
    container = spec["containers"][0]
    name = deployment["metadata"]["name"]
    image = container["image"]
    ref = image_ref(image)
    result = {"name": name, "image": image, "failures": [], "notes": []}
    fail = result["failures"].append
    if ref not in loaded:
        fail("image %s was not built (target/images)" % image)
        return result
    result["tarball_bytes"] = loaded[ref].stat().st_size
    result["image_bytes"] = int(run(PODMAN + ["image", "inspect", "--format", "{{.Size}}", ref]).strip())

    env, notes = cluster.environment(container)
    result["notes"] += notes
    port = SIMULATOR_PORT if "SIM_PORT" in env else free_port()
    overrides = addresses(env, port)
    for k, (v, _) in overrides.items():
        env[k] = v
    security = {k: v for k, v in KAFKA_SECURITY_OVERRIDES.items() if k in env}
    env.update(security)
    removed = [k for k in KAFKA_SECURITY_REMOVED if k in env]
    for k in removed:
        del env[k]
    result["overrides"] = {k: why for k, (_, why) in overrides.items()}
    result["kafka_security"] = (security, removed)
    # Secret values a log must never show (a login name is no secret: the database user appears in schema messages).
    secret_values = {k: v for s in cluster.secrets.values() for k, v in s.items()
                     if len(v) >= 6 and not k.endswith("USERNAME")}

    pod_sc, sc = spec.get("securityContext", {}), container.get("securityContext", {})
    user = "%s:%s" % (sc.get("runAsUser", pod_sc.get("runAsUser", "")), sc.get("runAsGroup", pod_sc.get("runAsGroup", "")))
    limits = container["resources"]["limits"]
    memory = quantity_bytes(limits["memory"])
    grace = int(spec.get("terminationGracePeriodSeconds", 30))
    startup = container.get("startupProbe") or container["readinessProbe"]
    budget = int(startup.get("initialDelaySeconds", 0)) + int(startup.get("periodSeconds", 10)) * int(startup.get("failureThreshold", 3))
    ready_path = container["readinessProbe"]["httpGet"]["path"]
    result["settings"] = "user %s, --read-only, memory %s, cap-drop ALL, no-new-privileges, ready budget %ds, grace %ds" % (
        user, limits["memory"], budget, grace)

    # A training run's JVM assembles the cache in a second JVM while it is still alive: two JVMs sized for the pod
    # would not fit the pod's limit (the kernel killed them). It gets twice the room, and the pod's sizing pinned:
    # the heap from the limit (MaxRAM) and the collector the JVM picks there (Serial below 1792 MiB on 2 CPUs), which
    # the cache's archived heap objects need to match.
    room = 2 * memory if train else memory
    args = PODMAN + ["run", "--name", "tb-check-%s-%d" % (name, os.getpid()), "--network", "host"] + ULIMITS + [
        "--read-only", "--read-only-tmpfs=false", "--user", user, "--memory", str(room), "--memory-swap", str(room),
        "--log-driver", "k8s-file"]
    if sc.get("allowPrivilegeEscalation") is False:
        args += ["--security-opt", "no-new-privileges"]
    for cap in sc.get("capabilities", {}).get("drop", []):
        args += ["--cap-drop", cap]
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    writable = {}
    for mount in container.get("volumeMounts", []):
        volume = volumes[mount["name"]]
        if "emptyDir" in volume:
            host = work / name / mount["name"]
            host.mkdir(parents=True)
            os.chown(host, 185, 185)
            host.chmod(0o2775)
            writable[mount["mountPath"]] = host
            args += ["-v", "%s:%s:rw" % (host, mount["mountPath"])]
        elif "secret" in volume:
            secret = volume["secret"]["secretName"]
            if secret in STRIMZI_SECRETS:
                result["notes"].append("%s: Strimzi's %s not mounted (plaintext broker)" % (mount["mountPath"], secret))
                continue
            host = work / name / mount["name"]
            host.mkdir(parents=True)
            if secret == "status-api-demo-key":  # made by the operator with bin/demo-token keys (deploy/README.md)
                keys = work / "demo-keys"
                if not keys.exists():
                    run([str(ROOT / "bin" / "demo-token"), "keys", str(keys)])
                shutil.copy(keys / "public.pem", host / "public.pem")
            else:
                for k, v in cluster.secrets[secret].items():
                    (host / k).write_text(v)
            for f in host.iterdir():
                f.chmod(0o644)
            args += ["-v", "%s:%s:ro" % (host, mount["mountPath"])]
        else:
            fail("volume %s: kind not handled by the check" % mount["name"])
            return result
    if train:
        host = work / name / "aot"
        host.mkdir(parents=True)
        os.chown(host, 185, 185)
        writable[AOT_MOUNT] = host
        args += ["-v", "%s:%s:rw" % (host, AOT_MOUNT)]
        env["JAVA_TOOL_OPTIONS"] = "-XX:AOTCacheOutput=%s/%s -XX:MaxRAM=%d %s" % (
            AOT_MOUNT, AOT_FILE, memory, "-XX:+UseSerialGC" if memory < 1792 * 2 ** 20 else "-XX:+UseG1GC")
    env_file = work / ("%s.env" % name)
    env_file.write_text("".join("%s=%s\n" % kv for kv in sorted(env.items())))
    env_file.chmod(0o600)
    args += ["--env-file", str(env_file), ref]
    if "SIM_PORT" in env:
        # the image's arguments listen on every interface; on the host's network, loopback only
        args += ["--host", "127.0.0.1", "--seed-demo"]
    result["volumes"] = sorted(writable)

    out_path, err_path = work / ("%s.stdout" % name), work / ("%s.stderr" % name)
    cname = "tb-check-%s-%d" % (name, os.getpid())
    subprocess.run(PODMAN + ["rm", "-f", cname], capture_output=True)
    started = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        url = "http://127.0.0.1:%d%s" % (port, ready_path)
        status = None
        while time.monotonic() - started < budget and proc.poll() is None:
            status = get(url)
            if status == 200:
                break
            time.sleep(0.5)
        if status == 200:
            result["ready_s"] = time.monotonic() - started
        elif proc.poll() is not None:
            fail("exited with %s before it was ready" % proc.returncode)
        else:
            fail("%s not 200 within %ds (last: %s)" % (ready_path, budget, status))
        if proc.poll() is None:
            # SIGTERM as the kubelet sends it; it must end by itself within the grace period.
            stop_at = time.monotonic()
            subprocess.run(PODMAN + ["kill", "--signal", "TERM", cname], capture_output=True)
            try:
                code = proc.wait(timeout=grace + (AOT_ASSEMBLY_S if train else 0))
                result["stop_s"] = time.monotonic() - stop_at
                if code not in (0, 143):
                    fail("exit status %d after SIGTERM" % code)
            except subprocess.TimeoutExpired:
                fail("still running %ds after SIGTERM" % grace)
    finally:
        if proc.poll() is None:
            subprocess.run(PODMAN + ["kill", "--signal", "KILL", cname], capture_output=True)
            proc.wait(timeout=60)
        diff = subprocess.run(PODMAN + ["diff", cname], capture_output=True, text=True).stdout.split()
        subprocess.run(PODMAN + ["rm", "-f", cname], capture_output=True)

    stdout, stderr = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    result["stdout"], result["stderr"] = out_path, err_path
    if train:  # the run's log is the JVM's cache assembly, not the service's: the check run judges the service
        cache = writable[AOT_MOUNT] / AOT_FILE
        if not result["failures"] and not (cache.is_file() and cache.stat().st_size > 0):
            fail("the training run wrote no AOT cache (%s)" % AOT_FILE)
        result["aot_cache"] = cache
        return result
    # A cache the JVM cannot use is no error to it: it says so on stdout ("[error][aot] An error has occurred while
    # processing the AOT cache", "Unable to map shared spaces") and starts slowly. Warnings are not that: Java 25
    # warns now and then that one adapter of the cache's code did not link, and uses the rest.
    unusable = [l for l in (stdout + stderr).splitlines() if "][aot" in l and "[error" in l]
    if unusable:
        fail("the image's AOT cache was not used: %s" % unusable[0][:300])
    result["aot"] = aot_cache(entrypoint(ref))
    # podman makes the mount points (and their parents) of every volume, as a kubelet's runtime does
    mount_points = [m["mountPath"] for m in container.get("volumeMounts", [])]
    outside = [p for p in diff if p not in ("C", "A", "D") and p not in ENGINE_FILES
               and not any(p == m or p.startswith(m + "/") for m in writable)
               and not any(m.startswith(p + "/") or m == p for m in mount_points)]
    if outside:
        fail("wrote outside its volumes: %s" % outside[:5])
    if "Read-only file system" in stdout + stderr:
        fail("tried to write to the read-only root: %s" % next(
            l for l in (stdout + stderr).splitlines() if "Read-only file system" in l)[:300])
    result["written"] = {m: sum(1 for p in h.rglob("*") if p.is_file()) for m, h in writable.items()}
    lines = [l for l in stdout.splitlines() if l.strip()]
    not_json = [l for l in lines if not is_json_object(l)]
    result["log_lines"] = len(lines)
    if not lines:
        fail("nothing logged on stdout")
    elif not_json and name not in STAND_INS:
        fail("%d of %d stdout lines are not JSON, e.g. %s" % (len(not_json), len(lines), not_json[0][:200]))
    elif not_json:
        result["notes"].append("NOT JSON: %d of %d stdout lines are plain text; tolerated for a dev-only stand-in, "
                               "not a production service" % (len(not_json), len(lines)))
    leaked = sorted(k for k, v in secret_values.items() if v in stdout or v in stderr)
    if leaked:
        fail("the value of Secret key(s) %s appears in its output" % ", ".join(leaked))
    return result


def entrypoint(ref):
    return json.loads(run(PODMAN + ["image", "inspect", "--format", "{{json .Config.Entrypoint}}", ref]) or "null") or []


def aot_cache(args):
    """The AOT cache an entrypoint's arguments name, or None."""
    return next((a.split("=", 1)[1] for a in args if a.startswith("-XX:AOTCache=")), None)


def add_aot_layer(tarball, cache):
    """Rewrites a `docker save` tarball with one more layer holding the AOT cache beside quarkus-run.jar, and
    -XX:AOTCache=<it> before -jar in the entrypoint. The layers below are copied unchanged: the cache checks the class
    path's files (their size and time), which are the ones it was trained with."""
    with tarfile.open(tarball) as old:
        manifest = json.load(old.extractfile("manifest.json"))
        old_config = manifest[0]["Config"]
        config = json.load(old.extractfile(old_config))
        workdir = config["config"].get("WorkingDir") or "/"
        target = "%s/%s" % (workdir.rstrip("/"), AOT_FILE)
        layer_plain = cache.parent / "aot-layer.tar"
        with tarfile.open(layer_plain, "w") as layer:
            info = layer.gettarinfo(str(cache), arcname=target.lstrip("/"))
            info.uid, info.gid, info.uname, info.gname, info.mode, info.mtime = 0, 0, "", "", 0o644, 1
            with open(cache, "rb") as f:
                layer.addfile(info, f)
        diff_id = hashlib.sha256(layer_plain.read_bytes()).hexdigest()
        layer_gz = cache.parent / ("%s.tar.gz" % diff_id)
        with open(layer_plain, "rb") as src, open(layer_gz, "wb") as dst:
            subprocess.run(["gzip", "-1", "-n", "-c"], stdin=src, stdout=dst, check=True)
        layer_plain.unlink()
        config["rootfs"]["diff_ids"].append("sha256:" + diff_id)
        config.setdefault("history", []).append({
            "created": config.get("created", "1970-01-01T00:00:01Z"), "created_by": "bin/build-images",
            "comment": "AOT cache (JEP 483/514) from a training run of this image under the pod's settings"})
        args = config["config"]["Entrypoint"]
        args = [a for a in args if not a.startswith("-XX:AOTCache")]
        args.insert(args.index("-jar"), "-XX:AOTCache=" + target)
        config["config"]["Entrypoint"] = args
        config_bytes = json.dumps(config, separators=(",", ":")).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest[0]["Config"] = config_name
        manifest[0]["Layers"].append(layer_gz.name)
        rewritten = tarball.with_suffix(".aot.tar")
        with tarfile.open(rewritten, "w") as new:
            for member in old.getmembers():
                if member.name in ("manifest.json", old_config):
                    continue
                new.addfile(member, old.extractfile(member) if member.isfile() else None)
            new.add(str(layer_gz), arcname=layer_gz.name)
            for name, data in ((config_name, config_bytes), ("manifest.json", json.dumps(manifest).encode())):
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), 1
                new.addfile(info, io.BytesIO(data))
    layer_gz.unlink()
    os.replace(rewritten, tarball)
    return target


def train(cluster, deployments, loaded, work):
    """One training run per Quarkus image (its entrypoint runs quarkus-run.jar); the cache goes into its tarball."""
    failed = 0
    for d in deployments:
        ref = image_ref(d["spec"]["template"]["spec"]["containers"][0]["image"])
        args = entrypoint(ref) if ref in loaded else []
        if "quarkus-run.jar" not in args:
            continue
        if aot_cache(args):
            log("  %s: already has an AOT cache" % d["metadata"]["name"])
            continue
        r = check_deployment(cluster, d, loaded, work, train=True)
        if r["failures"]:
            failed += 1
            report(r)
            continue
        size = r["aot_cache"].stat().st_size
        target = add_aot_layer(loaded[ref], r["aot_cache"])
        log("  %s: trained (ready in %.1f s, cache assembled in %.1f s after SIGTERM), %s cache at %s" % (
            d["metadata"]["name"], r["ready_s"], r["stop_s"], mib(size), target))
    return failed


def kube_play(cluster, deployments, work):
    """`podman kube play` of the overlay's Deployments, Services, ConfigMaps and Secrets, every pod at once.

    Returns (results, refused): per Deployment whether its readiness path answered 200 within the startup budget,
    and what had to change for podman (each with the reason). Podman 4.3 has no kubelet: it turns livenessProbe
    into a health check but runs no readiness or startup probe, so the check polls the readiness path itself.
    """
    changed = []
    # podman 4.3 lets envFrom win over env (Kubernetes does the opposite): the address and security overrides go
    # into the ConfigMaps themselves; env keeps only what no ConfigMap holds (each pod's port)
    objects = []
    shared = addresses({"KAFKA_BOOTSTRAP_SERVERS": "", "QUARKUS_DATASOURCE_JDBC_URL": "", "QUARKUS_MAILER_HOST": "",
                        "TILLBRIDGE_MAGENTO_ALLOW_LIST": ""}, 0)
    for d in cluster.docs:
        if d["kind"] == "ConfigMap":
            d = json.loads(json.dumps(d))
            data = d.get("data", {})
            for k in list(data):
                if k in shared and k not in ("QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST"):
                    data[k] = shared[k][0]
                elif k in KAFKA_SECURITY_OVERRIDES:
                    data[k] = KAFKA_SECURITY_OVERRIDES[k]
                elif k in KAFKA_SECURITY_REMOVED:
                    del data[k]
            objects.append(d)
    # Pods and podman secrets are named machine-wide (and --replace removes a pod of the same name): each checkout
    # plays its own, suffixed with its tag, so two checkouts or CI runs on one machine never stop each other's pods.
    secrets = [json.loads(json.dumps(d)) for d in cluster.docs if d["kind"] == "Secret"]
    renamed = {s["metadata"]["name"]: "%s-%s" % (s["metadata"]["name"], CHECKOUT) for s in secrets}
    for s in secrets:
        s["metadata"]["name"] = renamed[s["metadata"]["name"]]
    playing = []
    for d in deployments:
        d = json.loads(json.dumps(d))
        name = d["metadata"]["name"]
        d["metadata"]["name"] = "%s-%s" % (name, CHECKOUT)
        spec = d["spec"]["template"]["spec"]
        container = spec["containers"][0]
        env, _ = cluster.environment(container)
        port = SIMULATOR_PORT if "SIM_PORT" in env else free_port()
        overrides = addresses(env, port)
        spec["hostNetwork"] = True
        container.pop("ports", None)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if probe in container and "httpGet" in container[probe]:
                container[probe]["httpGet"]["port"] = port
        kept = [e for e in container.get("env", []) if e["name"] not in KAFKA_SECURITY_REMOVED]
        dropped = [e["name"] for e in container.get("env", []) if e["name"] in KAFKA_SECURITY_REMOVED]
        kept += [{"name": k, "value": v} for k, (v, _) in overrides.items()]
        # variables of the ConfigMaps that the plaintext broker cannot take: set to PLAINTEXT, or to nothing
        kept += [{"name": k, "value": v} for k, v in KAFKA_SECURITY_OVERRIDES.items() if k in env]
        kept += [{"name": k, "value": ""} for k in KAFKA_SECURITY_REMOVED if k in env and k not in dropped]
        container["env"] = kept
        # emptyDir: podman makes it owned by root and ignores fsGroup, so user 185 could not write /tmp; a fresh
        # directory owned by 185, as the kubelet's fsGroup makes it, on a hostPath instead
        for v in spec.get("volumes", []):
            if "emptyDir" in v:
                host = work / "kube" / name / v["name"]
                host.mkdir(parents=True)
                os.chown(host, 185, 185)
                host.chmod(0o2775)
                del v["emptyDir"]
                v["hostPath"] = {"path": str(host), "type": "Directory"}
        # a secret volume makes podman 4.3 panic (nil pointer in kube play): its files on a read-only hostPath
        for v in spec.get("volumes", []):
            if v.get("secret", {}).get("secretName") == "status-api-demo-key":
                host = work / "kube" / name / v["name"]
                host.mkdir(parents=True)
                keys = work / "demo-keys"
                if not keys.exists():
                    run([str(ROOT / "bin" / "demo-token"), "keys", str(keys)])
                shutil.copy(keys / "public.pem", host / "public.pem")
                (host / "public.pem").chmod(0o644)
                del v["secret"]
                v["hostPath"] = {"path": str(host), "type": "Directory"}
        strimzi = [v["name"] for v in spec.get("volumes", []) if v.get("secret", {}).get("secretName") in STRIMZI_SECRETS]
        spec["volumes"] = [v for v in spec.get("volumes", []) if v["name"] not in strimzi]
        container["volumeMounts"] = [m for m in container.get("volumeMounts", []) if m["name"] not in strimzi]
        if "SIM_PORT" in env:
            container["args"] = ["--host", "127.0.0.1", "--seed-demo"]
        # the rendered environment is read above under the overlay's names; the pod reads the renamed secrets
        for c in spec["containers"]:
            for e in c.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref and ref.get("name") in renamed:
                    ref["name"] = renamed[ref["name"]]
            for source in c.get("envFrom", []):
                if source.get("secretRef", {}).get("name") in renamed:
                    source["secretRef"]["name"] = renamed[source["secretRef"]["name"]]
        playing.append((name, port, container, int(d["spec"].get("progressDeadlineSeconds", 600))))
        objects.append(d)
    changed.append("hostNetwork: true and a free loopback port per pod (the Services' cluster addresses do not "
                   "exist in podman; the services reach 127.0.0.1)")
    changed.append("containers[].ports left out, probes on the port number instead of the name 'http': podman 4.3 "
                   "turns every containerPort into a port mapping and refuses it beside hostNetwork")
    changed.append("Services not played: podman makes no cluster addresses or DNS names for them, and on the host's "
                   "network they would only map ports; the services meet on Kafka, not over each other's HTTP")
    changed.append("emptyDir volumes as hostPath directories owned by 185: podman ignores fsGroup")
    changed.append("status-api's secret volume (demo-keys) as a read-only hostPath: podman 4.3 panics on it "
                   "(nil pointer dereference in kube play)")
    changed.append("in-cluster addresses, Kafka security variables and Strimzi's Secrets as in the image check, "
                   "written into the ConfigMaps: podman 4.3 lets envFrom override env, the reverse of Kubernetes")
    # Podman reads a secretKeyRef or secret volume from a podman secret holding the Kubernetes Secret.
    created_secrets = []
    keys = work / "demo-keys"
    if not keys.exists():
        run([str(ROOT / "bin" / "demo-token"), "keys", str(keys)])
    demo = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "status-api-demo-key-" + CHECKOUT},
            "data": {"public.pem": base64.b64encode((keys / "public.pem").read_bytes()).decode()}}
    for secret in secrets + [demo]:
        # podman 4.3 takes neither a Secret's YAML nor its JSON ("is not valid JSON: illegal base64 data"): a podman
        # secret holding the Secret's data alone, a JSON object of base64 values
        f = work / ("secret-%s.json" % secret["metadata"]["name"])
        f.write_text(json.dumps(secret.get("data") or {}))
        f.chmod(0o600)
        subprocess.run(PODMAN + ["secret", "rm", secret["metadata"]["name"]], capture_output=True)
        run(PODMAN + ["secret", "create", secret["metadata"]["name"], str(f)])
        created_secrets.append(secret["metadata"]["name"])
    changed.append("the rendered Secrets (and status-api-demo-key from bin/demo-token keys) as podman secrets of "
                   "their data only: podman 4.3 refuses a whole Secret ('is not valid JSON: illegal base64 data')")
    kube_file = work / "kube-play.yaml"
    kube_file.write_text(yaml.safe_dump_all(objects))
    conf = work / "containers.conf"
    # as for `podman run`: runc, cgroupfs, and ulimits the machine allows (kube play has no --ulimit)
    conf.write_text('[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n'
                    '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n')
    env = dict(os.environ, CONTAINERS_CONF=str(conf))
    results = []
    failed_play = False
    started = time.monotonic()
    try:
        play = subprocess.run(PODMAN + ["kube", "play", "--replace", "--log-driver", "k8s-file", str(kube_file)],
                              capture_output=True, text=True, env=env)
        if play.returncode != 0:
            failed_play = True
            first = [l for l in play.stderr.splitlines() if l.startswith(("Error", "panic"))][:2]
            return [{"name": "kube play", "failures": ["podman refused: " + " / ".join(first or [play.stderr.strip()[-800:]])]}], changed
        pending = {name: (port, c) for name, port, c, _ in playing}
        ready = {}
        # Every pod at once on this machine's cores is a rollout, not one container's start: Kubernetes gives each
        # container its startup probe's budget per attempt, restarts one that exits or misses it, and calls the
        # rollout failed after the Deployment's progressDeadlineSeconds (600 s unless set). The same deadline here;
        # each image alone already had to be ready within its startup probe's budget (check_deployment).
        budget = max(deadline for _, _, _, deadline in playing)
        while pending and time.monotonic() - started < budget:
            for name, (port, c) in list(pending.items()):
                if get("http://127.0.0.1:%d%s" % (port, c["readinessProbe"]["httpGet"]["path"])) == 200:
                    ready[name] = time.monotonic() - started
                    del pending[name]
            time.sleep(1)
        pods = json.loads(run(PODMAN + ["pod", "ps", "--format", "json"]))
        health, restarts = {}, {}
        for name, _, c, _ in playing:
            cname = "%s-%s-pod-0-%s" % (name, CHECKOUT, c["name"])
            # one inspect per container: its health check as podman made it from the livenessProbe, and restarts
            seen = subprocess.run(PODMAN + ["inspect", "--format", "{{.RestartCount}}|{{.Config.Healthcheck.Test}}",
                                            cname], capture_output=True, text=True).stdout.strip()
            count, _, health[name] = seen.partition("|")
            restarts[name] = count or "?"
        for name, _, c, _ in playing:
            r = {"name": name, "failures": []}
            if name in ready:
                r["ready_s"] = ready[name]
            else:
                r["failures"].append("%s not 200 within %ds of kube play" % (c["readinessProbe"]["httpGet"]["path"], budget))
                logs = subprocess.run(PODMAN + ["logs", "--tail", "40", "%s-%s-pod-0-%s" % (name, CHECKOUT, c["name"])],
                                      capture_output=True, text=True)
                errors = []
                for line in (logs.stdout + logs.stderr).splitlines():
                    entry = json.loads(line) if is_json_object(line) else {"level": "?", "message": line}
                    if entry.get("level") in ("ERROR", "?"):
                        exc, causes = entry.get("exception") or {}, []
                        while exc:
                            causes.append("%s: %s" % (exc.get("exceptionType", ""), exc.get("message", "")))
                            exc = exc.get("causedBy", {}).get("exception") if isinstance(exc.get("causedBy"), dict) else None
                        text = "%s %s" % (entry.get("message", ""), " <- ".join(causes[-2:]))
                        if text not in errors:
                            errors.append(text)
                r["failures"] += ["log: " + e[:600] for e in errors[-3:]]
            r["healthcheck"] = health[name]
            r["restarts"] = restarts[name]
            results.append(r)
        results.append({"name": "pods", "failures": [], "pods": len([p for p in pods if p["Name"].endswith("-%s-pod-0" % CHECKOUT)])})
    finally:
        down = subprocess.run(PODMAN + ["kube", "down", str(kube_file)], capture_output=True, text=True, env=env)
        if down.returncode != 0 and not failed_play:
            log("  kube down: " + down.stderr.strip()[-300:])
        for s in created_secrets:
            subprocess.run(PODMAN + ["secret", "rm", s], capture_output=True)
    return results, changed


def is_json_object(line):
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def mib(n):
    return "%.0f MiB" % (n / 1024 / 1024)


def main(argv):
    record = "--record" in argv
    names = [a for a in argv if not a.startswith("--")]
    begin = time.monotonic()
    work = pathlib.Path(tempfile.mkdtemp(prefix="check-images-"))
    os.chmod(work, 0o755)
    try:
        global SIMULATOR_PORT
        SIMULATOR_PORT = free_port()
        cluster = Cluster(render_overlay())
        deployments = [d for d in cluster.deployments
                       if d["spec"]["template"]["spec"]["containers"][0]["image"].startswith("tillbridge/")
                       and (not names or d["metadata"]["name"] in names)]
        infra = [d["metadata"]["name"] for d in cluster.deployments if d not in deployments]
        log("check-images: %d images of deploy/overlays/dev (kubectl kustomize) with podman %s + runc, broker %s, "
            "PostgreSQL %s:%s database %s" % (len(deployments), run(["podman", "--version"]).split()[-1], KAFKA,
                                             PGHOST, PGPORT, DATABASE))
        log("  not started (the machine's own instead): %s" % ", ".join(infra))
        log("  KAFKA SECURITY OVERRIDDEN: the manifests connect with SASL_SSL + SCRAM-SHA-512 and Strimzi's cluster CA;")
        log("  the local broker is PLAINTEXT, so every image runs with security.protocol=PLAINTEXT and without the")
        log("  SASL/SSL variables (%s)." % ", ".join(KAFKA_SECURITY_REMOVED[:4] + ["QUARKUS_KAFKA_STREAMS_* alike"]))
        loaded = load_images()
        prepare_database()
        count, created = create_topics(cluster, work)
        log("  topics: %d KafkaTopics of the overlay created on the broker as Strimzi's Topic Operator would (%s)"
            % (count, created))
        if "--train" in argv:
            log("  training the AOT cache of every Quarkus image: one run each under its pod's settings, then SIGTERM")
            failed = train(cluster, deployments, loaded, work)
            log("check-images --train: %d failed" % failed)
            return 1 if failed else 0
        results = []
        for d in deployments if "--only-kube-play" not in argv else []:
            r = check_deployment(cluster, d, loaded, work)
            results.append(r)
            report(r)
        kube_results = []
        if "--kube-play" in argv or "--only-kube-play" in argv:
            log("")
            log("podman kube play of the dev overlay's Deployments, Services, ConfigMaps and Secrets, all at once")
            kube_results, changed = kube_play(cluster, deployments, work)
            for c in changed:
                log("  changed for podman: " + c)
            for r in kube_results:
                if r["name"] == "pods":
                    log("  %d pods were running" % r["pods"])
                    continue
                log("  %s %s: %s, %s restart(s)%s" % ("FAIL" if r["failures"] else "ok  ", r["name"],
                                       "ready %.1f s after kube play" % r["ready_s"] if "ready_s" in r else "not ready",
                                       r.get("restarts", "?"),
                                       "; liveness as podman health check: %s" % r["healthcheck"][:120]
                                       if r.get("healthcheck") else ""))
                for f in r["failures"]:
                    log("    FAILED: " + f)
        failed = [r for r in results + kube_results if r["failures"]]
        elapsed = time.monotonic() - begin
        table = summary(results, elapsed)
        log(table)
        IMAGES.mkdir(parents=True, exist_ok=True)
        (IMAGES / "check-images.md").write_text(table + "\n")
        if record:
            stamp = datetime.datetime.utcnow().strftime("%Y-%m-%d-%H%M")
            target = ROOT / "bench" / "results" / ("%s-images.md" % stamp)
            target.write_text(results_page(table, results))
            log("recorded in %s" % target.relative_to(ROOT))
        checked = results + [r for r in kube_results if r["name"] != "pods"]
        log("check-images: %d passed, %d failed" % (len(checked) - len(failed), len(failed)))
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
        # the store holds ~0.5 GB of unpacked layers: gone with the run (target/images keeps the tarballs)
        subprocess.run(PODMAN + ["rm", "-a", "-f"], capture_output=True)
        subprocess.run(PODMAN + ["rmi", "-a", "-f"], capture_output=True)
        shutil.rmtree(STORE, ignore_errors=True)
        shutil.rmtree(RUNROOT, ignore_errors=True)


def report(r):
    log("")
    log("%s %s (%s)" % ("FAIL" if r["failures"] else "ok  ", r["name"], r["image"]))
    if "image_bytes" in r:
        log("  size: %s image, %s tarball" % (mib(r["image_bytes"]), mib(r["tarball_bytes"])))
    if "settings" in r:
        log("  settings: " + r["settings"])
        log("  writable: %s (files written: %s)" % (", ".join(r["volumes"]) or "nothing",
                                                     ", ".join("%s %d" % kv for kv in r.get("written", {}).items())))
        for k, why in r["overrides"].items():
            log("  override %s: %s" % (k, why))
        security, removed = r["kafka_security"]
        if security or removed:
            log("  Kafka security overridden: %s; removed %s" % (
                ", ".join("%s=%s" % kv for kv in security.items()), ", ".join(removed) or "nothing"))
    for n in r["notes"]:
        log("  note: " + n)
    if "ready_s" in r:
        log("  ready in %.1f s; stopped by SIGTERM in %s; %d log lines; AOT cache: %s" % (
            r["ready_s"], "%.1f s" % r["stop_s"] if "stop_s" in r else "-", r.get("log_lines", 0),
            r.get("aot") or "none"))
    for f in r["failures"]:
        log("  FAILED: " + f)
    if r["failures"] and "stdout" in r:
        for stream in ("stdout", "stderr"):
            tail = r[stream].read_text(errors="replace").splitlines()[-15:]
            if tail:
                log("  --- last %s lines:" % stream)
                for l in tail:
                    log("    " + l[:400])


def summary(results, elapsed):
    rows = ["", "| image | image size | tarball | AOT cache | start to ready | SIGTERM to exit | memory limit | result |",
            "|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], mib(r["image_bytes"]) if "image_bytes" in r else "-",
            mib(r["tarball_bytes"]) if "tarball_bytes" in r else "-", "yes" if r.get("aot") else "none",
            "%.1f s" % r["ready_s"] if "ready_s" in r else "-", "%.1f s" % r["stop_s"] if "stop_s" in r else "-",
            r.get("settings", "-").split("memory ")[-1].split(",")[0] if "settings" in r else "-",
            "FAIL: " + "; ".join(r["failures"]) if r["failures"] else "ok"))
    rows.append("")
    rows.append("check-images took %.0f s (load average %.1f)" % (elapsed, os.getloadavg()[0]))
    return "\n".join(rows)


def results_page(table, results):
    head = ["# Container images: size, start-to-ready, stop (bin/check-images)", "",
            "Every image of `bin/build-images` (local JVM base, infra/jvm-base) started with podman + runc under the",
            "dev overlay's settings: user 185:185, --read-only (writable only the manifests' emptyDirs), the",
            "container's memory limit, cap-drop ALL, no-new-privileges; ready within the startup probe's budget (120 s),",
            "SIGTERM to exit within terminationGracePeriodSeconds (30 s). Image size includes the shared base",
            "(tillbridge/jvm-base:25, about 120 MiB) and, for the Quarkus images, the AOT cache bin/build-images trained",
            "(70-130 MiB).", "",
            "Machine: 2 cores shared with other checkouts; start times include JVM start, Flyway migrations and the",
            "first Kafka connection, so they vary with the load average printed below."]
    return "\n".join(head) + "\n" + table + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
