// SPDX-License-Identifier: BSD-3-Clause
/*
 * virtio-mmio transports (microvm). Two sources:
 *
 * - the ACPI DSDT: QEMU describes each transport as a Device whose _HID
 *   is "LNRO0005" and whose _CRS buffer holds a Memory32Fixed descriptor
 *   (base, size) and an Extended Interrupt descriptor (the GSI; level,
 *   active high). There is no AML interpreter here: the scan looks for
 *   DeviceOp packages, and inside one (skipping the devices nested in
 *   it) for the name _HID with that string and the name _CRS with a
 *   buffer, whose resource descriptors it then reads. Every length is
 *   checked against the package and the table: garbage yields nothing,
 *   never a read outside the table.
 * - virtio_mmio.device=<size>@<base>:<irq>[:<id>] tokens, which QEMU
 *   appends to the command line with acpi=off (Linux's syntax: size with
 *   an optional K, M or G; numbers in C notation). setup.c has them taken
 *   out of the command line before lib/boot parses it, so that neither
 *   the kernel parameters nor the app's argv see them.
 *
 * A transport counts when its header says "virt", version 1 (legacy) or
 * 2, and a device ID other than 0: QEMU creates all of them (24 with
 * ACPI, GSIs 24-47 on the second I/O APIC; 8 without, GSIs 5-12) and
 * plugs devices in from the top. The list is sorted by descending base,
 * so the first device on QEMU's command line comes first. The command
 * line is read at boot (cheaply); the DSDT and the headers on first use.
 */
#include <string.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "kvm.h"

#define MAX_MMIO	32

#define VIRTIO_MMIO_MAGIC	0x74726976	/* "virt" */
#define VIRTIO_MMIO_VERSION	0x004
#define VIRTIO_MMIO_DEVICE_ID	0x008
#define VIRTIO_MMIO_MIN_SIZE	0x100

#define AML_DEVICE_OP0	0x5b
#define AML_DEVICE_OP1	0x82
#define AML_NAME_OP	0x08
#define AML_BUFFER_OP	0x11
#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_BYTE_PREFIX	0x0a
#define AML_WORD_PREFIX	0x0b
#define AML_DWORD_PREFIX 0x0c

#define RES_END_TAG	0x0f	/* small item */
#define RES_IRQ		0x04	/* small item */
#define RES_MEM32_FIXED	0x86
#define RES_EXT_IRQ	0x89

#define CMDLINE_KEY	"virtio_mmio.device="

static struct ukplat_mmio_dev found[MAX_MMIO];
static unsigned int nr_found;
static bool discovered;

/* From the command line at boot, checked at discovery. */
static struct ukplat_mmio_dev from_cmdline[MAX_MMIO];
static unsigned int nr_from_cmdline;

/* --- the DSDT ------------------------------------------------------------- */

/*
 * An AML PkgLength at p: the length it encodes (counting itself) and, in
 * *n, its own size. 0 if it does not fit before end.
 */
static size_t pkg_length(const uint8_t *p, const uint8_t *end,
			 unsigned int *n)
{
	unsigned int extra, i;
	size_t len;

	*n = 0;
	if (p >= end)
		return 0;
	extra = p[0] >> 6;
	if ((size_t)(end - p) < extra + 1)
		return 0;
	if (!extra) {
		*n = 1;
		return p[0] & 0x3f;
	}
	len = p[0] & 0x0f;
	for (i = 0; i < extra; i++)
		len |= (size_t)p[1 + i] << (4 + 8 * i);
	*n = extra + 1;
	return len;
}

/*
 * The end of the Device package at p (p[0..1] the DeviceOp), or NULL if
 * p is no such package inside [p, end).
 */
static const uint8_t *device_end(const uint8_t *p, const uint8_t *end)
{
	unsigned int n;
	size_t len;

	if (end - p < 2 || p[0] != AML_DEVICE_OP0 || p[1] != AML_DEVICE_OP1)
		return NULL;
	len = pkg_length(p + 2, end, &n);
	/* the package holds at least its PkgLength and a NameSeg */
	if (len < n + 4 || len > (size_t)(end - (p + 2)))
		return NULL;
	return p + 2 + len;
}

/*
 * The first occurrence of pat in [p, end) outside the Devices nested
 * there, or NULL.
 */
static const uint8_t *find_own(const uint8_t *p, const uint8_t *end,
			       const void *pat, size_t len)
{
	const uint8_t *skip;

	while ((size_t)(end - p) >= len) {
		/* first bytes compared inline: this runs on every byte */
		if (*p == AML_DEVICE_OP0 && (skip = device_end(p, end))) {
			p = skip;
			continue;
		}
		if (*p == *(const uint8_t *)pat && !memcmp(p, pat, len))
			return p;
		p++;
	}
	return NULL;
}

