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

void kvm_acpi_poweroff(void);
/* An ACPI table by signature ("APIC" is the MADT), checked mapped. */
const void *kvm_acpi_table(const char *sig);

/* The local APIC, set up on first use (lapic.c). */
void kvm_lapic_setup(void);
void kvm_lapic_eoi(void);

/* Interrupt vectors (the IDT has stubs for 32..63). */
#define KVM_VEC_TIMER	32
#define KVM_VEC_COM1	36
#define KVM_VEC_SPURIOUS 47

/*
 * Routes ISA interrupt irq (through the MADT's overrides) to vector on
 * this CPU, unmasked (ioapic.c). 0, or -ENODEV without an I/O APIC.
 */
int kvm_ioapic_route_isa(unsigned int irq, unsigned int vector);
/* A TSC delta in nanoseconds. */
uint64_t kvm_tsc_to_ns(uint64_t delta);
/* The TSC value at which the monotonic clock reads ns. */
uint64_t kvm_ns_to_tsc(uint64_t ns);
/* A CMOS register (0x00..0x7f; NMIs stay enabled), for rtc.c. */
uint8_t kvm_cmos_read(uint8_t reg);

#endif /* KVM_KVM_H */
