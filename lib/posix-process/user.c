// SPDX-License-Identifier: BSD-3-Clause
/*
 * Users and groups: the process is root (uid and gid 0, no supplementary
 * groups) and stays root. Changing to another ID fails with EPERM rather
 * than pretending: a program that drops privileges then learns that it
 * could not.
 */
#include <errno.h>
#include <sys/types.h>

#include <uk/syscall.h>

#define NGROUPS_MAX_	65536

/* -1 leaves an ID unchanged in the set*id calls that take several. */
static bool id_ok(unsigned int id)
{
	return id == 0 || id == (unsigned int)-1;
}

UK_SYSCALL_DEFINE(uid_t, getuid)
{
	return 0;
}

UK_SYSCALL_DEFINE(uid_t, geteuid)
{
	return 0;
}

UK_SYSCALL_DEFINE(gid_t, getgid)
{
	return 0;
}

UK_SYSCALL_DEFINE(gid_t, getegid)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, getresuid, uid_t *, ruid, uid_t *, euid,
		  uid_t *, suid)
{
	if (!ruid || !euid || !suid)
		return -EFAULT;
	*ruid = *euid = *suid = 0;
	return 0;
}

UK_SYSCALL_DEFINE(int, getresgid, gid_t *, rgid, gid_t *, egid,
		  gid_t *, sgid)
{
	if (!rgid || !egid || !sgid)
		return -EFAULT;
	*rgid = *egid = *sgid = 0;
	return 0;
}

UK_SYSCALL_DEFINE(int, setuid, uid_t, uid)
{
	if (uid == (uid_t)-1)
		return -EINVAL;
	return uid == 0 ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE(int, setgid, gid_t, gid)
{
	if (gid == (gid_t)-1)
		return -EINVAL;
	return gid == 0 ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE(int, setreuid, uid_t, ruid, uid_t, euid)
{
	return id_ok(ruid) && id_ok(euid) ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE(int, setregid, gid_t, rgid, gid_t, egid)
{
	return id_ok(rgid) && id_ok(egid) ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE(int, setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	return id_ok(ruid) && id_ok(euid) && id_ok(suid) ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE(int, setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	return id_ok(rgid) && id_ok(egid) && id_ok(sgid) ? 0 : -EPERM;
}

/* These return the previous ID (0) whether or not they change it. */
UK_SYSCALL_DEFINE(int, setfsuid)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, setfsgid)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, getgroups, int, size)
{
	return size < 0 ? -EINVAL : 0;
}

/* Only sets made of group 0 (the empty set included) are consistent. */
UK_SYSCALL_DEFINE(int, setgroups, size_t, size, const gid_t *, list)
{
	size_t i;

	if (size > NGROUPS_MAX_)
		return -EINVAL;
	if (size && !list)
		return -EFAULT;
	for (i = 0; i < size; i++)
		if (list[i] != 0)
			return -EPERM;
	return 0;
}
