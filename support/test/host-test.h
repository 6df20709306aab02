/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Minimal harness for host unit tests (built with ASan+UBSan by
 * `make test`). A test file defines cases with HOST_TEST(name) and ends
 * with HOST_TEST_MAIN(). Each case prints "PASS name" or "FAIL name: why";
 * the test runner counts those lines, and the exit status is non-zero if
 * any case failed.
 */
#ifndef UK_HOST_TEST_H
#define UK_HOST_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct host_test {
	const char *name;
	void (*fn)(int *failed);
};

#define HOST_TEST(tname)						\
	static void host_test_fn_##tname(int *host_test_failed);	\
	static const struct host_test host_test_##tname			\
		__attribute__((used, section("host_tests"),		\
			       aligned(sizeof(void *)))) = {		\
		.name = #tname, .fn = host_test_fn_##tname };		\
	static void host_test_fn_##tname(int *host_test_failed)

/* Records a failure with its location and leaves the current case. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("  %s:%d: check failed: %s\n",		\
			       __FILE__, __LINE__, #cond);		\
			*host_test_failed = 1;				\
			return;						\
		}							\
	} while (0)

#define CHECK_EQ_INT(a, b)						\
	do {								\
		long long ha_ = (long long)(a), hb_ = (long long)(b);	\
		if (ha_ != hb_) {					\
			printf("  %s:%d: %s == %lld, expected %lld\n",	\
			       __FILE__, __LINE__, #a, ha_, hb_);	\
			*host_test_failed = 1;				\
			return;						\
		}							\
	} while (0)

#define CHECK_EQ_STR(a, b)						\
	do {								\
		const char *ha_ = (a), *hb_ = (b);			\
		if (strcmp(ha_, hb_) != 0) {				\
			printf("  %s:%d: %s == \"%s\", expected \"%s\"\n",\
			       __FILE__, __LINE__, #a, ha_, hb_);	\
			*host_test_failed = 1;				\
			return;						\
		}							\
	} while (0)

extern const struct host_test __start_host_tests[];
extern const struct host_test __stop_host_tests[];

#define HOST_TEST_MAIN()						\
	int main(void)							\
	{								\
		const struct host_test *t;				\
		int nfail = 0;						\
									\
		/* a leak report at exit must not swallow the results */\
		setvbuf(stdout, NULL, _IOLBF, 0);			\
		for (t = __start_host_tests; t < __stop_host_tests; t++) {\
			int failed = 0;					\
									\
			t->fn(&failed);					\
			printf("%s %s\n", failed ? "FAIL" : "PASS", t->name);\
			nfail += failed;				\
		}							\
		return nfail ? 1 : 0;					\
	}

#endif /* UK_HOST_TEST_H */
