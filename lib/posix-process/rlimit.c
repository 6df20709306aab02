// SPDX-License-Identifier: BSD-3-Clause
/*
 * Resource limits: a table that getrlimit/setrlimit/prlimit64 read and
 * write. RLIMIT_NOFILE (lib/file) and RLIMIT_FSIZE (lib/vfs) are
 * enforced by the libraries they concern, through uk_rlimit_cur(); the
 * others tell programs what to expect (the stack is the boot stack, and
 * no core file is ever written).
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <uk/rlimit.h>
#include <uk/syscall.h>

#ifdef CONFIG_KVM_BOOT_STACK_SIZE
#define STACK_SIZE	CONFIG_KVM_BOOT_STACK_SIZE
#else
#define STACK_SIZE	0x10000
#endif

#define NOFILE		1024
/* Linux's ceiling for RLIMIT_NOFILE (fs.nr_open), which binds root too */
#define NR_OPEN		(1024 * 1024)
#define INF		{ RLIM_INFINITY, RLIM_INFINITY }

static struct rlimit limits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = INF,
	[RLIMIT_FSIZE] = INF,
	[RLIMIT_DATA] = INF,
	[RLIMIT_STACK] = { STACK_SIZE, STACK_SIZE },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = INF,
	[RLIMIT_NPROC] = INF,
	[RLIMIT_NOFILE] = { NOFILE, NOFILE },
	[RLIMIT_MEMLOCK] = INF,
	[RLIMIT_AS] = INF,
	[RLIMIT_LOCKS] = INF,
	[RLIMIT_SIGPENDING] = INF,
	[RLIMIT_MSGQUEUE] = INF,
	[RLIMIT_NICE] = INF,
	[RLIMIT_RTPRIO] = INF,
	[RLIMIT_RTTIME] = INF,
};

rlim_t uk_rlimit_cur(unsigned int resource)
{
	return resource < RLIM_NLIMITS ?
	       __atomic_load_n(&limits[resource].rlim_cur, __ATOMIC_RELAXED) :
	       RLIM_INFINITY;
}

/* We are root: any consistent limit goes, raising a hard one too. */
static int rlimit_check(unsigned int resource, const struct rlimit *new)
{
	if (new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
		return -EPERM;
	return 0;
}

UK_SYSCALL_DEFINE(int, prlimit64, pid_t, pid, unsigned int, resource,
		  const struct rlimit *, new, struct rlimit *, old)
{
	struct rlimit cur;
	int rc;

	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		rc = rlimit_check(resource, new);
		if (rc)
			return rc;
	}
	cur = limits[resource];
	if (new)
		limits[resource] = *new;
	if (old)
		*old = cur;
	return 0;
}

UK_SYSCALL_DEFINE(int, getrlimit, unsigned int, resource,
		  struct rlimit *, rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!rlim)
		return -EFAULT;
	*rlim = limits[resource];
	return 0;
}

UK_SYSCALL_DEFINE(int, setrlimit, unsigned int, resource,
		  const struct rlimit *, rlim)
{
	int rc;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!rlim)
		return -EFAULT;
	rc = rlimit_check(resource, rlim);
	if (!rc)
		limits[resource] = *rlim;
	return rc;
}
