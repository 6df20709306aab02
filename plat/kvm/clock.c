// SPDX-License-Identifier: BSD-3-Clause
/*
 * Monotonic clock from the TSC. The frequency comes from CPUID (the
 * hypervisor timing leaf 0x40000010, or leaves 0x15/0x16), else from
 * kvmclock's scale factors, and only as a last resort from a short PIT
 * calibration. Nothing is measured at boot: the first reader of the clock
 * pays, so an app that never asks the time never waits for calibration.
 */
#include <uk/arch/x86.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "kvm.h"

#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_HZ		1193182ULL
#define CALIB_MS	10

static uint64_t tsc_hz;
static const char *tsc_source;
static uint64_t ns_mult;	/* ns = (tsc delta * ns_mult) >> 32 */

struct pvclock {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __packed;

/* Exact leaves first; leaf 0x16 (a nominal figure) only if nominal_ok. */
static uint64_t hz_from_cpuid(bool nominal_ok)
{
	uint32_t a, b, c, d, max;

	cpuid(0x40000000, 0, &max, &b, &c, &d);
	if (max >= 0x40000010 && max < 0x40010000) {
		cpuid(0x40000010, 0, &a, &b, &c, &d);
		if (a) {
			tsc_source = "cpuid 0x40000010";
			return (uint64_t)a * 1000;
		}
	}
	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c) {
			tsc_source = "cpuid 0x15";
			return (uint64_t)c * b / a;
		}
	}
	if (nominal_ok && max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a) {
			tsc_source = "cpuid 0x16";
			return (uint64_t)(a & 0xffff) * 1000000;
		}
	}
	return 0;
}

static uint64_t hz_from_kvmclock(void)
{
	static struct pvclock pv __aligned(64);
	uint32_t a, b, c, d;
	uint64_t hz;
	unsigned long spins;

	if (!kvm_signature())
		return 0;
	cpuid(0x40000001, 0, &a, &b, &c, &d);
	if (!(a & KVM_FEATURE_CLOCKSOURCE2))
		return 0;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&pv | 1);
	/* KVM fills the page at once; don't wait forever if it does not */
	for (spins = 0; !pv.tsc_to_system_mul && spins < 1000000; spins++)
		cpu_relax();
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);
	if (!pv.tsc_to_system_mul)
		return 0;
	/* ns = ((tsc << shift) * mul) >> 32  =>  hz = 1e9 * 2^32 / mul / 2^shift */
	hz = (1000000000ULL << 32) / pv.tsc_to_system_mul;
	hz = pv.tsc_shift >= 0 ? hz >> pv.tsc_shift : hz << -pv.tsc_shift;
	tsc_source = "kvmclock";
	return hz;
}

static uint16_t pit_read_ch0(void)
{
	uint8_t lo, hi;

	outb(PIT_CMD, 0x00);		/* latch channel 0 */
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return lo | (uint16_t)hi << 8;
}

/*
 * Counts TSC ticks over CALIB_MS of PIT channel 0, read back by latching.
 * Channel 0 because it exists on every QEMU machine with a PIT (microvm
 * has no port 0x61 gate for channel 2). Its IRQ0 goes nowhere: the 8259s
 * are masked at boot, and the I/O APIC pins start masked.
 */
static uint64_t hz_from_pit(void)
{
	uint32_t want = PIT_HZ * CALIB_MS / 1000, elapsed = 0;
	uint16_t prev, cur;
	uint64_t t0, t1;
	unsigned long reads = 0;

	outb(PIT_CMD, 0x34);		/* ch0, lo/hi, mode 2 */
	outb(PIT_CH0, 0);		/* count 65536 */
	outb(PIT_CH0, 0);
	prev = pit_read_ch0();
	t0 = rdtsc();
	while (elapsed < want) {
		cur = pit_read_ch0();
		elapsed += (uint16_t)(prev - cur);	/* counts down, wraps */
		prev = cur;
		if (++reads > 1000 && elapsed == 0)
			return 0;		/* the counter never moves */
	}
	t1 = rdtsc();
	outb(PIT_CMD, 0x30);		/* mode 0, no count: stops it */
	tsc_source = "PIT calibration";
	return (t1 - t0) * PIT_HZ / elapsed;
}

static void clock_init(void)
{
	uint64_t hz = hz_from_cpuid(false);

	if (!hz)
		hz = hz_from_kvmclock();
	if (!hz)
		hz = hz_from_cpuid(true);
	if (!hz)
		hz = hz_from_pit();
	if (!hz) {
		/* Wrong but never zero: time still moves forward. */
		hz = 1000000000ULL;
		tsc_source = "assumed 1 GHz";
		uk_pr_warn("no TSC frequency source: assuming 1 GHz\n");
	}
	ns_mult = (1000000000ULL << 32) / hz;
	tsc_hz = hz;
}

uint64_t ukplat_tsc_hz(const char **source)
{
	if (unlikely(!tsc_hz))
		clock_init();
	if (source)
		*source = tsc_source;
	return tsc_hz;
}

bool ukplat_clock_ready(void)
{
	return tsc_hz != 0;
}

uint64_t kvm_tsc_to_ns(uint64_t delta)
{
	if (unlikely(!tsc_hz))
		clock_init();
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

uint64_t ukplat_monotonic_ns(void)
{
	return kvm_tsc_to_ns(rdtsc() - uk_boot_tsc);
}

/* The TSC value at which the monotonic clock reads ns. */
uint64_t kvm_ns_to_tsc(uint64_t ns)
{
	if (unlikely(!tsc_hz))
		clock_init();
	/*
	 * Rounded up, so the interrupt never comes before the clock reads
	 * ns; saturating, so "far in the future" stays far.
	 */
	uint64_t secs = ns / 1000000000ULL, rest = ns % 1000000000ULL;
	uint64_t ticks;

	if (secs > (UINT64_MAX - uk_boot_tsc) / tsc_hz - 1)
		return UINT64_MAX;
	ticks = secs * tsc_hz + (rest * tsc_hz + 999999999ULL) / 1000000000ULL;
	/* the clock's own rounding may still read a few ns short: the
	 * timer interrupt re-checks and re-arms (lapic.c) */
	return uk_boot_tsc + ticks;
}
