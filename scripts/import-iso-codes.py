#!/usr/bin/env python3
"""Regenerate core/tables/iso-3166-1.tsv, iso-3166-3.tsv and iso-4217.tsv from Debian's iso-codes package.

Usage: python3 scripts/import-iso-codes.py   (needs /usr/share/iso-codes/json, package iso-codes)
The output is checked in; the build reads the TSV files, never the JSON.
"""
import json, pathlib, subprocess

SRC = pathlib.Path("/usr/share/iso-codes/json")
OUT = pathlib.Path(__file__).resolve().parent.parent / "core" / "tables"
version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                         capture_output=True, text=True).stdout.strip() or "unknown"

def clean(s):
    return s.replace("\t", " ").strip()

rows = json.loads((SRC / "iso_3166-1.json").read_text())["3166-1"]
with open(OUT / "iso-3166-1.tsv", "w") as f:
    f.write(f"# ISO 3166-1 current country codes. Source: Debian package iso-codes {version}, "
            "file /usr/share/iso-codes/json/iso_3166-1.json (regenerate with scripts/import-iso-codes.py).\n")
    f.write("alpha2\talpha3\tnumeric\tname\n")
    for r in sorted(rows, key=lambda r: r["alpha_2"]):
        f.write(f"{r['alpha_2']}\t{r['alpha_3']}\t{r['numeric']}\t{clean(r.get('common_name', r['name']))}\n")

rows = json.loads((SRC / "iso_3166-3.json").read_text())["3166-3"]
with open(OUT / "iso-3166-3.tsv", "w") as f:
    f.write(f"# ISO 3166-3 formerly used country names. Source: Debian package iso-codes {version}, "
            "file /usr/share/iso-codes/json/iso_3166-3.json (regenerate with scripts/import-iso-codes.py). "
            "numeric is empty where the source gives none.\n")
    f.write("alpha4\talpha2\talpha3\tnumeric\twithdrawn\tname\n")
    for r in sorted(rows, key=lambda r: r["alpha_4"]):
        f.write(f"{r['alpha_4']}\t{r['alpha_2']}\t{r['alpha_3']}\t{r.get('numeric','')}\t{r['withdrawal_date']}\t{clean(r['name'])}\n")
rows = json.loads((SRC / "iso_4217.json").read_text())["4217"]
with open(OUT / "iso-4217.tsv", "w") as f:
    f.write(f"# ISO 4217 currency codes. Source: Debian package iso-codes {version}, "
            "file /usr/share/iso-codes/json/iso_4217.json (regenerate with scripts/import-iso-codes.py).\n")
    f.write("alpha3\tnumeric\tname\n")
    for r in sorted(rows, key=lambda r: r["alpha_3"]):
        f.write(f"{r['alpha_3']}\t{r['numeric']}\t{clean(r['name'])}\n")
print("wrote", OUT / "iso-3166-1.tsv", OUT / "iso-3166-3.tsv", OUT / "iso-4217.tsv")
