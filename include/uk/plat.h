/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform interface: what a platform (plat/<name>) provides to the
 * libraries, and the one call it makes into them. Only plat/ implements
 * these; libraries never touch hardware.
 *
 * The contract: the platform's entry sets up the CPU (arch/), the console
 * and the memory map, then calls uk_boot_main() (lib/boot), which never
 * returns. Everything else here may be called from then on; the clock,
 * the timer and the RTC set themselves up on first use.
 */
#ifndef UK_PLAT_H
#define UK_PLAT_H

#include <uk/essentials.h>

/* lib/boot: parameters, init levels, main(). Called once by the platform. */
__noreturn void uk_boot_main(void);

/* Console: usable from the first C line, before any init level runs. */
void ukplat_console_write(const char *buf, size_t len);
/* The next byte typed on the console, or -1 if none is waiting. */
int ukplat_console_getc(void);
/* Is a byte waiting? (Call with interrupts off to then wait safely.) */
bool ukplat_console_rx_ready(void);
/*
 * fn() runs in interrupt context whenever input arrives (a reader
 * blocked in a wait queue wakes). Returns 0, or -ENODEV when the
 * console has no interrupt: the reader must then poll.
 */
int ukplat_console_rx_notify(void (*fn)(void));

/* Power off with an exit status (see include/uk/exit.h). Never returns. */
__noreturn void ukplat_halt(int status);

/* Memory map: the image, boot modules, then free RAM regions. */
enum ukplat_memregion_type {
	UKPLAT_MEM_FREE,	/* RAM nobody uses: for the allocator */
	UKPLAT_MEM_KERNEL,	/* the image, its stacks and boot data */
	UKPLAT_MEM_MODULE,	/* a boot module (initrd), kept for its user */
	UKPLAT_MEM_RESERVED,	/* firmware, ACPI, MMIO holes */
};

struct ukplat_memregion {
	uintptr_t base;
	size_t len;
	enum ukplat_memregion_type type;
};

unsigned int ukplat_memregion_count(void);
const struct ukplat_memregion *ukplat_memregion_get(unsigned int i);

/* The kernel command line as the VMM passed it (never NULL). */
char *ukplat_cmdline(void);

/* Monotonic time since boot, in nanoseconds. */
uint64_t ukplat_monotonic_ns(void);
/* TSC frequency in Hz, and how it was found ("cpuid", "kvmclock", ...). */
uint64_t ukplat_tsc_hz(const char **source);
/* The clock knows its frequency already: reading it now costs nothing
 * (the first reader may otherwise wait for a calibration). */
bool ukplat_clock_ready(void);

/*
 * One-shot timer: handler() runs in interrupt context once the monotonic
 * clock reaches deadline_ns. A new deadline replaces the old one; 0 stops.
 */
void ukplat_timer_set_handler(void (*handler)(void));
void ukplat_timer_arm(uint64_t deadline_ns);

/* Interrupts, and waiting for one without spinning. */
void ukplat_irq_enable(void);
void ukplat_irq_disable(void);
/*
 * Disables interrupts and returns whether they were enabled, for
 * ukplat_irq_restore(), which re-enables them only then:
 *	unsigned long flags = ukplat_irq_save();
 *	...
 *	ukplat_irq_restore(flags);
 */
unsigned long ukplat_irq_save(void);
void ukplat_irq_restore(unsigned long flags);
/* Halts until the next interrupt; call with interrupts disabled. */
void ukplat_idle(void);
/* Time spent halted in ukplat_idle() since boot, in nanoseconds. */
uint64_t ukplat_idle_ns(void);

/*
 * The battery-backed real-time clock, as broken-down UTC time (year
 * 1970.., month 1..12, day 1..31, hour 0..23, min, sec 0..59), its
 * fields checked for range. Returns 0, -ENODEV without an RTC (microvm),
 * -EIO for a reading that does not make sense.
 */
struct ukplat_rtc_time {
	int year, mon, mday, hour, min, sec;
};
int ukplat_rtc_read(struct ukplat_rtc_time *t);

/*
 * Protection of the 4 KiB pages of [addr, addr + len) (page-aligned,
 * below 4 GiB): none (a guard page: any access faults), read-only or
 * read-write (the default of all RAM). The first change inside a 2 MiB
 * region needs a page-table page: the platform takes it from pt_alloc
 * (4 KiB, 4 KiB-aligned, contents irrelevant), as it has no heap.
 * Returns 0, -EINVAL, -ENOMEM (pt_alloc failed; pages before addr's
 * failing one are changed).
 */
enum ukplat_page_prot {
	UKPLAT_PAGE_NONE,
	UKPLAT_PAGE_RO,
	UKPLAT_PAGE_RW,
};
int ukplat_page_protect(uintptr_t addr, size_t len,
			enum ukplat_page_prot prot, void *(*pt_alloc)(void));

