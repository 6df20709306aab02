// SPDX-License-Identifier: BSD-3-Clause
/*
 * Two of SQLite's programs in one image, both unchanged: the sqlite3
 * shell (shell.c) and the speedtest1 benchmark (test/speedtest1.c), whose
 * main() functions are compiled as sqlite3_shell_main() and
 * speedtest1_main() (build.mk). sqlite3.c, which both use, is compiled
 * once.
 *
 *   sqlite speedtest1 [OPTIONS] DATABASE   speedtest1, with argv[0]
 *                                          "speedtest1"
 *   sqlite [OPTIONS] [FILENAME [SQL...]]   the shell
 */
#include <string.h>

int sqlite3_shell_main(int argc, char **argv);
int speedtest1_main(int argc, char **argv);

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "speedtest1") == 0)
		return speedtest1_main(argc - 1, argv + 1);
	return sqlite3_shell_main(argc, argv);
}
