# SPDX-License-Identifier: GPL-2.0-only
# The guest's initramfs. Sourced by scripts/vxe.

VXE_INITRAMFS=$VXE_WORK/initramfs.cpio

# IGT 2.5 and the complete library closure it runs with, unpacked into one
# root: from ../shared/debs/igt (checksums verified) or, without it, from
# Debian's archive by the names and versions in scripts/igt-packages.txt.
vxe_igt_root() {
	local root=$VXE_WORK/igt-root stamp hash line pkg deb

	hash=$(vxe_hash "$VXE_SCRIPTS/igt-packages.txt" "$VXE_SHARED/debs/SHA256SUMS")
	stamp=$root/.vxe-stamp
	[ "$(cat "$stamp" 2>/dev/null)" = "$hash" ] && return

	vxe_log "unpacking the IGT runtime"
	rm -rf "$root"
	mkdir -p "$root"
	while read -r line; do
		[ -n "$line" ] || continue
		pkg=${line%%=*}
		deb=$(ls "$VXE_SHARED"/debs/igt/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
		if [ -n "$deb" ]; then
			deb=$(vxe_get_deb "igt/$(basename "$deb")" "$line")
		else
			deb=$(vxe_get_deb "igt/none" "$line")
		fi
		dpkg-deb -x "$deb" "$root"
	done <"$VXE_SCRIPTS/igt-packages.txt"

	# The loader lives in usr/lib/x86_64-linux-gnu; base-files, which would
	# provide the merged-/usr links, is not part of the closure.
	mkdir -p "$root/lib64"
	ln -sf ../usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
	rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale" \
		"$root/usr/share/lintian"
	echo "$hash" >"$stamp"
}

# Build the guest's helper that reports its exit status to QEMU
vxe_build_guest_tools() {
	local out=$VXE_WORK/tools/bin

	mkdir -p "$out"
	if [ ! -x "$out/vxe-exit" ] || [ "$VXE_SCRIPTS/guest/vxe-exit.c" -nt "$out/vxe-exit" ]; then
		gcc -O2 -Wall -static -o "$out/vxe-exit" "$VXE_SCRIPTS/guest/vxe-exit.c"
	fi
}

vxe_initramfs() {
	local stage=$VXE_WORK/initramfs tools=$VXE_WORK/tools testlist

	vxe_igt_root
	vxe_build_guest_tools

	rm -rf "$stage"
	mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,results,etc,root,opt/vxe}
	cp -a "$VXE_WORK/igt-root/." "$stage/"
	cp /bin/busybox "$stage/bin/busybox"
	ln -sf busybox "$stage/bin/sh"
	install -m 0755 "$VXE_SCRIPTS/guest/init" "$stage/init"
	install -m 0755 "$VXE_SCRIPTS/guest/run-tests" "$stage/opt/vxe/run-tests"
	cp -a "$tools/." "$stage/opt/vxe/"

	testlist=$VXE_REPO/$VXE_TOOLS_DIR/igt/vxe.testlist
	cp "$testlist" "$stage/opt/vxe/igt.testlist"
	if [ -n "${VXE_IGT_LIST:-}" ]; then
		cp "$VXE_IGT_LIST" "$stage/opt/vxe/igt.testlist"
	fi
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/etc/passwd"
	printf 'root:x:0:\n' >"$stage/etc/group"

	(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$VXE_INITRAMFS"
	vxe_log "initramfs: $(( $(stat -c %s "$VXE_INITRAMFS") >> 20 )) MiB"
}
