/* SPDX-License-Identifier: MIT
 * Minimal checking macros for the C tests of the C ABI: every failure prints the call, the status
 * name and the library's message. */
#ifndef LIQUIDBOT_TESTS_CAPI_CHECK_H
#define LIQUIDBOT_TESTS_CAPI_CHECK_H

#include <liquidbot/liquidbot.h>

#include <stdio.h>
#include <string.h>

extern int g_failures;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++g_failures;                                                          \
    }                                                                        \
  } while (0)

/* The call succeeds and clears the thread's message. */
#define EXPECT_OK(call)                                                                       \
  do {                                                                                        \
    lb_status s_ = (call);                                                                    \
    if (s_ != LB_OK) {                                                                        \
      fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call, lb_status_name(s_), \
              lb_last_error_message());                                                       \
      ++g_failures;                                                                           \
    } else if (lb_last_error_message()[0] != '\0') {                                          \
      fprintf(stderr, "%s:%d: %s succeeded but left a message\n", __FILE__, __LINE__, #call); \
      ++g_failures;                                                                           \
    }                                                                                         \
  } while (0)

/* The call fails with `code` and a message that starts with the function's name. */
#define EXPECT_ERR(call, code)                                                                   \
  do {                                                                                           \
    lb_status s_ = (call);                                                                       \
    const char* m_ = lb_last_error_message();                                                    \
    if (s_ != (code)) {                                                                          \
      fprintf(stderr, "%s:%d: %s -> %s (%s), expected %s\n", __FILE__, __LINE__, #call,          \
              lb_status_name(s_), m_, lb_status_name(code));                                     \
      ++g_failures;                                                                              \
    } else if (strncmp(m_, "lb_", 3) != 0 || strlen(m_) < 8) {                                   \
      fprintf(stderr, "%s:%d: %s: message \"%s\" does not name the function\n", __FILE__,         \
              __LINE__, #call, m_);                                                              \
      ++g_failures;                                                                              \
    }                                                                                            \
  } while (0)

/* Decodes hex (no prefix) into out; returns the byte count. */
size_t test_unhex(unsigned char* out, size_t cap, const char* hex);
/* memcmp of `len` bytes against hex. */
int test_equal_hex(const void* bytes, size_t len, const char* hex);

#endif /* LIQUIDBOT_TESTS_CAPI_CHECK_H */
