"""docs/variables.md from the roles' argument specs: every option of every role and entry point, its
default and its first sentence. `variables-doc.py` writes the file; `variables-doc.py --check` fails
when it is out of date (make lint). Needs PyYAML only."""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "docs", "variables.md")
# Markup of ansible-doc (C(), V(), O(), I(), B(), P(), RV(), U(), L()) -> Markdown.
MARKUP = re.compile(r"\b(C|V|O|RV|I|B|P|U)\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def plain(text):
    text = " ".join(text) if isinstance(text, list) else str(text or "")
    text = " ".join(text.split())
    text = MARKUP.sub(lambda m: ("**%s**" if m.group(1) == "B" else "*%s*" if m.group(1) == "I" else "`%s`") % m.group(2), text)
    return text.replace("|", "\\|")


def first_sentence(text):
    text = plain(text)
    # A sentence ends at . ! or ? followed by a capital (not "e.g. the", "1.5 s").
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z`*(]|$)", text)
    return match.group(1) if match else text


def default(option):
    if "default" not in option:
        return "*required*" if option.get("required") else ""
    value = option["default"]
    if value in ("", None):
        return "`%s`" % ("''" if value == "" else "null")
    if isinstance(value, (list, dict)) and not value:
        return "`%s`" % ("[]" if isinstance(value, list) else "{}")
    text = yaml.safe_dump(value, default_flow_style=True, width=10 ** 6).strip()
    if text.endswith("\n...") or text.endswith("..."):
        text = text.rsplit("...", 1)[0].strip()
    return "`%s`" % text.replace("|", "\\|")


def render():
    roles = sorted(d for d in os.listdir(os.path.join(ROOT, "roles"))
                   if os.path.isfile(os.path.join(ROOT, "roles", d, "meta", "argument_specs.yml")))
    lines = [
        "# Variables",
        "",
        "Back to the [README](../README.md). Every option of every role and entry point, with its default",
        "and the first sentence of its description; the whole text: `ansible-doc -t role swarmops.cluster.<role>`.",
        "Generated from `roles/*/meta/argument_specs.yml` by `scripts/variables-doc.py` (`make lint` checks it",
        "is up to date). Group names (`swarmops_*_group`) are collection-wide: set them once, in",
        "`group_vars/all.yml` or with `-e`.",
        "",
    ]
    count = 0
    for role in roles:
        with open(os.path.join(ROOT, "roles", role, "meta", "argument_specs.yml")) as handle:
            specs = yaml.safe_load(handle)["argument_specs"]
        lines += ["## %s" % role, ""]
        for entry in sorted(specs, key=lambda e: (e != "main", e)):
            spec = specs[entry]
            options = spec.get("options") or {}
            title = "role `swarmops.cluster.%s`" % role if entry == "main" else "entry point `%s` (`tasks_from: %s`)" % (entry, entry)
            lines += ["### %s: %s" % (title, first_sentence(spec.get("short_description", ""))), ""]
            if not options:
                lines += ["No options.", ""]
                continue
            lines += ["| option | default | what |", "|---|---|---|"]
            for name in sorted(options):
                option = options[name] or {}
                lines.append("| `%s` | %s | %s |" % (name, default(option), first_sentence(option.get("description", ""))))
                count += 1
            lines.append("")
    lines.insert(8, "%d options in %d roles." % (count, len(roles)))
    lines.insert(9, "")
    return "\n".join(lines).rstrip("\n") + "\n"


def main():
    text = render()
    if "--check" in sys.argv[1:]:
        with open(TARGET) as handle:
            if handle.read() != text:
                sys.exit("docs/variables.md is out of date: run scripts/variables-doc.py")
        return
    with open(TARGET, "w") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
