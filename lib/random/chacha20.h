/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ChaCha20 block function (RFC 8439, section 2.3): 256-bit key,
 * 32-bit block counter, 96-bit nonce, 64 bytes of output per block.
 * Portable: no libc beyond <stdint.h>, so host tests build it as is.
 */
#ifndef RANDOM_CHACHA20_H
#define RANDOM_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_SIZE	32
#define CHACHA20_NONCE_SIZE	12
#define CHACHA20_BLOCK_SIZE	64

/*
 * Writes the blocks counter, counter + 1, ... counter + nblocks - 1 to
 * out (nblocks * 64 bytes). out may alias neither key nor nonce.
 */
void uk_chacha20_blocks(const uint8_t key[CHACHA20_KEY_SIZE],
			const uint8_t nonce[CHACHA20_NONCE_SIZE],
			uint32_t counter, uint8_t *out, unsigned long nblocks);

/* One quarter round on four words, exposed for the test vectors. */
void uk_chacha20_qround(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d);

#endif /* RANDOM_CHACHA20_H */