/*
 * Makes [addr, addr + len) (page-aligned, RAM) read as zeros, writing
 * only the pages that were written since they were last zeroed (the
 * CPU's dirty bits tell); pt_alloc as for ukplat_page_protect. Returns
 * how many pages it zeroed. Memory a device writes by DMA must be
 * written by the CPU once before it is freed (drivers do so at set-up).
 */
size_t ukplat_page_zero(uintptr_t addr, size_t len, void *(*pt_alloc)(void));

/*
 * The image's TLS template (its PT_TLS): initialized data, total size
 * and alignment, for whoever builds a thread's TLS block.
 */
struct ukplat_tls_template {
	const void *data;
	size_t filesz, memsz, align;
};
void ukplat_tls_template(struct ukplat_tls_template *t);

/*
 * May the kernel read (write: and write) [ptr, ptr + len) for the app:
 * RAM (the image included) above the first page, mapped, writable if
 * write? The check behind EFAULT for pointers a syscall is given.
 */
bool ukplat_user_range_ok(const void *ptr, size_t len, bool write);

/* For the crash reporter: can addr be read without faulting? */
bool ukplat_addr_readable(uintptr_t addr);
/* Is addr in the guard page below a stack (an overflow)? */
bool ukplat_in_stack_guard(uintptr_t addr);

/* --- devices -------------------------------------------------------------- */

/*
 * virtio-mmio transports (microvm): from the ACPI DSDT's LNRO0005
 * entries (base, size and interrupt in _CRS), or from virtio_mmio.device=
 * tokens on the command line (what QEMU appends with acpi=off; the
 * platform takes them out of the command line wherever they are, so that
 * neither the parameters nor the app's argv see them). Found at boot.
 */
struct ukplat_mmio_dev {
	uint64_t base, size;
	unsigned int gsi;	/* level-triggered, active high */
};
unsigned int ukplat_mmio_count(void);
const struct ukplat_mmio_dev *ukplat_mmio_get(unsigned int i);

/*
 * PCI functions (q35, pc), enumerated on first use through the
 * configuration space; memory BARs the firmware left unassigned get an
 * address below 4 GiB, and memory decoding and bus mastering are on.
 */
struct ukplat_pci_bar {
	uint64_t addr, size;	/* size 0: none */
	bool io, mem64, prefetch;
};

struct ukplat_pci_dev {
	uint8_t bus, slot, func;
	uint16_t vendor, device, subsys_vendor, subsys_id;
	uint8_t class, subclass, prog_if, revision;
	uint8_t irq_pin;	/* INTA = 1 .. INTD = 4; 0: none */
	int gsi;		/* where INTx arrives, -1 if not known */
	struct ukplat_pci_bar bar[6];
};
unsigned int ukplat_pci_count(void);
const struct ukplat_pci_dev *ukplat_pci_get(unsigned int i);
/* Configuration space reads and writes of 1, 2 or 4 bytes at off. */
uint32_t ukplat_pci_read(const struct ukplat_pci_dev *d, unsigned int off,
			 unsigned int size);
void ukplat_pci_write(const struct ukplat_pci_dev *d, unsigned int off,
		      unsigned int size, uint32_t v);
/* The next capability with id after offset from (0: the first), or 0. */
unsigned int ukplat_pci_cap_next(const struct ukplat_pci_dev *d, uint8_t id,
				 unsigned int from);

/*
 * Device interrupts. fn(arg) runs in interrupt context (interrupts off,
 * the scheduler's lock held by that), the end of interrupt follows it.
 * A GSI through the I/O APIC (level or edge, active high or low): 0 or
 * -errno (-ENODEV: no I/O APIC has it; -ENOSPC: no vector left). An MSI
 * or MSI-X vector: *addr and *data are what the device must write (its
 * MSI-X table entry); 0 or -ENOSPC.
 */
int ukplat_irq_gsi(unsigned int gsi, bool level, bool active_low,
		   void (*fn)(void *arg), void *arg);
int ukplat_irq_msi(void (*fn)(void *arg), void *arg, uint64_t *addr,
		   uint32_t *data);

/*
 * True when the CPU is emulated, not virtualized (no KVM signature in
 * CPUID's hypervisor leaf: QEMU's TCG). QEMU before 8.1 drops the fence
 * instructions of a one-vCPU guest under TCG (its commit c914d46d0a), so
 * there a fence does not order the guest's stores before its loads as
 * the device emulation threads see them; lib/virtio then also reads a
 * device register, which QEMU serves under its global lock.
 */
bool ukplat_cpu_emulated(void);

/* TSC value at the image's first instruction (for boot timing). */
uint64_t ukplat_boot_tsc(void);

#endif /* UK_PLAT_H */
