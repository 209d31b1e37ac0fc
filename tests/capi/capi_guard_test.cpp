// SPDX-License-Identifier: MIT
// The C ABI guard: every exception type and every Errc maps to its documented status with a
// message naming the function; nothing escapes.
#include "capi_detail.hpp"

#include <liquidbot/lb_common.h>

#include <doctest/doctest.h>

#include <new>
#include <stdexcept>
#include <string>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

template <typename Body>
lb_status guarded(Body body) {
  return capi_guard("lb_test_function", body);
}

std::string last() { return lb_last_error_message(); }

}  // namespace

TEST_CASE("capi guard: std::bad_alloc -> LB_ENOMEM") {
  CHECK(guarded([]() -> lb_status { throw std::bad_alloc(); }) == LB_ENOMEM);
  CHECK(last() == "lb_test_function: out of memory");
}

TEST_CASE("capi guard: a thrown liquidbot::Error -> its code") {
  CHECK(guarded([]() -> lb_status { throw make_error(Errc::decode, "rlp: bad at offset 3"); }) == LB_EDECODE);
  CHECK(last() == "lb_test_function: rlp: bad at offset 3");
}

TEST_CASE("capi guard: std::exception and unknown exceptions -> LB_EINTERNAL") {
  CHECK(guarded([]() -> lb_status { throw std::runtime_error("boom"); }) == LB_EINTERNAL);
  CHECK(last() == "lb_test_function: unexpected exception: boom");
  CHECK(guarded([]() -> lb_status { throw 42; }) == LB_EINTERNAL);
  CHECK(last() == "lb_test_function: unexpected exception of unknown type");
}

TEST_CASE("capi guard: success clears the message; failure sets it") {
  CHECK(guarded([]() -> lb_status { return capi_fail("lb_x", LB_EINVAL, "x must not be NULL"); }) == LB_EINVAL);
  CHECK(last() == "lb_x: x must not be NULL");
  CHECK(guarded([]() -> lb_status { return capi_ok(); }) == LB_OK);
  CHECK(last().empty());
}

TEST_CASE("capi status: every Errc maps to the negated value and its name") {
  const Errc all[] = {Errc::invalid_argument, Errc::overflow,  Errc::division_by_zero, Errc::decode,
                      Errc::signature,        Errc::not_found, Errc::unsupported,      Errc::io,
                      Errc::rpc,              Errc::timeout,   Errc::state,            Errc::unreachable_target,
                      Errc::internal};
  const lb_status expected[] = {LB_EINVAL,   LB_EOVERFLOW, LB_EDIVZERO, LB_EDECODE,      LB_ESIGNATURE,
                                LB_ENOTFOUND, LB_EUNSUPPORTED, LB_EIO, LB_ERPC, LB_ETIMEOUT,
                                LB_ESTATE,   LB_EUNREACHABLE, LB_EINTERNAL};
  for (std::size_t i = 0; i < std::size(all); ++i) {
    CAPTURE(i);
    CHECK(capi_status(all[i]) == expected[i]);
    CHECK(std::string(lb_status_name(expected[i])) == std::string(errc_name(all[i])));
    CHECK(capi_error("lb_f", make_error(all[i], "m")) == expected[i]);
  }
  // Errc::ok is not an error: reporting it as one is a bug, mapped to internal.
  CHECK(capi_status(Errc::ok) == LB_EINTERNAL);
  CHECK(capi_status(static_cast<Errc>(99)) == LB_EINTERNAL);
}

TEST_CASE("capi buffers: size query, exact fit, short buffer") {
  const std::uint8_t bytes[3] = {1, 2, 3};
  std::uint8_t out[3] = {};
  std::size_t size = 0;
  CHECK(capi_copy_bytes("lb_f", nullptr, 0, &size, ByteView(bytes, 3)) == LB_OK);
  CHECK(size == 3);
  CHECK(capi_copy_bytes("lb_f", out, 2, &size, ByteView(bytes, 3)) == LB_EBUFS);
  CHECK(size == 3);
  CHECK(last() == "lb_f: buffer of 2 bytes is too small, 3 needed");
  CHECK(capi_copy_bytes("lb_f", out, 3, &size, ByteView(bytes, 3)) == LB_OK);
  CHECK((out[0] == 1 && out[2] == 3));
  char text[4] = {};
  CHECK(capi_copy_text("lb_f", text, 3, &size, "abc") == LB_EBUFS);
  CHECK(size == 4);
  CHECK(capi_copy_text("lb_f", text, 4, &size, "abc") == LB_OK);
  CHECK(std::string(text) == "abc");
  char* copy = nullptr;
  CHECK(capi_alloc_text("lb_f", &copy, "quote\"d") == LB_OK);
  CHECK(std::string(copy) == "quote\"d");
  lb_free(copy);
}

TEST_CASE("capi arrays: count query, exact fit, short array") {
  std::size_t count = 0;
  CHECK(capi_list_room("lb_f", false, 0, &count, 5) == LB_OK);
  CHECK(count == 5);
  CHECK(capi_list_room("lb_f", true, 4, &count, 5) == LB_EBUFS);
  CHECK(count == 5);
  CHECK(last() == "lb_f: room for 4 entries is too small, 5 needed");
  CHECK(capi_list_room("lb_f", true, 5, &count, 5) == LB_OK);
  CHECK(last().empty());
  CHECK(capi_list_room("lb_f", true, 0, &count, 0) == LB_OK);
  CHECK(count == 0);
}

TEST_CASE("capi json: strings are escaped") {
  std::string out;
  json_append_string(out, std::string_view("a\"b\\c\n\x01", 7));
  CHECK(out == "\"a\\\"b\\\\c\\u000a\\u0001\"");
}
