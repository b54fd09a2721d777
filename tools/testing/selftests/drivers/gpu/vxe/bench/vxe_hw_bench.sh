#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Device-model throughput: commands per second per engine, and copy-engine
# bandwidth against a CPU memcpy of the same buffers in the same kernel.
# Reads debugfs gt0/hw_bench of every vxe device (root, debugfs mounted).

set -e
found=0
for d in /sys/kernel/debug/dri/*/; do
	[ -L "${d%/}" ] && continue
	[ -f "$d/gt0/hw_bench" ] || continue
	[ -f "$d/name" ] && grep -q '^vxe ' "$d/name" || continue
	found=1
	echo "device $(basename "$d")"
	cat "$d/gt0/hw_bench"
done
[ "$found" = 1 ] || { echo "vxe_hw_bench: no vxe device" >&2; exit 1; }
