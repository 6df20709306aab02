// SPDX-License-Identifier: BSD-3-Clause
/*
 * malloc() and friends from the kit's TLSF allocator (lib/alloc), for
 * LIBMUSL_MALLOC_UKALLOC: musl's src/malloc is then left out of the build,
 * and these also stand in for the internal __libc_* entry points musl's
 * other parts call. lib/alloc is safe with threads (one CPU; preemption
 * disabled inside).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>

void *__libc_malloc(size_t n);
void *__libc_malloc_impl(size_t n);
void *__libc_calloc(size_t m, size_t n);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
void *memalign(size_t align, size_t n);
size_t malloc_usable_size(void *p);

static void *nomem(void *p)
{
	if (!p)
		errno = ENOMEM;
	return p;
}

void *malloc(size_t n)
{
	return nomem(uk_malloc(n));
}

void free(void *p)
{
	uk_free(p);
}

void *calloc(size_t m, size_t n)
{
	return nomem(uk_calloc(m, n));
}

/* realloc(p, 0) keeps a minimal block, as musl's own malloc does. */
void *realloc(void *p, size_t n)
{
	return nomem(uk_realloc(p, n ? n : 1));
}

void *reallocarray(void *p, size_t m, size_t n)
{
	size_t bytes;

	if (__builtin_mul_overflow(m, n, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, bytes);
}

void *memalign(size_t align, size_t n)
{
	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	return nomem(uk_memalign(align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

int posix_memalign(void **res, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = uk_memalign(align, n);
	if (!p)
		return ENOMEM;
	*res = p;
	return 0;
}

size_t malloc_usable_size(void *p)
{
	return p ? uk_malloc_usable_size(p) : 0;
}

void *__libc_malloc(size_t n)
{
	return malloc(n);
}

void *__libc_malloc_impl(size_t n)
{
	return malloc(n);
}

void *__libc_calloc(size_t m, size_t n)
{
	return calloc(m, n);
}

void *__libc_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void __libc_free(void *p)
{
	free(p);
}
