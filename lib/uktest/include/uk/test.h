/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest test suites. A test case is a function registered under a
 * suite name:
 *
 *	UK_TESTCASE(strings, strlen_basic)
 *	{
 *		UK_TEST_EXPECT_EQ(strlen("abc"), 3);
 *		UK_TEST_ASSERT_NOT_NULL(p);	// ends the case on failure
 *		UK_TEST_EXPECT_STR_EQ(p, "x");
 *	}
 *
 * Each case puts a descriptor in the registration table "testtab"
 * (uk/table.h) keyed by its suite, so the image holds exactly the suites
 * of the objects it links, sorted by suite name. uk_test_run_all() runs them:
 * suites in name order, the cases of a suite in source order.
 *
 * UK_TEST_EXPECT_*() records a failure (file:line, the expression and the
 * values) and goes on; each is an expression that is true when the check
 * passed. UK_TEST_ASSERT_*() checks the same but ends the case on failure,
 * also from a helper function the case calls (the runner jumps back, so
 * nothing after the failed assertion runs and no cleanup either).
 *
 * _EQ/_NE/_LT/_LE/_GT/_GE compare integers (both sides converted to the
 * type a + b would have, as C compares them); pointers have _PTR_EQ,
 * _PTR_NE, _NULL and _NOT_NULL; strings _STR_EQ and _STR_NE (NULL-safe);
 * memory _MEM_EQ. Anything else: UK_TEST_EXPECT(cond) or, with a message
 * in printf form (the kernel's formatter: no floating point),
 * UK_TEST_EXPECTF(cond, fmt, ...). Each operand is evaluated once.
 */
#ifndef UK_TEST_H
#define UK_TEST_H

#include <stddef.h>
#include <uk/essentials.h>
#include <uk/table.h>

struct uk_testcase {
	const char *suite;
	const char *name;
	void (*fn)(void);
	const char *file;
	long line;
} __aligned(8);

#define UK_TESTCASE(suite_, case_)					\
	static void uk_testfn_##suite_##_##case_(void);			\
	static const struct uk_testcase uk_testcase_##suite_##_##case_	\
		__uk_table(testtab, #suite_) = {			\
		.suite = #suite_,					\
		.name = #case_,						\
		.fn = uk_testfn_##suite_##_##case_,			\
		.file = __FILE__,					\
		.line = __LINE__,					\
	};								\
	static void uk_testfn_##suite_##_##case_(void)

/*
 * Runs every case whose "suite.case" contains one of the comma-separated
 * substrings of filter (NULL or "" selects all) and of the kernel
 * parameter test.filter= (when given). Prints "PASS suite.case",
 * "FAIL suite.case: file:line: what" (further failures of the case on
 * indented lines) or "SKIP suite.case: why", then "<app>: N passed, N
 * failed". Returns the number of failed cases.
 */
int uk_test_run_all(const char *filter);

/* --- what the macros call ---------------------------------------------- */

/* Records a failure of the running case. */
void uk_test_failf(const char *file, int line, const char *fmt, ...)
	__printf(3, 4);
/* Ends the running case (failed or skipped, as recorded). */
__noreturn void uk_test_abort(void);
__noreturn void uk_test_skipf(const char *fmt, ...) __printf(1, 2);

void uk_test_fail_int(const char *file, int line, const char *expr,
		      unsigned long long a, unsigned long long b,
		      bool is_signed);
bool uk_test_str_eq(const char *a, const char *b);
void uk_test_fail_str(const char *file, int line, const char *expr,
		      const char *a, const char *b);
/* The offset of the first difference, or n when there is none. */
size_t uk_test_mem_diff(const void *a, const void *b, size_t n);
void uk_test_fail_mem(const char *file, int line, const char *expr,
		      const void *a, const void *b, size_t n, size_t at);

#define UK_TEST_STOP_(stop)						\
	do {								\
		if (stop)						\
			uk_test_abort();				\
	} while (0)

#define UK_TEST_COND_(stop, cond, fmt, ...)				\
	({								\
		bool uk_t_ok_ = !!(cond);				\
		if (unlikely(!uk_t_ok_)) {				\
			uk_test_failf(__FILE__, __LINE__, fmt, ##__VA_ARGS__); \
			UK_TEST_STOP_(stop);				\
		}							\
		uk_t_ok_;						\
	})

/* The type a + b has: what C converts both to when comparing them. */
#define UK_TEST_INT_(stop, a, op, b, text)				\
	({								\
		__typeof__((a) + (b)) uk_t_a_ = (a), uk_t_b_ = (b);	\
		bool uk_t_ok_ = uk_t_a_ op uk_t_b_;			\
		if (unlikely(!uk_t_ok_)) {				\
			uk_test_fail_int(__FILE__, __LINE__, text,	\
				(unsigned long long)uk_t_a_,		\
				(unsigned long long)uk_t_b_,		\
				(__typeof__(uk_t_a_))-1 <		\
				(__typeof__(uk_t_a_))1);		\
			UK_TEST_STOP_(stop);				\
		}							\
		uk_t_ok_;						\
	})

#define UK_TEST_PTR_(stop, a, op, b, text)				\
	({								\
		const void *uk_t_a_ = (a), *uk_t_b_ = (b);		\
		bool uk_t_ok_ = uk_t_a_ op uk_t_b_;			\
		if (unlikely(!uk_t_ok_)) {				\
			uk_test_failf(__FILE__, __LINE__,		\
				"%s: %p vs %p", text, uk_t_a_, uk_t_b_); \
			UK_TEST_STOP_(stop);				\
		}							\
		uk_t_ok_;						\
	})

#define UK_TEST_STR_(stop, a, b, want, text)				\
	({								\
		const char *uk_t_a_ = (a), *uk_t_b_ = (b);		\
		bool uk_t_ok_ = uk_test_str_eq(uk_t_a_, uk_t_b_) == (want); \
		if (unlikely(!uk_t_ok_)) {				\
			uk_test_fail_str(__FILE__, __LINE__, text,	\
					 uk_t_a_, uk_t_b_);		\
			UK_TEST_STOP_(stop);				\
		}							\
		uk_t_ok_;						\
	})

#define UK_TEST_MEM_(stop, a, b, n, text)				\
	({								\
		const void *uk_t_a_ = (a), *uk_t_b_ = (b);		\
		size_t uk_t_n_ = (n);					\
		size_t uk_t_at_ = uk_test_mem_diff(uk_t_a_, uk_t_b_, uk_t_n_); \
		bool uk_t_ok_ = uk_t_at_ == uk_t_n_;			\
		if (unlikely(!uk_t_ok_)) {				\
			uk_test_fail_mem(__FILE__, __LINE__, text,	\
				uk_t_a_, uk_t_b_, uk_t_n_, uk_t_at_);	\
			UK_TEST_STOP_(stop);				\
		}							\
		uk_t_ok_;						\
	})

/* --- expectations: record and go on ------------------------------------- */
#define UK_TEST_EXPECT(cond)		UK_TEST_COND_(0, cond, "%s", #cond)
#define UK_TEST_EXPECTF(cond, fmt, ...)					\
	UK_TEST_COND_(0, cond, "%s: " fmt, #cond, ##__VA_ARGS__)
#define UK_TEST_EXPECT_EQ(a, b)						\
	UK_TEST_INT_(0, a, ==, b, #a " == " #b)
#define UK_TEST_EXPECT_NE(a, b)						\
	UK_TEST_INT_(0, a, !=, b, #a " != " #b)
#define UK_TEST_EXPECT_LT(a, b)						\
	UK_TEST_INT_(0, a, <, b, #a " < " #b)
#define UK_TEST_EXPECT_LE(a, b)						\
	UK_TEST_INT_(0, a, <=, b, #a " <= " #b)
#define UK_TEST_EXPECT_GT(a, b)						\
	UK_TEST_INT_(0, a, >, b, #a " > " #b)
#define UK_TEST_EXPECT_GE(a, b)						\
	UK_TEST_INT_(0, a, >=, b, #a " >= " #b)
#define UK_TEST_EXPECT_PTR_EQ(a, b)					\
	UK_TEST_PTR_(0, a, ==, b, #a " == " #b)
#define UK_TEST_EXPECT_PTR_NE(a, b)					\
	UK_TEST_PTR_(0, a, !=, b, #a " != " #b)
#define UK_TEST_EXPECT_NULL(p)						\
	UK_TEST_PTR_(0, p, ==, NULL, #p " == NULL")
#define UK_TEST_EXPECT_NOT_NULL(p)					\
	UK_TEST_PTR_(0, p, !=, NULL, #p " != NULL")
#define UK_TEST_EXPECT_STR_EQ(a, b)					\
	UK_TEST_STR_(0, a, b, true, #a " == " #b)
#define UK_TEST_EXPECT_STR_NE(a, b)					\
	UK_TEST_STR_(0, a, b, false, #a " != " #b)
#define UK_TEST_EXPECT_MEM_EQ(a, b, n)					\
	UK_TEST_MEM_(0, a, b, n, #a " == " #b " (" #n " bytes)")

/* --- assertions: end the case on failure -------------------------------- */
#define UK_TEST_ASSERT(cond)		UK_TEST_COND_(1, cond, "%s", #cond)
#define UK_TEST_ASSERTF(cond, fmt, ...)					\
	UK_TEST_COND_(1, cond, "%s: " fmt, #cond, ##__VA_ARGS__)
#define UK_TEST_ASSERT_EQ(a, b)						\
	UK_TEST_INT_(1, a, ==, b, #a " == " #b)
#define UK_TEST_ASSERT_NE(a, b)						\
	UK_TEST_INT_(1, a, !=, b, #a " != " #b)
#define UK_TEST_ASSERT_LT(a, b)						\
	UK_TEST_INT_(1, a, <, b, #a " < " #b)
#define UK_TEST_ASSERT_LE(a, b)						\
	UK_TEST_INT_(1, a, <=, b, #a " <= " #b)
#define UK_TEST_ASSERT_GT(a, b)						\
	UK_TEST_INT_(1, a, >, b, #a " > " #b)
#define UK_TEST_ASSERT_GE(a, b)						\
	UK_TEST_INT_(1, a, >=, b, #a " >= " #b)
#define UK_TEST_ASSERT_PTR_EQ(a, b)					\
	UK_TEST_PTR_(1, a, ==, b, #a " == " #b)
#define UK_TEST_ASSERT_PTR_NE(a, b)					\
	UK_TEST_PTR_(1, a, !=, b, #a " != " #b)
#define UK_TEST_ASSERT_NULL(p)						\
	UK_TEST_PTR_(1, p, ==, NULL, #p " == NULL")
#define UK_TEST_ASSERT_NOT_NULL(p)					\
	UK_TEST_PTR_(1, p, !=, NULL, #p " != NULL")
#define UK_TEST_ASSERT_STR_EQ(a, b)					\
	UK_TEST_STR_(1, a, b, true, #a " == " #b)
#define UK_TEST_ASSERT_STR_NE(a, b)					\
	UK_TEST_STR_(1, a, b, false, #a " != " #b)
#define UK_TEST_ASSERT_MEM_EQ(a, b, n)					\
	UK_TEST_MEM_(1, a, b, n, #a " == " #b " (" #n " bytes)")

/* Fails the case with a message and ends it. */
#define UK_TEST_FAIL(fmt, ...)						\
	do {								\
		uk_test_failf(__FILE__, __LINE__, fmt, ##__VA_ARGS__);	\
		uk_test_abort();					\
	} while (0)

/*
 * Ends the case as skipped, e.g. when what it needs was not passed. A
 * case that already failed stays failed.
 */
#define UK_TEST_SKIP(fmt, ...)		uk_test_skipf(fmt, ##__VA_ARGS__)

#endif /* UK_TEST_H */
