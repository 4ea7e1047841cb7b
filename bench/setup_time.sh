#!/usr/bin/env bash
# How long `make setup` takes in a fresh clone, cold (empty uv and npm caches) and warm
# (the caches the cold run filled). Usage: bench/setup_time.sh [ROUNDS] [REPOSITORY]
# Prints one line per run; BENCHMARKS.md ("Setup") has the figures and the method.
set -euo pipefail
rounds=${1:-3}
repo=${2:-$(git rev-parse --show-toplevel)}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export UV_CACHE_DIR=$scratch/uv-cache npm_config_cache=$scratch/npm-cache

run() {
  rm -rf "$scratch/clone"
  git clone --quiet "$repo" "$scratch/clone"
  local load start end
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  make -C "$scratch/clone" setup >"$scratch/log" 2>&1 || { cat "$scratch/log"; exit 1; }
  end=$(date +%s.%N)
  printf '%s %.1f s (load %s)\n' "$1" "$(echo "$end - $start" | bc)" "$load"
}

git -C "$repo" log --oneline -1
for _ in $(seq "$rounds"); do
  rm -rf "$UV_CACHE_DIR" "$npm_config_cache"
  run cold
  run warm
done
