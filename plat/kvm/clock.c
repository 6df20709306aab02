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

#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE	0x61
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

static uint64_t hz_from_cpuid(void)
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
	if (max >= 0x16) {
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

	cpuid(0x40000000, 0, &a, &b, &c, &d);
	/* "KVMKVMKVM\0\0\0" */
	if (b != 0x4b4d564b || c != 0x564b4d56 || d != 0x4d)
		return 0;
	cpuid(0x40000001, 0, &a, &b, &c, &d);
	if (!(a & KVM_FEATURE_CLOCKSOURCE2))
		return 0;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&pv | 1);
	while (!pv.tsc_to_system_mul)
		cpu_relax();
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);
	/* ns = ((tsc << shift) * mul) >> 32  =>  hz = 1e9 * 2^32 / mul / 2^shift */
	hz = (1000000000ULL << 32) / pv.tsc_to_system_mul;
	hz = pv.tsc_shift >= 0 ? hz >> pv.tsc_shift : hz << -pv.tsc_shift;
	tsc_source = "kvmclock";
	return hz;
}

/* Counts TSC ticks while PIT channel 2 counts down CALIB_MS. */
static uint64_t hz_from_pit(void)
{
	uint16_t count = PIT_HZ * CALIB_MS / 1000;
	uint64_t t0, t1;
	uint8_t gate;

	gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x02) | 0x01);	/* speaker off, gate on */
	outb(PIT_CMD, 0xb0);			/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20))		/* OUT2 goes high at 0 */
		if (rdtsc() - t0 > (1ULL << 36))	/* no PIT at all */
			return 0;
	t1 = rdtsc();
	outb(PIT_GATE, gate);
	tsc_source = "PIT calibration";
	return (t1 - t0) * 1000 / CALIB_MS;
}

static void clock_init(void)
{
	uint64_t hz = hz_from_cpuid();

	if (!hz)
		hz = hz_from_kvmclock();
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

uint64_t ukplat_monotonic_ns(void)
{
	uint64_t delta;

	if (unlikely(!tsc_hz))
		clock_init();
	delta = rdtsc() - uk_boot_tsc;
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

/* The TSC value at which the monotonic clock reads ns. */
uint64_t kvm_ns_to_tsc(uint64_t ns)
{
	if (unlikely(!tsc_hz))
		clock_init();
	/* split so that no product overflows 64 bits (hz < 18 GHz) */
	return uk_boot_tsc + (ns / 1000000000ULL) * tsc_hz +
	       (ns % 1000000000ULL) * tsc_hz / 1000000000ULL;
}
