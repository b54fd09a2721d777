# SPDX-License-Identifier: GPL-2.0-only
# Base kernel tree: fetch and overlay. Sourced by scripts/vxe.

VXE_KVER=7.2.13
VXE_KDEB=linux-source-7.2_${VXE_KVER}-1_all.deb
VXE_KPKG=linux-source-7.2=${VXE_KVER}-1

# A private apt configuration for Debian sid, so that nothing in the
# system's own apt setup changes. It uses the Debian mirror the system is
# already configured with.
vxe_apt_private() {
	local dir=$VXE_WORK/apt uri

	uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources \
		/etc/apt/sources.list 2>/dev/null |
		grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n1 | tr -d ' ')
	[ -n "$uri" ] || vxe_die "no Debian mirror configured in /etc/apt"

	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s sid main\n' \
		"$uri" >"$dir/sources.list"
	VXE_APT_OPTS=(-o "Dir::Etc::SourceList=$dir/sources.list"
		      -o "Dir::Etc::SourceParts=/dev/null"
		      -o "Dir::State::Lists=$dir/lists"
		      -o "Dir::Cache::Archives=$dir/archives"
		      -o "APT::Sandbox::User=root")
	apt-get "${VXE_APT_OPTS[@]}" update -qq >&2 ||
		vxe_die "apt-get update of the private sid list failed"
}

# Print the path of a verified copy of a .deb from the shared directory
# (checked against its SHA256SUMS) or, failing that, from Debian's archive.
vxe_get_deb() {
	local rel=$1 pkg=$2 file=$VXE_SHARED/debs/$1 sum

	if [ -f "$file" ]; then
		sum=$(awk -v f="$rel" '$2 == f || $2 == "*" f { print $1 }' \
			"$VXE_SHARED/debs/SHA256SUMS")
		[ -n "$sum" ] || vxe_die "$rel is not listed in SHA256SUMS"
		echo "$sum  $file" | sha256sum -c --quiet - >&2 ||
			vxe_die "checksum mismatch for $file"
		echo "$file"
		return
	fi

	mkdir -p "$VXE_WORK/debs"
	file=$(ls "$VXE_WORK/debs/${pkg%%=*}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$file" ]; then
		vxe_log "downloading $pkg from Debian"
		[ -n "${VXE_APT_OPTS:-}" ] || vxe_apt_private
		(cd "$VXE_WORK/debs" && apt-get "${VXE_APT_OPTS[@]}" download "$pkg" >&2) ||
			vxe_die "apt-get download $pkg failed"
		file=$(ls "$VXE_WORK/debs/${pkg%%=*}"_*.deb | head -n1)
	fi
	echo "$file"
}

vxe_fetch() {
	local deb tmp ver

	if [ -n "${KERNEL_SRC:-}" ]; then
		VXE_SRC=$(cd "$KERNEL_SRC" && pwd)
		[ -f "$VXE_SRC/Makefile" ] || vxe_die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
		ver=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} END{print v * 100 + p}' \
			"$VXE_SRC/Makefile")
		[ "$ver" -ge 702 ] || vxe_die "KERNEL_SRC is older than 7.2"
		return
	fi

	VXE_SRC=$VXE_WORK/linux-$VXE_KVER
	[ -f "$VXE_SRC/.vxe-unpacked" ] && return

	deb=$(vxe_get_deb "$VXE_KDEB" "$VXE_KPKG")
	vxe_log "unpacking Linux $VXE_KVER from $(basename "$deb")"
	rm -rf "$VXE_SRC" "$VXE_WORK/linux-deb"
	mkdir -p "$VXE_WORK/linux-deb"
	dpkg-deb -x "$deb" "$VXE_WORK/linux-deb"
	tmp=$VXE_WORK/linux-unpack
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -xf "$VXE_WORK"/linux-deb/usr/src/linux-source-*.tar.xz -C "$tmp"
	mv "$tmp"/linux-source-* "$VXE_SRC"
	rm -rf "$tmp" "$VXE_WORK/linux-deb"
	touch "$VXE_SRC/.vxe-unpacked"
}

# Our files, as "repo path" lines, linked into the tree at the same path
VXE_OVERLAY_PATHS="
drivers/gpu/drm/vxe
Documentation/gpu/vxe.rst
tools/testing/selftests/drivers/gpu/vxe
"

vxe_overlay() {
	local p target patch

	for p in $VXE_OVERLAY_PATHS; do
		target=$VXE_SRC/$p
		if [ -L "$target" ]; then
			[ "$(readlink "$target")" = "$VXE_REPO/$p" ] && continue
			rm "$target"
		elif [ -e "$target" ]; then
			vxe_die "$target exists in the kernel tree and is not our link"
		fi
		mkdir -p "$(dirname "$target")"
		ln -s "$VXE_REPO/$p" "$target"
	done

	for patch in "$VXE_SCRIPTS"/patches/*.patch; do
		[ -e "$patch" ] || continue
		if patch -d "$VXE_SRC" -p1 -R --dry-run -s -f <"$patch" >/dev/null 2>&1; then
			continue
		fi
		vxe_log "applying $(basename "$patch")"
		patch -d "$VXE_SRC" -p1 -N -s <"$patch" ||
			vxe_die "$(basename "$patch") does not apply to $VXE_SRC"
	done

	vxe_overlay_maintainers
}

# Put our MAINTAINERS entry in the tree's MAINTAINERS, in sorted order, so
# that get_maintainer.pl knows us. The entry is replaced when ours changes.
vxe_overlay_maintainers() {
	local mf=$VXE_SRC/MAINTAINERS title

	title=$(head -n1 "$VXE_REPO/MAINTAINERS")
	python3 - "$mf" "$VXE_REPO/MAINTAINERS" "$title" <<'EOF'
import sys
mf, ours, title = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(mf).read()
entry = open(ours).read().strip("\n") + "\n"
blocks = text.split("\n\n")
blocks = [b for b in blocks if not b.startswith(title + "\n")]
# Insert before the first entry (a block with an S: line) whose title
# sorts after ours.
for i, b in enumerate(blocks):
    if "\nS:" in b and b.split("\n", 1)[0] > title:
        blocks.insert(i, entry.rstrip("\n"))
        break
new = "\n\n".join(blocks)
if new != text:
    open(mf, "w").write(new)
EOF
}
