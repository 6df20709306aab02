// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scheduling calls for one thread on one CPU: there is nothing to yield
 * to and only CPU 0 to run on. A scheduler library will own these once
 * there are threads.
 */
#include <errno.h>
#include <string.h>
#include <sys/types.h>

#include <uk/syscall.h>

static bool is_self(pid_t pid)
{
	return pid == 0 || pid == 1;
}

UK_SYSCALL_DEFINE(int, sched_yield)
{
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
