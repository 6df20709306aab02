// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for librandom: the ChaCha20 block function against the
 * RFC 8439 test vectors, then the generator (fast key erasure, chunking,
 * seeding paths) and getrandom()'s flags and length cap.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host-test.h"

#include "../chacha20.c"
#include "../random.c"
#include "../getrandom.c"

/* What random.c needs from libdebug and libboot. */
static int nr_warn;
static char last_msg[512];

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	(void)lib;
	if (level == UK_LOG_WARN)
		nr_warn++;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
}

/*
 * Fake entropy sources: each instruction fails (CF=0) its next *_fail
 * attempts, then returns a counter value, or all ones when *_ones.
 */
static bool fake_rdseed, fake_rdrand, fake_ones;
static int rdseed_fail, rdrand_fail, nr_rdseed, nr_rdrand;
static uint64_t fake_val = 0x1234, fake_tsc = 1000;

void random_hw_probe(bool *rdseed, bool *rdrand)
{
	*rdseed = fake_rdseed;
	*rdrand = fake_rdrand;
}

static bool fake_insn(int *fail, int *count, uint64_t *v)
{
	(*count)++;
	if (*fail) {
		(*fail)--;
		*v = 0;
		return false;
	}
	*v = fake_ones ? ~0ULL : fake_val++;
	return true;
}

bool random_hw_rdseed(uint64_t *v)
{
	return fake_insn(&rdseed_fail, &nr_rdseed, v);
}

bool random_hw_rdrand(uint64_t *v)
{
	return fake_insn(&rdrand_fail, &nr_rdrand, v);
}

uint64_t random_hw_tsc(void)
{
	return fake_tsc++;
}

int uk_param_set_str(const struct uk_param *p, const char *value)
{
	(void)p;
	(void)value;
	return 0;
}

static void unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(hexval(s[2 * i]) << 4 |
				   hexval(s[2 * i + 1]));
}

/* A generator in a known state, as if seeded from key. */
static void rng_set(const uint8_t key[32])
{
	memcpy(rng_key, key, 32);
	rng_seeded = true;
	rng_since_reseed = 0;
}

/* A generator never seeded, on a CPU with or without RDSEED/RDRAND. */
static void rng_fresh(bool rdseed, bool rdrand, const char *param)
{
	memset(rng_key, 0, sizeof(rng_key));
	rng_seeded = false;
	rng_since_reseed = 0;
	hw_probed = false;
	fake_rdseed = rdseed;
	fake_rdrand = rdrand;
	fake_ones = false;
	rdseed_fail = rdrand_fail = nr_rdseed = nr_rdrand = 0;
	seed_param = param;
	seeded_by_param = false;
	warned = false;
	nr_warn = 0;
}

/* RFC 8439 2.1.1 */
HOST_TEST(quarter_round)
{
	uint32_t a = 0x11111111, b = 0x01020304, c = 0x9b8d6f43,
		 d = 0x01234567;

	uk_chacha20_qround(&a, &b, &c, &d);
	CHECK_EQ_INT(a, 0xea2a92f4);
	CHECK_EQ_INT(b, 0xcb1cf8ce);
	CHECK_EQ_INT(c, 0x4581472e);
	CHECK_EQ_INT(d, 0x5881c4bb);
}

/* RFC 8439 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00 */
HOST_TEST(block_rfc8439_2_3_2)
{
	static const char *want =
		"10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c0680304"
		"22aa9ac3d46c4ed2826446079faa0914c2d705d98b02a2b512"
		"9cd1de164eb9cbd083e8a2503c4e";
	uint8_t key[32], nonce[12], out[64], exp[64];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	unhex("000000090000004a00000000", nonce, 12);
	unhex(want, exp, 64);
	uk_chacha20_blocks(key, nonce, 1, out, 1);
	CHECK(memcmp(out, exp, 64) == 0);
}

/* RFC 8439 A.1 test vectors #1 and #2: all-zero key and nonce */
HOST_TEST(block_rfc8439_a1)
{
	static const char *want0 =
		"76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa8"
		"36efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43"
		"b8f41518a11cc387b669b2ee6586";
	static const char *want1 =
		"9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912"
		"c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed"
		"1f28510afb45ace10a1f4b794d6f";
	uint8_t key[32] = { 0 }, nonce[12] = { 0 }, out[128], exp[64];

	uk_chacha20_blocks(key, nonce, 0, out, 2);
	unhex(want0, exp, 64);
	CHECK(memcmp(out, exp, 64) == 0);
	unhex(want1, exp, 64);
	CHECK(memcmp(out + 64, exp, 64) == 0);
}

