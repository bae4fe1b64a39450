// Criterion's own estimates (mean and median, with confidence bounds) for the `ops` bench, from
// target/criterion/<group>/<bench>/new/estimates.json, as one JSON object on stdout.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2] ?? 'target/criterion';
const figures = {};
for (const group of existsSync(base) ? readdirSync(base) : []) {
  const walk = (dir, name) => {
    const est = join(dir, 'new', 'estimates.json');
    if (existsSync(est)) {
      const e = JSON.parse(readFileSync(est, 'utf8'));
      figures[`criterion.${name}`] = { unit: 'us', mean: e.mean.point_estimate / 1000, median: e.median.point_estimate / 1000, medianLow: e.median.confidence_interval.lower_bound / 1000, medianHigh: e.median.confidence_interval.upper_bound / 1000 };
      return;
    }
    for (const d of readdirSync(dir)) if (d !== 'report' && statSync(join(dir, d)).isDirectory()) walk(join(dir, d), `${name}/${d}`);
  };
  if (group !== 'report' && statSync(join(base, group)).isDirectory()) walk(join(base, group), group);
}
console.log(JSON.stringify({ harness: 'criterion', figures }, null, 2));
