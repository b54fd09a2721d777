// SPDX-License-Identifier: GPL-2.0-only
/*
 * vxe-exit: end the QEMU guest with an exit status the host can read.
 *
 * Writes the status to QEMU's isa-debug-exit device (I/O port 0xf4), which
 * makes QEMU exit with (status << 1) | 1. Falls back to a reboot (QEMU runs
 * with -no-reboot, so it exits 0) when the port cannot be reached.
 *
 * Copyright © 2026 The vxe authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <sys/reboot.h>
#include <unistd.h>

#define VXE_DEBUG_EXIT_PORT	0xf4

int main(int argc, char **argv)
{
	int status = argc > 1 ? atoi(argv[1]) : 0;

	sync();
	if (ioperm(VXE_DEBUG_EXIT_PORT, 4, 1) == 0)
		outl(status & 0x7f, VXE_DEBUG_EXIT_PORT);
	perror("vxe-exit: isa-debug-exit");
	reboot(RB_AUTOBOOT);
	return 1;
}