/* Several blocks at once equal one block at a time. */
HOST_TEST(blocks_match_single)
{
	uint8_t key[32], nonce[12], many[5 * 64], one[64];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < 12; i++)
		nonce[i] = (uint8_t)(0xa0 + i);
	uk_chacha20_blocks(key, nonce, 0xfffffffe, many, 5);
	for (i = 0; i < 5; i++) {
		uk_chacha20_blocks(key, nonce, 0xfffffffeu + (uint32_t)i,
				   one, 1);
		CHECK(memcmp(many + 64 * i, one, 64) == 0);
	}
}

/*
 * One request under key K: block 0's first half is the next key, its
 * second half the first 32 bytes out, then blocks 1, 2, ... .
 */
HOST_TEST(fast_key_erasure)
{
	static const uint8_t nonce[12];
	uint8_t k[32], stream[4 * 64], out[150];
	int i;

	for (i = 0; i < 32; i++)
		k[i] = (uint8_t)(0x55 ^ i);
	uk_chacha20_blocks(k, nonce, 0, stream, 4);

	rng_set(k);
	memset(out, 0, sizeof(out));
	uk_random_fill(out, sizeof(out));
	CHECK(memcmp(out, stream + 32, sizeof(out)) == 0);
	CHECK(memcmp(rng_key, stream, 32) == 0);

	/* the next request runs under the new key */
	uk_chacha20_blocks(stream, nonce, 0, stream + 64, 1);
	uk_random_fill(out, 5);
	CHECK(memcmp(out, stream + 64 + 32, 5) == 0);
	CHECK(memcmp(rng_key, stream + 64, 32) == 0);
}

/* Every length from 0 to 200 writes exactly that many bytes. */
HOST_TEST(lengths_exact)
{
	uint8_t k[32] = { 1 }, buf[208];
	size_t len, i;

	rng_set(k);
	for (len = 0; len <= 200; len++) {
		memset(buf, 0xcc, sizeof(buf));
		uk_random_fill(buf + 4, len);
		for (i = 0; i < 4; i++)
			CHECK(buf[i] == 0xcc);
		for (i = 4 + len; i < sizeof(buf); i++)
			CHECK(buf[i] == 0xcc);
	}
}

/* A long request is served in CHUNK_BYTES pieces, each under a new key. */
HOST_TEST(chunking)
{
	static const uint8_t nonce[12];
	size_t len = 2 * CHUNK_BYTES + 100;
	uint8_t k[32] = { 9 }, b0[64];
	uint8_t *out = malloc(len), *exp = malloc(CHUNK_BYTES + 64);
	bool ok0, ok1;

	CHECK(out && exp);
	rng_set(k);
	uk_random_fill(out, len);
	/* chunk 0 under k */
	uk_chacha20_blocks(k, nonce, 0, exp, CHUNK_BYTES / 64 + 1);
	memcpy(b0, exp, 32);
	ok0 = memcmp(out, exp + 32, CHUNK_BYTES) == 0;
	/* chunk 1 under the key chunk 0 left */
	uk_chacha20_blocks(b0, nonce, 0, exp, CHUNK_BYTES / 64 + 1);
	ok1 = memcmp(out + CHUNK_BYTES, exp + 32, CHUNK_BYTES) == 0;
	free(out);
	free(exp);
	CHECK(ok0);
	CHECK(ok1);
	CHECK_EQ_INT(rng_since_reseed, len);
}

/* Past RESEED_BYTES, fresh entropy changes the stream. */
HOST_TEST(reseed_after_limit)
{
	static const uint8_t nonce[12];
	uint8_t k[32] = { 7 }, out[32], exp[64];

	rng_fresh(true, true, NULL);
	rng_set(k);
	rng_since_reseed = RESEED_BYTES;
	uk_random_fill(out, sizeof(out));
	CHECK(rng_since_reseed == sizeof(out));
	uk_chacha20_blocks(k, nonce, 0, exp, 1);
	CHECK(memcmp(out, exp + 32, sizeof(out)) != 0);
}

HOST_TEST(seed_hw_no_warning)
{
	uint8_t a[64], b[64];

	rng_fresh(true, true, NULL);
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_rdseed, 4);
	CHECK_EQ_INT(nr_rdrand, 0);
	uk_random_fill(b, sizeof(b));
	CHECK(rng_seeded);
	CHECK_EQ_INT(nr_warn, 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
}

/* CF=0 is retried up to 10 times, then RDRAND stands in. */
HOST_TEST(seed_retries_and_fallback)
{
	uint8_t a[16];

	rng_fresh(true, true, NULL);
	rdseed_fail = 9;	/* the first word succeeds on try 10 */
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_rdseed, 9 + 4);
	CHECK_EQ_INT(nr_rdrand, 0);
	CHECK_EQ_INT(nr_warn, 0);

	rng_fresh(true, true, NULL);
	rdseed_fail = 10;	/* word 0 falls back to RDRAND */
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_rdseed, 10 + 3);
	CHECK_EQ_INT(nr_rdrand, 1);
	CHECK_EQ_INT(nr_warn, 0);

	rng_fresh(false, true, NULL);	/* RDRAND only */
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_rdseed, 0);
	CHECK_EQ_INT(nr_rdrand, 4);
	CHECK_EQ_INT(nr_warn, 0);
}

