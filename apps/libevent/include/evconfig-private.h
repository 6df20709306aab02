/* SPDX-License-Identifier: BSD-3-Clause */
/* libevent's private configuration for the kit (see event2/event-config.h). */
#ifndef EVCONFIG_PRIVATE_H_INCLUDED_
#define EVCONFIG_PRIVATE_H_INCLUDED_
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#endif
