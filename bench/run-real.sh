#!/usr/bin/env bash
# Runs the benchmark's real-code mode on the public applications the results in bench/results-real-*.md were measured on.
#
#   bench/run-real.sh findings APPS_ROOT [OUT_DIR]   per-project findings of every set, one repetition per app
#   bench/run-real.sh cost     APPS_ROOT [OUT_DIR]   floor + SecureBackend, 5 repetitions, per project and whole tree,
#                                                    no warm-up (the first repetition is cold: JIT and one-time tables)
#   bench/run-real.sh profile  APPS_ROOT [OUT_DIR]   every callback profiled (thread CPU, allocations, JIT), whole tree,
#                                                    2 repetitions
#
# APPS_ROOT holds the checkouts (server = bitwarden/server, squidex, SimplCommerce, grandnode2, piranha.core,
# eShopOnWeb); apps that are missing are skipped. OUT_DIR (default artifacts/bench/real) receives per app:
# <app>.md and <app>.json (tables; <app>-cost.* in cost mode), <app>-findings.txt (every SecureBackend finding, `SBxxxx file:line: message`),
# <app>-peers.txt (the peers' findings) and <app>-triage.md (findings grouped by rule with source context), plus
# commits.txt (the measured commit of each app, when APPS_ROOT/<app> is a git checkout or MIRROR_ROOT has its mirror).
# APPS="server squidex" limits the apps; extra benchmark options can be passed in BENCH_ARGS.
set -euo pipefail
mode=${1:?usage: bench/run-real.sh findings|cost|profile APPS_ROOT [OUT_DIR]}
apps_root=$(cd "${2:?usage: bench/run-real.sh findings|cost|profile APPS_ROOT [OUT_DIR]}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${3:-$repo/artifacts/bench/real}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# app | sub-folders measured (--include) | GitHub repository of the snapshot
table="server|src,bitwarden_license/src|bitwarden/server
squidex|backend/src|Squidex/squidex
SimplCommerce|src|simplcommerce/SimplCommerce
grandnode2|src|grandnode/grandnode2
piranha.core|core,data,identity|PiranhaCMS/piranha.core
eShopOnWeb|src|dotnet-architecture/eShopOnWeb"

case $mode in
  findings) suffix=""; default_apps="server squidex SimplCommerce grandnode2 piranha.core eShopOnWeb"
            args=(--per-project --sets floor,securebackend,securitycodescan,netanalyzers --peer-max-lines 0 --reps 1 --no-warmup) ;;
  cost)     suffix="-cost"; default_apps="server squidex"
            args=(--per-project --whole-tree --sets floor,securebackend --reps 5 --no-warmup) ;;
  profile)  suffix="-profile"; default_apps="server squidex"
            args=(--sets profile --profile --reps 2) ;;
  *) echo "unknown mode $mode (findings, cost or profile)" >&2; exit 1 ;;
esac

dotnet build "$repo/bench/SecureBackend.Benchmarks" -c Release -v q -nologo
dll=$repo/bench/SecureBackend.Benchmarks/bin/Release/net10.0/SecureBackend.Benchmarks.dll
for app in ${APPS:-$default_apps}; do
  line=$(grep "^$app|" <<<"$table") || { echo "unknown app $app" >&2; continue; }
  IFS='|' read -r _ include github <<<"$line"
  dir=$apps_root/$app
  [[ -d $dir ]] || { echo "skipping $app: no $dir"; continue; }
  commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null \
    || git --git-dir="${MIRROR_ROOT:-/work/.mirror}/${github/\//+}/repo" rev-parse HEAD 2>/dev/null || echo unknown)
  echo "$app $github $commit $include" >>"$out/commits.txt"
  name=$app$suffix
  echo "== $app ($github@$commit, $include): $out/$name.md"
  start=$(date +%s)
  # shellcheck disable=SC2086
  dotnet "$dll" --src "$dir" --include "$include" "${args[@]}" ${BENCH_ARGS:-} \
    --markdown "$out/$name.md" --json "$out/$name.json" \
    --diagnostics "$out/$name-findings.txt" --peer-diagnostics "$out/$name-peers.txt" --triage "$out/$name-triage.md" \
    >"$out/$name.log" 2>&1 || echo "   exit code $? (see $out/$name.log)"
  echo "   $(( $(date +%s) - start )) s"
done