/* Hardware present but failing: the same warning as none at all. */
HOST_TEST(seed_hw_failing_warns)
{
	uint8_t a[16];

	rng_fresh(true, true, NULL);
	rdseed_fail = rdrand_fail = 1000;
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_warn, 1);
	CHECK(strstr(last_msg, "RDSEED/RDRAND failing") != NULL);

	rng_fresh(false, true, NULL);
	fake_ones = true;	/* stuck at all ones counts as failing */
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_rdrand, 4 * 10);
	CHECK_EQ_INT(nr_warn, 1);
}

HOST_TEST(seed_none_warns_once)
{
	uint8_t a[16];

	rng_fresh(false, false, NULL);
	uk_random_fill(a, sizeof(a));
	uk_random_fill(a, sizeof(a));
	uk_random_reseed();
	CHECK_EQ_INT(nr_warn, 1);
	CHECK(strstr(last_msg, "random.seed=") != NULL);
	CHECK(strstr(last_msg, "predictable") != NULL);
}

HOST_TEST(seed_param)
{
	static const char *seed =
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191A1B1C1D1E1F"
		"abcdef";	/* longer than one key: folded in twice */
	uint8_t a[16];

	rng_fresh(false, false, seed);
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_warn, 0);
	CHECK(seeded_by_param);

	/* short: one warning about it */
	rng_fresh(false, false, "0011");
	uk_random_fill(a, sizeof(a));
	CHECK_EQ_INT(nr_warn, 1);
	CHECK(strstr(last_msg, "16 bits") != NULL);
}

HOST_TEST(seed_param_malformed)
{
	uint8_t a[16];

	rng_fresh(false, false, "00112g");
	uk_random_fill(a, sizeof(a));
	CHECK(!seeded_by_param);
	CHECK_EQ_INT(nr_warn, 2);	/* ignored, then predictable */
	rng_fresh(false, false, "001");
	uk_random_fill(a, sizeof(a));
	CHECK(!seeded_by_param);
}

/* The same seed with a different TSC gives a different stream. */
HOST_TEST(param_and_tsc_both_count)
{
	uint8_t a[32], b[32];
	const char *seed = "42424242424242424242424242424242"
			   "42424242424242424242424242424242";

	rng_fresh(false, false, seed);
	uk_random_fill(a, sizeof(a));
	rng_fresh(false, false, seed);
	uk_random_fill(b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
}

HOST_TEST(getrandom_flags)
{
	uint8_t buf[8];

	rng_fresh(true, true, NULL);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, 0, 0, 0, 0), 8);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, RANDOM_GRND_NONBLOCK,
					    0, 0, 0), 8);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, RANDOM_GRND_RANDOM |
					    RANDOM_GRND_NONBLOCK, 0, 0, 0), 8);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, RANDOM_GRND_INSECURE,
					    0, 0, 0), 8);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, RANDOM_GRND_INSECURE |
					    RANDOM_GRND_RANDOM, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 8, 0x8, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_getrandom((long)buf, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_getrandom(0, 0, 0, 0, 0, 0), 0);
}

HOST_TEST(getrandom_cap)
{
	size_t len = 40UL << 20;
	uint8_t *buf = calloc(1, len);
	bool untouched;
	long r;

	CHECK(buf);
	rng_fresh(true, true, NULL);
	r = uk_syscall_r_getrandom((long)buf, (long)len, 0, 0, 0, 0);
	/* bytes past the cap are left alone */
	untouched = buf[33554431] == 0 && buf[len - 1] == 0;
	free(buf);
	CHECK_EQ_INT(r, 33554431);
	CHECK(untouched);
}

/* Not a statistical test suite: catches gross mistakes (stuck bytes). */
HOST_TEST(byte_histogram)
{
	size_t len = 1 << 20, i, count[256] = { 0 };
	uint8_t *buf = malloc(len);
	double chi = 0, e = (double)len / 256;

	CHECK(buf);
	rng_fresh(true, true, NULL);
	uk_random_fill(buf, len);
	for (i = 0; i < len; i++)
		count[buf[i]]++;
	free(buf);
	for (i = 0; i < 256; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	/* 255 degrees of freedom: p < 1e-6 beyond ~370 */
	CHECK(chi < 370);
}

HOST_TEST_MAIN()