/* Reads the resource template [p, end) of one transport into *d. */
static bool crs_parse(const uint8_t *p, const uint8_t *end,
		      struct ukplat_mmio_dev *d)
{
	bool have_mem = false, have_irq = false;
	uint32_t v32;
	uint16_t v16;
	size_t len;

	while (p < end) {
		if (!(p[0] & 0x80)) {		/* small item */
			unsigned int type = (p[0] >> 3) & 0x0f;

			len = p[0] & 7;
			if ((size_t)(end - p) < 1 + len)
				return false;
			if (type == RES_END_TAG)
				break;
			if (type == RES_IRQ && len >= 2 && !have_irq) {
				memcpy(&v16, p + 1, 2);
				if (v16) {
					d->gsi = __builtin_ctz(v16);
					have_irq = true;
				}
			}
			p += 1 + len;
			continue;
		}
		if (end - p < 3)			/* large item */
			return false;
		memcpy(&v16, p + 1, 2);
		len = v16;
		if ((size_t)(end - p) < 3 + len)
			return false;
		if (p[0] == RES_MEM32_FIXED && len >= 9 && !have_mem) {
			memcpy(&v32, p + 4, 4);
			d->base = v32;
			memcpy(&v32, p + 8, 4);
			d->size = v32;
			have_mem = true;
		} else if (p[0] == RES_EXT_IRQ && len >= 6 && p[4] >= 1 &&
			   !have_irq) {
			/* flags: bit 1 edge, bit 2 active low; QEMU: level, high */
			memcpy(&v32, p + 5, 4);
			d->gsi = v32;
			have_irq = true;
		}
		p += 3 + len;
	}
	return have_mem && have_irq;
}

/* The _CRS buffer's bytes of the Device [body, end), in [*bp, *be). */
static bool crs_buffer(const uint8_t *body, const uint8_t *end,
		       const uint8_t **bp, const uint8_t **be)
{
	static const uint8_t crs[] = { AML_NAME_OP, '_', 'C', 'R', 'S',
				       AML_BUFFER_OP };
	const uint8_t *p = find_own(body, end, crs, sizeof(crs)), *pkg_end;
	unsigned int n;
	size_t len;

	if (!p)
		return false;
	p += sizeof(crs);
	len = pkg_length(p, end, &n);
	if (len < n || len > (size_t)(end - p))
		return false;
	pkg_end = p + len;
	p += n;
	/* BufferSize: a TermArg; QEMU writes an integer constant */
	if (p >= pkg_end)
		return false;
	switch (*p) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		p += 1;
		break;
	case AML_BYTE_PREFIX:
		p += 2;
		break;
	case AML_WORD_PREFIX:
		p += 3;
		break;
	case AML_DWORD_PREFIX:
		p += 5;
		break;
	default:
		return false;
	}
	if (p > pkg_end)
		return false;
	*bp = p;
	*be = pkg_end;
	return true;
}

static void add_candidate(struct ukplat_mmio_dev *list, unsigned int *n,
			  const struct ukplat_mmio_dev *d)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (list[i].base == d->base)
			return;
	if (*n < MAX_MMIO)
		list[(*n)++] = *d;
}

static void dsdt_scan(struct ukplat_mmio_dev *list, unsigned int *n)
{
	static const uint8_t hid[] = { AML_NAME_OP, '_', 'H', 'I', 'D',
				       0x0d, 'L', 'N', 'R', 'O', '0', '0',
				       '0', '5', 0x00 };
	const uint8_t *t, *p, *end, *dev_end, *bp, *be;
	size_t len;

	t = kvm_acpi_dsdt(&len);
	if (!t || len <= 36)
		return;
	end = t + len;
	for (p = t + 36; p < end; p++) {
		struct ukplat_mmio_dev d = { 0 };

		if (*p != AML_DEVICE_OP0)
			continue;
		dev_end = device_end(p, end);
		if (!dev_end)
			continue;
		/* inside: past the DeviceOp; nested devices are skipped */
		if (find_own(p + 2, dev_end, hid, sizeof(hid)) &&
		    crs_buffer(p + 2, dev_end, &bp, &be) &&
		    crs_parse(bp, be, &d))
			add_candidate(list, n, &d);
	}
}

/* --- the command line ----------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/* A number in C notation (0x hex, 0 octal, else decimal) at *s. */
static bool parse_num(const char **s, uint64_t *v)
{
	const char *p = *s;
	unsigned int base = 10, digit, digits = 0;
	uint64_t x = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (;; p++, digits++) {
		if (*p >= '0' && *p <= '9')
			digit = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			digit = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			digit = *p - 'A' + 10;
		else
			break;
		if (digit >= base || x > (UINT64_MAX - digit) / base)
			return false;
		x = x * base + digit;
	}
	if (!digits)
		return false;
	*s = p;
	*v = x;
	return true;
}

