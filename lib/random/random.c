// SPDX-License-Identifier: BSD-3-Clause
/*
 * The kernel's random generator and getrandom().
 *
 * Fast key erasure: the generator is one 32-byte ChaCha20 key. A request
 * runs ChaCha20 under that key; the first 32 bytes of the first block
 * become the next key and the rest is output, so a later compromise of
 * the state reveals nothing already handed out. Entropy comes from
 * RDSEED (else RDRAND) and the TSC on first use, again after every
 * RESEED_BYTES of output, and on uk_random_reseed(). A CPU with neither
 * instruction needs random.seed=<hex> (see README.md).
 *
 * Works with or without musl: only <string.h> and kit headers. The
 * getrandom() syscall is in getrandom.c.
 */
#include <string.h>
#include <uk/errno.h>
#include <uk/essentials.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/random.h>
#include "chacha20.h"
#include "hw.h"

#define RESEED_BYTES		(1UL << 20)
/* One key serves at most this much output before the next rekey. */
#define CHUNK_BYTES		(64UL << 10)
#define HW_RETRIES		10

static const char *seed_param;
UK_PARAM_STR(random, seed, seed_param,
	     "hex seed (64 digits) for CPUs without RDSEED/RDRAND");

static uint8_t rng_key[CHACHA20_KEY_SIZE];
static bool rng_seeded;
static size_t rng_since_reseed;
static bool hw_probed, hw_rdseed, hw_rdrand;
static bool seeded_by_param, warned;

/* memset that the compiler cannot drop for a dying buffer */
static void wipe(void *p, size_t n)
{
	memset(p, 0, n);
	uk_barrier_data(p);
}

/*
 * CF=0 means the hardware had nothing ready: retry a few times. All
 * ones is what some AMD parts return forever after a faulty resume;
 * count it as a failure too.
 */
static bool hw_word(bool (*insn)(uint64_t *), uint64_t *v)
{
	int i;

	for (i = 0; i < HW_RETRIES; i++)
		if (insn(v) && *v != ~0ULL)
			return true;
	return false;
}

/* key = first half of ChaCha20(key ^ material, nonce) */
static void mix(const uint8_t *material, size_t len, const uint8_t *nonce)
{
	uint8_t block[CHACHA20_BLOCK_SIZE];
	size_t i;

	for (i = 0; i < len && i < CHACHA20_KEY_SIZE; i++)
		rng_key[i] ^= material[i];
	uk_chacha20_blocks(rng_key, nonce, 0, block, 1);
	memcpy(rng_key, block, CHACHA20_KEY_SIZE);
	wipe(block, sizeof(block));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Folds random.seed into the key, 32 bytes at a time. */
static bool mix_param(void)
{
	uint8_t buf[CHACHA20_KEY_SIZE];
	uint8_t nonce[CHACHA20_NONCE_SIZE] = { 'p', 'a', 'r', 'a', 'm' };
	const char *s = seed_param;
	size_t n, i;

	if (!s || !*s)
		return false;
	for (n = 0; s[n]; n++)
		if (hexval(s[n]) < 0)
			break;
	if (s[n] || n % 2) {
		uk_pr_warn("random.seed: not pairs of hex digits: ignored\n");
		return false;
	}
	if (n < 2 * CHACHA20_KEY_SIZE)
		uk_pr_warn("random.seed: %zu bits only; 256 are advised\n",
			   n * 4);
	while (n) {
		memset(buf, 0, sizeof(buf));
		for (i = 0; i < sizeof(buf) && n; i++, n -= 2, s += 2)
			buf[i] = (uint8_t)(hexval(s[0]) << 4 | hexval(s[1]));
		nonce[11]++;	/* a different nonce per chunk */
		mix(buf, sizeof(buf), nonce);
	}
	wipe(buf, sizeof(buf));
	return true;
}

/*
 * 256 bits from RDSEED (true entropy), else RDRAND (a DRBG the hardware
 * reseeds), plus the TSC, which is all a CPU without either can offer.
 */
static void reseed(void)
{
	uint64_t words[4], tsc;
	uint8_t nonce[CHACHA20_NONCE_SIZE];
	unsigned int i, good = 0;

	if (!hw_probed) {
		random_hw_probe(&hw_rdseed, &hw_rdrand);
		hw_probed = true;
	}
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		words[i] = 0;
		if ((hw_rdseed && hw_word(random_hw_rdseed, &words[i])) ||
		    (hw_rdrand && hw_word(random_hw_rdrand, &words[i])))
			good++;
	}
	tsc = random_hw_tsc();
	memset(nonce, 0, sizeof(nonce));
	memcpy(nonce, &tsc, sizeof(tsc));
	mix((const uint8_t *)words, sizeof(words), nonce);
	wipe(words, sizeof(words));

	if (!rng_seeded) {
		seeded_by_param = mix_param();
		rng_seeded = true;
	}
	if (good < ARRAY_SIZE(words) && !seeded_by_param && !warned) {
		warned = true;
		uk_pr_warn("%s: random numbers are predictable. Pass "
			   "random.seed=<64 hex digits> from a good host "
			   "source (e.g. od -An -tx1 -N32 /dev/urandom | "
			   "tr -d ' \\n')\n",
			   hw_rdseed || hw_rdrand ?
			   "RDSEED/RDRAND failing" : "no RDSEED/RDRAND");
	}
	rng_since_reseed = 0;
}

/* Up to CHUNK_BYTES of output under one key, then a new key. */
static void generate(uint8_t *out, size_t len)
{
	static const uint8_t nonce[CHACHA20_NONCE_SIZE];
	uint8_t key[CHACHA20_KEY_SIZE], block[CHACHA20_BLOCK_SIZE];
	size_t n, full;

	memcpy(key, rng_key, sizeof(key));
	uk_chacha20_blocks(key, nonce, 0, block, 1);
	memcpy(rng_key, block, CHACHA20_KEY_SIZE);
	n = MIN(len, sizeof(block) - CHACHA20_KEY_SIZE);
	memcpy(out, block + CHACHA20_KEY_SIZE, n);
	out += n;
	len -= n;

	full = len / CHACHA20_BLOCK_SIZE;
	if (full)
		uk_chacha20_blocks(key, nonce, 1, out, full);
	out += full * CHACHA20_BLOCK_SIZE;
	len -= full * CHACHA20_BLOCK_SIZE;
	if (len) {
		uk_chacha20_blocks(key, nonce, 1 + (uint32_t)full, block, 1);
		memcpy(out, block, len);
	}
	wipe(key, sizeof(key));
	wipe(block, sizeof(block));
}

void uk_random_fill(void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t n;

	if (unlikely(!rng_seeded))
		reseed();
	while (len) {
		if (rng_since_reseed >= RESEED_BYTES)
			reseed();
		n = MIN(len, CHUNK_BYTES);
		generate(out, n);
		rng_since_reseed += n;
		out += n;
		len -= n;
	}
}

void uk_random_reseed(void)
{
	reseed();
}
