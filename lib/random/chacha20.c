// SPDX-License-Identifier: BSD-3-Clause
/*
 * ChaCha20 block function, written from the description in RFC 8439.
 * The state is 16 little-endian words: 4 constants, 8 key words, the
 * block counter and 3 nonce words. 20 rounds alternate column and
 * diagonal quarter rounds; the input state is then added back in.
 */
#include "chacha20.h"

#define ROTL32(v, n)	(((v) << (n)) | ((v) >> (32 - (n))))

/* The ASCII string "expand 32-byte k" as four little-endian words. */
#define SIGMA0		0x61707865u
#define SIGMA1		0x3320646eu
#define SIGMA2		0x79622d32u
#define SIGMA3		0x6b206574u

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define QROUND(a, b, c, d)						\
	do {								\
		a += b; d ^= a; d = ROTL32(d, 16);			\
		c += d; b ^= c; b = ROTL32(b, 12);			\
		a += b; d ^= a; d = ROTL32(d, 8);			\
		c += d; b ^= c; b = ROTL32(b, 7);			\
	} while (0)

void uk_chacha20_qround(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	uint32_t wa = *a, wb = *b, wc = *c, wd = *d;

	QROUND(wa, wb, wc, wd);
	*a = wa;
	*b = wb;
	*c = wc;
	*d = wd;
}

static void chacha20_block(const uint32_t in[16], uint8_t out[64])
{
	uint32_t x[16];
	int i;

	for (i = 0; i < 16; i++)
		x[i] = in[i];
	for (i = 0; i < 10; i++) {
		/* columns */
		QROUND(x[0], x[4], x[8], x[12]);
		QROUND(x[1], x[5], x[9], x[13]);
		QROUND(x[2], x[6], x[10], x[14]);
		QROUND(x[3], x[7], x[11], x[15]);
		/* diagonals */
		QROUND(x[0], x[5], x[10], x[15]);
		QROUND(x[1], x[6], x[11], x[12]);
		QROUND(x[2], x[7], x[8], x[13]);
		QROUND(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		put_le32(out + 4 * i, x[i] + in[i]);
	/* x held key material: do not leave it on the stack */
	for (i = 0; i < 16; i++)
		((volatile uint32_t *)x)[i] = 0;
}

void uk_chacha20_blocks(const uint8_t key[CHACHA20_KEY_SIZE],
			const uint8_t nonce[CHACHA20_NONCE_SIZE],
			uint32_t counter, uint8_t *out, unsigned long nblocks)
{
	uint32_t s[16];
	int i;

	s[0] = SIGMA0;
	s[1] = SIGMA1;
	s[2] = SIGMA2;
	s[3] = SIGMA3;
	for (i = 0; i < 8; i++)
		s[4 + i] = get_le32(key + 4 * i);
	s[12] = counter;
	for (i = 0; i < 3; i++)
		s[13 + i] = get_le32(nonce + 4 * i);

	while (nblocks--) {
		chacha20_block(s, out);
		out += CHACHA20_BLOCK_SIZE;
		s[12]++;
	}
	for (i = 0; i < 16; i++)
		((volatile uint32_t *)s)[i] = 0;
}
