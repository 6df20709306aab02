// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scheduling calls: threads run on lib/sched, on one CPU (CPU 0), so the
 * affinity calls have one answer and membarrier has nothing to order.
 */
#include <errno.h>
#include <string.h>
#include <sys/types.h>

#include <uk/sched.h>
#include <uk/syscall.h>

static bool is_self(pid_t pid)
{
	return pid == 0 || pid == 1;
}

#define MEMBARRIER_CMD_QUERY	0
/* GLOBAL, GLOBAL_EXPEDITED, PRIVATE_EXPEDITED (+_SYNC_CORE) and their
 * REGISTER forms: on one CPU every barrier is already there. */
#define MEMBARRIER_SUPPORTED	0x7f

UK_SYSCALL_DEFINE(int, membarrier, int, cmd, unsigned int, flags)
{
	if (flags)
		return -EINVAL;
	if (cmd == MEMBARRIER_CMD_QUERY)
		return MEMBARRIER_SUPPORTED;
	if (cmd < 0 || (cmd & (cmd - 1)) || !(cmd & MEMBARRIER_SUPPORTED))
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE(int, getcpu, unsigned int *, cpu, unsigned int *, node)
{
	if (cpu)
		*cpu = 0;
	if (node)
		*node = 0;
	return 0;
}

/*
 * As Linux: len must hold a whole number of longs covering the CPUs;
 * returns the bytes written (the kernel's mask size).
 */
UK_SYSCALL_DEFINE(long, sched_getaffinity, pid_t, pid, unsigned int, len,
		  unsigned long *, mask)
{
	if (!is_self(pid))
		return -ESRCH;
	if (len < sizeof(unsigned long) || len % sizeof(unsigned long))
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	mask[0] = 1;
	return sizeof(unsigned long);
}

UK_SYSCALL_DEFINE(int, sched_setaffinity, pid_t, pid, unsigned int, len,
		  const unsigned long *, mask)
{
	if (!is_self(pid))
		return -ESRCH;
	if (len && !mask)
		return -EFAULT;
	/* the new set must contain a CPU that exists */
	if (len < 1 || !(*(const unsigned char *)mask & 1))
		return -EINVAL;
	return 0;
}
