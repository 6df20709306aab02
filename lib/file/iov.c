// SPDX-License-Identifier: BSD-3-Clause
/* Copying between kernel buffers and (checked) iovec arrays. */
#include <string.h>

#include <uk/file.h>

size_t uk_iov_len(const struct iovec *iov, int cnt)
{
	size_t sum = 0;
	int i;

	for (i = 0; i < cnt; i++)
		sum += iov[i].iov_len;
	return sum;
}

size_t uk_iov_left(const struct uk_iov_iter *it)
{
	if (it->cnt == 1)
		return it->iov->iov_len - it->off;
	return uk_iov_len(it->iov, it->cnt) - it->off;
}

/* Copies (dir: to the iovecs, or from them; src NULL: zeros). */
static size_t iov_copy(struct uk_iov_iter *it, void *buf, size_t len,
		       bool to_iov)
{
	size_t done = 0, n;
	char *base;

	while (len && it->cnt) {
		n = MIN(it->iov->iov_len - it->off, len);
		base = (char *)it->iov->iov_base + it->off;
		if (!to_iov)
			memcpy((char *)buf + done, base, n);
		else if (buf)
			memcpy(base, (const char *)buf + done, n);
		else
			memset(base, 0, n);
		done += n;
		len -= n;
		it->off += n;
		if (it->off == it->iov->iov_len) {
			it->iov++;
			it->cnt--;
			it->off = 0;
		}
	}
	return done;
}

/* All of len in the current iovec: the common case, one memcpy. */
static bool fits(const struct uk_iov_iter *it, size_t len)
{
	return it->cnt && len && len <= it->iov->iov_len - it->off;
}

static void advance(struct uk_iov_iter *it, size_t len)
{
	it->off += len;
	if (it->off == it->iov->iov_len) {
		it->iov++;
		it->cnt--;
		it->off = 0;
	}
}

size_t uk_iov_copy_to(struct uk_iov_iter *it, const void *src, size_t len)
{
	if (fits(it, len)) {
		memcpy((char *)it->iov->iov_base + it->off, src, len);
		advance(it, len);
		return len;
	}
	return iov_copy(it, (void *)src, len, true);
}

size_t uk_iov_copy_from(struct uk_iov_iter *it, void *dst, size_t len)
{
	if (fits(it, len)) {
		memcpy(dst, (char *)it->iov->iov_base + it->off, len);
		advance(it, len);
		return len;
	}
	return iov_copy(it, dst, len, false);
}

size_t uk_iov_zero(struct uk_iov_iter *it, size_t len)
{
	return iov_copy(it, NULL, len, true);
}
