# Shared by the scripts: the project root, the Emscripten environment, logging and timing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# Debian's emscripten finds its JS optimizer's modules (acorn) only through NODE_PATH. Set it even when
# /usr/share/nodejs is not there yet: on a new machine scripts/setup installs it after this line has run.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# timed LABEL COMMAND...: runs COMMAND and logs how long it took.
timed() {
  local label=$1 start=$SECONDS
  shift
  "$@"
  log "$label: $((SECONDS - start)) s"
}
