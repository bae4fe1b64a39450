#!/usr/bin/env python3
"""Write samples/exchange-log.jsonl: a synthetic log of exchanged messages (no personal data:
process, country, date, outcome), from a fixed seed, for `icce stats` and its tests.
Usage: python3 scripts/gen-sample-log.py"""
import json, pathlib, random, datetime

ROOT = pathlib.Path(__file__).resolve().parent.parent
rng = random.Random(20261128)
countries = ["PL", "RO", "LT", "IE", "FR", "DE", "IT", "ES", "PT", "BG", "HU", "LV", "NL", "CZ", "SK", "US", "AL"]
weights = [20, 18, 9, 6, 6, 6, 6, 5, 5, 4, 3, 3, 3, 2, 2, 1, 1]
processes = [("requestsOut", 50, ["ready", "incomplete", "invalid"], [80, 15, 5]),
             ("requestsIn", 20, ["response", "noRecord", "refusal", "additionalInformation"], [35, 55, 3, 7]),
             ("notificationsOut", 18, ["ready", "incomplete"], [90, 10]),
             ("notificationsIn", 12, ["ready", "invalid"], [93, 7])]
start = datetime.date(2025, 1, 1)
lines = []
for _ in range(1200):
    p = rng.choices(processes, weights=[w for _, w, _, _ in processes])[0]
    day = start + datetime.timedelta(days=rng.randrange(0, 730))
    lines.append({"process": p[0], "country": rng.choices(countries, weights=weights)[0],
                  "date": day.isoformat(), "outcome": rng.choices(p[2], weights=p[3])[0]})
lines.sort(key=lambda e: (e["date"], e["process"], e["country"], e["outcome"]))
(ROOT / "samples" / "exchange-log.jsonl").write_text("".join(json.dumps(l) + "\n" for l in lines))
print(len(lines), "log lines")