/* <size>[KMG]@<base>:<irq>[:<id>], the whole of [s, end). */
static bool parse_token(const char *s, const char *end,
			struct ukplat_mmio_dev *d)
{
	uint64_t size, base, irq, id;
	unsigned int shift = 0;

	if (!parse_num(&s, &size))
		return false;
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	}
	if (size > (UINT64_MAX >> shift) || *s++ != '@' ||
	    !parse_num(&s, &base) || *s++ != ':' || !parse_num(&s, &irq))
		return false;
	if (s < end && (*s++ != ':' || !parse_num(&s, &id)))
		return false;
	if (s != end || irq > 0xffffffffULL)
		return false;
	d->base = base;
	d->size = size << shift;
	d->gsi = irq;
	return true;
}

/*
 * Tokens are split as lib/boot splits them (blanks; double quotes and
 * backslashes make one token of more): only a token that starts with
 * the key, with no quote or backslash in it, is QEMU's.
 */
void kvm_mmio_cmdline_take(char *cmdline)
{
	char *p = cmdline, *tok, *w;
	bool quoted = false;

	/* the boot path: one pass when there is none */
	for (p = cmdline; *p; p++)
		if (*p == 'v' && !strncmp(p, CMDLINE_KEY, strlen(CMDLINE_KEY)))
			break;
	if (!*p)
		return;
	p = cmdline;
	while (*p) {
		struct ukplat_mmio_dev d = { 0 };
		bool plain = true;

		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		for (; *p && (quoted || !is_blank(*p)); p++) {
			if (*p == '\\' && p[1]) {
				plain = false;
				p++;
			} else if (*p == '"') {
				plain = false;
				quoted = !quoted;
			} else if (*p == '\\') {
				plain = false;
			}
		}
		if (!plain || strncmp(tok, CMDLINE_KEY, strlen(CMDLINE_KEY)))
			continue;
		if (parse_token(tok + strlen(CMDLINE_KEY), p, &d))
			add_candidate(from_cmdline, &nr_from_cmdline, &d);
		else
			uk_pr_warn("ignoring malformed %.*s\n", (int)(p - tok),
				   tok);
		/* out with the token and the blanks after it */
		while (is_blank(*p))
			p++;
		for (w = tok; (*w = *p); w++, p++)
			;
		p = tok;
	}
}

/* --- discovery ------------------------------------------------------------ */

static bool transport_has_device(const struct ukplat_mmio_dev *d)
{
	volatile uint32_t *r;
	uint32_t version;

	if (d->size < VIRTIO_MMIO_MIN_SIZE || d->base & 3 ||
	    d->base + d->size < d->base || d->base + d->size > KVM_MAPPED_END ||
	    d->base < kvm_ram_end || kvm_e820_overlap(d->base, d->size, true))
		return false;
	if (kvm_map_device(d->base, d->size))
		return false;
	r = (volatile uint32_t *)(uintptr_t)d->base;
	if (r[0] != VIRTIO_MMIO_MAGIC)
		return false;
	version = r[VIRTIO_MMIO_VERSION / 4];
	if (version != 1 && version != 2)
		return false;
	return r[VIRTIO_MMIO_DEVICE_ID / 4] != 0;
}

static void discover(void)
{
	struct ukplat_mmio_dev cand[MAX_MMIO];
	unsigned int n = 0, n_dsdt, i, j;

	discovered = true;
	dsdt_scan(cand, &n);
	n_dsdt = n;
	for (i = 0; i < nr_from_cmdline; i++)
		add_candidate(cand, &n, &from_cmdline[i]);
	for (i = 0; i < n; i++) {
		bool yes = transport_has_device(&cand[i]);

		uk_pr_debug("mmio: transport 0x%llx size 0x%llx gsi %u (%s)%s\n",
			    (unsigned long long)cand[i].base,
			    (unsigned long long)cand[i].size, cand[i].gsi,
			    i < n_dsdt ? "DSDT" : "command line",
			    yes ? ": a device" : "");
		if (!yes)
			continue;
		/* insertion by descending base */
		for (j = nr_found; j > 0 && found[j - 1].base < cand[i].base;
		     j--)
			found[j] = found[j - 1];
		found[j] = cand[i];
		nr_found++;
	}
}

unsigned int ukplat_mmio_count(void)
{
	if (!discovered)
		discover();
	return nr_found;
}

const struct ukplat_mmio_dev *ukplat_mmio_get(unsigned int i)
{
	if (!discovered)
		discover();
	return i < nr_found ? &found[i] : NULL;
}
