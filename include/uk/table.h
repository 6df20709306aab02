/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registration tables: arrays that the linker assembles from entries the
 * linked objects contribute, so an image holds exactly the entries of the
 * libraries it contains and no file lists them.
 *
 *	// the table's owner, once, in one .c file:
 *	UK_TABLE_DEFINE(fstab, struct uk_fs);
 *	// anyone, as often as needed (key: [0-9A-Za-z_.]*):
 *	static const struct uk_fs ramfs __uk_table(fstab, "ramfs") = { ... };
 *	// the owner, or anyone who declared it with UK_TABLE_DECLARE:
 *	const struct uk_fs *fs;
 *	uk_table_foreach(fs, fstab) ...
 *
 * An entry goes into the input section ".uk_table.<table>.<key>". The
 * link script keeps every ".uk_table.*" input section, sorted by name:
 * a table's entries are contiguous and ordered by key (entries with the
 * same key in link order), between two empty markers that sort first
 * ('!') and last ('~'). Adding a kind of table edits no link script.
 * Every entry and marker is 8-byte aligned (explicitly: the compiler would
 * otherwise align larger objects to 16 or 32 bytes and leave gaps), so an
 * entry type's alignment must be at most 8 and its size a multiple of 8,
 * which UK_TABLE_DEFINE checks.
 */
#ifndef UK_TABLE_H
#define UK_TABLE_H

#include <uk/essentials.h>

#define UK_TABLE_SECTION(table, key)	".uk_table." #table "." key

#define __uk_table(table, key)						\
	__used __section(UK_TABLE_SECTION(table, key)) __aligned(8)

#define UK_TABLE_DECLARE(table, type)					\
	extern const type uk_table_##table##_start[];			\
	extern const type uk_table_##table##_end[]

#define UK_TABLE_DEFINE(table, type)					\
	_Static_assert(sizeof(type) % 8 == 0 && _Alignof(type) <= 8,	\
		       "table entries: size a multiple of 8, align <= 8"); \
	const type uk_table_##table##_start[0] __uk_table(table, "!");	\
	const type uk_table_##table##_end[0] __uk_table(table, "~")

#define uk_table_start(table)	(uk_table_##table##_start)
#define uk_table_end(table)	(uk_table_##table##_end)

#define uk_table_foreach(p, table)					\
	for ((p) = uk_table_start(table); (p) < uk_table_end(table); (p)++)

#endif /* UK_TABLE_H */
