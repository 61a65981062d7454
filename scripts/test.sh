#!/usr/bin/env bash
# The README's test command (`npm test`): build, then the browser suite beside unit + integration. The
# browser suite mostly waits on pages, sockets and timers while integration computes, so on a 2-core
# machine the two side by side take little more than integration alone (CI's budget is 20 minutes). The
# browser suite's report is printed after the rest; the exit status fails if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
npx vite build || exit 1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
npx vitest run --project e2e > "$log" 2>&1 &
browser=$!
npx vitest run --project unit --project 'integration*'
rest=$?
wait "$browser"
e2e=$?
echo
echo "=== browser suite (ran beside the above) ==="
cat "$log"
exit $((rest != 0 || e2e != 0))
