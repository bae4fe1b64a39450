#!/usr/bin/env python3
"""Write samples/exchange-log.jsonl: a synthetic log of exchanged messages (no personal data:
process, country, date, outcome), from a fixed seed, for `icce stats` and its tests.

The log is one the samples could have written: it ends the day before their `context.today`
(2026-11-28), and only requests out go outside the EU (to the US and Albania, through the NCA's
Interpol channel); requests in, notifications out and notifications in are exchanged with EU member
states only (EUFRA 2020 ss.1, 2 and 5; docs/domain/eufra-2020-part-1.md).
Usage: python3 scripts/gen-sample-log.py"""
import json, pathlib, random, datetime

ROOT = pathlib.Path(__file__).resolve().parent.parent
rng = random.Random(20261128)
countries = ["PL", "RO", "LT", "IE", "FR", "DE", "IT", "ES", "PT", "BG", "HU", "LV", "NL", "CZ", "SK", "US", "AL"]
weights = [20, 18, 9, 6, 6, 6, 6, 5, 5, 4, 3, 3, 3, 2, 2, 1, 1]
NON_EU = {"US", "AL"}
processes = [("requestsOut", 50, ["ready", "incomplete", "invalid"], [80, 15, 5]),
             ("requestsIn", 20, ["response", "noRecord", "refusal", "additionalInformation"], [35, 55, 3, 7]),
             ("notificationsOut", 18, ["ready", "incomplete"], [90, 10]),
             ("notificationsIn", 12, ["ready", "invalid"], [93, 7])]
start = datetime.date(2025, 1, 1)
end = datetime.date(2026, 11, 27)   # the day before the samples' today
lines = []
for _ in range(1200):
    p = rng.choices(processes, weights=[w for _, w, _, _ in processes])[0]
    day = start + datetime.timedelta(days=rng.randrange(0, (end - start).days + 1))
    pool = [(c, w) for c, w in zip(countries, weights) if p[0] == "requestsOut" or c not in NON_EU]
    lines.append({"process": p[0], "country": rng.choices([c for c, _ in pool], weights=[w for _, w in pool])[0],
                  "date": day.isoformat(), "outcome": rng.choices(p[2], weights=p[3])[0]})
lines.sort(key=lambda e: (e["date"], e["process"], e["country"], e["outcome"]))
(ROOT / "samples" / "exchange-log.jsonl").write_text("".join(json.dumps(l) + "\n" for l in lines))
print(len(lines), "log lines")
