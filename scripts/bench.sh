#!/usr/bin/env bash
# Times the whole `outsec build` against pandoc converting the same Markdown
# files to HTML, for the example project and for synthetic projects of 1 000
# and 10 000 requirements; reports medians and ratios, how the time grows
# with the input, and the peak memory of the 10 000-requirement build.
# Run by hand (not part of CI); it takes about a quarter of an hour, most of
# it pandoc:
#
#   bash scripts/bench.sh
#   RUNS=20 RUNS_LARGE=10 bash scripts/bench.sh
#
# RUNS (default 10) timed runs of each command after one warm-up run, and
# RUNS_LARGE (default 5) for 10 000 requirements. pandoc reads the Markdown
# as `gfm`, the dialect outsec writes (GitHub-Flavoured Markdown: pipe
# tables, autolinks) and pandoc's faster reader for it; its default reader
# (`markdown`) is timed too, RUNS_SLOW times (default 3; 1 for 10 000
# requirements, where one run takes minutes).
#
# Needs pandoc and, for the timings, hyperfine: both are installed from
# Debian's packages when missing (as root, or with sudo); without hyperfine
# the script falls back to a loop with /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

runs=${RUNS:-10}
runs_large=${RUNS_LARGE:-5}
runs_slow=${RUNS_SLOW:-3}
seed=${SEED:-7}

