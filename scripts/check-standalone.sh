#!/usr/bin/env bash
# The repository stands on its own: no file reads or names a folder beside the clone (the
# research notes `../shared/` that icce was built from), nor cites a document a user does not
# have. What a test, a build or an answer needs lives here: schemas/, docs/domain/.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\.\./shared|shared/(domain|ecris-xsd)|DOMAIN\.md|country-facts\.md|TOOLCHAIN\.md|STYLE\.md'
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  found=$(git grep -nIE "$pattern" -- . ':!scripts/check-standalone.sh' || true)
else
  found=$(grep -rnIE "$pattern" --exclude-dir=target --exclude-dir=node_modules --exclude-dir=.git --exclude=check-standalone.sh . || true)
fi
if [ -n "$found" ]; then
  echo "check-standalone: these lines read or name something outside the repository:" >&2
  echo "$found" >&2
  exit 1
fi
echo "check-standalone: nothing reads or names ../shared"
