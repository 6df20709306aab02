/* SPDX-License-Identifier: BSD-3-Clause */
/* Private interfaces between the parts of the KVM platform. */
#ifndef KVM_KVM_H
#define KVM_KVM_H

#include <uk/essentials.h>

extern uint64_t uk_boot_tsc;		/* TSC at the first instruction */
extern uint64_t kvm_rsdp_paddr;		/* from the start info, or 0 */

extern char __uk_boot_stack_guard[], __uk_boot_stack_bottom[];
extern char __uk_boot_stack_top[], __uk_image_start[], __uk_image_end[];

/* Mapped by the boot page tables: [0, KVM_MAPPED_END). */
#define KVM_MAPPED_END	0x100000000ULL
/* The end of RAM below KVM_MAPPED_END (memmap.c). */
extern uintptr_t kvm_ram_end;

struct pvh_start_info;
/* The memory map from the start info (memmap.c). */
void kvm_memmap_init(const struct pvh_start_info *si);

/* Is addr's page mapped? (paging.c) */
bool kvm_page_present(uintptr_t addr);

/* CPUID's hypervisor leaf says KVM (hypervisor.c) */
bool kvm_signature(void);
/*
 * Maps device memory [base, base + len) (below 4 GiB) uncached (paging.c).
 * 0, -EINVAL, or -ENOMEM when a 2 MiB page that also holds RAM had to be
 * split and the few page tables kept for that are used up.
 */
int kvm_map_device(uint64_t base, uint64_t len);
/*
 * Does [base, base + len) meet an entry of the start info's memory map
 * (only RAM if ram_only)? The end of the first it meets, else 0 (memmap.c).
 */
uint64_t kvm_e820_overlap(uint64_t base, uint64_t len, bool ram_only);

void kvm_acpi_poweroff(void);
/* An ACPI table by signature ("APIC" is the MADT), checked mapped. */
const void *kvm_acpi_table(const char *sig);
/* The DSDT and its length (header included), checked mapped; or NULL. */
const void *kvm_acpi_dsdt(size_t *len);

/* The local APIC, set up on first use (lapic.c). */
void kvm_lapic_setup(void);
void kvm_lapic_eoi(void);
/* The local APIC ID of this CPU (sets the local APIC up). */
uint32_t kvm_lapic_id(void);
/* Sends vector to this CPU (a self-IPI, fixed delivery). */
void kvm_lapic_self_ipi(unsigned int vector);

/*
 * Interrupt vectors (the IDT has stubs for 32..63). The legacy PICs sit
 * on 48..63, fully masked (setup.c): those never fire. Devices get the
 * rest (irq.c): 33..35, 37..46, 48..63.
 */
#define KVM_VEC_TIMER	32
#define KVM_VEC_COM1	36
#define KVM_VEC_SPURIOUS 47
#define KVM_VEC_LAST	63

/*
 * Routes ISA interrupt irq (through the MADT's overrides) to vector on
 * this CPU, unmasked (ioapic.c). 0, or -ENODEV without an I/O APIC.
 */
int kvm_ioapic_route_isa(unsigned int irq, unsigned int vector);
/*
 * Routes gsi to vector on this CPU with that trigger mode and polarity,
 * unmasked. 0, or -ENODEV when no I/O APIC has gsi.
 */
int kvm_ioapic_route(unsigned int gsi, unsigned int vector, bool level,
		     bool active_low);
/* The GSI of ISA interrupt irq, through the MADT's overrides. */
unsigned int kvm_ioapic_isa_gsi(unsigned int irq);
/*
 * The trigger mode and polarity an MADT override gives gsi, where it
 * gives them; *level and *active_low stay as they are otherwise.
 */
void kvm_ioapic_gsi_mode(unsigned int gsi, bool *level, bool *active_low);

/*
 * virtio_mmio.device= tokens (QEMU's acpi=off): taken out of the command
 * line in place and remembered for ukplat_mmio_*() (mmio.c).
 */
void kvm_mmio_cmdline_take(char *cmdline);
/* A TSC delta in nanoseconds. */
uint64_t kvm_tsc_to_ns(uint64_t delta);
/* The TSC value at which the monotonic clock reads ns. */
uint64_t kvm_ns_to_tsc(uint64_t ns);
/* A CMOS register (0x00..0x7f; NMIs stay enabled), for rtc.c. */
uint8_t kvm_cmos_read(uint8_t reg);

#endif /* KVM_KVM_H */