say() { printf '== %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

missing=()
have pandoc || missing+=(pandoc)
have hyperfine || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if ((${#missing[@]} > 0)); then
  say "installing ${missing[*]} from Debian's packages"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  # hyperfine is optional: install what can be installed.
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq pandoc time >/dev/null
fi
have pandoc || { echo "error: pandoc is needed" >&2; exit 1; }

say "building the release binary and the synth example"
cargo build --release --locked --quiet --bin outsec --example synth
outsec=$root/target/release/outsec
synth=$root/target/release/examples/synth

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run from an empty folder: a `templates/` folder in the working directory
# would be read as user templates.
cd "$work"

projects=(example synth-1000 synth-10000)
declare -A inputs=([example]="$root/inputs")
for n in 1000 10000; do
  say "generating synth-$n"
  "$synth" --requirements "$n" --seed "$seed" --out "$work/in-synth-$n" >&2
  inputs[synth-$n]=$work/in-synth-$n
done

# Median and minimum of numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1] }'; }

# time_runs NAME WARMUP RUNS PREPARE COMMAND...: median and minimum wall
# time in seconds. The minimum is what the machine does undisturbed: on a
# shared virtual machine the median can be half as fast again.
time_runs() {
  local name=$1 warmup=$2 n=$3 prepare=$4
  shift 4
  if have hyperfine; then
    hyperfine --style none --warmup "$warmup" --runs "$n" --prepare "$prepare" \
      --export-json "$work/$name.json" "$(printf '%q ' "$@")" >&2
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["min"])' "$work/$name.json"
  else
    for _ in $(seq "$warmup"); do
      bash -c "$prepare"
      "$@" >/dev/null 2>&1
    done
    for _ in $(seq "$n"); do
      bash -c "$prepare"
      /usr/bin/time -f %e -o "$work/time" "$@" >/dev/null 2>&1
      cat "$work/time"
    done | median
  fi
}

declare -A fresh freshmin uptodate gfm_t md_t docs mdbytes
for p in "${projects[@]}"; do
  n=$runs slow=$runs_slow
  [ "$p" = synth-10000 ] && n=$runs_large slow=1
  out=$work/out-$p
  say "$p: outsec build into a new output folder ($n runs)"
  read -r "fresh[$p]" "freshmin[$p]" < <(time_runs "outsec-fresh-$p" 1 "$n" "rm -rf '$out'" "$outsec" build -i "${inputs[$p]}" -o "$out")
  say "$p: outsec build into an up-to-date output folder ($n runs)"
  read -r "uptodate[$p]" _ < <(time_runs "outsec-again-$p" 1 "$n" "true" "$outsec" build -i "${inputs[$p]}" -o "$out")
  # pandoc converts the Markdown files this build wrote, one call per file,
  # as standalone HTML pages: the same number of files.
  mkdir -p "$work/md-$p" "$work/html-$p"
  cp "$out"/*.md "$work/md-$p/"
  docs[$p]=$(find "$work/md-$p" -name '*.md' | wc -l)
  mdbytes[$p]=$(cat "$work/md-$p"/*.md | wc -c)
  for reader in gfm markdown; do
    cat >"$work/pandoc-$reader-$p.sh" <<EOF
for f in "$work/md-$p"/*.md; do
  name=\$(basename "\$f" .md)
  pandoc -s -f $reader --metadata pagetitle="\$name" -o "$work/html-$p/\$name.html" "\$f"
done
EOF
  done
  say "$p: pandoc -s -f gfm on ${docs[$p]} Markdown files ($n runs)"
  read -r "gfm_t[$p]" _ < <(time_runs "pandoc-gfm-$p" 1 "$n" "rm -f '$work/html-$p'/*.html" bash "$work/pandoc-gfm-$p.sh")
  say "$p: pandoc -s -f markdown on ${docs[$p]} Markdown files ($slow runs)"
  read -r "md_t[$p]" _ < <(time_runs "pandoc-markdown-$p" 0 "$slow" "rm -f '$work/html-$p'/*.html" bash "$work/pandoc-markdown-$p.sh")
done

say "peak memory of the synth-10000 build (3 runs)"
peak_kb=$(for _ in 1 2 3; do
  rm -rf "$work/out-mem"
  /usr/bin/time -f %M -o "$work/mem" "$outsec" build -i "${inputs[synth-10000]}" -o "$work/out-mem" >/dev/null 2>&1
  cat "$work/mem"
done | sort -n | tail -n 1)

ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
# ok A B: "met" when A < B, numerically.
ok() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; then echo met; else echo MISSED; fi; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
cores=$(nproc)
ram=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1024 / 1024 }' /proc/meminfo)
echo
echo "Machine: $cpu, $cores cores, $ram RAM; $(uname -sr)."
echo "outsec $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'); $(pandoc --version | head -n 1)."
echo "Medians of $runs runs ($runs_large for 10 000 requirements); pandoc's markdown reader: $runs_slow runs (1 for 10 000)."
echo
echo "| project | Markdown written | outsec build, new output folder (fastest) | outsec build, up-to-date folder | pandoc -s -f gfm, same files | pandoc -s -f markdown | gfm ÷ outsec | markdown ÷ outsec |"
echo "|---|---|---|---|---|---|---|---|"
for p in "${projects[@]}"; do
  echo "| $p | ${docs[$p]} files, $((mdbytes[$p] / 1024)) KiB | $(ms "${fresh[$p]}") ($(ms "${freshmin[$p]}")) | $(ms "${uptodate[$p]}") | $(ms "${gfm_t[$p]}") | $(ms "${md_t[$p]}") | $(ratio "${gfm_t[$p]}" "${fresh[$p]}") | $(ratio "${md_t[$p]}" "${fresh[$p]}") |"
done
echo
growth=$(awk -v a="${fresh[synth-10000]}" -v b="${fresh[synth-1000]}" 'BEGIN { print a / b }')
echo "Growth from 1 000 to 10 000 requirements: $(ratio "${fresh[synth-10000]}" "${fresh[synth-1000]}") the time."
echo "Peak memory (maximum resident set) of the 10 000-requirement build: $((peak_kb / 1024)) MiB."
echo
echo "| target | measured | |"
echo "|---|---|---|"
echo "| example builds in under 50 ms (median) | $(ms "${fresh[example]}") | $(ok "${fresh[example]}" 0.05) |"
echo "| example builds in under 50 ms (fastest run) | $(ms "${freshmin[example]}") | $(ok "${freshmin[example]}" 0.05) |"
echo "| 10 000 requirements in under 1 s (median) | $(ms "${fresh[synth-10000]}") | $(ok "${fresh[synth-10000]}" 1) |"
echo "| 10 000 requirements in under 1 s (fastest run) | $(ms "${freshmin[synth-10000]}") | $(ok "${freshmin[synth-10000]}" 1) |"
echo "| 10 000 requirements under 200 MB peak memory | $((peak_kb / 1024)) MiB | $(ok "$((peak_kb * 1024))" 200000000) |"
echo "| 10× the input, at most 12× the time | $(ratio "${fresh[synth-10000]}" "${fresh[synth-1000]}") | $(ok "$growth" 12.000001) |"
for p in "${projects[@]}"; do
  echo "| faster than pandoc -f gfm ($p) | $(ms "${fresh[$p]}") vs $(ms "${gfm_t[$p]}") | $(ok "${fresh[$p]}" "${gfm_t[$p]}") |"
done
